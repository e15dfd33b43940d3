/**
 * Which y axis a chart gets. The user can choose linear or logarithmic per chart; left to
 * itself (auto) a loss or gradient-norm chart turns logarithmic when the values in view span
 * more than three decades — a loss going from 24 to 1e-5 is a straight line at zero on a
 * linear axis — and stays linear when any value in view is zero or negative (a log axis
 * cannot show them). Other charts (the learning rate, whose cosine or warmup people read on a
 * linear axis; metrics such as accuracy) stay linear unless chosen.
 */
import type { YScaleChoice } from '../../state';

export type YAxisType = 'linear' | 'logarithmic';

/** More than this many decades between the smallest and largest value in view: logarithmic. */
export const AUTO_LOG_DECADES = 3;

export interface ValueRange {
  readonly min: number;
  readonly max: number;
}

/** The charts auto may make logarithmic. */
export const AUTO_LOG_CHARTS: ReadonlySet<string> = new Set(['loss', 'gradNorm']);

/** The axis of chart `key` for `choice` (undefined = auto) over the visible values' `range` (null: no data). */
export function yAxisType(key: string, choice: YScaleChoice | undefined, range: ValueRange | null): YAxisType {
  if (choice === 'log') return 'logarithmic';
  if (choice === 'linear') return 'linear';
  if (!AUTO_LOG_CHARTS.has(key) || !range || !(range.min > 0) || !Number.isFinite(range.max)) return 'linear';
  return Math.log10(range.max / range.min) > AUTO_LOG_DECADES ? 'logarithmic' : 'linear';
}

/** The union of ranges (datasets of a chart); null when none has a finite value. */
export function unionRange(ranges: Iterable<ValueRange | null>): ValueRange | null {
  let min = Infinity;
  let max = -Infinity;
  for (const r of ranges) {
    if (!r || !(r.min <= r.max)) continue;
    min = Math.min(min, r.min);
    max = Math.max(max, r.max);
  }
  return min <= max ? { min, max } : null;
}
