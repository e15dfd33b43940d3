/**
 * How a run ends: the stop reason, its one-sentence detail and the error behind it. The
 * loop calls one of these methods and breaks, so the sentences live here, out of the loop.
 */
import type { SerializedError } from '../errors';
import { formatNumber } from '../../shared/format';
import type { ObjectivePhase } from './objectiveErrors';
import type { StopReason } from './records';

export class Ending {
  reason: StopReason | null = null;
  detail = '';
  error: SerializedError | undefined = undefined;

  private set(reason: StopReason, detail: string, error?: SerializedError): void {
    this.reason = reason;
    this.detail = detail;
    this.error = error;
  }

  /** f returned NaN/±Infinity (`on`: which data, in mini-batch runs' full-data evaluations): an error at the starting point, divergence later. */
  nonFiniteLoss(step: number, loss: number, on?: string): void {
    const message = `f returned ${loss}${on === undefined ? '' : ` ${on}`} ${where(step)}`;
    this.set(step === 1 ? 'error' : 'diverged', message, { code: 'nonFiniteLoss', message });
  }

  /** A gradient component is NaN/±Infinity: an error at the starting point, divergence later. */
  nonFiniteGradient(step: number, grad: Float64Array): void {
    let i = 0;
    while (Number.isFinite(grad[i])) i++;
    const message = `gradient component ${i} (x[${i}]) is ${grad[i]} ${where(step)}`;
    this.set(step === 1 ? 'error' : 'diverged', message, { code: 'nonFiniteGradient', message });
  }

  /** f, grad or metrics threw at `step`. */
  objectiveThrew(step: number, during: ObjectivePhase, error: SerializedError): void {
    this.set('error', `${during} failed at step ${step}: ${error.message}`, error);
  }

  /** metrics returned something other than an object of numbers. */
  badMetrics(step: number, problem: string): void {
    const message = `metrics must return an object of numbers like { accuracy: 0.9 }, but ${problem}`;
    this.set('error', `metrics failed at step ${step}: ${message}`, { code: 'invalidObjective', message });
  }

  gradientConverged(stepsTaken: number, gradNorm: number, tolerance: number): void {
    this.set('converged', `converged: the gradient norm ${formatNumber(gradNorm)} ≤ tolerance.gradNorm ${formatNumber(tolerance)} after ${plural(stepsTaken, 'step')}`);
  }

  lossConverged(step: number, change: number, tolerance: number): void {
    this.set('converged', `converged: the loss changed by ${formatNumber(change)} ≤ tolerance.lossChange ${formatNumber(tolerance)} at step ${step}`);
  }

  nonFiniteParams(step: number, params: Float64Array): void {
    let i = 0;
    while (Number.isFinite(params[i])) i++;
    this.set('diverged', `parameters became ${params[i]} after step ${step} (x[${i}])`);
  }

  lossExploded(step: number, loss: number, factor: number, firstLoss: number): void {
    this.set('diverged', `loss exploded: ${formatNumber(loss)} > ${formatNumber(factor)} × max(1, |initial loss ${formatNumber(firstLoss)}|) at step ${step}`);
  }

  cancelled(stepsTaken: number): void {
    this.set('cancelled', `cancelled after ${plural(stepsTaken, 'step')}`);
  }

  timedOut(stepsTaken: number): void {
    this.set('timeout', `stopped at the time limit after ${plural(stepsTaken, 'step')}`);
  }

  /** The loop ran out of iterations (only when nothing else ended it). */
  maxIterations(iterations: number): void {
    if (this.reason === null) this.set('maxIterations', `reached the iteration limit of ${plural(iterations, 'step')}`);
  }

  /** f threw at the final parameters: an error unless the run already ended in one. */
  finalLossFailed(error: SerializedError): void {
    if (this.reason !== 'error') this.set('error', `f failed at the final parameters: ${error.message}`, error);
  }
}

function where(step: number): string {
  return step === 1 ? 'at the starting point' : `at step ${step}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
