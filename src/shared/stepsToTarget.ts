/**
 * Steps to a target loss: the fewest optimizer steps after which the loss is at or below the
 * target. A run's record of step k holds the loss where step k started (after k − 1 steps), so
 * the answer is k − 1 for the first such record, or all the steps when only the final loss
 * (after the last step) reaches it; null when the run never does. The sweep's heat map, the
 * CLI and the panel's compare table all count it this way. Pure, no imports.
 */
export class StepsToTarget {
  private found: number | null = null;

  constructor(readonly target: number) {}

  /** Take the losses of steps firstStep, firstStep + 1, … (in order). */
  add(firstStep: number, losses: ArrayLike<number | null>): void {
    if (this.found !== null || !Number.isFinite(this.target)) return;
    for (let i = 0; i < losses.length; i++) {
      const loss = losses[i];
      if (typeof loss === 'number' && loss <= this.target) {
        this.found = firstStep + i - 1;
        return;
      }
    }
  }

  /** The answer once the run has ended with `finalLoss` after `steps` steps. */
  finish(finalLoss: number | null, steps: number): number | null {
    if (this.found === null && typeof finalLoss === 'number' && finalLoss <= this.target) this.found = steps;
    return this.found;
  }

  get steps(): number | null {
    return this.found;
  }
}

/** Steps to `target` of a whole run (its losses from step 1, its final loss and step count). */
export function stepsToTarget(target: number, losses: ArrayLike<number | null>, finalLoss: number | null, steps: number): number | null {
  const counter = new StepsToTarget(target);
  counter.add(1, losses);
  return counter.finish(finalLoss, steps);
}
