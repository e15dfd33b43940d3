/**
 * The JSON document of one run — `lrlab run --format json`, and each run of the panel's JSON
 * export, which must have the same shape:
 *   { objective, config (resolved), stopReason, detail,
 *     summary: { finalLoss, bestLoss, steps, evaluations? (LBFGS), finalAveragedParams? (ASGD), wallTimeMs },
 *     error?, errors?, typeErrors?, gradientFallbacks?,
 *     records: [ { step, lr, loss, gradNorm, fullLoss?, evaluations?, params, averagedParams?, metrics? }, … ] }
 * `objective` is { name, form, dim, hasGradient, stochastic, hasMetrics, line?, file, gradient
 * ('user' | 'exact' | 'numeric'), gradientReason? and gradientLocation? (why not exact, when
 * it fell back), x0 } once the objective was loaded, else { name (null: the file's only one),
 * file }. `gradientFallbacks` ({ step, reason, location? }) says from which step the exact
 * gradient gave way to central differences. Numbers that are not finite (a NaN final loss)
 * become null in JSON.
 */
import type { SerializedError, SourceLocation } from '../errors';
import type { GradientKind, ObjectiveInfo } from '../objective';
import type { RunConfig } from './config';
import { toRecords, type RecordBatch, type RunOutcome } from './records';

/** The objective part: as loaded (info, gradient source, x0), or only what was asked for. */
export type RunDocumentObjective =
  | {
      readonly loaded: true;
      readonly info: ObjectiveInfo;
      readonly file: string;
      readonly gradient: GradientKind;
      /** Why not exact, when it fell back (null or absent otherwise). */
      readonly gradientReason?: string | null;
      readonly gradientLocation?: SourceLocation;
      readonly x0: readonly number[];
    }
  | { readonly loaded: false; readonly name: string | null; readonly file: string };

export interface RunDocumentInput {
  readonly objective: RunDocumentObjective;
  readonly config: RunConfig | Readonly<Record<string, unknown>>;
  readonly outcome: Pick<RunOutcome, 'stopReason' | 'detail' | 'finalLoss' | 'bestLoss' | 'steps' | 'wallTimeMs' | 'evaluations' | 'finalAveragedParams'> & {
    readonly error?: SerializedError;
    readonly errors?: readonly SerializedError[];
  };
  readonly batches: readonly RecordBatch[];
  /** The file's TypeScript errors; the key is left out when there are none. */
  readonly typeErrors?: readonly unknown[];
  /** Steps from which the exact gradient gave way to central differences; left out when none. */
  readonly gradientFallbacks?: readonly { readonly step: number; readonly reason: string; readonly location?: SourceLocation }[];
}

export function runDocument(input: RunDocumentInput): Record<string, unknown> {
  const { objective, outcome } = input;
  return {
    objective: objective.loaded
      ? {
          ...objective.info,
          file: objective.file,
          gradient: objective.gradient,
          ...(objective.gradientReason ? { gradientReason: objective.gradientReason } : {}),
          ...(objective.gradientLocation ? { gradientLocation: objective.gradientLocation } : {}),
          x0: [...objective.x0],
        }
      : { name: objective.name, file: objective.file },
    config: input.config,
    stopReason: outcome.stopReason,
    detail: outcome.detail,
    summary: {
      finalLoss: outcome.finalLoss,
      bestLoss: outcome.bestLoss,
      steps: outcome.steps,
      ...(outcome.evaluations !== undefined ? { evaluations: outcome.evaluations } : {}),
      ...(outcome.finalAveragedParams !== undefined ? { finalAveragedParams: outcome.finalAveragedParams } : {}),
      wallTimeMs: outcome.wallTimeMs,
    },
    ...(outcome.error ? { error: outcome.error } : {}),
    ...(outcome.errors ? { errors: outcome.errors } : {}),
    ...(input.typeErrors && input.typeErrors.length > 0 ? { typeErrors: input.typeErrors } : {}),
    ...(input.gradientFallbacks && input.gradientFallbacks.length > 0 ? { gradientFallbacks: input.gradientFallbacks } : {}),
    records: input.batches.flatMap((batch) => toRecords(batch)),
  };
}
