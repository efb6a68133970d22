// redactText over each secret shape of issue 11, and over every real fixture (nothing to mask there).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REDACTED } from '../../src/redact/patterns.js';
import { redactText } from '../../src/redact/text.js';
import { repoPath } from '../helpers/paths.js';

// AWS's own documentation example keys (docs.aws.amazon.com, "Managing access keys").
const AWS_ID = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** [a line as ps would print it, the secret that must go, the kind counted, what must stay]. */
const SHAPES: Array<[string, string, string, string]> = [
  ['python3 app.py --password Hunter2Secret --verbose', 'Hunter2Secret', 'option', '--password [REDACTED] --verbose'],
  ['python3 app.py --password=Hunter2Secret', 'Hunter2Secret', 'option', '--password=[REDACTED]'],
  ['java -jar x.jar -api-key k3yK3yK3y', 'k3yK3yK3y', 'option', '-api-key [REDACTED]'],
  ['mysql -u root -pS3cretPw -h db1 shop', 'S3cretPw', 'mysql-password', 'mysql -u root -p[REDACTED] -h db1 shop'],
  ['env password=plainpw1 ./run', 'plainpw1', 'assignment', 'password=[REDACTED] ./run'],
  ['env DB_PASSWD=pw2pw2 ./run', 'pw2pw2', 'assignment', 'DB_PASSWD=[REDACTED]'],
  ['worker client_secret=cs-998877 x', 'cs-998877', 'assignment', 'client_secret=[REDACTED] x'],
  ['agent GITHUB_TOKEN=ghp_abcdefABCDEF123456', 'ghp_abcdefABCDEF123456', 'assignment', 'GITHUB_TOKEN=[REDACTED]'],
  ['svc --api_key=ak_live_42 run', 'ak_live_42', 'option', '--api_key=[REDACTED] run'],
  ['svc MYSQL_PWD=pwpwpw9 x', 'pwpwpw9', 'assignment', 'MYSQL_PWD=[REDACTED] x'],
  ["curl -H Authorization: Basic dXNlcjpwYXNz https://h/", 'dXNlcjpwYXNz', 'authorization', 'Authorization: [REDACTED] https://h/'],
  ['curl -H X-Auth: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig https://h/', 'eyJhbGciOiJIUzI1NiJ9', 'bearer', 'Bearer [REDACTED] https://h/'],
  ['backup --db postgres://app:Pa55w0rd@db1:5432/shop', 'Pa55w0rd', 'url-credentials', 'postgres://app:[REDACTED]@db1:5432/shop'],
  [`aws s3 ls AWS_ACCESS_KEY_ID ${AWS_ID}`, AWS_ID, 'aws-access-key', 'aws s3 ls AWS_ACCESS_KEY_ID [REDACTED]'],
  [`sync ${AWS_SECRET} x`, AWS_SECRET, 'aws-secret-key', 'sync [REDACTED] x'],
  [`env AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`, AWS_SECRET, 'assignment', 'AWS_SECRET_ACCESS_KEY=[REDACTED]'],
  ['net.ipv6.conf.all.stable_secret = 2001:db8::1', '2001:db8::1', 'assignment', 'stable_secret = [REDACTED]'],
];

describe('redactText', () => {
  for (const [line, secret, kind, kept] of SHAPES) {
    it(`masks ${kind}: ${line.slice(0, 50)}`, () => {
      const result = redactText(`  PID USER COMMAND\n 4242 app  ${line}\n 4243 app  sleep 60\n`);
      assert.ok(!result.text.includes(secret), result.text);
      assert.ok(result.text.includes(kept), result.text);
      assert.equal(result.counts[kind], 1, JSON.stringify(result.counts));
      // Neighbouring lines are untouched: the table still has its rows.
      assert.match(result.text, /^ 4243 app  sleep 60$/m);
    });
  }

  it('masks a private key block whole, and one cut by an output cap to the end', () => {
    const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----';
    const whole = redactText(`before\n${key}\nafter\n`);
    assert.equal(whole.text, `before\n${REDACTED}\nafter\n`);
    const cut = redactText('x\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3\n');
    assert.equal(cut.text, `x\n${REDACTED}`);
    assert.deepEqual([whole.counts, cut.counts], [{ 'private-key': 1 }, { 'private-key': 1 }]);
  });

  it('leaves what only looks close: hashes, paths, --password-file, ports, PWD', () => {
    const text = [
      'git 0123456789abcdef0123456789abcdef01234567', // a hex hash of 40
      'mysql -P3306 -u root shop', // -P is the port
      'app --password-file /run/secrets/db', // a path to the secret, not the secret
      'PWD=/home/app', 'net.ipv4.ipfrag_secret_interval = 600', 'Speculative Store Bypass: Vulnerable',
    ].join('\n');
    const result = redactText(text);
    assert.equal(result.text, text);
    assert.deepEqual(result.counts, {});
  });

  it('changes nothing in any real fixture of the repository (ps, pidstat, kernel logs, sysctl, sosreports)', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (!/\.(json|md|gz|xz|bz2)$/.test(name)) files.push(path);
      }
    };
    walk(repoPath('test', 'fixtures'));
    assert.ok(files.length > 300, `${files.length} fixture files`);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assert.deepEqual(redactText(text).counts, {}, file);
    }
  });
});
