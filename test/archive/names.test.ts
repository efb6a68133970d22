// Archive names from untrusted host names: safe, bounded, never empty; UTC compact timestamps.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compactTimestamp, MAX_HOST_PART, safeHostPart, snapshotBaseName } from '../../src/archive/names.js';

describe('archive names', () => {
  const table: Array<[string | null, string]> = [
    ['web1', 'web1'],
    ['db-01.example.com', 'db-01.example.com'],
    ['../../etc/passwd', 'etc_passwd'],
    ['/abs/path', 'abs_path'],
    ['a..b', 'a.b'],
    ['<script>alert(1)</script>', 'script_alert_1_script'],
    ['.hidden', 'hidden'],
    ['-rf', 'rf'],
    ['é\u202eevil', 'evil'], // non-ASCII and a right-to-left override go
    ['ｗｅｂ１', 'web1'], // fullwidth letters fold to ASCII under NFKC
    ['\u0000\u0007', 'host'],
    ['', 'host'],
    [null, 'host'],
  ];
  for (const [input, expected] of table) {
    it(`${JSON.stringify(input)} -> ${expected}`, () => assert.equal(safeHostPart(input), expected));
  }

  it('bounds long names', () => {
    const name = safeHostPart('a'.repeat(500));
    assert.equal(name.length, MAX_HOST_PART);
  });

  it('stamps UTC as YYYYMMDDTHHMMSSZ', () => {
    const date = new Date('2011-09-10T01:07:31.999Z');
    assert.equal(compactTimestamp(date), '20110910T010731Z');
    assert.equal(snapshotBaseName('web1', date), 'web1-20110910T010731Z');
  });
});
