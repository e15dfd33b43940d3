/**
 * A sweep cell's numbers, as the CLI prints them and the heat map colours them: final and best
 * loss, steps taken, steps to a target loss, how it stopped and its wall time. Built while the
 * cell streams (nothing kept but the running answer to "steps to target").
 */
import type { LoaderOutcome } from '../loader/outcome';
import type { RecordBatch, StopReason } from '../minimize/records';
import type { OptimizerConfig } from '../optimizers/types';
import type { ScheduleConfig } from '../schedules/types';
import { StepsToTarget } from '../../shared/stepsToTarget';
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

export class CellTracker {
  private readonly target: StepsToTarget | null;

  constructor(
    readonly cell: SweepCell,
    target: number | null,
  ) {
    this.target = target === null ? null : new StepsToTarget(target);
  }

  add(batch: RecordBatch): void {
    this.target?.add(batch.firstStep, batch.loss);
  }

  summary(outcome: LoaderOutcome): CellSummary {
    const { cell } = this;
    const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
    const finalLoss = finite(outcome.finalLoss);
    return {
      index: cell.index,
      row: cell.row,
      column: cell.column,
      optimizer: cell.config.optimizer,
      schedule: cell.config.schedule,
      lr: cell.lr,
      seed: cell.seed,
      finalLoss,
      bestLoss: finite(outcome.bestLoss),
      steps: outcome.steps,
      ...(outcome.evaluations !== undefined ? { evaluations: outcome.evaluations } : {}),
      stepsToTarget: this.target === null ? null : this.target.finish(finalLoss, outcome.steps),
      stopReason: outcome.stopReason,
      detail: outcome.detail,
      ms: outcome.wallTimeMs,
    };
  }
}
