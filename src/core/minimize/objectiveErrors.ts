/**
 * The loop's calls into the objective (user code): each call catches what the objective
 * throws and keeps it as a SerializedError instead, so the loop checks one field instead of
 * wrapping every call site in try/catch. Made once per run; no closure per step.
 */
import { isLrLabError, type SerializedError } from '../errors';
import { centralDifferenceGradient } from '../gradients/finiteDifference';
import type { Objective } from '../objective';

/** Which objective function was running when it threw. */
export type ObjectivePhase = 'f' | 'grad' | 'metrics';

/** Turns whatever the objective threw into plain data (see MinimizeHooks.describeError). */
export type DescribeError = (error: unknown, during: ObjectivePhase) => SerializedError;

/** Default DescribeError: an LrLabError keeps its code; anything else is 'objectiveError' with its message. */
export function describeObjectiveError(error: unknown): SerializedError {
  if (isLrLabError(error)) return error.toJSON();
  return { code: 'objectiveError', message: thrownMessage(error) };
}

/** "TypeError: x is undefined", "boom" for a plain Error('boom'), or the thrown value as text. */
export function thrownMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as Error).message === 'string') {
    const { name, message } = error as Error;
    return typeof name === 'string' && name !== '' && name !== 'Error' ? `${name}: ${message}` : message;
  }
  try {
    return `${typeof error === 'string' ? '' : 'threw '}${String(error)}`;
  } catch {
    return 'threw a value that cannot be printed';
  }
}

export class ObjectiveCalls {
  /** What the last failed call threw (null while all calls succeed); reset it to go on. */
  failure: SerializedError | null = null;
  failedDuring: ObjectivePhase = 'f';
  /** Data items passed to f and grad (undefined outside the mini-batch form). */
  batch: readonly unknown[] | undefined = undefined;
  private readonly fOnBatch: (x: Float64Array) => number;

  constructor(
    private readonly objective: Objective,
    private readonly describe: DescribeError,
  ) {
    this.fOnBatch = (x) => objective.f(x, this.batch);
  }

  /** True when a call failed (a method, so type narrowing of `failure` never goes stale). */
  hasFailed(): boolean {
    return this.failure !== null;
  }

  /** f(x, batch), or NaN with `failure` set when f throws. */
  loss(x: Float64Array): number {
    try {
      return this.objective.f(x, this.batch);
    } catch (error) {
      this.fail(error, 'f');
      return NaN;
    }
  }

  /** The objective's own grad into `out`; false with `failure` set when it throws. */
  exactGradient(x: Float64Array, out: Float64Array): boolean {
    try {
      this.objective.grad!(x, out, this.batch);
      return true;
    } catch (error) {
      this.fail(error, 'grad');
      return false;
    }
  }

  /** Central differences of f on the same batch into `out`; false with `failure` set when f throws. */
  numericGradient(x: Float64Array, out: Float64Array): boolean {
    try {
      centralDifferenceGradient(this.fOnBatch, x, out);
      return true;
    } catch (error) {
      this.fail(error, 'f');
      return false;
    }
  }

  /**
   * metrics(x), checked to be an object of numbers; null with `failure` set when it throws
   * (code from `describe`) or returns something else (code 'invalidObjective').
   */
  metrics(x: Float64Array): Readonly<Record<string, number>> | null {
    let values: unknown;
    try {
      values = this.objective.metrics!(x);
    } catch (error) {
      this.fail(error, 'metrics');
      return null;
    }
    const problem = metricsProblem(values);
    if (problem === null) return values as Record<string, number>;
    this.failure = { code: 'invalidObjective', message: `metrics must return an object of numbers like { accuracy: 0.9 }, but ${problem}` };
    this.failedDuring = 'metrics';
    return null;
  }

  private fail(error: unknown, during: ObjectivePhase): void {
    this.failure = this.describe(error, during);
    this.failedDuring = during;
  }
}

/** Why `values` is not an object of numbers, or null when it is. */
function metricsProblem(values: unknown): string | null {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    return `it returned ${Array.isArray(values) ? 'an array' : values === null ? 'null' : typeof values}`;
  }
  for (const name in values) {
    const v = (values as Record<string, unknown>)[name];
    if (typeof v !== 'number') return `"${name}" is ${typeof v === 'string' ? JSON.stringify(v) : typeof v}`;
  }
  return null;
}
