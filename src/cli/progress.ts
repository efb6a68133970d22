// Fleet progress: one live line on a terminal (done / failed / running, elapsed), drawn by
// log-update; plain lines, one per host, when the output is not a terminal.
import type { Writable } from 'node:stream';
import { createLogUpdate } from 'log-update';
import { oneLine } from '../format/control.js';

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

export function progress(total: number, out: Writable & { isTTY?: boolean; rows?: number }): Progress {
  const since = Date.now();
  let done = 0;
  let bad = 0;
  let running = 0;
  // showCursor: a collection killed mid-way must not leave the operator's cursor hidden. A pty
  // without a size (0 rows, e.g. one made by `script` without a terminal) gets plain lines:
  // log-update draws nothing in 0 rows.
  const live = out.isTTY === true && out.rows !== 0 ? createLogUpdate(out as NodeJS.WriteStream, { showCursor: true }) : null;
  const draw = (): void => live?.(`${done}/${total} done, ${bad} failed, ${running} running, ${elapsed(since)}`);
  const timer = live ? setInterval(draw, 1000) : null;
  timer?.unref();
  return {
    started() { running += 1; draw(); },
    line(text, ok) {
      running -= 1;
      done += 1;
      if (!ok) bad += 1;
      // Host names and errors are the hosts' words: no control bytes reach the terminal.
      if (live) live.persist(oneLine(text));
      else out.write(`${oneLine(text)}\n`);
      draw();
    },
    finish() {
      if (timer) clearInterval(timer);
      live?.done();
    },
  };
}
