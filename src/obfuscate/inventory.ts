// A collection's names known up front: each inventory name, its address, login user, jump hosts and groups.
import type { HostConnection } from '../inventory/connection.js';
import { addTarget } from './discover.js';
import type { ObfuscationMap } from './mapping.js';

export function seedInventory(map: ObfuscationMap, connections: HostConnection[], names: string[], groups: string[] = []): void {
  for (const name of names) addTarget(map, name);
  for (const group of groups) map.add('group', group);
  for (const connection of connections) {
    addTarget(map, connection.target);
    for (const hop of connection.proxyJump?.split(',') ?? []) addTarget(map, hop.trim());
  }
}
