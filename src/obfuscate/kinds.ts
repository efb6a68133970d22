// The kinds of identifying values --obfuscate replaces, and which values of each are kept as they are.

export type ValueKind = 'host' | 'domain' | 'ipv4' | 'ipv6' | 'mac' | 'user' | 'cgroup' | 'group';

/** Host and domain names compare without case (DNS); the others byte for byte. */
export function foldsCase(kind: ValueKind): boolean {
  return kind === 'host' || kind === 'domain';
}

// Kept: names every Linux host has, which say nothing about this one, and which, replaced as
// words, would break the texts the parsers read. sos --clean's own lists are the model: its
// username parser skips root, nobody, nfsnobody, core, ubuntu…; its hostname map keeps
// localhost and *.localdomain; its IP map keeps 127.*, 0.*, 169.254.*, 255.*. We keep less of
// the loopback range than sos (only 127.0.0.1): test hosts and tunnels live on 127.0.0.2…
const KEPT_HOSTS = new Set(['localhost', 'localhost.localdomain', 'localdomain', 'localhost6', '(none)', 'ip6-localhost', 'ip6-loopback']);

// Debian's static accounts (base-passwd, uid 0-99), the daemon accounts packages create, and
// systemd's: their names are the programs' names (postgres runs postgres), common to every host.
const KEPT_USERS = new Set([
  'root', 'daemon', 'bin', 'sys', 'sync', 'games', 'man', 'lp', 'mail', 'news', 'uucp', 'proxy', 'www-data',
  'backup', 'list', 'irc', 'gnats', 'nobody', 'nfsnobody', 'nogroup', 'core', 'ubuntu', 'admin', 'messagebus',
  'message+', 'sshd', 'syslog', 'postgres', 'mysql', 'redis', 'memcache', 'mongodb', 'nginx', 'apache', 'ntp',
  'chrony', 'statd', 'avahi', 'polkitd', 'rtkit', 'colord', 'tss', 'uuidd', 'dnsmasq', 'bind', 'postfix',
  'Debian-exim', 'Debian-+', 'Debian-snmp', 'rpc', 'rpcuser', 'rabbitmq', 'zabbix', 'nagios', 'prometheus', 'grafana', 'dbus',
]);

/** Structural cgroup names of systemd and container runtimes: on every such host, not this one's. */
const KEPT_CGROUPS = new Set(['system.slice', 'user.slice', 'machine.slice', 'init.scope', '-.slice', 'kubepods', 'kubepods.slice',
  'burstable', 'besteffort', 'docker', 'lxc', 'libpod_parent', 'memory', 'cpu', 'cpuacct', 'unified', 'systemd']);

// Inventory groups every inventory has (Ansible's implicit ones): they name no one's fleet.
const KEPT_GROUPS = new Set(['all', 'ungrouped']);

const KEPT_IPV4 = new Set(['0.0.0.0', '127.0.0.1', '255.255.255.255']);
const KEPT_IPV6 = new Set(['::', '::1']);
const KEPT_MACS = new Set(['00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff']);

/**
 * Whether a value of `kind` is left as it is. Also kept: values shorter than 2 characters (one
 * letter cannot be told from the text around it), users named by a number (a UID, no name),
 * `_apt`-style and systemd-* daemon users, and netmasks (255.…).
 */
export function isKept(kind: ValueKind, value: string): boolean {
  if (value.length < 2) return true;
  switch (kind) {
    case 'host': return KEPT_HOSTS.has(value.toLowerCase()) || /^\d+$/.test(value);
    case 'domain': return value.toLowerCase() === 'localdomain' || !value.includes('.');
    case 'user': return KEPT_USERS.has(value) || /^\d+$/.test(value) || value.startsWith('_') || value.startsWith('systemd-') || value === 'systemd+';
    case 'cgroup': return KEPT_CGROUPS.has(value);
    case 'group': return KEPT_GROUPS.has(value);
    case 'ipv4': return KEPT_IPV4.has(value) || value.startsWith('255.');
    case 'ipv6': return KEPT_IPV6.has(value.toLowerCase());
    case 'mac': return KEPT_MACS.has(value.toLowerCase());
  }
}
