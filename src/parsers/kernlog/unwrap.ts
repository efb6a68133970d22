// Undoes what mailers, forums and rsyslog did to kernel lines before they were pasted, line by line
// (the stream reader feeds it too), so each kernel printk reaches the reader as one line again.
//
//   rsyslog escapes control characters: a multi-line record arrives as one line with "#012"
//   (newline) and "#011" (tab) inside it:
//     Sep  3 12:01:22 db1 kernel: [ 812.1] Call Trace:#012 [<ffffffff8163a909>] dump_stack+0x19/0x1b
//   format=flowed mail (RFC 3676, Thunderbird) and some web forms wrap a long line where a blank
//   was and keep that blank at the end of the line; the rest of the line follows without a stamp:
//     Apr  4 09:08:53 debian kernel: [   65.481992] Out of memory: Killed␠
//     process 1968 (memkiller) total-vm:2099436kB, anon-rss:1971712kB,␠
//   mailers and forums that hard-wrap at a fixed width cut inside a word; the cut shows as a "(" left
//   open ("gfp_mask=0x15080c0(GFP_KE" / "> RNEL_ACCOUNT|__GFP_ZERO), … order=1"): joined with no blank.
//   A mail archive may keep a message's quoted-printable encoding: "=3D" for "=", "=09" for a tab,
//   and a "=" at the end of a line that the encoder broke ("gfp_mask=3D0xc2cc0(GFP_KERNEL|__GFP_N=").
//   Lines that carry "=3D" (no kernel prints it) are decoded, and their soft breaks joined.
// A line joins the next one only when the next one carries no stamp of its own and does not begin a
// kernel message: forums that leave a blank at the end of every stamped line are not joined, nor a
// log viewer's lines whose stamps were taken off (learn-prefix.ts) with a blank left at their end.
import { known } from './learn-prefix.js';
import { unmarkup } from './markup.js';
import { unquote } from './prefix.js';

const QP_ESCAPE = /=([0-9A-F]{2})/g;

/** Decode a quoted-printable line; soft is true when it ended with the encoder's "=". */
function decodeQp(line: string): { text: string; soft: boolean } {
  const soft = line.endsWith('=');
  const body = soft ? line.slice(0, -1) : line;
  return { text: body.replace(QP_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), soft };
}

export interface PhysicalLine {
  text: string;
  /** 1-based number of the first physical line it came from. */
  lineNo: number;
}

/** Lines joined into one at most (a runaway join must not swallow a log). */
const MAX_JOINED = 8;
const MAX_CHARS = 8192;


export class LineJoiner {
  private pending: PhysicalLine | null = null;
  private joined = 0;
  private lineNo = 0;

  /** The lines complete so far; the last one may be held until the next shows whether it goes on. */
  private qp: PhysicalLine | null = null;

  push(input: string): PhysicalLine[] {
    this.lineNo++;
    const raw = unmarkup(input);
    // Quoted-printable: a line with "=3D", or the rest of a line the encoder broke.
    if (this.qp || raw.includes('=3D')) {
      const { text, soft } = decodeQp(raw);
      const whole = this.qp ? { text: this.qp.text + text, lineNo: this.qp.lineNo } : { text, lineNo: this.lineNo };
      this.qp = soft && whole.text.length < MAX_CHARS ? whole : null;
      return soft && this.qp ? [] : this.split(whole.text, whole.lineNo);
    }
    return this.split(raw, this.lineNo);
  }

  private split(raw: string, lineNo: number): PhysicalLine[] {
    const out: PhysicalLine[] = [];
    const pieces = raw.includes('#012') ? raw.split('#012') : [raw];
    pieces.forEach((piece, i) => {
      const text = piece.includes('#011') ? piece.replaceAll('#011', '\t') : piece;
      // The pieces of an rsyslog record are whole lines: only the last one may be soft-wrapped.
      if (i < pieces.length - 1) {
        out.push(...this.take({ text, lineNo }, false));
      } else {
        out.push(...this.take({ text, lineNo }, true));
      }
    });
    return out;
  }

  flush(): PhysicalLine[] {
    const qp = this.qp;
    this.qp = null;
    const out = qp ? this.split(qp.text, qp.lineNo) : [];
    const p = this.pending;
    this.pending = null;
    return p ? [...out, { ...p, text: p.text.trimEnd() }] : out;
  }

  private take(line: PhysicalLine, mayWrap: boolean): PhysicalLine[] {
    const out: PhysicalLine[] = [];
    const p = this.pending;
    if (p) {
      const next = unquote(line.text.trim()).trim();
      if (next !== '' && this.joined < MAX_JOINED && p.text.length + next.length < MAX_CHARS && !known(line.text)) {
        p.text += next;
        this.joined++;
        if (mayWrap && continues(line.text)) {
          if (line.text.endsWith(' ')) p.text += ' ';
          return out;
        }
        this.pending = null;
        return [p];
      }
      out.push({ ...p, text: p.text.trimEnd() });
      this.pending = null;
    }
    if (mayWrap && continues(line.text)) {
      this.pending = { text: line.text.replace(/\s+$/, line.text.endsWith(' ') ? ' ' : ''), lineNo: line.lineNo };
      this.joined = 0;
      return out;
    }
    out.push(line);
    return out;
  }
}

/** A line that may go on in the next one: it ends in a blank, or leaves a "(" open. */
function continues(text: string): boolean {
  if (text.trim() === '') return false;
  if (text.endsWith(' ')) return true;
  let open = 0;
  for (const c of text) open += c === '(' ? 1 : c === ')' ? -1 : 0;
  return open > 0;
}
