// Line prefixes of the kernel log: strips the stamp a tool put in front of the kernel's own text.
//
// What prints what (one line each, the kernel's text after the prefix):
//   dmesg (util-linux, any kernel)      [  123.456789] text         (also `<4>[ 123.4] text` raw)
//   dmesg -x / --decode                kern  :warn  : [ 1987.521297] text   (user-space writes: "user  :…")
//   dmesg -r / --raw                    <4>[ 1987.521297] text
//   dmesg -T / --ctime                  [Thu Sep 10 01:07:31 2011] text (localized day/month names too)
//   syslog (rsyslog, syslog-ng, sysklogd) Sep 10 01:07:31 web1 kernel: text
//                                       Sep 10 01:07:31 web1 kernel: [123.45] text (CONFIG_PRINTK_TIME)
//   rsyslog RFC3339 / journalctl -o short-iso
//                                       2023-05-16T21:02:24.123456+00:00 web1 kernel: text
//   journalctl -k (short), -o short-iso same as syslog and RFC3339 above; journalctl before systemd 250
//                                       printed a "-- Logs begin at …" banner that tells them apart, 252
//                                       prints none, so its output reads as syslog
//   journalctl -k -o short-monotonic    [ 1987.521297] vm kernel: text   (the host and "kernel:" follow the stamp)
//   HiSilicon Android kernels' saved kmsg (printk adds uptime with an "s", then pid, cpu and comm)
//                                       07-13 08:41:51.341 <4>[309805.658142s][pid:1361,cpu5,sManagerService]text
//   (read as dmesg: its clock time is kept as the time, its uptime as the uptime)
//   Samsung's vendor printk (Tizen TV kernels, 4.1.10 on SDP1601) puts the CPU before the uptime
//                                       [2-3219.1870] text
//   dmesg -H / --human (util-linux 2.23+): the clock at each new minute, else the time since the
//   line before                         [Oct28 16:58] text   /   [  +0.000082] text
//   syslogd of old distributions and mail archives that dropped the host: Feb 4 16:15:15 kernel: text
//   OpenWrt's logread (busybox/ubox): the year, then facility.level
//                                       Sat Jan 27 00:14:32 2024 kern.warn kernel: [  795.39] text
//   klog (Kubernetes' Go logger), minikube's `minikube logs` quoting dmesg -H
//                                       I0601 23:23:10.446437   13604 utils.go:240] > [  +0.000036] text
//   the NixOS test driver (nixos/lib/test-driver) before each line of a VM's console
//                                       percona # [   16.869199] text
// Other prefixes that repeat before kernel lines are learnt from the paste (learn-prefix.ts).
// A line with none of these is "bare" (a paste, or a continuation of a multi-line printk, which
// dmesg prints indented without a stamp on some versions).

import { FENCE, LIST_ITEM_SOURCE, OPEN_QUOTE_SOURCE } from './markup.js';
import { fromStampInside, jsonFieldText, jsonMetadata, jsonRecord, syslogInside } from './stamp-inside.js';

export type LineFormat = 'dmesg' | 'dmesg-human' | 'syslog' | 'journal' | 'bare';

export interface KernelLine {
  /** The prefix this line carried (journal is decided per file, from the banner). */
  format: LineFormat;
  /** Wall-clock stamp as written (syslog, dmesg -T, RFC3339), else null. */
  time: string | null;
  /** The [seconds.micros] stamp when printed, else null. */
  uptime: number | null;
  /** The kernel's text, leading blanks removed. */
  body: string;
  /** The host name a syslog or journal line carries, else null. */
  host?: string | null;
}

const UPTIME = /^(?:<\d>)?\[\s*(\d+\.\d+)\]\s?(.*)$/;
// dmesg -T: the bracket holds a clock time; the day/month words depend on the locale.
const HUMAN = /^\[([^\]]*\d\d:\d\d:\d\d[^\]]*)\]\s?(.*)$/;
// "Sep 10 01:07:31" and journalctl -o short-precise's "Sep 10 01:07:31.123456"; a day of one digit
// may lose its padding blank ("Feb 4 16:15:15": hypermail archives, forum posts).
const SYSLOG = /^([A-Z][a-z]{2} [ \d]?\d \d\d:\d\d:\d\d(?:\.\d+)?) (\S+) ([^\s:[]+)(?:\[\d+\])?:\s?(.*)$/;
// The same without the host field: "kernel" follows the time (only the kernel's lines are read so),
// after an RFC 3164 time or an RFC 3339 one (rsyslog's RSYSLOG_FileFormat with the host left out:
// "2026-06-03T02:32:45.385947-04:00 kernel: text").
const SYSLOG_NO_HOST = /^([A-Z][a-z]{2} [ \d]?\d \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?) kernel: ?(.*)$/;
const LOGREAD = /^([A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]?\d \d\d:\d\d:\d\d \d{4}) (\w+)\.\w+ ([^\s:[]+)(?:\[\d+\])?: ?(.*)$/;
const KLOG = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [\w.-]+:\d+\] (?:> )?/;
const NIXOS_DRIVER = /^[A-Za-z][\w-]* # (?=<\d>|\[)/;
const HUMAN_DELTA = /^\[\s*\+\d+\.\d+\]\s?(.*)$/;
const HUMAN_MINUTE = /^\[([A-Z][a-z]{2} ?\d{1,2} \d\d:\d\d)\]\s?(.*)$/;
const RFC3339 =
  /^(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?) (\S+) ([^\s:[]+)(?:\[\d+\])?:\s?(.*)$/;
// VMware's vmware.log records a guest's console: "2023-12-04T10:49:30.127Z In(05) vcpu-5 - Guest: <6>[uptime] text".
const VMWARE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) \w+\(\d+\) vcpu-\d+ - Guest: (?:<\d>)?(.*)$/;
const CPU_UPTIME = /^\[(\d{1,4})-(\d+\.\d+)\]\s?(.*)$/;
// A list a writer made of log lines: a blog that numbered its listing line by line ("  1. <4>[12345.342532]
// text": kickxxx's CSDN post and its copies), Markdown bullets ("- ", "* ", "+ ") and numbered items
// ("1. ", "1) "): the marker goes only when a stamp follows it, so "1. OOM information" stays prose.
const LIST_MARKER = new RegExp(`^${LIST_ITEM_SOURCE}`);
// An opening quotation mark a writer put before a log line quoted in a sentence ("Nov 29 01:00:04
// localhost kernel: Out of …, on GitHub), or the backtick of a Markdown inline code span: taken off
// only when a stamped line follows it.
const OPENING_QUOTE = new RegExp(`^(?:${OPEN_QUOTE_SOURCE}|\`)`);
// Markdown's code fences (markup.ts FENCE) around a pasted log: a fence is no line at all (it must
// not end a dump it sits in).
const COLLECTOR = /^(?:emerg|alert|crit|err|warning|warn|notice|info|debug)\|(\w+)\[[^\]]*\]\|(.*)$/;
const ANDROID = /^(\d\d-\d\d \d\d:\d\d:\d\d\.\d+) <\d>\[\s*(\d+\.\d+)s\](?:\[pid:\d+,cpu\d+,[^\]]*\])?(.*)$/;
// dmesg -x: facility and level in front (util-linux 2.x); only the kernel facility is the kernel's.
const DECODED = /^(kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|local[0-7])\s*:(emerg|alert|crit|err|warn|notice|info|debug)\s*: (.*)$/;
/** journalctl's banner: its presence makes the file a journal. */
export const JOURNAL_BANNER = /^-- (?:Logs begin at|Journal begins at|No entries|Boot [0-9a-f]+ --)/;

// journalctl -o short-monotonic: "HOST IDENTIFIER[PID]: " after the stamp.
const MONOTONIC_ORIGIN = /^(\S+) ([^\s:[]+)(?:\[\d+\])?: /;

// Mail quote marks of a reply, any depth, with or without a blank after each (">> ", "> > ").
const QUOTE = /^(?:>[ \t]?)+[ \t]*/;

/** The line without the quote marks a mail reply put in front of it. */
export function unquote(line: string): string {
  return line.charCodeAt(0) === 62 ? line.replace(QUOTE, '') : line;
}

/** "[  123.456789] text" without a regex: most lines of a big dmesg file look like this. */
function dmesgFast(line: string): KernelLine | null | undefined {
  if (line.charCodeAt(0) !== 91 /* [ */) return undefined;
  const close = line.indexOf(']', 1);
  if (close < 3) return undefined;
  const stamp = line.slice(1, close).trim();
  if (!/^\d+\.\d+$/.test(stamp)) return undefined;
  return uptimeLine(Number(stamp), line.slice(close + 1).trimStart());
}

/** A dmesg-stamped body, or a journal short-monotonic one ("vm kernel: …"; other programs: null). */
function uptimeLine(uptime: number, body: string): KernelLine | null {
  const origin = body.includes(' kernel: ') || body.includes(': ') ? MONOTONIC_ORIGIN.exec(body) : null;
  if (origin && (origin[2] === 'kernel' || JOURNAL_IDENTIFIERS.has(origin[2]))) {
    if (origin[2] !== 'kernel') return null;
    return { format: 'journal', time: null, uptime, body: body.slice(origin[0].length).trimStart(), host: origin[1] };
  }
  return { format: 'dmesg', time: null, uptime, body };
}

// Identifiers of journal lines that are not the kernel's, as journalctl -k prints them around it
// ("unknown" is what a /dev/kmsg write from user space gets). Kept short: only a body whose second
// word is exactly one of these, or "kernel", is read as a journal line.
const JOURNAL_IDENTIFIERS = new Set(['unknown', 'systemd', 'systemd-journald']);

function withUptime(format: LineFormat, time: string, rest: string): KernelLine {
  const m = UPTIME.exec(rest);
  if (m) return { format, time, uptime: Number(m[1]), body: m[2].trimStart() };
  return { format, time, uptime: null, body: rest.trimStart() };
}

/** stripPrefix by the prefixes named above only (the prefix learner learns what these miss). */
export function stripNamedPrefix(input: string): KernelLine | null {
  // A log pasted into Markdown or a mail is often indented, or quoted in a reply ("> ", ">> ",
  // "> > "): the stamp still comes first once the quote marks and blanks are gone.
  const c = input.charCodeAt(0);
  const quoted = c === 62 /* > */ ? unquote(input) : c === 32 || c === 9 ? unquote(input.trimStart()) : input;
  // The closing backtick of a Markdown inline code span: no kernel line ends in one.
  const line = quoted.endsWith('`') ? quoted.replace(/`+\s*$/, '') : quoted;
  const fast = dmesgFast(line);
  if (fast !== undefined) return fast;
  if (line.charCodeAt(0) === 96 /* ` */ || line.charCodeAt(0) === 126 /* ~ */) {
    if (FENCE.test(line.trim())) return null;
  }
  if (OPENING_QUOTE.test(line)) {
    const inner = stripNamedPrefix(line.slice(1));
    if (inner === null || inner.format !== 'bare') return inner;
  }
  const listed = LIST_MARKER.exec(line);
  if (listed) {
    const inner = stripNamedPrefix(line.slice(listed[0].length));
    if (inner === null || inner.format !== 'bare') return inner;
  }
  const decoded = line.charCodeAt(0) >= 97 ? DECODED.exec(line) : null;
  if (decoded) return decoded[1] === 'kern' ? stripNamedPrefix(decoded[3]) : null;
  let m = UPTIME.exec(line);
  if (m) return uptimeLine(Number(m[1]), m[2].trimStart());
  // A log collector's "level|facility[-]|" (Huawei HCE documentation), or a bare "kernel: " left
  // when a blogger cut the date and host off syslog lines.
  m = line.includes('|') ? COLLECTOR.exec(line) : null;
  if (m) return m[1] === 'kernel' ? stripNamedPrefix(m[2]) : null;
  if (line.startsWith('kernel: ')) return stripNamedPrefix(line.slice(8));
  // syslogd's console broadcast of an emergency ("Message from syslogd@host at …" then
  // " kernel:Kernel panic - not syncing: …"): no blank after the colon.
  if (/^kernel:\S/.test(line)) return stripNamedPrefix(line.slice(7));
  m = line.includes(' - Guest: ') ? VMWARE.exec(line) : null;
  if (m) {
    const inner = stripNamedPrefix(m[2]);
    return inner && { ...inner, time: m[1] };
  }
  m = SYSLOG_NO_HOST.exec(line);
  if (m) return withUptime('syslog', m[1], m[2]);
  m = SYSLOG.exec(line) ?? RFC3339.exec(line);
  if (m) {
    if (m[3] !== 'kernel') return null;
    return { ...withUptime('syslog', m[1], m[4]), host: m[2] };
  }
  m = LOGREAD.exec(line);
  if (m) return m[2] === 'kern' && m[3] === 'kernel' ? withUptime('syslog', m[1], m[4]) : null;
  m = KLOG.exec(line) ?? NIXOS_DRIVER.exec(line);
  if (m) return stripNamedPrefix(line.slice(m[0].length));
  m = HUMAN_DELTA.exec(line);
  if (m) return { format: 'dmesg-human', time: null, uptime: null, body: m[1].trimStart() };
  m = HUMAN_MINUTE.exec(line);
  if (m) return { format: 'dmesg-human', time: m[1], uptime: null, body: m[2].trimStart() };
  m = CPU_UPTIME.exec(line);
  if (m) return { format: 'dmesg', time: null, uptime: Number(m[2]), body: m[3].trimStart() };
  m = ANDROID.exec(line);
  if (m) return { format: 'dmesg', time: m[1], uptime: Number(m[2]), body: m[3].trimStart() };
  // A console logger's wall clock before the kernel's own stamp (openQA serial logs:
  // "[2025-06-04 17:51:20] [   21.646907] text"): both are kept.
  m = HUMAN.exec(line);
  if (m) return withUptime('dmesg-human', m[1], m[2]);
  return { format: 'bare', time: null, uptime: null, body: line.trim() };
}

/**
 * Split one log line into its stamp and the kernel's text. Returns null for a line that another
 * program wrote (syslog files mix daemons with the kernel): callers skip it. A line none of the
 * named prefixes explains may still carry the kernel's stamp behind a prefix nobody named
 * (stamp-inside.ts): the stamp is read, the prefix dropped.
 */
export function stripPrefix(input: string): KernelLine | null {
  const named = stripNamedPrefix(input);
  if (named === null || named.format !== 'bare') return named;
  if (jsonMetadata(named.body)) return null;
  const field = jsonFieldText(named.body);
  if (field !== null) return stripPrefix(field);
  const record = named.body.startsWith('{') ? jsonRecord(named.body) : null;
  if (record) {
    if (!record.kernel) return null;
    const inner = stripPrefix(record.text);
    if (inner === null || inner.format !== 'bare') return inner;
    return { format: record.time || record.uptime !== null ? 'journal' : 'bare', time: record.time, uptime: record.uptime, body: inner.body };
  }
  const inside = fromStampInside(named.body);
  const inner = inside === null ? null : stripNamedPrefix(inside);
  if (inner !== null && inner.format !== 'bare') return inner;
  const syslog = syslogInside(named.body);
  return syslog ? withUptime('syslog', syslog.time, syslog.text) : named;
}
