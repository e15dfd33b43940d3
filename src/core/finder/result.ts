/**
 * What a range test gives the user (`lrlab find-lr --format json`, the panel's "Find lr"):
 * the resolved config, one lr, loss and smoothed loss per step actually taken, why it stopped
 * and fastai's three suggestions. Computed from the recorded losses wherever they were
 * collected, so a test stopped early (timeout, Stop) still gives its curve and suggestions.
 */
import type { EngineText } from '../../shared/engineText';
import type { SerializedError } from '../errors';
import type { RunOutcome, StopReason } from '../minimize/records';
import type { FinderConfig } from './config';
import { rampLr } from './ramp';
import { smoothLosses } from './smoothing';
import { suggestLrs, type Suggestions } from './suggestions';

/** numIt: all steps taken; diverged: the stop rule (or a non-finite loss); else how the run ended. */
export type FinderStopReason = 'numIt' | 'diverged' | 'error' | 'timeout' | 'cancelled';

export interface FinderResult {
  readonly config: FinderConfig;
  readonly lrs: number[];
  readonly losses: number[];
  readonly smoothed: number[];
  /** Optimizers that evaluate the objective themselves (L-BFGS): the evaluations so far after each step (a step is up to maxIter of them); absent otherwise. */
  readonly evaluations?: number[];
  /**
   * Optimizers that estimate their own step size (Prodigy, D-Adaptation): the lr each step used,
   * d·lr (`lrs` ramps lr, the multiplier of d); absent otherwise.
   */
  readonly lrsUsed?: number[];
  readonly stopReason: FinderStopReason;
  /** One sentence: why it stopped. */
  readonly detail: string;
  /** The same sentence as data, for a border to word in its language (src/shared/engineText). */
  readonly detailText?: EngineText;
  readonly suggestions: Suggestions;
  readonly error?: SerializedError;
  readonly wallTimeMs: number;
}

export function finderStopReason(reason: StopReason): FinderStopReason {
  switch (reason) {
    case 'maxIterations':
    case 'converged':
      return 'numIt';
    default:
      return reason;
  }
}

/** The result of a range test from its recorded losses (one per step taken), L-BFGS's evaluation counts beside them, and how it ended. */
export function finderResult(
  config: FinderConfig,
  losses: readonly number[],
  outcome: Pick<RunOutcome, 'stopReason' | 'detail' | 'detailText' | 'error' | 'wallTimeMs'>,
  evaluations: readonly number[] | null = null,
  lrsUsed: readonly number[] | null = null,
): FinderResult {
  const lrs = losses.map((_, i) => rampLr(config, i));
  const smoothed = smoothLosses(losses, config.smoothing);
  return {
    config,
    lrs,
    losses: [...losses],
    smoothed,
    ...(evaluations !== null ? { evaluations: [...evaluations] } : {}),
    ...(lrsUsed !== null ? { lrsUsed: [...lrsUsed] } : {}),
    stopReason: finderStopReason(outcome.stopReason),
    detail: outcome.detail,
    ...(outcome.detailText !== undefined ? { detailText: outcome.detailText } : {}),
    suggestions: suggestLrs(lrs, smoothed, config.numIt),
    ...(outcome.error ? { error: outcome.error } : {}),
    wallTimeMs: outcome.wallTimeMs,
  };
}
