/**
 * Fused dot-product loops (transform/dotProduct.ts): `for (let j = j0; j < j1; j++)
 * z ±= A[a0 + (a1 − a0)·j] * B[b0 + (b1 − b0)·j]` in one call. Each term is exactly what the
 * loop's `acc(z, get(A, …), get(B, …), s)` does, in the same order; here V8 can inline both
 * reads and the accumulation into one tight loop, so element values stay unboxed doubles.
 * The transform only emits this after checking at run time that every index and bound is a
 * small integer, so offset + stride × j is computed exactly.
 */
import { get } from './access';
import { acc, accSub } from './arithmetic';

export function dot(z: unknown, A: unknown, a0: number, a1: number, B: unknown, b0: number, b1: number, j0: number, j1: number, s: number, subtract: boolean): unknown {
  const sa = a1 - a0;
  const sb = b1 - b0;
  let ia = a0 + sa * j0;
  let ib = b0 + sb * j0;
  if (subtract) {
    for (let j = j0; j < j1; j++, ia += sa, ib += sb) z = accSub(z, get(A, ia), get(B, ib), s);
  } else {
    for (let j = j0; j < j1; j++, ia += sa, ib += sb) z = acc(z, get(A, ia), get(B, ib), s);
  }
  return z;
}

/** The transform's guard for `dot`: a number that is an integer of at most 21 bits. */
export function int(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 2097152;
}
