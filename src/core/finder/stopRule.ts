/**
 * fastai's stop rule of `LRFinder.after_batch`: after each step the best smoothed loss so far
 * is updated, then the test stops when the smoothed loss exceeds 4 × that best (`stop_div`).
 * fastai's rule reads "4 × best" for a positive best; a loss may be negative here (any f), so
 * the rule is read as "risen by 3·|best| above the best": the threshold is 4·best for
 * best ≥ 0 (exactly fastai's) and −2·best for best < 0. A smoothed loss that is not finite
 * stops it too.
 */

/** fastai's factor: stop when the smoothed loss exceeds 4 × the best. */
export const FASTAI_STOP_FACTOR = 4;

export function divergenceThreshold(best: number, factor: number = FASTAI_STOP_FACTOR): number {
  return best >= 0 ? factor * best : best - (factor - 1) * best;
}

export class DivergenceWatch {
  private bestSoFar = Infinity;

  constructor(private readonly factor: number = FASTAI_STOP_FACTOR) {}

  get best(): number {
    return this.bestSoFar;
  }

  /** Fold in the next smoothed loss; true when the test must stop here. */
  exceeded(smoothed: number): boolean {
    if (smoothed < this.bestSoFar) this.bestSoFar = smoothed;
    return !Number.isFinite(smoothed) || smoothed > divergenceThreshold(this.bestSoFar, this.factor);
  }
}
