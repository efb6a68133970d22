// Figures as people read them (rules, analysis and report share them): kB in the largest sensible
// binary unit, counts with separators.

/** Byte sizes for caps and limits. */
export const KiB = 1024;
export const MiB = 1024 * KiB;

const UNITS = ['kB', 'MiB', 'GiB', 'TiB'];

/** 664084 -> "648.5 MiB"; 512 -> "512 kB"; null -> "–". */
export function formatKb(kb: number | null | undefined): string {
  if (kb === null || kb === undefined || !Number.isFinite(kb)) return '–';
  let value = kb;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || Math.abs(value) >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/**
 * One formatter per fraction length: `toLocaleString` with options builds a new Intl.NumberFormat
 * on every call (~40 µs), and a report formats thousands of figures (a CPU profile of one
 * snapshot showed it as the costliest function of ours).
 */
const numberFormats = new Map<number, Intl.NumberFormat>();

/** 719320 -> "719,320"; 3.14159 -> "3.14". */
export function formatNumber(value: number | null | undefined, maxFraction = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  let format = numberFormats.get(maxFraction);
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', { maximumFractionDigits: maxFraction });
    numberFormats.set(maxFraction, format);
  }
  return format.format(value);
}

/** part of whole as "92%" (or "<1%"), "–" without a whole. */
export function formatPct(part: number, whole: number | null | undefined): string {
  if (!whole || !Number.isFinite(whole) || whole <= 0) return '–';
  const pct = (part / whole) * 100;
  if (pct > 0 && pct < 1) return '<1%';
  return `${Math.round(pct)}%`;
}

/** An ISO timestamp as "2026-11-26 02:41:52 UTC"; anything else as it was written. */
export function formatTime(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(text);
  return m ? `${m[1]} ${m[2]} UTC` : text;
}

/** A byte count: "207 B", "24.3 kB"… (kB here is 1024 bytes, like the kernel's). */
export function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : formatKb(bytes / 1024);
}
