// The raw lines kept as an event's evidence: its first lines and its last ones (where the kill is),
// so a 10,000-row task table cannot push the kill line out nor fill memory.
import type { OomEvent } from '../kernlog-types.js';

const HEAD = 300;
const TAIL = 100;

export class TextKeeper {
  private head: string[] = [];
  private tail: string[] = [];
  private omitted = 0;
  private last = 0;

  add(raw: string, lineNo: number): void {
    this.last = lineNo;
    if (this.head.length < HEAD) {
      this.head.push(raw);
      return;
    }
    this.tail.push(raw);
    if (this.tail.length > TAIL) {
      this.tail.shift();
      this.omitted++;
    }
  }

  finish(ev: OomEvent): void {
    ev.text = [...this.head, ...this.tail];
    ev.textOmitted = this.omitted;
    ev.lines.last = this.last;
  }
}
