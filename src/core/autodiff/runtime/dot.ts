/**
 * Fused dot-product loops (transform/dotProduct.ts): `for (let j = j0; j < j1; j++)
 * z ±= A[a0 + (a1 − a0)·j] * B[b0 + (b1 − b0)·j]` in one call. The result is exactly what the
 * loop's `acc(z, get(A, …), get(B, …), s)` calls give, term by term in the same order: the same
 * primal value bit for bit and the same node (one node of session s with an edge per operand
 * that is a node of this evaluation, in the loop's order).
 *
 * Where both arrays are plain arrays or float typed arrays, the terms run in one tight loop
 * that reads the elements itself (a float array's node through its shadow) and writes the
 * edges straight into the tape: no call, no Dual touched per term, doubles never boxed. An
 * element that is neither a number nor a Dual (a hole, undefined, a string) ends the tight
 * loop: what it summed so far is committed as the node the loop would have made by then, and
 * the rest of the terms go through `acc` one by one. Other containers (objects with numeric
 * keys, integer typed arrays, proxies of non-arrays) take that path from the start.
 * The transform only emits this after checking at run time that every index and bound is a
 * small integer, so offset + stride × j is computed exactly.
 */
import { get } from './access';
import { acc, accSub } from './arithmetic';
import { Dual } from './dual';
import { SHADOW, isFloatArray, type Shadow } from './shadow';
import { state } from './state';
import { tape } from './tape';

type Container = { readonly [k: number]: unknown; readonly length: number };

export function dot(z: unknown, A: unknown, a0: number, a1: number, B: unknown, b0: number, b1: number, j0: number, j1: number, s: number, subtract: boolean): unknown {
  if (j0 >= j1) return z;
  if ((Array.isArray(A) || isFloatArray(A)) && (Array.isArray(B) || isFloatArray(B))) return tightDot(z, A as Container, a0, a1, B as Container, b0, b1, j0, j1, s, subtract);
  return dotTerms(z, A, a0, a1, B, b0, b1, j0, j1, s, subtract);
}

/** Terms j0 … j1 − 1 one `acc` at a time (the loop as the transform would instrument it). */
function dotTerms(z: unknown, A: unknown, a0: number, a1: number, B: unknown, b0: number, b1: number, j0: number, j1: number, s: number, subtract: boolean): unknown {
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

/**
 * The tight loop. An element's value goes to `va`/`vb` and its node (or −1 for a constant) to
 * `na`/`nb`; stale Duals and float-array entries without a live shadow are constants. An element
 * that is neither a number nor a Dual ends it before its term (that term's elements are then read
 * again by acc's loop: only an accessor on an array element could tell).
 */
function tightDot(z: unknown, A: Container, a0: number, a1: number, B: Container, b0: number, b1: number, j0: number, j1: number, s: number, subtract: boolean): unknown {
  const t = tape;
  const gen = state.gen;
  if (t.n === t.adj.length) t.growNodes();
  const most = 2 * (j1 - j0) + 1;
  if (t.e + most > t.child.length) t.growEdges(most);
  const child = t.child;
  const partial = t.partial;
  const pool = t.pool;
  const sign = subtract ? -1 : 1;
  let e = t.e;
  let v: number;
  // The node the terms go to: z itself when it is this session's newest node, else a new one.
  let extending: Dual | null = null;
  let live = false;
  if (typeof z === 'number') v = z;
  else if (z instanceof Dual) {
    v = z.v;
    if (z.g === gen) {
      live = true;
      if (z.i === t.n - 1 && t.session[z.i] === s) extending = z;
      else {
        child[e] = z.i;
        partial[e] = 1;
        e++;
      }
    }
  } else return dotTerms(z, A, a0, a1, B, b0, b1, j0, j1, s, subtract);
  const arrayA = Array.isArray(A);
  const arrayB = Array.isArray(B);
  const shadowA = arrayA ? undefined : (A as unknown as Record<symbol, Shadow | undefined>)[SHADOW];
  const shadowB = arrayB ? undefined : (B as unknown as Record<symbol, Shadow | undefined>)[SHADOW];
  const sa = a1 - a0;
  const sb = b1 - b0;
  let ia = a0 + sa * j0;
  let ib = b0 + sb * j0;
  let j = j0;
  for (; j < j1; j++, ia += sa, ib += sb) {
    const xa = A[ia];
    if (typeof xa !== 'number' && !(xa instanceof Dual)) break;
    const xb = B[ib];
    if (typeof xb !== 'number' && !(xb instanceof Dual)) break;
    const va = typeof xa === 'number' ? xa : xa.v;
    const vb = typeof xb === 'number' ? xb : xb.v;
    const na = nodeOf(xa, shadowA, ia, gen);
    const nb = nodeOf(xb, shadowB, ib, gen);
    v = subtract ? v - va * vb : v + va * vb;
    if (na >= 0) {
      child[e] = na;
      partial[e] = sign * vb;
      e++;
      live = true;
    }
    if (nb >= 0) {
      child[e] = nb;
      partial[e] = sign * va;
      e++;
      live = true;
    }
  }
  let out: unknown = v;
  if (extending !== null) {
    extending.v = v;
    t.e = e;
    t.ends[extending.i + 1] = e;
    out = extending;
  } else if (live) {
    const k = t.n;
    t.e = e;
    t.ends[k + 1] = e;
    t.n = k + 1;
    t.session[k] = s;
    const d = pool[k]!;
    d.v = v;
    d.g = gen;
    out = d;
  }
  // An element the tight loop does not read: the remaining terms one by one.
  return j < j1 ? dotTerms(out, A, a0, a1, B, b0, b1, j, j1, s, subtract) : out;
}

/**
 * The node of element k (x, read from an array whose shadow is `shadow`): a Dual's own node, a
 * float array's live shadow entry that still matches the element, or −1 for a constant.
 */
function nodeOf(x: number | Dual, shadow: Shadow | undefined, k: number, gen: number): number {
  if (typeof x !== 'number') return x.g === gen ? x.i : -1;
  if (shadow === undefined) return -1;
  const slot = shadow.base + k;
  if (shadow.gen[slot] !== gen) return -1;
  const d = tape.pool[shadow.idx[slot]!]!;
  return d.v === x ? d.i : -1;
}

/** The transform's guard for `dot`: a number that is an integer of at most 21 bits. */
export function int(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 2097152;
}
