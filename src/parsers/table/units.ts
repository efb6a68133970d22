// Sizes as table tools print them ("1.5G", "800Mi", "0B", "268K", "1060m", plain numbers) in kB.

/** The unit a plain number is in: bytes, kB (1024), MB, GB, TB (powers of 1024). */
export type SizeUnit = 'B' | 'K' | 'M' | 'G' | 'T';

const POWER: Record<string, number> = { B: -1, K: 0, M: 1, G: 2, T: 3, P: 4 };

// free -h of procps-ng 3.3.10 prints "3.7G"/"0B", 3.3.12+ prints "3.7Gi" ("G" then means --si
// powers of 1000, a flag hardly anyone uses: read as 1024 like the older "G"); busybox ps prints
// a VSZ over 99999 kB as "1060m". A decimal comma (some locales) is read as a point.
const SIZE = /^(\d+(?:[.,]\d+)?)([BKMGTP])?(i)?B?$/i;

/**
 * A size in kB, rounded to a whole kB, or null when the text is not a size. A number without
 * a suffix is in `plainUnit` (what the tool's -b/-k/-m/-g flag said). Human sizes keep only the
 * precision they were printed with: "1.5G" is 1572864 kB whatever the exact figure was.
 */
export function sizeToKb(text: string | undefined, plainUnit: SizeUnit = 'K'): number | null {
  if (text === undefined) return null;
  const match = SIZE.exec(text.trim());
  if (!match) return null;
  const value = Number(match[1].replace(',', '.'));
  const unit = (match[2] ?? plainUnit).toUpperCase();
  const kb = value * 1024 ** POWER[unit];
  return Number.isFinite(kb) && kb <= Number.MAX_SAFE_INTEGER ? Math.round(kb) : null;
}

/** True when a size was printed with a unit suffix (free -h, busybox "1060m"). */
export function hasSizeSuffix(text: string): boolean {
  return /[BKMGTP]i?B?$/i.test(text.trim());
}
