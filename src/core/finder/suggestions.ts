/**
 * fastai's lr suggestions (fastai/callback/schedule.py), computed as `Learner.lr_find` does:
 * on the recorded (smoothed) curve with the first `numIt // 10` and the last 5 points dropped,
 * cut at the first NaN, then
 *  - valley: the longest decreasing subsequence of the losses; the pick sits a third plus a
 *    sixth of the way along it (`idx = start + int(len/3) + int(len/6)`);
 *  - steep: the lr where the loss falls fastest per unit of log lr (the left end of the
 *    steepest segment);
 *  - minimum: the lr of the lowest loss, divided by 10.
 * Each is null when the cut curve is too short for it (fastai raises there).
 */

export const SUGGESTION_RULES = ['valley', 'steep', 'minimum'] as const;
export type SuggestionRule = (typeof SUGGESTION_RULES)[number];

/** A suggested lr and the point fastai marks on the plot for it. */
export interface Suggestion {
  readonly lr: number;
  /** The marked point: for valley and steep the suggested lr itself; for minimum the lowest point (lr·10). */
  readonly point: { readonly lr: number; readonly loss: number };
}

export type Suggestions = { readonly [R in SuggestionRule]: Suggestion | null };

/** fastai drops the last 5 points (`[:-5]`) before suggesting and plotting. */
export const SKIP_END = 5;

/**
 * The part of the curve fastai suggests from: `[numIt // 10 : −5]` (Python slicing), then up to
 * the first NaN (here: the first value that is not finite, which only differs from fastai's
 * isnan when a smoothed loss overflows).
 */
export function suggestionWindow(lrs: readonly number[], losses: readonly number[], numIt: number): { lrs: number[]; losses: number[]; offset: number } {
  const n = Math.min(lrs.length, losses.length);
  const start = Math.min(Math.floor(numIt / 10), n);
  const end = Math.max(0, n - SKIP_END);
  let stop = start;
  while (stop < end && Number.isFinite(losses[stop]!)) stop++;
  return { lrs: lrs.slice(start, stop), losses: losses.slice(start, stop), offset: start };
}

/** Python's `seq[i]` for −len ≤ i < len. */
function at<T>(seq: readonly T[], i: number): T {
  return seq[i < 0 ? seq.length + i : i]!;
}

/**
 * fastai's `valley`, statement by statement (O(n²)): `lds[i]` is the length of the longest
 * decreasing subsequence ending at i; the longest ends at `max_end` and `max_start` is
 * `max_end − lds[max_end]`, one before where a contiguous run of that length would start.
 * When the whole cut curve decreases that is −1, which Python reads from the end (a 2-point
 * curve then suggests its last lr); kept, so the pick is fastai's.
 */
export function valley(lrs: readonly number[], losses: readonly number[]): Suggestion | null {
  const n = losses.length;
  if (n === 0) return null;
  let maxStart = 0;
  let maxEnd = 0;
  const lds = new Array<number>(n).fill(1);
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (losses[i]! < losses[j]! && lds[i]! < lds[j]! + 1) lds[i] = lds[j]! + 1;
      if (lds[maxEnd]! < lds[i]!) {
        maxEnd = i;
        maxStart = maxEnd - lds[maxEnd]!;
      }
    }
  }
  const sections = (maxEnd - maxStart) / 3;
  const idx = maxStart + Math.trunc(sections) + Math.trunc(sections / 2);
  const lr = at(lrs, idx);
  return { lr, point: { lr, loss: at(losses, idx) } };
}

/** fastai's `steep`: lrs[argmin((losses[i+1] − losses[i]) / (log lrs[i+1] − log lrs[i]))], the first minimum. */
export function steep(lrs: readonly number[], losses: readonly number[]): Suggestion | null {
  if (losses.length < 2) return null;
  let best = 0;
  let bestSlope = Infinity;
  for (let i = 0; i + 1 < losses.length; i++) {
    const slope = (losses[i + 1]! - losses[i]!) / (Math.log(lrs[i + 1]!) - Math.log(lrs[i]!));
    // torch.argmin: the first of equal minima; NaN would win there, but the lrs rise strictly.
    if (slope < bestSlope) {
      bestSlope = slope;
      best = i;
    }
  }
  const lr = lrs[best]!;
  return { lr, point: { lr, loss: losses[nearestIndex(lrs, lr)]! } };
}

/** fastai's `minimum`: the lr of the lowest loss (the first of equal ones), divided by 10. */
export function minimum(lrs: readonly number[], losses: readonly number[]): Suggestion | null {
  if (losses.length === 0) return null;
  let best = 0;
  for (let i = 1; i < losses.length; i++) if (losses[i]! < losses[best]!) best = i;
  const lrMin = lrs[best]!;
  return { lr: lrMin / 10, point: { lr: lrMin, loss: losses[nearestIndex(lrs, lrMin)]! } };
}

/** fastai's `min(range(len(lrs)), key=lambda i: abs(lrs[i] − lr))`: the first index of the nearest lr. */
function nearestIndex(lrs: readonly number[], lr: number): number {
  let best = 0;
  for (let i = 1; i < lrs.length; i++) if (Math.abs(lrs[i]! - lr) < Math.abs(lrs[best]! - lr)) best = i;
  return best;
}

/** The three suggestions on a recorded (smoothed) curve, as `lr_find` computes them. */
export function suggestLrs(lrs: readonly number[], smoothed: readonly number[], numIt: number): Suggestions {
  const window = suggestionWindow(lrs, smoothed, numIt);
  return { valley: valley(window.lrs, window.losses), steep: steep(window.lrs, window.losses), minimum: minimum(window.lrs, window.losses) };
}
