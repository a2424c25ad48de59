/**
 * Row geometry of the virtualised profile list. Two fixed heights (a compact
 * group header, a two-line profile row) keep the layout computable without
 * measuring: one pass of running sums, then a binary search per scroll.
 */
export const groupRowHeight = 30;
export const profileRowHeight = 50;

export interface RowLayout {
  /** Top offset of each row, in list order. */
  tops: Float64Array;
  height: number;
}

export function layoutRows(rows: readonly { kind: 'group' | 'profile' }[]): RowLayout {
  const tops = new Float64Array(rows.length);
  let y = 0;
  for (let i = 0; i < rows.length; i += 1) {
    tops[i] = y;
    y += rows[i]?.kind === 'group' ? groupRowHeight : profileRowHeight;
  }
  return { tops, height: y };
}

/** Index of the row that covers offset `y` (0 for an empty list). */
export function rowAt(layout: RowLayout, y: number): number {
  const { tops } = layout;
  let lo = 0;
  let hi = tops.length - 1;
  if (hi < 0) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((tops[mid] as number) <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function rowHeightAt(layout: RowLayout, index: number): number {
  const top = layout.tops[index] ?? 0;
  const next = index + 1 < layout.tops.length ? (layout.tops[index + 1] as number) : layout.height;
  return next - top;
}
