/**
 * A sweep cell's numbers, as the CLI prints them and the heat map colours them: final and best
 * loss, steps taken, steps to a target loss, how it stopped and its wall time. All of them come
 * from every step of the cell, counted in its worker (its outcome, and the steps to the target
 * its tally counted, see core/minimize/tally.ts), never from its decimated records.
 */
import type { LoaderOutcome } from '../loader/outcome';
import type { StopReason } from '../minimize/records';
import type { OptimizerConfig } from '../optimizers/types';
import type { ScheduleConfig } from '../schedules/types';
import type { SweepCell } from './grid';

export interface CellSummary {
  readonly index: number;
  readonly row: number;
  readonly column: number;
  readonly optimizer: OptimizerConfig;
  readonly schedule: ScheduleConfig;
  readonly lr: number;
  readonly seed: number;
  /** null where the run gave none (not finite, or it never ran). */
  readonly finalLoss: number | null;
  readonly bestLoss: number | null;
  readonly steps: number;
  /** Optimizers that evaluate the objective themselves (LBFGS): evaluations in all (steps count optimizer steps); absent otherwise. */
  readonly evaluations?: number;
  /** Steps to reach the target loss (null: never reached, or no target). */
  readonly stepsToTarget: number | null;
  readonly stopReason: StopReason;
  readonly detail: string;
  readonly ms: number;
}

/** The numbers of `cell`, which ended with `outcome` after reaching the target loss in `stepsToTarget` steps (null: no target, or never). */
export function cellSummary(cell: SweepCell, outcome: LoaderOutcome, stepsToTarget: number | null): CellSummary {
  const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return {
    index: cell.index,
    row: cell.row,
    column: cell.column,
    optimizer: cell.config.optimizer,
    schedule: cell.config.schedule,
    lr: cell.lr,
    seed: cell.seed,
    finalLoss: finite(outcome.finalLoss),
    bestLoss: finite(outcome.bestLoss),
    steps: outcome.steps,
    ...(outcome.evaluations !== undefined ? { evaluations: outcome.evaluations } : {}),
    stepsToTarget,
    stopReason: outcome.stopReason,
    detail: outcome.detail,
    ms: outcome.wallTimeMs,
  };
}
