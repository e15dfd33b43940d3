/**
 * Contour levels for a grid of f values: log-spaced when f ≥ 0 on the whole grid and spans at
 * least a decade (the usual picture of a loss: the valley floor gets as many lines as the walls),
 * else evenly spaced.
 * Levels are "nice" numbers strictly between the grid's least and greatest finite value, as
 * many as fit under `maxCount`, from the finest spacing that does:
 *  - log: mantissas {1, 1.5, 2, 3, 5, 7}, {1, 2, 5}, {1, 3}, {1} per decade, then every 2, 5, 10… decades;
 *    the lowest level is at least max·1e-12 (a grid through an exact zero does not add 300 decades);
 *  - linear: multiples of {1, 2, 2.5, 5}·10ᵏ.
 */

export interface ContourLevels {
  readonly scale: 'log' | 'linear';
  readonly levels: number[];
  /** Least and greatest finite values of the grid (NaN when it has none). */
  readonly min: number;
  readonly max: number;
}

export const DEFAULT_LEVEL_COUNT = 24;
const LOG_FLOOR = 1e-12;
/** Log-spaced levels only when the grid's positive values span at least this factor (a decade). */
const LOG_MIN_RATIO = 10;
const MANTISSAS: readonly (readonly number[])[] = [[1, 1.5, 2, 3, 5, 7], [1, 2, 5], [1, 3], [1]];

export function contourLevels(values: ArrayLike<number>, maxCount = DEFAULT_LEVEL_COUNT): ContourLevels {
  let min = Infinity;
  let max = -Infinity;
  let minPositive = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v > 0 && v < minPositive) minPositive = v;
  }
  if (min > max) return { scale: 'linear', levels: [], min: NaN, max: NaN };
  if (min >= 0 && max > 0) {
    const low = Math.max(minPositive, max * LOG_FLOOR);
    // Under a decade (a box zoomed onto a valley floor, a short path) log spacing has few or no
    // nice values inside the range; evenly spaced levels draw the same picture there.
    if (max >= LOG_MIN_RATIO * low) return { scale: 'log', levels: logLevels(min === 0 ? low * (1 - 1e-12) : low, max, maxCount), min, max };
  }
  return { scale: 'linear', levels: linearLevels(min, max, maxCount), min, max };
}

/** Nice log-spaced levels strictly inside (lo, hi), lo > 0. */
export function logLevels(lo: number, hi: number, maxCount: number): number[] {
  if (!(hi > lo) || !(lo > 0)) return [];
  const first = Math.floor(Math.log10(lo));
  const last = Math.ceil(Math.log10(hi));
  for (const mantissas of MANTISSAS) {
    const levels: number[] = [];
    for (let e = first; e <= last && levels.length <= maxCount; e++) {
      for (const m of mantissas) {
        const v = niceValue(m, e);
        if (v > lo && v < hi) levels.push(v);
      }
    }
    if (levels.length <= maxCount && levels.length > 0) return levels;
  }
  // Very many decades: one level every `every` decades (doubles span about 630).
  for (const every of [2, 5, 10, 20, 50, 100, 200, 500, 1000]) {
    const levels: number[] = [];
    for (let e = Math.ceil(first / every) * every; e <= last; e += every) {
      const v = niceValue(1, e);
      if (v > lo && v < hi) levels.push(v);
    }
    if (levels.length <= maxCount) return levels;
  }
  return [];
}

/** Nice evenly spaced levels strictly inside (lo, hi). */
export function linearLevels(lo: number, hi: number, maxCount: number): number[] {
  if (!(hi > lo)) return [];
  const span = hi - lo;
  let exponent = Math.floor(Math.log10(span / maxCount));
  for (;;) {
    for (const m of [1, 2, 2.5, 5]) {
      const step = niceValue(m, exponent);
      const from = Math.floor(lo / step) + 1;
      const to = Math.ceil(hi / step) - 1;
      if (to - from + 1 <= maxCount) {
        const levels: number[] = [];
        for (let k = from; k <= to; k++) levels.push(exponent < 0 ? (k * m) / 10 ** -exponent : k * step);
        return levels;
      }
    }
    exponent++;
  }
}

/** m·10ᵉ as the decimal it names (1e-3, not 0.0010000000000000002). */
function niceValue(m: number, e: number): number {
  return e < 0 ? m / 10 ** -e : m * 10 ** e;
}
