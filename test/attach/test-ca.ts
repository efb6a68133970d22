// A private CA and a server certificate it signed for IP 127.0.0.1 (openssl), for the "internal CA" TLS tests.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCa { caFile: string; certificate: string; privateKey: string }

export function makeTestCa(dir: string): TestCa {
  const path = (name: string): string => join(dir, name);
  const openssl = (args: string[]): void => { execFileSync('openssl', args, { stdio: 'ignore', timeout: 60_000 }); };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-days', '2', '-subj', '/CN=hostsnap test CA', '-keyout', path('ca.key'), '-out', path('ca.crt')]);
  openssl(['req', '-new', ...ec, '-subj', '/CN=hostsnap test server', '-keyout', path('server.key'), '-out', path('server.csr')]);
  // Clients check the name against subjectAltName (RFC 6125): an IP entry for 127.0.0.1.
  writeFileSync(path('server.ext'), 'subjectAltName = IP:127.0.0.1\nbasicConstraints = CA:FALSE\n');
  openssl(['x509', '-req', '-in', path('server.csr'), '-CA', path('ca.crt'), '-CAkey', path('ca.key'), '-CAcreateserial', '-days', '2',
    '-extfile', path('server.ext'), '-out', path('server.crt')]);
  return { caFile: path('ca.crt'), certificate: path('server.crt'), privateKey: path('server.key') };
}
