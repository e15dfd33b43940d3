/**
 * What a run produces. In memory and between threads, records travel as columnar batches
 * of typed arrays (no object per step); `toRecords` gives the per-step JSON form of the
 * `lrlab run --format json` contract.
 */
import type { EngineText } from '../../shared/engineText';
import type { SerializedError } from '../errors';

export type StopReason = 'maxIterations' | 'converged' | 'diverged' | 'error' | 'timeout' | 'cancelled';

/** One optimizer step (JSON form). */
export interface RunRecord {
  /** 1-based step number. */
  readonly step: number;
  /**
   * Learning rate used by this step: the schedule's, or for optimizers that set their own step
   * size (Prodigy, D-Adaptation Adam) the one they used, d·lr.
   */
  readonly lr: number;
  /** Loss at the parameters this step started from. */
  readonly loss: number;
  /** Gradient norm (L2, before clipping) at the parameters this step started from. */
  readonly gradNorm: number;
  /** Mini-batch runs, every evalEvery steps: the loss on the whole data set at the parameters this step started from (`loss` is the batch's). */
  readonly fullLoss?: number;
  /**
   * Optimizers that evaluate the objective themselves (LBFGS): the evaluations made so far, this
   * step's included (PyTorch's func_evals; a step runs several). Absent for the others, whose
   * every step is one evaluation.
   */
  readonly evaluations?: number;
  /** Parameters after this step (omitted when the run does not record parameters). */
  readonly params?: number[];
  /** Optimizers with an averaged iterate (ASGD): it after this step, recorded with params. */
  readonly averagedParams?: number[];
  /** The objective's extra metrics at the parameters this step started from. */
  readonly metrics?: Readonly<Record<string, number>>;
}

/** A batch of consecutive records, columnar. */
export interface RecordBatch {
  /** 1-based step of the first record in the batch. */
  readonly firstStep: number;
  readonly count: number;
  /** Parameter dimension (row length of `params`). */
  readonly dim: number;
  readonly lr: Float64Array;
  readonly loss: Float64Array;
  readonly gradNorm: Float64Array;
  /** count × dim values, row-major: parameters after each step; null when not recorded. */
  readonly params: Float64Array | null;
  /** Optimizers that evaluate the objective themselves (LBFGS): the evaluations so far after each step; absent otherwise. */
  readonly evaluations?: Float64Array;
  /** Optimizers with an averaged iterate (ASGD): count × dim values like params, when params are recorded; absent otherwise. */
  readonly averagedParams?: Float64Array;
  /** Mini-batch runs: the loss on the whole data set where it was evaluated (every evalEvery steps), NaN elsewhere; absent otherwise. */
  readonly fullLoss?: Float64Array;
  /** Metric name → count values (NaN where a metric was not computed). */
  readonly metrics: Readonly<Record<string, Float64Array>>;
}

/** How a run ended. */
export interface RunOutcome {
  readonly stopReason: StopReason;
  /** One sentence saying why, e.g. "loss is NaN at step 37". */
  readonly detail: string;
  /** The detail as data (`engineText`), for the page, the host and the CLI to word in their language. */
  readonly detailText?: EngineText;
  /** The error behind stopReason 'error' (and 'diverged' where the objective caused it). */
  readonly error?: SerializedError;
  /** Steps completed (records emitted). */
  readonly steps: number;
  /** f at the final parameters (on the whole data set in mini-batch form). */
  readonly finalLoss: number;
  /** The least loss of the kind finalLoss is: of the records, or in mini-batch runs of the full-data evaluations (never a single batch's). */
  readonly bestLoss: number;
  /** Parameters at the end of the run (schedule-free optimizers: the evaluation point x). */
  readonly finalParams: number[];
  /** Optimizers with an averaged iterate (ASGD): it at the end of the run. */
  readonly finalAveragedParams?: number[];
  /** Optimizers that evaluate the objective themselves (LBFGS): evaluations in all (steps count optimizer steps). */
  readonly evaluations?: number;
  readonly wallTimeMs: number;
}

/** Expand a batch into per-step records. */
export function toRecords(batch: RecordBatch): RunRecord[] {
  const out: RunRecord[] = [];
  const metricNames = Object.keys(batch.metrics);
  for (let i = 0; i < batch.count; i++) {
    const rec: { -readonly [K in keyof RunRecord]: RunRecord[K] } = {
      step: batch.firstStep + i,
      lr: batch.lr[i]!,
      loss: batch.loss[i]!,
      gradNorm: batch.gradNorm[i]!,
    };
    const fullLoss = batch.fullLoss?.[i];
    if (fullLoss !== undefined && !Number.isNaN(fullLoss)) rec.fullLoss = fullLoss;
    if (batch.evaluations) rec.evaluations = batch.evaluations[i]!;
    if (batch.params) rec.params = Array.from(batch.params.subarray(i * batch.dim, (i + 1) * batch.dim));
    if (batch.averagedParams) rec.averagedParams = Array.from(batch.averagedParams.subarray(i * batch.dim, (i + 1) * batch.dim));
    if (metricNames.length) {
      const m: Record<string, number> = {};
      for (const name of metricNames) m[name] = batch.metrics[name]![i]!;
      rec.metrics = m;
    }
    out.push(rec);
  }
  return out;
}
