// The kernel log (dmesg, dmesg -T, kern.log/messages, journalctl -k): OOM dumps and other events.
//
//   Sep 10 01:07:31 web1 kernel: apache2 invoked oom-killer: gfp_mask=0xd0, order=1, oom_adj=0, oom_score_adj=0
//   [  388.966965] python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0
// The work is done by the line-fed state machine in kernlog/machine.ts, which the file stream
// (kernlog/stream.ts) feeds too: one parser, two ways in.
import { defineParser, unparsed } from './types.js';
import type { KernlogFacts } from './kernlog-types.js';
import { withoutLearntPrefixes } from './kernlog/learn-prefix.js';
import { KernlogReader } from './kernlog/machine.js';
import { withoutAnsi } from './kernlog/markup.js';
import { oldestFirst } from './kernlog/newest-first.js';
import { rejoinWrapped } from './kernlog/rewrap.js';

export type { KernlogFacts } from './kernlog-types.js';

/** Parse a whole kernel log held in memory. */
export function parseKernlogText(text: string): KernlogFacts {
  const reader = new KernlogReader();
  // CRLF (a paste saved on Windows, a mail's MIME body): a "\r" left on a line ends no stamp's regex.
  const split = withoutAnsi(text).split(/\r?\n/);
  if (split[split.length - 1] === '') split.pop();
  const lines = oldestFirst(split);
  // A text in memory can be read twice: once to learn the prefixes of tools the reader does not
  // know, once to read it (the file stream reads each line once and learns nothing).
  // and a wrapped paste's lines joined again (by the width they were wrapped at).
  for (const line of rejoinWrapped(lines, withoutLearntPrefixes(lines))) reader.push(line);
  return reader.finish();
}

/** Why the facts of a log say it was not a kernel log at all, or null when it was one. */
export function unrecognisedKernlog(facts: KernlogFacts): string | null {
  if (facts.format === 'bare' && facts.oomEvents.length === 0 && facts.hungTasks.length === 0) {
    return 'no kernel log line: neither a dmesg, syslog or journal stamp nor a kernel event';
  }
  return null;
}

export const kernlog = defineParser<KernlogFacts>({
  name: 'kernlog',
  sources: ['dmesg', 'kern-log'],
  description: `Kernel log: dmesg (plain, -T in any locale, -H, -x, -r), syslog kern.log/messages (RFC 3164, RFC 3339 and RFC 5424 stamps, with or without a host), journalctl -k (short, short-iso, short-full, short-unix, short-monotonic, json; -r newest first), OpenWrt logread, JSON exports (Cloud Logging, Docker json-file), pasted lines (any prefix before the kernel's stamp; prefixes that repeat learnt from the paste; terminal colour codes); OOM kills, memcg OOMs, OOM panics and page allocation failures of 2.6 to 6.x, show_mem's lines alone, hung tasks.`,
  parse(text) {
    const facts = parseKernlogText(text);
    const reason = unrecognisedKernlog(facts);
    return reason === null ? facts : unparsed(reason, text);
  },
});
