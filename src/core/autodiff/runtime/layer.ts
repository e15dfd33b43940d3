/**
 * Fused dense layers (transform/layer.ts): the loop
 *
 *   for (let o = O0; o < O1; o++) {
 *     let z = C[IC];                                 // or a number
 *     for (let j = J0; j < J1; j++) z ±= A[IA] * B[IB];
 *     OUT[IO] = Math.tanh(z);                        // or exp, log, sqrt, or z itself
 *   }
 *
 * with every index affine in o and j, in one call. It writes exactly what the loop's runtime
 * calls would write (get, session, dot, the activation in place, set), in the same order: per
 * output one node (value and edges bit for bit those of dot followed by tanhInPlace), its
 * value into OUT and its node into OUT's shadow — so the tape, the sweep and the gradient
 * are unchanged, only the per-output calls, checks and growth tests are gone (one set of
 * checks per layer instead of five runtime calls per output).
 *
 * It takes the common shape only, decided before anything is written: A and C the
 * objective's own x (taken on trust: tape.leavesIntact), B a plain array of numbers or a
 * Float64Array (read element by element in the loop's order, its shadow looked up per output,
 * so B may be OUT itself or share its buffer), OUT a Float64Array, every index in range.
 * Otherwise it returns false having done nothing, and the transform's code runs the loop as
 * instrumented (which may still fuse the inner loop into `dot`).
 */
import { SHADOW, shadowOf, type Shadow } from './shadow';
import { state } from './state';
import { tape } from './tape';

/** Activation codes of the transform (transform/layer.ts ACTIVATION_CODES). */
export const ACTIVATION_NONE = 0;
export const ACTIVATION_TANH = 1;
export const ACTIVATION_EXP = 2;
export const ACTIVATION_LOG = 3;
export const ACTIVATION_SQRT = 4;

/** Corners of the index arithmetic the fast path accepts: small integers, so α + β·o + γ·j is exact. */
const LIMIT = 2097152;

function small(v: number): boolean {
  return Number.isInteger(v) && v > -LIMIT && v < LIMIT;
}

/**
 * Whether the affine index v00 + (v10 − v00)·o + (v01 − v00)·j (v11 its value at o = j = 1,
 * which must agree: no o·j term) stays in [0, length) for o in [o0, o1) and j in [j0, j1).
 */
function affineInRange(v00: number, v10: number, v01: number, v11: number, length: number, o0: number, o1: number, j0: number, j1: number): boolean {
  if (!(small(v00) && small(v10) && small(v01) && small(v11)) || v11 - v10 !== v01 - v00) return false;
  const so = v10 - v00;
  const sj = v01 - v00;
  const lo = v00 + so * (so >= 0 ? o0 : o1 - 1) + sj * (sj >= 0 ? j0 : j1 - 1);
  const hi = v00 + so * (so >= 0 ? o1 - 1 : o0) + sj * (sj >= 0 ? j1 - 1 : j0);
  return lo >= 0 && hi < length;
}

/** Whether every element B reads (an affine index as in affineInRange, checked in range) is a number. */
function allNumbers(B: readonly unknown[], b00: number, so: number, sj: number, o0: number, o1: number, j0: number, j1: number): boolean {
  const rows = so === 0 ? 1 : o1 - o0;
  for (let r = 0, row = b00 + so * o0 + sj * j0; r < rows; r++, row += so) {
    for (let j = j0, i = row; j < j1; j++, i += sj) if (typeof B[i] !== 'number') return false;
  }
  return true;
}

/**
 * The layer loop described above (indices given by their values at o, j ∈ {0, 1}: `out0`,
 * `out1` for OUT; `c0`, `c1` for C, or the initial number in c0 when C is null; `a00`, `a10`,
 * `a01`, `a11` for A; likewise B). True when it ran the loop; false when it did nothing.
 */
export function layer(
  OUT: unknown,
  out0: number,
  out1: number,
  C: unknown,
  c0: number,
  c1: number,
  A: unknown,
  a00: number,
  a10: number,
  a01: number,
  a11: number,
  B: unknown,
  b00: number,
  b10: number,
  b01: number,
  b11: number,
  o0: number,
  o1: number,
  j0: number,
  j1: number,
  subtract: boolean,
  activation: number,
): boolean {
  if (!(small(o0) && small(o1) && small(j0) && small(j1))) return false;
  if (o0 >= o1) return true;
  const t = tape;
  if (j0 >= j1 || !state.on || A !== t.leaves || !t.leavesIntact || !(OUT instanceof Float64Array)) return false;
  if (!(activation >= ACTIVATION_NONE && activation <= ACTIVATION_SQRT)) return false;
  const dim = t.dim;
  if (!affineInRange(a00, a10, a01, a11, dim, o0, o1, j0, j1)) return false;
  if (!affineInRange(out0, out1, out0, out1, OUT.length, o0, o1, 0, 1)) return false;
  if (C === t.leaves) {
    if (!affineInRange(c0, c1, c0, c1, dim, o0, o1, 0, 1)) return false;
  } else if (C !== null || typeof c0 !== 'number') return false;
  const plain = Array.isArray(B);
  if (!plain && !(B instanceof Float64Array)) return false;
  const bLength = (B as ArrayLike<unknown>).length;
  if (!affineInRange(b00, b10, b01, b11, bLength, o0, o1, j0, j1)) return false;
  if (plain && !allNumbers(B as readonly unknown[], b00, b10 - b00, b01 - b00, o0, o1, j0, j1)) return false;
  // OUT's shadow, made now (a store of a node into OUT would make it): only where it can be attached.
  let outShadow = (OUT as unknown as Record<symbol, Shadow | undefined>)[SHADOW];
  if (outShadow === undefined) {
    if (!Object.isExtensible(OUT)) return false;
    const made = shadowOf(OUT);
    if (made === null) return false;
    outShadow = made;
  }
  const units = o1 - o0;
  const count = j1 - j0;
  while (t.n + units > t.adj.length) t.growNodes();
  const most = units * (2 * count + 1);
  if (t.e + most > t.child.length) t.growEdges(most);
  dense(OUT, outShadow, out0, out1 - out0, C, c0, c1 - c0, a00, a10 - a00, a01 - a00, B as ArrayLike<number>, b00, b10 - b00, b01 - b00, o0, o1, j0, j1, subtract, activation);
  return true;
}

/**
 * The layer's outputs in order, each a node made as dot makes it and rewritten as activation.ts
 * rewrites it: the edges (the start's node, then per term the weight's and — B a Float64Array
 * whose shadow has a node of this evaluation that still holds the element's value — that
 * node's), the value summed in the loop's order, then f(v) with the partials times f′(v).
 * B's shadow is looked up per output (OUT may be B, or a view of its buffer, and gets nodes as
 * the loop goes). One function with the tape in locals: a call per output would box the doubles
 * passed and returned.
 */
function dense(OUT: Float64Array, outShadow: Shadow, out0: number, outStep: number, C: unknown, c0: number, cStep: number, a00: number, aO: number, aJ: number, B: ArrayLike<number>, b00: number, bO: number, bJ: number, o0: number, o1: number, j0: number, j1: number, subtract: boolean, activation: number): void {
  const t = tape;
  const gen = state.gen;
  const params = t.params;
  const pool = t.pool;
  const child = t.child;
  const partial = t.partial;
  const ends = t.ends;
  const sessions = t.session;
  const outIdx = outShadow.idx;
  const outGen = outShadow.gen;
  const outBase = outShadow.base;
  const floats = B instanceof Float64Array;
  const sign = subtract ? -1 : 1;
  const biased = C !== null;
  let k = t.n;
  let e = t.e;
  let session = t.sessions;
  for (let o = o0; o < o1; o++, k++) {
    session++;
    const start = e;
    let v: number;
    if (biased) {
      const ic = c0 + cStep * o;
      v = params[ic]!;
      child[e] = ic;
      partial[e] = 1;
      e++;
    } else v = +c0;
    let ia = a00 + aO * o + aJ * j0;
    let ib = b00 + bO * o + bJ * j0;
    const shadow = floats ? (B as unknown as Record<symbol, Shadow | undefined>)[SHADOW] : undefined;
    if (shadow === undefined) {
      for (let j = j0; j < j1; j++, ia += aJ, ib += bJ) {
        const x = params[ia]!;
        const y = B[ib]!;
        v = subtract ? v - x * y : v + x * y;
        child[e] = ia;
        partial[e] = sign * y;
        e++;
      }
    } else {
      const gens = shadow.gen;
      const idx = shadow.idx;
      const base = shadow.base;
      for (let j = j0; j < j1; j++, ia += aJ, ib += bJ) {
        const x = params[ia]!;
        const y = B[ib]!;
        v = subtract ? v - x * y : v + x * y;
        child[e] = ia;
        partial[e] = sign * y;
        e++;
        const slot = base + ib;
        if (gens[slot] === gen) {
          const node = idx[slot]!;
          if (pool[node]!.v === y) {
            child[e] = node;
            partial[e] = sign * x;
            e++;
          }
        }
      }
    }
    // The activation (activation.ts's rewrite): f(v), the partials times f′(v), the session closed.
    let closed = session;
    if (activation !== ACTIVATION_NONE) {
      let r: number;
      let derivative: number;
      if (activation === ACTIVATION_TANH) {
        r = Math.tanh(v);
        derivative = 1 - r * r;
      } else if (activation === ACTIVATION_EXP) {
        r = Math.exp(v);
        derivative = r;
      } else if (activation === ACTIVATION_LOG) {
        r = Math.log(v);
        derivative = 1 / v;
      } else {
        r = Math.sqrt(v);
        derivative = 0.5 / r;
      }
      for (let m = start; m < e; m++) partial[m] *= derivative;
      v = r;
      closed = 0;
    }
    ends[k + 1] = e;
    sessions[k] = closed;
    const d = pool[k]!;
    d.v = v;
    d.g = gen;
    const io = out0 + outStep * o;
    OUT[io] = v;
    outIdx[outBase + io] = k;
    outGen[outBase + io] = gen;
    // The tape's counts after each output: B's shadow may lead to this node in the next one.
    t.n = k + 1;
    t.e = e;
  }
  t.sessions = session;
}
