const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

const formatters = new Map<string, Intl.RelativeTimeFormat>();

/** "5 minutes ago" / "5분 전", from the platform's own Intl data (no locale tables of our own to keep). */
export function relativeTime(at: number, now: number, language: string): string {
  let format = formatters.get(language);
  if (!format) {
    format = new Intl.RelativeTimeFormat(language, { numeric: 'auto', style: 'long' });
    formatters.set(language, format);
  }
  const diff = at - now;
  for (const [unit, ms] of units) {
    if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
  }
  // Under a minute: "now" reads better than a seconds count that is stale by the next render.
  return format.format(0, 'second');
}
