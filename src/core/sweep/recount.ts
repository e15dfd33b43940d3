/**
 * Counting a finished cell's steps to a new target loss by running it again. A run is
 * deterministic up to where it ended (same config, seed and source text), so a cell that took k
 * steps — whatever ended it: its iterations, convergence, divergence, a Stop, the time limit, or
 * a failure at step k + 1 (k is then its last good step) — runs again capped at exactly k
 * iterations and its worker counts the steps to the target over them. The run again is only
 * believed when it reproduced the cell: the same k steps, the same least recorded loss and, when
 * the cell had one, the same final loss; otherwise the count stays unknown. Steps are counted as
 * everywhere (shared/stepsToTarget.ts): record k is the loss where step k started, so reaching
 * the target at the starting point is 0 steps.
 */
import type { DecimatedRun, LoaderOutcome } from '../loader';
import type { RunConfig } from '../minimize/config';

/** How a cell's run ended, as its summary says (null: not finite, or none). */
export interface CellEnding {
  readonly steps: number;
  readonly finalLoss: number | null;
  /** The least loss of its records and its final loss. */
  readonly bestLoss: number | null;
}

/**
 * The config that runs the cell again for exactly the steps it took, or null when no run is
 * needed: its best loss stays above `target` (never reached: null steps, exactly) or it took no step.
 */
export function recountConfig(config: RunConfig, ending: CellEnding, target: number): RunConfig | null {
  if (ending.steps === 0 || ending.bestLoss === null || !(ending.bestLoss <= target)) return null;
  return { ...config, iterations: ending.steps };
}

/**
 * The steps to the target a run again (of `recountConfig`'s config) counted, or null when it did
 * not reproduce the cell's run. A cell with a final loss is matched on it and on its best loss
 * (the same over the same records and final loss); one without (its worker was stopped, or f
 * failed at the end) on the least loss of its records, which the run again's tally gives apart
 * from its own final loss.
 */
export function recountedSteps(ending: CellEnding, outcome: LoaderOutcome, run: DecimatedRun): number | null {
  if (outcome.steps !== ending.steps || run.steps !== ending.steps) return null;
  const reproduced = ending.finalLoss !== null ? outcome.finalLoss === ending.finalLoss && outcome.bestLoss === ending.bestLoss : run.bestLoss === ending.bestLoss;
  if (!reproduced) return null;
  // The cell's best loss reached the target within its steps: so must the run again's.
  return run.stepsToTarget !== null && run.stepsToTarget <= ending.steps ? run.stepsToTarget : null;
}
