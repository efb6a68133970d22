// Output printed in another language: translated labels back to the English msgid, decimal commas.
import { PROCPS, type Catalogs } from './translations.js';

/**
 * procps-ng and sysstat print through gettext (LANG/LC_MESSAGES) and printf (LC_NUMERIC): under
 * LANG=fr_FR.UTF-8 free prints "Échange:" for "Swap:", pidstat "0,99" for "0.99". The labels are
 * the tools' own translations (translations.ts, generated from the .mo files they ship); a
 * language the tool has no catalogue for prints English words with its own decimal comma.
 */

/** A label as printed, whitespace runs folded to one space (translators align with spaces). */
function folded(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/** Every printed form of each msgid (English first), folded: 'Swap:' -> ['Swap:', 'Échange:', …]. */
export function printedForms(msgids: readonly string[], catalogs: Catalogs = PROCPS): Map<string, string[]> {
  const forms = new Map<string, string[]>();
  for (const msgid of msgids) {
    const all = [folded(msgid), ...Object.values(catalogs).flatMap((c) => (c[msgid] === undefined ? [] : [folded(c[msgid])]))];
    forms.set(msgid, [...new Set(all)]);
  }
  return forms;
}

/** The msgid a whole line prints (a table header), whatever the language, else null. */
export function msgidOfLine(line: string, forms: Map<string, string[]>): string | null {
  const text = folded(line);
  for (const [msgid, printed] of forms) if (printed.includes(text)) return msgid;
  return null;
}

/**
 * The label a line starts with ("Speicher:", "스  왑:", "内存："), as its msgid, and the text after
 * it; null when the line starts with none. Longest printed form first: "Total:" is not "Tot".
 */
export function labelAtStart(line: string, forms: Map<string, string[]>): { msgid: string; rest: string } | null {
  const text = folded(line);
  const candidates = [...forms].flatMap(([msgid, printed]) => printed.map((p) => ({ msgid, p })));
  candidates.sort((a, b) => b.p.length - a.p.length);
  for (const { msgid, p } of candidates) {
    if (text === p) return { msgid, rest: '' };
    if (text.startsWith(p) && /\s/.test(text[p.length] ?? '')) return { msgid, rest: text.slice(p.length).trim() };
  }
  return null;
}

/**
 * Header words back to their msgids, in one language at a time (two languages may print the same
 * word for different columns): the first language whose reading `accept` takes, English first.
 */
export function wordsToMsgids(fields: string[], accept: (english: string[]) => boolean, catalogs: Catalogs = PROCPS): string[] | null {
  if (accept(fields)) return fields;
  for (const catalog of Object.values(catalogs)) {
    const back = new Map(Object.entries(catalog).map(([msgid, printed]) => [printed.trim(), msgid]));
    const english = fields.map((f) => back.get(f) ?? f);
    if (accept(english)) return english;
  }
  return null;
}

const FIGURE = /^[+-]?\d+(?:[.,]\d+)?$/;

/**
 * A decimal figure as a table tool prints it under any locale: "0.99", or "0,99" where LC_NUMERIC
 * has a decimal comma (de, fr, es, it, pt, ru…). procps and sysstat print no digit grouping, so a
 * comma is never a thousands separator here. Null for anything else.
 */
export function toFigure(text: string | undefined): number | null {
  if (text === undefined || !FIGURE.test(text)) return null;
  const value = Number(text.replace(',', '.'));
  return Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? value : null;
}
