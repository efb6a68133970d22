// The first lines of a dump: what asked for memory, and the stack it asked from.
//
//   apache2 invoked oom-killer: gfp_mask=0xd0, order=1, oom_adj=0, oom_score_adj=0              (2.6.3x-3.x)
//   java invoked oom-killer: gfp_mask=0x201da, order=0, oomkilladj=0                           (2.6.2x)
//   oom-killer: gfp_mask=0xd1                                                                   (2.6.1x: no comm)
//   x invoked oom-killer: gfp_mask=0x6000c0(GFP_KERNEL), nodemask=(null), order=0, oom_score_adj=0 (4.x+)
//   x: page allocation failure: order:3, mode:0x4020                                           (2.6/3.x)
//   x: page allocation failure. order:5, mode:0xd0                                             (RHEL 6)
//   x: page allocation failure: order:4, mode:0x40cc0(GFP_KERNEL|__GFP_COMP), nodemask=(null)   (4.x+)
//   mem_on_node0 invoked oom-killer                     (a header trimmed by its author, or cut by a
//   oom01 invoked oom-killer:                            mailer that wrapped the rest onto the next
//   gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0    line without a stamp: see parseHeaderRest)
//   Pid: 31143, comm: apache2 Tainted: G W 2.6.39-linode33 #5                                   (to 3.9)
//   CPU: 1 PID: 31143 Comm: apache2 Not tainted 4.9.0 #1 / CPU: 1 UID: 0 PID: 7609 Comm: python3 (3.10+, 6.x)
//   [<c0131c35>] ? dup_task_struct+0x55/0x140  /   dump_stack_lvl+0x59/0x90  /  x from y+0x2/0x4 (arm)

export interface Trigger {
  kind: 'oom-kill' | 'alloc-failure';
  comm: string | null;
  gfpMask: string | null;
  gfpFlags: string[];
  order: number | null;
}

// "x invoked oom: gfp_mask=…" is the header as some documentation abridges it (HCE's OOM page).
// "order=" may follow the mask with no separator: a blog's HTML that lost the ", " joined
// "gfp_mask=0x800d0order=0oom_score_adj=0" (kickxxx's 3.14 dump), so it is any "order=" that no
// letter or underscore precedes, not only one after a word boundary.
const OOM = /^(?:(.*?) invoked )?oom(?:-killer|(?<= invoked oom)): gfp_mask=(0x[0-9a-fA-F]+)(?:\(([^)]*)\))?(?:.*?(?<![A-Za-z_])order=(-?\d+))?/;
// A mail client may wrap the header after "order:0," and keep its two blanks: ",\s*"; or wrap it
// there with no blank, "mode:…" then starting the next line (android-x86 4.12 on GitHub): the mode
// is optional here and parseHeaderRest reads it from the next line.
const ALLOC = /^(.*?): page allocation failure[:.] order:(\d+),?\s*(?:mode:(0x[0-9a-fA-F]+)(?:\(([^)]*)\))?)?/;
const PID_OLD = /^Pid: (\d+), comm: (\S+)/;
const PID_NEW = /^CPU: \d+ (?:UID: \d+ )?PID: (\d+) Comm: (\S+)/;
const FRAME = /^(?:\[<[0-9a-fA-F]+>\]\s*)?(\? )?([A-Za-z_.$][\w.$]*)(?:\+0x[0-9a-fA-F]+\/0x[0-9a-fA-F]+| from )/;

function flags(text: string | undefined): string[] {
  return text ? text.split('|').filter((f) => f !== '') : [];
}

export function parseTrigger(body: string): Trigger | null {
  let m = OOM.exec(body);
  if (m) {
    return {
      kind: 'oom-kill', comm: m[1] ?? null, gfpMask: m[2], gfpFlags: flags(m[3]),
      order: m[4] === undefined ? null : Number(m[4]),
    };
  }
  m = ALLOC.exec(body);
  if (m) return { kind: 'alloc-failure', comm: m[1], gfpMask: m[3] ?? null, gfpFlags: flags(m[4]), order: Number(m[2]) };
  m = BARE_HEADER.exec(body);
  if (m) return { kind: 'oom-kill', comm: m[1], gfpMask: null, gfpFlags: [], order: null };
  return null;
}

// The header with nothing after "oom-killer" (see above). The comm holds no blank before "invoked"
// unless the kernel's own comm does ("C1 CompilerThre"), so any text is taken, as in OOM.
const BARE_HEADER = /^(.+?) invoked oom-killer:?$/;
// nodemask's value is taken up to its comma: a lazy \S*? let "nodemask=0, order=0," match with no
// order at all (the optional order group then matched the empty string).
// An allocation failure's header names its mask "mode:" (see ALLOC).
const HEADER_REST = /^(?:(?:gfp_mask=|mode:)(0x[0-9a-fA-F]+)(?:\(([^)]*)\))?,?\s*)?(?:nodemask=[^,\s]*,?\s*)?(?:order=(-?\d+))?/;

/** The rest of a wrapped header ("gfp_mask=0x…(…), order=0, …", "order=0, oom_score_adj=0", "mode:0x…(…),"). */
export function parseHeaderRest(body: string): { gfpMask: string | null; gfpFlags: string[]; order: number | null } | null {
  if (!/^(?:(?:gfp_mask|nodemask|order)=|mode:0x)/.test(body)) return null;
  const m = HEADER_REST.exec(body);
  if (!m || (m[1] === undefined && m[3] === undefined)) return null;
  return { gfpMask: m[1] ?? null, gfpFlags: flags(m[2]), order: m[3] === undefined ? null : Number(m[3]) };
}

// The release sits before "#N" whatever the taint letters ("Tainted: G  O E ----V-------   3.10.0-229… #1").
const RELEASE = /\s(\d+\.\d+[^\s#]*)\s+#\d/;

/** The trigger's pid from "Pid: N, comm: x" or "CPU: n PID: N Comm: x", with the kernel release. */
export function parsePidLine(body: string): { pid: number; comm: string; release: string | null } | null {
  const m = PID_OLD.exec(body) ?? PID_NEW.exec(body);
  return m ? { pid: Number(m[1]), comm: m[2], release: RELEASE.exec(body)?.[1] ?? null } : null;
}

/** A call-trace frame: the function name, and whether the unwinder trusted it (no "?"). */
export function parseFrame(body: string): { name: string; reliable: boolean } | null {
  const m = FRAME.exec(body);
  return m ? { name: m[2], reliable: m[1] === undefined } : null;
}

const HUNG = /^INFO: task (.+):(\d+) blocked for more than (\d+) seconds\./;

/** "INFO: task jbd2/sda1-8:245 blocked for more than 120 seconds." */
export function parseHungTask(body: string): { comm: string; pid: number; seconds: number } | null {
  const m = HUNG.exec(body);
  return m ? { comm: m[1], pid: Number(m[2]), seconds: Number(m[3]) } : null;
}
