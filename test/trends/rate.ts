// The rate a trend finding's summary says, back in kB per hour, for the trend tests to check.

/** "6.4 GiB/hour" -> kB per hour. */
export function rateKb(summary: string): number {
  const m = /grows ([\d.]+) (kB|MiB|GiB)\/hour/.exec(summary)!;
  return Number(m[1]) * { kB: 1, MiB: 1024, GiB: 1024 * 1024 }[m[2] as 'kB']!;
}
