/**
 * How a run ends: the stop reason, its one-sentence detail and the error behind it. The
 * loop calls one of these methods and breaks, so the sentences live here, out of the loop.
 */
import type { SerializedError } from '../errors';
import { engineText, type EngineText } from '../../shared/engineText';
import { formatNumber } from '../../shared/format';
import type { ObjectivePhase } from './objectiveErrors';
import type { StopReason } from './records';

export class Ending {
  reason: StopReason | null = null;
  detail = '';
  /** The detail as data, for each border to word in its language. */
  detailText: EngineText | undefined = undefined;
  error: SerializedError | undefined = undefined;

  private set(reason: StopReason, text: EngineText, error?: SerializedError): void {
    this.reason = reason;
    this.detailText = text;
    this.detail = engineText(text);
    this.error = error;
  }

  /** f returned NaN/±Infinity (`on`: which data, in mini-batch runs' full-data evaluations): an error at the starting point, divergence later. */
  nonFiniteLoss(step: number, loss: number, on?: 'whole data set'): void {
    const text: EngineText =
      on === undefined
        ? step === 1 ? { id: 'lossNonFiniteAtStart', args: [String(loss)] } : { id: 'lossNonFinite', args: [String(loss), step] }
        : step === 1 ? { id: 'fullLossNonFiniteAtStart', args: [String(loss)] } : { id: 'fullLossNonFinite', args: [String(loss), step] };
    const message = engineText(text);
    this.set(step === 1 ? 'error' : 'diverged', text, { code: 'nonFiniteLoss', message, text });
  }

  /** A gradient component is NaN/±Infinity: an error at the starting point, divergence later. */
  nonFiniteGradient(step: number, grad: Float64Array): void {
    let i = 0;
    while (Number.isFinite(grad[i])) i++;
    const text: EngineText = step === 1 ? { id: 'gradientNonFiniteAtStart', args: [i, String(grad[i])] } : { id: 'gradientNonFinite', args: [i, String(grad[i]), step] };
    const message = engineText(text);
    this.set(step === 1 ? 'error' : 'diverged', text, { code: 'nonFiniteGradient', message, text });
  }

  /** f, grad or metrics threw at `step`. */
  objectiveThrew(step: number, during: ObjectivePhase, error: SerializedError): void {
    this.set('error', { id: 'objectiveThrew', args: [during, step, error.message] }, error);
  }

  /** metrics returned something other than an object of numbers. */
  badMetrics(step: number, text: EngineText): void {
    const message = engineText(text);
    this.set('error', { id: 'objectiveThrew', args: ['metrics', step, message] }, { code: 'invalidObjective', message, text });
  }

  gradientConverged(stepsTaken: number, gradNorm: number, tolerance: number): void {
    this.set('converged', { id: 'gradientConverged', args: [formatNumber(gradNorm), formatNumber(tolerance), stepsTaken] });
  }

  lossConverged(step: number, change: number, tolerance: number): void {
    this.set('converged', { id: 'lossConverged', args: [formatNumber(change), formatNumber(tolerance), step] });
  }

  nonFiniteParams(step: number, params: Float64Array): void {
    let i = 0;
    while (Number.isFinite(params[i])) i++;
    this.set('diverged', { id: 'paramsNonFinite', args: [String(params[i]), step, i] });
  }

  lossExploded(step: number, loss: number, factor: number, firstLoss: number): void {
    this.set('diverged', { id: 'lossExploded', args: [formatNumber(loss), formatNumber(factor), formatNumber(firstLoss), step] });
  }

  cancelled(stepsTaken: number): void {
    this.set('cancelled', { id: 'cancelled', args: [stepsTaken] });
  }

  timedOut(stepsTaken: number): void {
    this.set('timeout', { id: 'timedOut', args: [stepsTaken] });
  }

  /** The loop ran out of iterations (only when nothing else ended it). */
  maxIterations(iterations: number): void {
    if (this.reason === null) this.set('maxIterations', { id: 'maxIterations', args: [iterations] });
  }

  /** f threw at the final parameters: an error unless the run already ended in one. */
  finalLossFailed(error: SerializedError): void {
    if (this.reason !== 'error') this.set('error', { id: 'finalLossFailed', args: [error.message] }, error);
  }
}
