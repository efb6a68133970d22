// The classes of damage a writer does to a pasted dump, each applied by code to real dumps of the
// OOM corpus (never a typed dump): read through it, every reading still matches the expert's.
//
// Four rounds of held-out pastes each brought shapes nobody had seen (a backtick before the first
// line, quote marks, fences, bullets, HTML). Testing a class on many real dumps, rather than one
// shape on one case, is what keeps the next unseen paste of that class readable.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { analyze } from '../../src/analysis/analyze.js';
import { readInput } from '../../src/archive/input.js';
import { known } from '../../src/parsers/kernlog/learn-prefix.js';
import { CORPUS_DIR, type ExpectedEvent } from '../helpers/oom-corpus.js';

// Dumps of every era and shape: old formats, quoted, wrapped, learnt and named prefixes, cut at the
// top, out of order, summary line only, dmesg -H and -T, journal, a bare first line.
const CASES = [
  '2.6.19-rt-i686-lkml-old-format-slab', '2.6.31-i686-lkml-quoted-interleaved-lowmem', '3.10-aliyun-github-memcg-from-task-in',
  '3.10-el7-github-task-row-prose-kill-line', '3.14.31-arm-blog-numbered-loglevel-joined-header', '4.14.79-rpi-github-quoted-midword-wrap',
  '4.15-minikube-hyperv-github-klog-prefixed-dmesg-order1', '4.9.24-coreos-github-atomic-first-line-bare', '5.10.5-heads-github-tail-and-header',
  '5.4.22-nixos-github-vm-test-prefix-header', '6.1.66-rpi-arch-github-dmesg-H-warn-alloc-from-cpu-line',
  '6.17-arch-github-journal-memcg-slab-charge-after-no-killable', 'x-gke-github-cloud-logging-severity-rfc3339-prefix-headers',
  '3.x-ubuntu-passenger-github-indented-lines-out-of-order-prose', '5.x-clickhouse-ci-github-dmesg-T-mempolicy-line-only',
  '6.16-debian-github-dmesg-T-kill-then-header',
];

const html = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const eachLine = (f: (l: string) => string) => (t: string): string => t.split('\n').map((l) => (l.trim() === '' ? l : f(l))).join('\n');

/** A logging system's prefix goes on the log's lines (stamped, or a printk's indented rest), not on the writer's prose. */
const eachLogLine = (f: (l: string) => string) => eachLine((l) => (known(l) || /^\s/.test(l) ? f(l) : l));

/** Each line cut at `width` where a blank lets it (the blank dropped, or kept at the end: format=flowed). */
const wordWrap = (width: number, keepBlank: boolean) => (t: string): string => t.split('\n').map((line) => {
  const out: string[] = [];
  let rest = line;
  for (let n = 0; rest.length > width && n < 64; n++) {
    const cut = rest.lastIndexOf(' ', width);
    if (cut <= 0) break;
    out.push(rest.slice(0, keepBlank ? cut + 1 : cut));
    rest = rest.slice(cut + 1);
  }
  return [...out, rest].join('\n');
}).join('\n');
/** Each line cut every `width` characters, mid-word, as a terminal or a fixed-width view does. */
const terminal = (width: number) => (t: string): string =>
  t.split('\n').map((l) => l.match(new RegExp(`.{1,${width}}`, 'g'))?.join('\n') ?? l).join('\n');

// glibc's pt_BR abbreviations (strftime %a, %b), as journalctl and dmesg -T print them in that locale.
const PT_MONTH: Record<string, string> = { Jan: 'jan', Feb: 'fev', Mar: 'mar', Apr: 'abr', May: 'mai', Jun: 'jun', Jul: 'jul', Aug: 'ago', Sep: 'set', Oct: 'out', Nov: 'nov', Dec: 'dez' };
const PT_DAY: Record<string, string> = { Mon: 'seg', Tue: 'ter', Wed: 'qua', Thu: 'qui', Fri: 'sex', Sat: 'sáb', Sun: 'dom' };
/** A syslog/journal stamp's month and a dmesg -T stamp's weekday and month in pt_BR. */
const ptBr = eachLine((l) => l
  .replace(/^([ \t>]*)(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)( [ \d]\d \d\d:\d\d:\d\d)/, (_, a: string, m: string, b: string) => `${a}${PT_MONTH[m]}${b}`)
  .replace(/\[(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) /, (_, d: string, m: string) => `[${PT_DAY[d]} ${PT_MONTH[m]} `));

/** journalctl -r: each record (a stamped line and the unstamped lines below it) in reverse order. */
function newestFirst(t: string): string {
  const records: string[][] = [];
  for (const line of t.split('\n')) {
    if (known(line) || records.length === 0) records.push([line]);
    else records[records.length - 1].push(line);
  }
  return records.reverse().flat().join('\n');
}

const REVERSED = 'newest line first (journalctl -r: records reversed, a record\'s own lines kept in order)';
/** How writers wrap a log: Markdown, HTML, mail, wikis, terminals, Windows. */
const DAMAGE: Record<string, (text: string) => string> = {
  'a Markdown fence': (t) => '```\n' + t + '\n```\n',
  'a tilde fence with a language, after a sentence': (t) => 'Here is the log:\n~~~~text\n' + t + '\n~~~~\n',
  'a mail reply\'s quote marks': (t) => t.split('\n').map((l) => '> ' + l).join('\n'),
  'quote marks two deep': (t) => t.split('\n').map((l) => '>> ' + l).join('\n'),
  'a quote of an indented block': (t) => t.split('\n').map((l) => '>     ' + l).join('\n'),
  'Markdown bullets': eachLine((l) => '- ' + l),
  'an inline code span on each line': eachLine((l) => '`' + l + '`'),
  'HTML <pre><code> with entities': (t) => '<pre><code>' + html(t) + '</code></pre>',
  'a four-space indent': eachLine((l) => '    ' + l),
  'a tab indent': eachLine((l) => '\t' + l),
  'CRLF line ends': (t) => t.replace(/\n/g, '\r\n'),
  'a mail wrapped at 72 columns': wordWrap(72, false),
  'a mail wrapped at 76 columns': wordWrap(76, false),
  'format=flowed at 72 columns': wordWrap(72, true),
  'a terminal 80 columns wide': terminal(80),
  'a terminal 100 columns wide': terminal(100),
  // Logging systems in front of every line (any prefix before the kernel's own stamp):
  'a container runtime\'s CRI log prefix (time, stream, tag)': eachLogLine((l) => `2023-03-15T15:50:35.927515678Z stdout F ${l}`),
  'kubectl logs --prefix': eachLogLine((l) => `[pod/node-debugger-x/debugger] ${l}`),
  'a JSON export, each line a string field (Cloud Logging\'s textPayload)': eachLogLine((l) => `  {\n    "textPayload": ${JSON.stringify(l + '\r\n')},\n    "insertId": "7710",\n    "severity": "INFO"\n  },`),
  'Docker\'s json-file log, one JSON object a line': eachLogLine((l) => JSON.stringify({ log: `${l}\n`, stream: 'stdout', time: '2023-03-15T15:50:35.927515678Z' })),
  // A journal export whose realtime stamps are corrupt (past Date's range): read without them, never a throw.
  'journalctl -o json with realtime stamps out of range': eachLogLine((l) => JSON.stringify({ __REALTIME_TIMESTAMP: '99999999999999999999', SYSLOG_IDENTIFIER: 'kernel', MESSAGE: l })),
  // util-linux dmesg --color=always: the stamp in green, reset after it; a terminal capture keeps the codes.
  'journalctl and dmesg -T in a pt_BR locale (month and weekday names)': ptBr,
  [REVERSED]: newestFirst,
  'a terminal capture of coloured output (ANSI codes)': eachLine((l) => `\u001b[32m${l.replace(/\]/, ']\u001b[0m')}\u001b[0m`),
  'the "[" of the first stamp cut off by a selection': (t) => t.replace(/^\[/, ''),
};

// Wrapping a paste that its publisher had wrapped already (a quoted mail cut mid-word) is no shape
// anyone pastes: the wrap classes leave it out. At 76 columns a kill line's sizes fall onto a line of
// their own right above the author's prose: the reader takes them back (kill-step.ts).
const WRAPS = new Set(['a mail wrapped at 72 columns', 'a mail wrapped at 76 columns', 'format=flowed at 72 columns', 'a terminal 80 columns wide', 'a terminal 100 columns wide']);
const PUBLISHED_WRAPPED = new Set(['4.14.79-rpi-github-quoted-midword-wrap']);
// A logging system's prefix goes before a line as the kernel printed it: not on top of another
// system's prefix (the GKE case), nor before a mail's wrapped pieces.
// nor before an old kernel's unstamped lines (no logging system reading the kernel log leaves none).
const LOGGERS = new Set(['a JSON export, each line a string field (Cloud Logging\'s textPayload)', 'a container runtime\'s CRI log prefix (time, stream, tag)', 'kubectl logs --prefix', 'Docker\'s json-file log, one JSON object a line', 'journalctl -o json with realtime stamps out of range']);
// Newest first is told by uptime stamps stepping back, or by three of a dump's sections met in
// reverse: these dumps have stamps to the second, dmesg -H's deltas or none, with fewer sections in
// view (or dumps of different days, whose events then come in the other order).
const ORDER_UNKNOWABLE = new Set(['2.6.19-rt-i686-lkml-old-format-slab', '3.10-el7-github-task-row-prose-kill-line',
  '4.15-minikube-hyperv-github-klog-prefixed-dmesg-order1', '4.9.24-coreos-github-atomic-first-line-bare',
  '6.1.66-rpi-arch-github-dmesg-H-warn-alloc-from-cpu-line', '6.17-arch-github-journal-memcg-slab-charge-after-no-killable',
  '3.x-ubuntu-passenger-github-indented-lines-out-of-order-prose', '6.16-debian-github-dmesg-T-kill-then-header']);
const PREFIXED_OR_WRAPPED = new Set([...PUBLISHED_WRAPPED, 'x-gke-github-cloud-logging-severity-rfc3339-prefix-headers', '2.6.19-rt-i686-lkml-old-format-slab']);

const dir = mkdtempSync(join(tmpdir(), 'oom-damage-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const reading = (e: { constraint: unknown; cause: unknown; panic: unknown; killed: unknown; trigger?: unknown; gfpMask?: unknown; order?: unknown }) =>
  JSON.stringify([e.constraint, e.cause, e.panic, e.killed, e.trigger ?? null, e.gfpMask ?? null, e.order ?? null]);

for (const [damage, apply] of Object.entries(DAMAGE)) {
  test(`read through ${damage}: ${CASES.length} real dumps keep their expert readings`, async () => {
    const misread: string[] = [];
    for (const name of CASES.filter((n) => !(WRAPS.has(damage) && PUBLISHED_WRAPPED.has(n)) && !(LOGGERS.has(damage) && PREFIXED_OR_WRAPPED.has(n))
      && !(damage === REVERSED && ORDER_UNKNOWABLE.has(n)))) {
      const expected = (JSON.parse(readFileSync(`${CORPUS_DIR}/${name}.expected.json`, 'utf8')) as { events: ExpectedEvent[] }).events;
      const path = join(dir, `${name}.txt`);
      writeFileSync(path, apply(readFileSync(`${CORPUS_DIR}/${name}.txt`, 'utf8')));
      const got = analyze(await readInput(path)).document.oomEvents.map((e, i) => ({
        ...e, killed: e.killed.map((k) => k.pid),
        // Fields the expert left unread are not compared.
        trigger: expected[i]?.trigger === undefined ? null : e.trigger,
        gfpMask: expected[i]?.gfpMask === undefined ? null : e.gfpMask,
        order: expected[i]?.order === undefined ? null : e.order,
      }));
      if (JSON.stringify(got.map(reading)) !== JSON.stringify(expected.map(reading))) misread.push(`${name}: ${got.map(reading).join(' ')}`);
    }
    assert.deepEqual(misread, []);
  });
}
