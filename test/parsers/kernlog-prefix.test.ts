// Line prefixes of tools that print kernel lines, on the real pastes that carry them (the OOM
// corpus): the ones known by name (prefix.ts), and one no rule names, learnt from the paste itself.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseKernlogText } from '../../src/parsers/kernlog.js';
import { learnPrefixes, withoutLearntPrefixes } from '../../src/parsers/kernlog/learn-prefix.js';
import { stripPrefix } from '../../src/parsers/kernlog/prefix.js';
import { CORPUS_DIR } from '../helpers/oom-corpus.js';
import { incidentPath } from '../helpers/paths.js';

const lines = (name: string): string[] => readFileSync(`${CORPUS_DIR}/${name}.txt`, 'utf8').split('\n');

const TOOLS: Array<{ tool: string; name: string; carries: RegExp; format: string; time?: RegExp }> = [
  { tool: 'minikube logs (klog) quoting dmesg -H', name: '4.15-minikube-hyperv-github-klog-prefixed-dmesg-order1', carries: /^I\d{4} /, format: 'dmesg-human' },
  { tool: 'the NixOS test driver', name: '5.4.22-nixos-github-vm-test-prefix-header', carries: /^percona # /, format: 'dmesg' },
  { tool: "OpenWrt's logread", name: '6.6.14-openwrt-github-logread-atomic-failure-garbled-symbols', carries: /^Sat Jan 27 /, format: 'syslog', time: /^Sat Jan 27 00:14:32 2024$/ },
  { tool: 'dmesg -H', name: '4.19.76-minikube-github-dmesg-reltime-kill-then-header', carries: /^\[/, format: 'dmesg-human' },
  { tool: 'dmesg -x -T in a pt_BR locale', name: '6.x-ollama-github-dmesg-x-T-pt-br-locale-meminfo-anon', carries: /^kern {2}:warn {2}: \[qua /, format: 'dmesg-human', time: /^qua jul {2}8 09:49:25 2026$/ },
  { tool: 'rsyslog RFC 3339 without a host', name: '6.x-bcachefs-github-rsyslog-iso-no-host-zone-lines-kernel-held', carries: /^2026-06-03T/, format: 'syslog', time: /^2026-06-03T02:32:4\d\.\d+-04:00$/ },
  { tool: 'syslog without a host, in a hypermail archive', name: '2.6.23-i686-bigmem-lkml-hypermail-quoted-rewrapped-two-headers', carries: /^> Feb 4 \d\d:\d\d:\d\d kernel: /, format: 'syslog', time: /^Feb 4 16:15:1\d$/ },
];

for (const t of TOOLS) {
  test(`${t.tool}: every line it printed is read with its stamp, the prefix off the kernel's text`, () => {
    const carrying = lines(t.name).filter((l) => t.carries.test(l));
    assert.ok(carrying.length >= 3, `${carrying.length} lines`);
    for (const line of carrying) {
      const k = stripPrefix(line);
      assert.ok(k, line);
      assert.equal(k.format, t.format, line);
      assert.doesNotMatch(k.body, /^(?:\[\s*[+\d]|\[[A-Z][a-z]{2}\d|I\d{4} |percona|Sat |kern\.|kernel:)/, line);
      if (t.time) assert.match(k.time ?? '', t.time, line);
    }
  });
}

test('dmesg -H: the clock stamp of a new minute is the line\'s time, a delta stamp gives none', () => {
  const read = lines('4.19.76-minikube-github-dmesg-reltime-kill-then-header').filter((l) => l.startsWith('[')).map((l) => stripPrefix(l));
  assert.deepEqual(read.filter((k) => k?.time).map((k) => k?.time), ['Oct28 16:58']);
  assert.ok(read.every((k) => k?.uptime === null));
});

const GKE = 'x-gke-github-cloud-logging-severity-rfc3339-prefix-headers';

test('a prefix no rule names (Cloud Logging\'s severity letter and time) is learnt and taken off', () => {
  const text = lines(GKE);
  assert.ok(text.some((l) => l.startsWith('A 2020-') && stripPrefix(l)?.format === 'bare'), 'the prefix is unknown to prefix.ts');
  const shapes = learnPrefixes(text);
  assert.equal(shapes.length, 1);
  const stripped = withoutLearntPrefixes(text).filter((l) => l.includes('invoked oom-killer'));
  assert.equal(stripped.length, 8);
  for (const l of stripped) assert.match(l, /^containerd invoked oom-killer: /);
  // The blank each line ends with does not join the next header to it (format=flowed's sign).
  const events = parseKernlogText(text.join('\n')).oomEvents;
  assert.deepEqual(events.map((e) => [e.trigger?.comm, e.gfpMask, e.order]), Array(8).fill(['containerd', '0x6200ca', 0]));
});

test('nothing is learnt from text the reader already reads (the incident report: prose, free, pidstat, syslog)', () => {
  const text = readFileSync(incidentPath, 'utf8').split('\n');
  assert.deepEqual(learnPrefixes(text), []);
  assert.deepEqual(withoutLearntPrefixes(text), text);
});
