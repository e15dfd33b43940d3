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
import { floatNeedsByteChecks } from './bufferViews';
import { acc, accSub } from './arithmetic';
import { Dual } from './dual';
import { SHADOW, isFloatArray, type Shadow } from './shadow';
import { state } from './state';
import { tape } from './tape';

type Container = { readonly [k: number]: unknown; readonly length: number };

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
 * The operands of the terms, gathered one array at a time into typed registers: values in
 * `VALUES_*`, nodes in `NODES_*` (−1 for a constant). Each kind of array has its own loop, so
 * an element is read as what it is — a double from a float array or an array of numbers never
 * becomes a heap number, a parameter is read from the tape's copy of x — and the sum then runs
 * over the registers alone.
 */
let VALUES_A = new Float64Array(64);
let VALUES_B = new Float64Array(64);
let NODES_A = new Int32Array(64);
let NODES_B = new Int32Array(64);

function reserve(count: number): void {
  if (count <= VALUES_A.length) return;
  let size = VALUES_A.length * 2;
  while (size < count) size *= 2;
  VALUES_A = new Float64Array(size);
  VALUES_B = new Float64Array(size);
  NODES_A = new Int32Array(size);
  NODES_B = new Int32Array(size);
}

/**
 * Elements start, start + stride, … (count of them) of A into values/nodes; returns how many it
 * read before an element that is neither a number nor a Dual (count when none).
 */
function gather(A: Container, start: number, stride: number, count: number, values: Float64Array, nodes: Int32Array): number {
  if (A === tape.leaves) return gatherParameters(A as readonly unknown[], start, stride, count, values, nodes);
  if (!Array.isArray(A)) return gatherFloats(A as unknown as Float64Array | Float32Array, start, stride, count, values, nodes);
  // An array whose first term is a number is most likely all numbers (data): its own loop keeps
  // V8's view of it an array of doubles.
  return typeof A[start] === 'number' ? gatherNumbers(A as readonly unknown[], start, stride, count, values, nodes) : gatherElements(A as readonly unknown[], 0, start, stride, count, values, nodes);
}

/**
 * The objective's own x: element i is parameter i (node i) as long as it still holds the
 * parameter's Dual — one identity check, the value read from the tape's copy of x.
 */
function gatherParameters(A: readonly unknown[], start: number, stride: number, count: number, values: Float64Array, nodes: Int32Array): number {
  const t = tape;
  const pool = t.pool;
  const params = t.params;
  const dim = t.dim;
  let i = start;
  for (let m = 0; m < count; m++, i += stride) {
    if (i < 0 || i >= dim || A[i] !== pool[i]) return gatherElements(A, m, start, stride, count, values, nodes);
    values[m] = params[i]!;
    nodes[m] = i;
  }
  return count;
}

/** A plain array of numbers (a Dual or anything else among them hands over to gatherElements). */
function gatherNumbers(A: readonly unknown[], start: number, stride: number, count: number, values: Float64Array, nodes: Int32Array): number {
  let i = start;
  for (let m = 0; m < count; m++, i += stride) {
    const x = A[i];
    if (typeof x !== 'number') return gatherElements(A, m, start, stride, count, values, nodes);
    values[m] = x;
    nodes[m] = -1;
  }
  return count;
}

/** Any array, from term `from` on: numbers are constants, Duals of this evaluation nodes. */
function gatherElements(A: readonly unknown[], from: number, start: number, stride: number, count: number, values: Float64Array, nodes: Int32Array): number {
  const gen = state.gen;
  let i = start + stride * from;
  for (let m = from; m < count; m++, i += stride) {
    const x = A[i];
    if (typeof x === 'number') {
      values[m] = x;
      nodes[m] = -1;
    } else if (x instanceof Dual) {
      values[m] = x.v;
      nodes[m] = x.g === gen ? x.i : -1;
    } else return m;
  }
  return count;
}

/**
 * A float typed array: its elements, and a node where its shadow has one of this evaluation
 * that still holds the element's value. An index past either end reads undefined, as the loop
 * would.
 */
function gatherFloats(A: Float64Array | Float32Array, start: number, stride: number, count: number, values: Float64Array, nodes: Int32Array): number {
  // Its own shadow does not show every node in its bytes: none gathered, the terms go through get.
  if (floatNeedsByteChecks(A)) return 0;
  const length = A.length;
  const last = start + stride * (count - 1);
  // Indices are affine in the term: the first term out of range is where the reading stops.
  let inRange = count;
  if (start < 0 || start >= length) inRange = 0;
  else if (last < 0 || last >= length) inRange = stride > 0 ? Math.floor((length - 1 - start) / stride) + 1 : Math.floor(start / -stride) + 1;
  const shadow = (A as unknown as Record<symbol, Shadow | undefined>)[SHADOW];
  let i = start;
  if (shadow === undefined) {
    for (let m = 0; m < inRange; m++, i += stride) {
      values[m] = A[i]!;
      nodes[m] = -1;
    }
    return inRange;
  }
  const gen = state.gen;
  const pool = tape.pool;
  const base = shadow.base;
  const idx = shadow.idx;
  const gens = shadow.gen;
  for (let m = 0; m < inRange; m++, i += stride) {
    const x = A[i]!;
    values[m] = x;
    const slot = base + i;
    let node = -1;
    if (gens[slot] === gen) {
      const d = pool[idx[slot]!]!;
      if (d.v === x) node = d.i;
    }
    nodes[m] = node;
  }
  return inRange;
}

/**
 * The tight loop: the terms' operands gathered (gather), then summed in the loop's order with
 * an edge per operand that is a node, A's before B's as acc records them. Terms from the first
 * element that is neither a number nor a Dual on are left to acc's loop (that term's elements
 * are read again there: only an accessor on an array element could tell).
 */
export function dot(z: unknown, A: unknown, a0: number, a1: number, B: unknown, b0: number, b1: number, j0: number, j1: number, s: number, subtract: boolean): unknown {
  if (j0 >= j1) return z;
  if (!((Array.isArray(A) || isFloatArray(A)) && (Array.isArray(B) || isFloatArray(B)))) return dotTerms(z, A, a0, a1, B, b0, b1, j0, j1, s, subtract);
  const t = tape;
  const gen = state.gen;
  if (t.n === t.adj.length) t.growNodes();
  const count = j1 - j0;
  const most = 2 * count + 1;
  if (t.e + most > t.child.length) t.growEdges(most);
  let v: number;
  // The node the terms go to: z itself when it is this session's newest node, else a new one.
  let extending: Dual | null = null;
  let zNode = -1;
  // `+z`, not `z`: V8 then keeps v an unboxed double (as z it boxed v, an allocation per call).
  if (typeof z === 'number') v = +z;
  else if (z instanceof Dual) {
    v = z.v;
    if (z.g === gen) {
      if (z.i === t.n - 1 && t.session[z.i] === s) extending = z;
      else zNode = z.i;
    }
  } else return dotTerms(z, A, a0, a1, B, b0, b1, j0, j1, s, subtract);
  const sa = a1 - a0;
  const sb = b1 - b0;
  const child = t.child;
  const partial = t.partial;
  let e = t.e;
  if (zNode >= 0) {
    child[e] = zNode;
    partial[e] = 1;
    e++;
  }
  // The common shape, weights times data: the objective's own x times an array of numbers or a
  // Float64Array, straight to the tape. Element i of x is parameter i — its value in the tape's
  // copy of x, its node i — taken on trust while nothing may have written into x this evaluation
  // (tape.leavesIntact, the indices checked once), else after an identity check per element. Any
  // other element, or an index out of range, leaves it (nothing committed) to the general path.
  if (A === t.leaves) {
    const pool = t.pool;
    const params = t.params;
    const dim = t.dim;
    const sign = subtract ? -1 : 1;
    let ia = a0 + sa * j0;
    let ib = b0 + sb * j0;
    const trusted = t.leavesIntact && inRange(dim, ia, sa, count);
    let w = v;
    let f = e;
    let m = 0;
    if (Array.isArray(B)) {
      for (; m < count; m++, ia += sa, ib += sb) {
        if (!trusted && (ia < 0 || ia >= dim || A[ia] !== pool[ia])) break;
        const y: unknown = B[ib];
        if (typeof y !== 'number') break;
        const x = params[ia]!;
        w = subtract ? w - x * y : w + x * y;
        child[f] = ia;
        partial[f] = sign * y;
        f++;
      }
    } else if (B instanceof Float64Array && inRange(B.length, ib, sb, count) && !floatNeedsByteChecks(B)) {
      const shadow = (B as unknown as Record<symbol, Shadow | undefined>)[SHADOW];
      if (shadow === undefined) {
        for (; m < count; m++, ia += sa, ib += sb) {
          if (!trusted && (ia < 0 || ia >= dim || A[ia] !== pool[ia])) break;
          const x = params[ia]!;
          const y = B[ib]!;
          w = subtract ? w - x * y : w + x * y;
          child[f] = ia;
          partial[f] = sign * y;
          f++;
        }
      } else {
        // A node stored into B (an activation, say): where the shadow has one of this
        // evaluation and B still holds its value. The shadow's arrays read once per call.
        const gens = shadow.gen;
        const idx = shadow.idx;
        const base = shadow.base;
        for (; m < count; m++, ia += sa, ib += sb) {
          if (!trusted && (ia < 0 || ia >= dim || A[ia] !== pool[ia])) break;
          const x = params[ia]!;
          const y = B[ib]!;
          w = subtract ? w - x * y : w + x * y;
          child[f] = ia;
          partial[f] = sign * y;
          f++;
          const slot = base + ib;
          if (gens[slot] === gen) {
            const node = idx[slot]!;
            if (pool[node]!.v === y) {
              child[f] = node;
              partial[f] = sign * x;
              f++;
            }
          }
        }
      }
    }
    if (m === count) return commit(extending, w, f, s, gen);
  }
  reserve(count);
  const va = VALUES_A;
  const vb = VALUES_B;
  const na = NODES_A;
  const nb = NODES_B;
  const terms = Math.min(gather(A as Container, a0 + sa * j0, sa, count, va, na), gather(B as Container, b0 + sb * j0, sb, count, vb, nb));
  if (subtract) {
    for (let m = 0; m < terms; m++) {
      const x = va[m]!;
      const y = vb[m]!;
      v -= x * y;
      const p = na[m]!;
      if (p >= 0) {
        child[e] = p;
        partial[e] = -y;
        e++;
      }
      const q = nb[m]!;
      if (q >= 0) {
        child[e] = q;
        partial[e] = -x;
        e++;
      }
    }
  } else {
    for (let m = 0; m < terms; m++) {
      const x = va[m]!;
      const y = vb[m]!;
      v += x * y;
      const p = na[m]!;
      if (p >= 0) {
        child[e] = p;
        partial[e] = y;
        e++;
      }
      const q = nb[m]!;
      if (q >= 0) {
        child[e] = q;
        partial[e] = x;
        e++;
      }
    }
  }
  const out = commit(extending, v, e, s, gen);
  // An element the tight loop does not read: the remaining terms one by one.
  return terms < count ? dotTerms(out, A, a0, a1, B, b0, b1, j0 + terms, j1, s, subtract) : out;
}

/** Whether indices start, start + stride, …, (count of them) are all below length and not negative. */
function inRange(length: number, start: number, stride: number, count: number): boolean {
  const last = start + stride * (count - 1);
  return start >= 0 && start < length && last >= 0 && last < length;
}

/**
 * The dot product's node, its edges written up to `e`: z extended (`extending`), else a new
 * node of session s when any edge was written, else the number v.
 */
function commit(extending: Dual | null, v: number, e: number, s: number, gen: number): unknown {
  const t = tape;
  if (extending !== null) {
    extending.v = v;
    t.e = e;
    t.ends[extending.i + 1] = e;
    return extending;
  }
  if (e > t.e) {
    const k = t.n;
    t.e = e;
    t.ends[k + 1] = e;
    t.n = k + 1;
    t.session[k] = s;
    const d = t.pool[k]!;
    d.v = v;
    d.g = gen;
    return d;
  }
  return v;
}

/** The transform's guard for `dot`: a number that is an integer of at most 21 bits. */
export function int(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 2097152;
}
