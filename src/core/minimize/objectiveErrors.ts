/**
 * What the loop reports when the objective (user code) misbehaves: exceptions turned into
 * plain data, and metrics that are not an object of numbers.
 */
import { isLrLabError, type SerializedError } from '../errors';
import type { EngineText } from '../../shared/engineText';

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

/**
 * Why `values` (what metrics returned) is not an object of numbers, as an engine sentence about
 * `owner.metrics` (or plain `metrics` when there is no owner), or null when it is one.
 */
export function metricsProblem(values: unknown, owner?: string): EngineText | null {
  const example = '{ accuracy: 0.9 }';
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    const returned = Array.isArray(values) ? 'an array' : values === null ? 'null' : typeof values;
    return owner === undefined ? { id: 'metricsReturnedNonObject', args: [example, returned] } : { id: 'namedMetricsReturnedNonObject', args: [owner, example, returned] };
  }
  for (const name in values) {
    const v = (values as Record<string, unknown>)[name];
    if (typeof v !== 'number') {
      const is = typeof v === 'string' ? JSON.stringify(v) : typeof v;
      return owner === undefined ? { id: 'metricsEntryNotNumber', args: [example, name, is] } : { id: 'namedMetricsEntryNotNumber', args: [owner, example, name, is] };
    }
  }
  return null;
}
