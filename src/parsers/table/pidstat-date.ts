// The date of a sysstat banner (LC_TIME's %x) as YYYY-MM-DD, when its order can be known.

/**
 * %x as sysstat 12.6.1 prints it in the locales captured here (test/fixtures/sources/pidstat/locales):
 *   C "12/01/26" (month first, two-digit year); en_US "12/01/2026"; de_DE, ru_RU "01.12.2026";
 *   fr_FR, es_ES, it_IT, pt_BR, pt_PT "01/12/2026"; ja_JP, zh_CN "2026年12月01日"; ISO "2026-12-01"
 *   (S_TIME_FORMAT=ISO); es_ES "01/12/26". Year first is never ambiguous, dots are day first;
 *   slashes are month first in C and English, day first in the Romance languages: `order` (from
 *   the time and average labels around it) decides, else a figure over 12, else a two-digit year
 *   (C), else the day stays unknown.
 */
export function dayOf(date: string, order: 'month-first' | 'day-first' | null): string | null {
  const iso = (y: number, m: number, d: number): string | null =>
    m >= 1 && m <= 12 && d >= 1 && d <= 31 ? `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` : null;
  const text = date.trim();
  const yearFirst = /^(\d{4})\D+(\d{1,2})\D+(\d{1,2})\D*$/.exec(text);
  if (yearFirst) return iso(Number(yearFirst[1]), Number(yearFirst[2]), Number(yearFirst[3]));
  const m = /^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})\.?$/.exec(text);
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[3])];
  const year = m[4].length === 2 ? 2000 + Number(m[4]) : Number(m[4]);
  // Without a hint: a figure over 12 is the day; else C's %x, the usual two-digit-year form, is month first.
  const guess = a > 12 && b <= 12 ? 'day-first' : b > 12 && a <= 12 ? 'month-first' : m[4].length === 2 ? 'month-first' : null;
  const decided = m[2] === '/' ? order ?? guess : 'day-first';
  const monthFirst = decided === 'month-first';
  const dayFirst = decided === 'day-first';
  if (monthFirst === dayFirst) return null;
  return monthFirst ? iso(year, a, b) : iso(year, b, a);
}
