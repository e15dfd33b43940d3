/**
 * What generated adjoints (transform/adjoint) need at run time, and how the worker finds
 * them: each function with a generated adjoint carries its entry under a symbol.
 */

/** f at x with ∂f/∂x written into `gradient` (zeroed first); the other arguments are f's own. */
export type AdjointEntry = (x: ArrayLike<number>, gradient: Float64Array, ...rest: unknown[]) => unknown;

const ADJOINT = Symbol('lrlab.adjoint');

/** Thrown by a generated forward pass where its assumptions do not hold (a for…of over a non-array, a loop from a non-integer start). */
export const adjointAbort = new Error('LR Lab: the generated adjoint does not apply to this call');

export function setAdjoint(fn: unknown, entry: AdjointEntry): void {
  if (typeof fn === 'function' && !Object.prototype.hasOwnProperty.call(fn, ADJOINT)) Object.defineProperty(fn, ADJOINT, { value: entry });
}

export function adjointOf(fn: unknown): AdjointEntry | undefined {
  return typeof fn === 'function' ? ((fn as unknown as Record<symbol, AdjointEntry | undefined>)[ADJOINT]) : undefined;
}

/** A zeroed adjoint for an array of `length` (the previous one reused). */
export function adjointZeros(previous: Float64Array | null, length: number): Float64Array {
  if (previous !== null && previous.length === length) return previous.fill(0);
  return new Float64Array(length);
}

/**
 * ∂max(a, b)/∂a (or min's) where r is the result: 1 when a alone is r, ½ each on a tie (as
 * PyTorch's maximum/minimum and the tape's `select`), 0 otherwise and for NaN.
 */
export function selectPartial(r: number, self: number, other: number): number {
  if (r !== r || self !== r) return 0;
  return other === r ? 0.5 : 1;
}
