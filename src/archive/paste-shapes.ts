// Shapes of command outputs in pasted text: how each source's section starts and continues.
// Pastes come from forums, tickets and chat: runs of spaces are often collapsed to one, so every
// pattern below accepts \s+ where the tool printed aligned columns.

export interface Shape {
  /** The source id the section becomes. */
  id: string;
  /** A line that opens a section of this source (without a command hint). */
  start(line: string): boolean;
  /** A line that belongs to an open section of this source. */
  continues(line: string): boolean;
  /** With a command hint, a line that continues the shape may open it (`free -m | grep Mem`);
   *  not for ps or pidstat, whose rows cannot be read without their header. */
  headerless?: boolean;
  /** Kernel log lines: kept with their trailing blanks (a soft-wrapped line ends in one). */
  kernel?: boolean;
}

import { BULLET_SOURCE, LIST_ITEM_SOURCE, OPEN_QUOTE_SOURCE } from '../parsers/kernlog/markup.js';
import { known } from '../parsers/kernlog/learn-prefix.js';
import { fromStampInside, jsonFieldText, jsonMetadata, jsonRecord, syslogInside } from '../parsers/kernlog/stamp-inside.js';

const re = (pattern: RegExp) => (line: string): boolean => pattern.test(line);
const either = (...tests: Array<(l: string) => boolean>) => (line: string): boolean => tests.some((t) => t(line));
const never = (): boolean => false;

// Kernel lines are pasted quoted in mail replies ("> ", ">> ", "> > ") and indented in blogs, wikis
// and forums: the stamp may come after quote marks and blanks, after a line number a blog put in
// front of each line ("  1. <4>[12345.342532] …"), or after the opening quotation mark of a log line
// quoted in a sentence ("Nov 29 01:00:04 localhost kernel: …), after klog's header (minikube logs:
// "I0601 23:23:10.446437   13604 utils.go:240] > "), or after the NixOS test driver's "machine # ".
// Markdown and HTML wrap them too: an inline code span's backtick, a list item's marker ("- ", "* ",
// "1) "), a <pre> or <code> tag, quote marks escaped as "&gt;".
// src/parsers/kernlog/prefix.ts (and unwrap.ts for HTML) strips the same marks.
// The list marks and the opening quote are markup.ts's (one module of markup shapes for the splitter
// and the reader).
const LEAD = String.raw`^(?:[ \t]*(?:>|&gt;|<(?:pre|code|samp|tt)\b[^>]*>))*[ \t]*(?:${LIST_ITEM_SOURCE}|[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [\w.-]+:\d+\] (?:> )?|[A-Za-z][\w-]* # )?(?:` + '`+' + String.raw`|${OPEN_QUOTE_SOURCE})?`;
// syslog (RFC 3164: "Sep 10 01:07:31 web1 kernel: ...") or RFC 5424/ISO stamps (rsyslog default on
// newer distros), or OpenWrt's logread ("Sat Jan 27 00:14:32 2024 kern.warn kernel: ...").
export const SYSLOG_LINE = new RegExp(String.raw`${LEAD}(?:[A-Z][a-z]{2}\s+\d{1,2} \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S*|[A-Z][a-z]{2} [A-Z][a-z]{2}\s+\d{1,2} \d\d:\d\d:\d\d \d{4}) \S+\s+\S+`);
// dmesg "[ 12.345678] ..." (raw: "<4>[ 12.345678] ..."), dmesg -T "[Thu Nov 26 01:02:03 2026] ..." (its
// weekday and month in the reader's locale: strftime's "%a %b %e": "[qua jul  8 09:49:25 2026]" in pt_BR),
// Samsung's vendor printk "[2-3219.1870] ..." (CPU, then uptime), dmesg -H "[  +0.000082] ..." and
// "[Oct28 16:58] ..." (the time since the line before, the clock at a new minute).
export const DMESG_LINE = new RegExp(String.raw`${LEAD}(?:<\d>)?\[\s*(?:\d+\.\d+|\d{1,4}-\d+\.\d+|[^\][\d]{2,20}?\s\d{1,2} \d\d:\d\d:\d\d \d{4}|\+\d+\.\d+|[A-Z][a-z]{2} ?\d{1,2} \d\d:\d\d)\]`);
// Unstamped lines that go on a kernel section: a printk's continuation lines (Mem-Info counters,
// a zone line wrapped by a mailer, a kill line wrapped by format=flowed), quoted or indented.
const KERNEL_TEXT = new RegExp(
  '^(?:[ \\t]*(?:>|&gt;))*[ \\t]*(?:' + BULLET_SOURCE + ')?`*(?:oom-kill:|Out of [Mm]emory|Killed process|process \\d+ \\(|Mem-[Ii]nfo:|Call Trace:|\\[<[0-9a-f]+>\\]' +
    '|(?:active|inactive)_(?:anon|file):|[a-z_()]+:\\s?\\d+kB|(?:present|pages_scanned|free|slab|unstable|bounce):\\d|all_unreclaimable\\?' +
    '|Kernel panic - not syncing|gfp_mask=|order=|mode:0x|(?:[a-z_]+:\\d+\\s+)+[a-z_]+:\\d+\\s*$|\\S*?[a-z_()]+:\\s?\\d+kB|.*=3D|.*=$)',
);
/** A kernel stamp behind a prefix no shape names (a JSON export's field, a log shipper's columns). */
const stampedInside = (shape: RegExp) => (line: string): boolean => {
  const inside = fromStampInside(line.trim());
  return inside !== null && shape.test(inside);
};
/** A syslog-like clock and the kernel's tag behind such a prefix (or in a form no shape names). */
const syslogBehind = (line: string): boolean => syslogInside(line.trim()) !== null;
/** A JSON export's message (a field on its line, or a record a line) holding a kernel line. */
const jsonKernel = (line: string): boolean => {
  const t = line.trim();
  const text = t.startsWith('"') ? jsonFieldText(t) : t.startsWith('{') ? jsonRecord(t)?.text ?? null : null;
  // What the kernel reader reads without help (a stamp, "kernel: ", a kernel message's start), or a printk's rest.
  return text !== null && (known(text) || KERNEL_TEXT.test(text));
};
const KERNEL_LINE = (line: string): boolean => DMESG_LINE.test(line) || SYSLOG_LINE.test(line) || KERNEL_TEXT.test(line)
  || stampedInside(DMESG_LINE)(line) || syslogBehind(line) || jsonKernel(line) || jsonMetadata(line.trim());
const TIME_OR_AVERAGE = /^(?:\d\d:\d\d:\d\d(?:\s+[AP]M)?|Average:|Moyenne\s*:)\s+/;

/** Order matters: the first shape whose start() matches opens the section. */
export const SHAPES: Shape[] = [
  { id: 'free', headerless: true, start: re(/^\s*total\s+used\s+free\s/), continues: re(/^\s*(?:Mem|Low|High|Swap|Total|-\/\+ buffers\/cache):/) },
  {
    id: 'vmstat',
    headerless: true,
    start: re(/^\s*procs\s+-{3,}|^\s*r\s+b\s+swpd\s+free/),
    continues: re(/^\s*r\s+b\s+swpd|^\s*\d+(?:\s+-?\d+){14,}/),
  },
  {
    id: 'pidstat',
    // sysstat banner: "Linux 2.6.39-linode33 (web1) 09/10/11 _i686_ (4 CPU)"
    start: either(re(/^Linux \S+ \(\S+\)\s+\S+\s+_\w+_/), re(/^(?:\d\d:\d\d:\d\d(?:\s+[AP]M)?)\s+(?:UID\s+)?(?:PID|TGID)\s/)),
    continues: either(re(/^Linux \S+ \(\S+\)\s+\S+\s+_\w+_/), re(TIME_OR_AVERAGE)),
  },
  // A kernel section goes on across both stamps (a paste mixes dmesg and syslog lines of one dump)
  // and across the unstamped lines of a printk; its source is named by its first line.
  { id: 'kern-log', kernel: true, start: either(re(SYSLOG_LINE), syslogBehind), continues: KERNEL_LINE },
  { id: 'dmesg', kernel: true, start: either(re(DMESG_LINE), stampedInside(DMESG_LINE), jsonKernel), continues: KERNEL_LINE },
  { id: 'proc-meminfo', headerless: true, start: re(/^MemTotal:\s+\d+ kB/), continues: re(/^[\w()]+:\s+\d+(?: kB)?\s*$/) },
  { id: 'proc-buddyinfo', start: re(/^Node \d+, zone\s+\w+(?:\s+\d+){5,}/), continues: re(/^Node \d+, zone\s+\w+(?:\s+\d+){5,}/) },
  { id: 'proc-zoneinfo', start: re(/^Node \d+, zone\s+\w+\s*$/), continues: re(/^Node \d+, zone\s+\w+\s*$|^\s+\S/) },
  { id: 'proc-slabinfo', headerless: true, start: re(/^slabinfo - version:/), continues: re(/^# name|^\S+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s*:\s*tunables/) },
  {
    id: 'slabtop',
    start: re(/^\s*Active \/ Total Objects/),
    continues: re(/^\s*(?:Active|Minimum|Average) \/|^\s*OBJS\s+ACTIVE|^\s*\d+\s+\d+\s+\d+%/),
  },
  { id: 'proc-swaps', headerless: true, start: re(/^Filename\s+Type\s+Size\s+Used\s+Priority/), continues: re(/^\/\S+\s+(?:partition|file)\s+\d+/) },
  { id: 'proc-loadavg', start: re(/^\d+\.\d+ \d+\.\d+ \d+\.\d+ \d+\/\d+ \d+\s*$/), continues: never },
  { id: 'uname', start: re(/^Linux \S+ \d+\.\d+\S* #\d+/), continues: never },
  { id: 'proc-mountinfo', start: re(/^\d+ \d+ \d+:\d+ \S+ \S+ /), continues: re(/^\d+ \d+ \d+:\d+ \S+ \S+ /) },
  { id: 'proc-vmstat', headerless: true, start: re(/^nr_free_pages \d+\s*$/), continues: re(/^[a-z_0-9]+ \d+\s*$/) },
  { id: 'sysctl', headerless: true, start: re(/^[a-z][\w-]*(?:\.[\w\-*]+)+\s*=\s*/), continues: re(/^[a-z][\w-]*(?:\.[\w\-*]+)+\s*=\s*/) },
  { id: 'os-release', headerless: true, start: re(/^(?:PRETTY_NAME|NAME|ID|VERSION_ID)=/), continues: re(/^[A-Z_]+=/) },
  {
    id: 'ps',
    // procps (aux, -ef, -eo) and busybox, whose bare ps prints "PID   USER     COMMAND" (or with TIME).
    start: re(/^\s*(?:USER|UID|PID)\s+(?:\S+\s+)*?(?:PID|%CPU|RSS|STAT|S)\s+(?:\S+\s+)*(?:CMD|COMMAND|ARGS|COMM)\s*$|^\s*PID\s+USER\s+(?:TIME\s+)?COMMAND\s*$/),
    continues: re(/^\s*\S+\s+\d+\s+\S|^\s*\d+\s+\S+\s+\S/),
  },
];

/** `# free -m`, `$ cat /proc/meminfo`, `root@web1:~# vmstat 1 5`: the command a section came from. */
const PROMPT = /^(?:\S*[#$]|>)\s*(\S.*)$/;

const HINTS: Array<[RegExp, string]> = [
  [/^free\b/, 'free'], [/^vmstat\b/, 'vmstat'], [/^pidstat\b/, 'pidstat'], [/^(?:ps|top -b)\b/, 'ps'],
  [/^slabtop\b/, 'slabtop'], [/^uname\b/, 'uname'], [/^dmesg\b/, 'dmesg'], [/^journalctl\b.*(?:-k|--dmesg)/, 'kern-log'],
  [/^sysctl\b/, 'sysctl'], [/^nproc\b/, 'nproc'], [/^uptime\b/, 'uptime'],
  [/\/var\/log\/(?:kern\.log|messages|syslog)/, 'kern-log'], [/\/etc\/os-release/, 'os-release'],
  [/\/proc\/meminfo/, 'proc-meminfo'], [/\/proc\/zoneinfo/, 'proc-zoneinfo'], [/\/proc\/buddyinfo/, 'proc-buddyinfo'],
  [/\/proc\/slabinfo/, 'proc-slabinfo'], [/\/proc\/vmstat/, 'proc-vmstat'], [/\/proc\/loadavg/, 'proc-loadavg'],
  [/\/proc\/swaps|^swapon\b/, 'proc-swaps'], [/\/proc\/(?:self|\d+)\/mountinfo/, 'proc-mountinfo'],
  [/\/proc\/pressure\/memory/, 'proc-pressure-memory'], [/\/proc\/pressure\/cpu/, 'proc-pressure-cpu'],
  [/\/proc\/pressure\/io/, 'proc-pressure-io'], [/\/proc\/uptime/, 'uptime'],
];

/** The source id a command line hints at; undefined for a command hostsnap has no source for. */
export function commandHint(line: string): { command: string; source: string | undefined } | null {
  const m = PROMPT.exec(line);
  if (!m) return null;
  const command = m[1].trim();
  // A prompt needs a command word: "# name <active_objs>" (slabinfo's header) is not one.
  if (!/^[\w./-]+(?:\s|$)/.test(command) || /^name\s+</.test(command)) return null;
  const source = HINTS.find(([pattern]) => pattern.test(command))?.[1];
  return { command, source };
}

/** Prose, not output: CJK text, or a code-viewer's button label ("Run Code Online (Sandbox…)"). */
export function isProse(line: string): boolean {
  return /\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Hangul}/u.test(line) || /^Run Code Online\b|^Copy code$/.test(line.trim());
}
