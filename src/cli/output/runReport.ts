/** Everything `lrlab run` prints, gathered while the run streams. */
import type { GradientFallback, LoaderOutcome, RunHeader } from '../../core/loader';
import type { TypeProblem } from '../../core/loader/typecheck';
import type { RunConfig } from '../../core/minimize/config';
import type { RecordBatch } from '../../core/minimize/records';

export interface RunReport {
  /** Absolute path of the objective file. */
  readonly file: string;
  /** The objective asked for (--objective), null for the file's only one. */
  readonly requested: string | null;
  readonly config: RunConfig;
  /** Null when the run ended before the objective was loaded. */
  readonly header: RunHeader | null;
  readonly batches: readonly RecordBatch[];
  readonly outcome: LoaderOutcome;
  /** The exact gradient stopped mid-run (the rest used central differences). */
  readonly fallbacks?: readonly GradientFallback[];
  /** The working directory paths are shown relative to. */
  readonly cwd: string;
  /** The file's TypeScript errors (warnings unless --strict); empty when none or not checked. */
  readonly typeErrors?: readonly TypeProblem[];
}

export { metricNames } from '../../core/minimize/recordsCsv';

/** Visit step `step` (1-based) of the run's records: the batch holding it and the row in it. */
export function locateStep(batches: readonly RecordBatch[], step: number): { batch: RecordBatch; row: number } | null {
  for (const batch of batches) {
    if (step >= batch.firstStep && step < batch.firstStep + batch.count) return { batch, row: step - batch.firstStep };
  }
  return null;
}

/** Steps recorded (the last step of the last batch). */
export function recordedSteps(batches: readonly RecordBatch[]): number {
  const last = batches[batches.length - 1];
  return last ? last.firstStep + last.count - 1 : 0;
}
