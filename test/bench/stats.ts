/** Small helpers shared by the benchmarks: percentiles and a plain text table. */

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export interface Timed {
  ms: number;
  ok: boolean;
}

export function summarise(samples: Timed[]): { median: number; p95: number; max: number; failed: number } {
  const times = samples.filter((s) => s.ok).map((s) => s.ms).sort((a, b) => a - b);
  return { median: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1) ?? Number.NaN, failed: samples.length - times.length };
}

export const fmtMs = (ms: number): string => `${ms.toFixed(1)} ms`.padStart(11);

export function printTable(rows: string[][], write: (s: string) => void = (s) => process.stdout.write(s)): void {
  const columns = Math.max(...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
  for (const row of rows) write(`${row.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join('   ')}\n`);
}
