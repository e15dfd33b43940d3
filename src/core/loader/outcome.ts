/** Outcomes of runs that end outside the minimize loop (before its first step, or stopped from outside). */
import { isLrLabError, type SerializedError } from '../errors';
import type { RunOutcome } from '../minimize/records';

/** What `startRun(...).done` resolves to: a RunOutcome, plus every error when a file does not compile. */
export type LoaderOutcome = RunOutcome & {
  /** All compile errors of the file (the first is also `error`), for one diagnostic each. */
  readonly errors?: readonly SerializedError[];
};

/** A run that ended with `error` before its first step. */
export function errorOutcome(error: SerializedError, wallTimeMs: number, errors?: readonly SerializedError[]): LoaderOutcome {
  return {
    stopReason: 'error',
    detail: error.message,
    error,
    ...(errors && errors.length > 1 ? { errors } : {}),
    steps: 0,
    finalLoss: NaN,
    bestLoss: NaN,
    finalParams: [],
    wallTimeMs,
  };
}

/** Plain data for whatever was thrown: an LrLabError keeps its code and location. */
export function serializeError(error: unknown, fallback: SerializedError['code'] = 'objectiveError'): SerializedError {
  if (isLrLabError(error)) return error.toJSON();
  const message = error instanceof Error ? error.message : String(error);
  return { code: fallback, message };
}
