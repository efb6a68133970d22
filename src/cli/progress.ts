// Fleet progress: one live line on a terminal (done / failed / running, elapsed), plain lines otherwise.
import type { Writable } from 'node:stream';

export interface Progress {
  started(): void;
  /** a finished host: its line stays above the live line */
  line(text: string, ok: boolean): void;
  finish(): void;
}

/** mm:ss */
function elapsed(since: number): string {
  const s = Math.floor((Date.now() - since) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export function progress(total: number, out: Writable & { isTTY?: boolean }): Progress {
  const since = Date.now();
  let done = 0;
  let bad = 0;
  let running = 0;
  const tty = out.isTTY === true;
  // \r + "erase line" (ESC [2K): the live line is redrawn in place, never scrolled.
  const draw = (): void => { if (tty) out.write(`\r\x1b[2K${done}/${total} done, ${bad} failed, ${running} running, ${elapsed(since)}`); };
  const timer = tty ? setInterval(draw, 1000) : null;
  timer?.unref();
  return {
    started() { running += 1; draw(); },
    line(text, ok) {
      running -= 1;
      done += 1;
      if (!ok) bad += 1;
      out.write(`${tty ? '\r\x1b[2K' : ''}${text}\n`);
      draw();
    },
    finish() {
      if (timer) clearInterval(timer);
      if (tty) out.write('\n');
    },
  };
}
