// The kernel-log fixtures (dmesg/ and kern-log/) with their expert readings, for the kernlog tests.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { repoPath } from '../../helpers/paths.js';

export interface ExpectedEvent {
  constraint: string | null;
  cause: string;
  panic: boolean;
  killed: number[];
  why: string;
}

export interface KernlogFixture {
  /** "dmesg/live-6.18-memcg-v1.txt" */
  name: string;
  path: string;
  text: string;
  expected: { events: ExpectedEvent[] } | null;
}

const FOLDERS = ['dmesg', 'kern-log'];

export function kernlogFixtures(): KernlogFixture[] {
  return FOLDERS.flatMap((folder) => {
    const dir = repoPath('test/fixtures/sources', folder);
    return readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((file) => {
      const path = `${dir}/${file}`;
      const expectedPath = path.replace(/\.txt$/, '.expected.json');
      return {
        name: `${folder}/${file}`,
        path,
        text: readFileSync(path, 'utf8'),
        expected: existsSync(expectedPath) ? JSON.parse(readFileSync(expectedPath, 'utf8')) : null,
      };
    });
  });
}

export function kernlogFixture(name: string): KernlogFixture {
  const found = kernlogFixtures().find((f) => f.name === name);
  if (!found) throw new Error(`no kernlog fixture ${name}`);
  return found;
}
