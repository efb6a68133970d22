// Reads the collector script's framed stdout (probes/script.ts) back into per-way records.

/** One way of one probe, as the collector reported it. */
export interface WayFrame {
  id: string;
  way: string;
  /** Not started: the snapshot's deadline had passed. */
  skipped: boolean;
  /** The way's exit status as `wait` gave it (128+N: killed by signal N); null when unknown. */
  rc: number | null;
  /** What the shell's `wait` said (the same as rc since collector v2). */
  wait: number | null;
  timedOut: boolean;
  /** Still in D state (uninterruptible) after the watchdog's SIGKILL: the collector moved on. */
  stuck: boolean;
  /** A small file read by the collector's reader subshell (shell builtins), not by a program. */
  reader: boolean;
  /** /proc/uptime centiseconds at the start and the end (end = start when skipped). */
  t0: number;
  t1: number;
  /** stdout as sent: a little past the probe's cap at most (any byte past it says "cut"). */
  stdout: Buffer;
  stderr: Buffer;
}

export interface Hello {
  pid: number;
  /** /proc/uptime centiseconds when the script started. */
  t: number;
  /** The scratch folder it made ('-' when it could make none). */
  scratch: string;
  /** /proc/sys/kernel/hostname, first line; untrusted; '' when unreadable. */
  host: string;
}

export interface CollectorOutput {
  hello: Hello | null;
  ways: WayFrame[];
  /** The way that began and never ended (the one a stuck collector was running). */
  inFlight: { id: string; way: string } | null;
  /** Samplers started in the background whose frames have not arrived (they come at the end). */
  background: string[];
  /** The login's locale variables, before the script set LC_ALL=C (null: unset). Untrusted. */
  locale: Record<string, string | null>;
  /** The EXIT trap ran; `removed` says the scratch folder is gone, `done` that the script reached its end. */
  bye: { removed: boolean; done: boolean } | null;
  /** What the script said went wrong before any probe (no scratch folder). */
  fatal: string | null;
  /** Lines outside any frame (a shell rc file printing to stdout): kept for the manifest notes. */
  noise: string;
}

/** A locale name is short (`fr_FR.UTF-8`); a login may set anything, so keep only this much. */
const MAX_LOCALE_CHARS = 256;

const num = (text: string | undefined): number | null => (text !== undefined && /^\d+$/.test(text) ? Number(text) : null);

/** `k=v` fields of a frame line after its verb. */
function fields(words: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq > 0) map.set(word.slice(0, eq), word.slice(eq + 1));
  }
  return map;
}

/**
 * Parses the whole stream. Robust to a stream cut anywhere (a lost connection, a stopped
 * collector): only whole frames are kept (an `att` line, its out block and its err block, or a
 * `skipped` att); a frame cut anywhere is dropped, and the way that began last without a whole
 * frame is returned as in flight.
 */
export function readFrames(stream: Buffer, marker: string): CollectorOutput {
  const out: CollectorOutput = { hello: null, ways: [], inFlight: null, background: [], locale: {}, bye: null, fatal: null, noise: '' };
  const head = Buffer.from(`${marker} `);
  const endLine = Buffer.from(`\n${marker} end\n`);
  const whole = (frame: WayFrame): void => {
    out.ways.push(frame);
    if (out.inFlight?.id === frame.id && out.inFlight.way === frame.way) out.inFlight = null;
    out.background = out.background.filter((id) => id !== frame.id);
  };
  let pos = 0;
  // The frame being read: its att line arrived, `expect` says which block comes next.
  let current: WayFrame | null = null;
  let expect: 'out' | 'err' = 'out';
  while (pos < stream.length) {
    const nl = stream.indexOf(0x0a, pos);
    const lineEnd = nl === -1 ? stream.length : nl;
    const line = stream.subarray(pos, lineEnd);
    const next = nl === -1 ? stream.length : nl + 1;
    if (!line.subarray(0, head.length).equals(head)) {
      if (nl !== -1 || line.length > 0) out.noise += `${line.toString('utf8')}\n`;
      pos = next;
      continue;
    }
    if (nl === -1) break; // a frame line cut by the end of the stream
    const [verb, ...rest] = line.subarray(head.length).toString('utf8').split(' ');
    pos = next;
    if (verb === 'out' || verb === 'err') {
      // The block runs from here to the newline the script adds before `M end`; an empty block
      // is that newline alone, and the search starts past the `out` line's own newline.
      const end = stream.indexOf(endLine, pos);
      if (end === -1) break;
      const data = Buffer.from(stream.subarray(pos, end));
      pos = end + endLine.length;
      if (current === null || verb !== expect) continue; // a block outside a frame: dropped
      if (verb === 'out') {
        current.stdout = data;
        expect = 'err';
      } else {
        current.stderr = data;
        whole(current);
        current = null;
      }
      continue;
    }
    const f = fields(rest);
    if (verb === 'hello') {
      const hostAt = line.indexOf(' host=');
      out.hello = {
        pid: num(f.get('pid')) ?? 0,
        t: num(f.get('t')) ?? 0,
        scratch: f.get('scratch') ?? '-',
        host: hostAt === -1 ? '' : line.subarray(hostAt + 6).toString('utf8'),
      };
    } else if (verb === 'locale') {
      // `NAME SET:VALUE`: the value is the rest of the line (it may hold spaces), capped.
      const value = rest.slice(1).join(' ');
      const colon = value.indexOf(':');
      if (/^[A-Z_]+$/.test(rest[0] ?? '') && colon !== -1) {
        out.locale[rest[0]] = value.slice(0, colon) === '1' ? value.slice(colon + 1, colon + 1 + MAX_LOCALE_CHARS) : null;
      }
    } else if (verb === 'bg') {
      out.background.push(rest[0]);
    } else if (verb === 'beg') {
      out.inFlight = { id: rest[0], way: rest[1] };
    } else if (verb === 'att') {
      const skipped = rest[2] === 'skipped';
      const t0 = num(f.get('t0')) ?? 0;
      const frame: WayFrame = {
        id: rest[0],
        way: rest[1],
        skipped,
        rc: num(f.get('rc')),
        wait: num(f.get('w')),
        timedOut: f.get('to') === '1',
        stuck: f.get('d') === '1',
        reader: f.get('rd') === '1',
        t0,
        t1: num(f.get('t1')) ?? t0,
        stdout: Buffer.alloc(0),
        stderr: Buffer.alloc(0),
      };
      current = null;
      if (skipped) whole(frame);
      else {
        current = frame;
        expect = 'out';
      }
    } else if (verb === 'bye') {
      out.bye = { removed: f.get('removed') === '1', done: f.get('done') === '1' };
    } else if (verb === 'fatal') {
      out.fatal = rest.join(' ');
    }
  }
  return out;
}
