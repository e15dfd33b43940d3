/**
 * Why f returned NaN at the starting point, when the starting point is too short: f read x[i]
 * past its end (undefined, so NaN). Asked only after such an ending, by calling f once more on
 * a watched copy of x — its calls are bracketed by the gauge like any other, so a hang is caught.
 */
import { PART_F } from '../evalGauge';
import type { AdaptedObjective } from './adapt';

/** The first index ≥ x.length that f read at x, or null. */
export function readPastEnd(adapted: AdaptedObjective, x: Float64Array): number | null {
  const { fn, self, gauge } = adapted.userF;
  let past: number | null = null;
  const watched = new Proxy(Array.from(x), {
    get(target, key, receiver) {
      if (past === null && typeof key === 'string') {
        const i = Number(key);
        if (Number.isInteger(i) && i >= target.length) past = i;
      }
      return Reflect.get(target, key, receiver);
    },
  });
  const data = adapted.objective.data;
  gauge.enter(PART_F);
  try {
    if (data === undefined) fn.call(self, watched);
    else fn.call(self, watched, data);
  } catch {
    // What it read before throwing still tells.
  } finally {
    gauge.leave();
  }
  return past;
}
