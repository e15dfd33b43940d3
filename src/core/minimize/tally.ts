/**
 * What a run's records add up to, taken from every record as they come: the steps taken, the
 * best loss (of the kind the final loss is: the records', or in mini-batch runs the full-data
 * evaluations') and the steps to a target loss. A sweep cell's worker keeps one over every step,
 * so a cell's numbers are exact although only a decimated copy of its records leaves the worker;
 * the loader keeps one over the batches it receives for a run's outcome when its worker is
 * stopped. With `slots` (shared memory) the running answer is also written there after each
 * batch, so the host can read it once the worker has been terminated.
 */
import { StepsToTarget } from '../../shared/stepsToTarget';
import type { RecordBatch } from './records';

/** Length of a tally's slots: steps, best loss, steps to target (−1: not yet). */
export const TALLY_SLOTS = 3;

export class RunTally {
  /** The last step taken (records seen). */
  steps = 0;
  /** Least loss seen (Infinity: none yet). */
  bestLoss = Infinity;
  private readonly target: StepsToTarget | null;

  constructor(
    targetLoss: number | null,
    private readonly slots: Float64Array | null = null,
  ) {
    this.target = targetLoss === null ? null : new StepsToTarget(targetLoss);
    this.publish();
  }

  /** A tally that goes on from what `slots` say (written by another thread's tally with the same target). */
  static resume(slots: Float64Array, targetLoss: number | null): RunTally {
    const tally = new RunTally(targetLoss);
    tally.steps = slots[0]!;
    tally.bestLoss = slots[1]!;
    // The step found there: a loss at or below any target, as the record of the step after it.
    const found = slots[2]!;
    if (found >= 0) tally.target?.add(found + 1, [-Infinity]);
    return tally;
  }

  /** Take the records of a batch (consecutive with those taken before). */
  add(batch: RecordBatch): void {
    const losses = batch.fullLoss ?? batch.loss;
    let best = this.bestLoss;
    for (let i = 0; i < batch.count; i++) if (losses[i]! < best) best = losses[i]!;
    this.bestLoss = best;
    this.target?.add(batch.firstStep, batch.loss);
    this.steps = batch.firstStep + batch.count - 1;
    this.publish();
  }

  /** Steps to the target once the run has ended with `finalLoss` (null: not finite) after `steps` steps; null without a target or when never reached. */
  stepsToTarget(finalLoss: number | null, steps: number): number | null {
    return this.target === null ? null : this.target.finish(finalLoss, steps);
  }

  /** The steps recorded and the least loss among them (NaN: none) — without the final loss, which a run's outcome adds. */
  recorded(): { steps: number; bestLoss: number } {
    return { steps: this.steps, bestLoss: this.bestLoss === Infinity ? NaN : this.bestLoss };
  }

  private publish(): void {
    const slots = this.slots;
    if (slots === null) return;
    slots[0] = this.steps;
    slots[1] = this.bestLoss;
    slots[2] = this.target?.steps ?? -1;
  }
}
