/**
 * fastai's `AvgSmoothLoss` (fastai/learner.py): an exponential moving average of the losses,
 * debiased as Adam debiases its moments. With v₀ = 0,
 *   vₙ = β·vₙ₋₁ + (1 − β)·lossₙ        (torch.lerp(loss, v, β))
 *   smoothedₙ = vₙ / (1 − βⁿ)
 * so the first smoothed value is the first loss itself.
 */

/** fastai's default β for the lr finder's smoothing. */
export const FASTAI_SMOOTHING = 0.98;

/** The smoothed loss, one loss at a time (the range test's stop rule reads it after every step). */
export class SmoothedLoss {
  private average = 0;
  private count = 0;

  constructor(private readonly beta: number = FASTAI_SMOOTHING) {}

  /** Fold in the next loss; returns the debiased average so far. */
  add(loss: number): number {
    this.count++;
    this.average = this.beta * this.average + (1 - this.beta) * loss;
    return this.value;
  }

  get value(): number {
    return this.count === 0 ? NaN : this.average / (1 - this.beta ** this.count);
  }
}

/** The smoothed curve of `losses` (same length). */
export function smoothLosses(losses: ArrayLike<number>, beta: number = FASTAI_SMOOTHING): number[] {
  const smoothing = new SmoothedLoss(beta);
  return Array.from(losses, (loss) => smoothing.add(loss));
}
