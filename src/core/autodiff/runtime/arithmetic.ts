/**
 * The arithmetic operators of transformed code: `a + b` becomes `add(a, b)` and so on. Each
 * takes numbers or Duals; two numbers give the number the operator gives (the fast path),
 * a Dual of the running evaluation records a node. The primal value is always computed by
 * the same JavaScript operation as in the original code, so it is bit-identical.
 *
 * Anything else (strings, bigints, objects, undefined) gets the operator's own semantics;
 * a Dual that meets such a value is converted by JavaScript itself, which the Dual notes as
 * a leak (see dual.ts).
 */
import { Dual } from './dual';
import { constant, edge1, edge2, rec1, rec2, rec3, stale } from './record';
import { state } from './state';
import { tape } from './tape';

// The native fallbacks apply JavaScript's operators to whatever the operands are.
type Any = any;

export function add(a: unknown, b: unknown): unknown {
  const gen = state.gen;
  if (typeof a === 'number') {
    if (typeof b === 'number') return a + b;
    if (b instanceof Dual && b.g === gen) return rec1(a + b.v, b.i, 1);
  } else if (a instanceof Dual && a.g === gen) {
    if (typeof b === 'number') return rec1(a.v + b, a.i, 1);
    if (b instanceof Dual && b.g === gen) return rec2(a.v + b.v, a.i, 1, b.i, 1);
  }
  if (stale(a) || stale(b)) return add(constant(a), constant(b));
  return (a as Any) + (b as Any);
}

export function sub(a: unknown, b: unknown): unknown {
  const gen = state.gen;
  if (typeof a === 'number') {
    if (typeof b === 'number') return a - b;
    if (b instanceof Dual && b.g === gen) return rec1(a - b.v, b.i, -1);
  } else if (a instanceof Dual && a.g === gen) {
    if (typeof b === 'number') return rec1(a.v - b, a.i, 1);
    if (b instanceof Dual && b.g === gen) return rec2(a.v - b.v, a.i, 1, b.i, -1);
  }
  if (stale(a) || stale(b)) return sub(constant(a), constant(b));
  return (a as Any) - (b as Any);
}

export function mul(a: unknown, b: unknown): unknown {
  const gen = state.gen;
  if (typeof a === 'number') {
    if (typeof b === 'number') return a * b;
    if (b instanceof Dual && b.g === gen) return rec1(a * b.v, b.i, a);
  } else if (a instanceof Dual && a.g === gen) {
    if (typeof b === 'number') return rec1(a.v * b, a.i, b);
    if (b instanceof Dual && b.g === gen) {
      const va = a.v;
      const vb = b.v;
      return rec2(va * vb, a.i, vb, b.i, va);
    }
  }
  if (stale(a) || stale(b)) return mul(constant(a), constant(b));
  return (a as Any) * (b as Any);
}

export function div(a: unknown, b: unknown): unknown {
  const gen = state.gen;
  if (typeof a === 'number') {
    if (typeof b === 'number') return a / b;
    if (b instanceof Dual && b.g === gen) {
      const vb = b.v;
      const r = a / vb;
      return rec1(r, b.i, -r / vb);
    }
  } else if (a instanceof Dual && a.g === gen) {
    if (typeof b === 'number') return rec1(a.v / b, a.i, 1 / b);
    if (b instanceof Dual && b.g === gen) {
      const vb = b.v;
      const r = a.v / vb;
      return rec2(r, a.i, 1 / vb, b.i, -r / vb);
    }
  }
  if (stale(a) || stale(b)) return div(constant(a), constant(b));
  return (a as Any) / (b as Any);
}

/**
 * JavaScript's remainder r = a − b·q with q = trunc(a / b): ∂r/∂a = 1, ∂r/∂b = −q (q is
 * recovered from the exact remainder, so it is the integer JavaScript used).
 */
export function mod(a: unknown, b: unknown): unknown {
  const gen = state.gen;
  if (typeof a === 'number') {
    if (typeof b === 'number') return a % b;
    if (b instanceof Dual && b.g === gen) {
      const vb = b.v;
      const r = a % vb;
      return rec1(r, b.i, -quotient(a, vb, r));
    }
  } else if (a instanceof Dual && a.g === gen) {
    if (typeof b === 'number') return rec1(a.v % b, a.i, 1);
    if (b instanceof Dual && b.g === gen) {
      const va = a.v;
      const vb = b.v;
      const r = va % vb;
      return rec2(r, a.i, 1, b.i, -quotient(va, vb, r));
    }
  }
  if (stale(a) || stale(b)) return mod(constant(a), constant(b));
  return (a as Any) % (b as Any);
}

function quotient(a: number, b: number, r: number): number {
  return Math.round((a - r) / b);
}

/**
 * a ** b (and Math.pow). ∂/∂a = b·a^(b−1); ∂/∂b = a^b·ln a, taken as 0 where a = 0 and
 * b ≥ 0 (as PyTorch's pow backward does), so 0 ** x is differentiable in x there.
 */
export function pow(a: unknown, b: unknown): unknown {
  const gen = state.gen;
  if (typeof a === 'number') {
    if (typeof b === 'number') return a ** b;
    if (b instanceof Dual && b.g === gen) {
      const vb = b.v;
      const r = a ** vb;
      return rec1(r, b.i, exponentPartial(a, vb, r));
    }
  } else if (a instanceof Dual && a.g === gen) {
    if (typeof b === 'number') {
      const va = a.v;
      return rec1(va ** b, a.i, basePartial(va, b));
    }
    if (b instanceof Dual && b.g === gen) {
      const va = a.v;
      const vb = b.v;
      const r = va ** vb;
      return rec2(r, a.i, basePartial(va, vb), b.i, exponentPartial(va, vb, r));
    }
  }
  if (stale(a) || stale(b)) return pow(constant(a), constant(b));
  return (a as Any) ** (b as Any);
}

export function basePartial(a: number, b: number): number {
  if (b === 2) return 2 * a;
  if (b === 0) return 0;
  if (b === 1) return 1;
  return b * a ** (b - 1);
}

export function exponentPartial(a: number, b: number, r: number): number {
  return a === 0 && b >= 0 ? 0 : r * Math.log(a);
}

/** z + a·b as one node (the transform fuses `z + a * b` and `z += a * b`). */
export function fma(z: unknown, a: unknown, b: unknown): unknown {
  const gen = state.gen;
  if (typeof z === 'number') {
    if (typeof a === 'number') {
      if (typeof b === 'number') return z + a * b;
      if (b instanceof Dual && b.g === gen) return rec1(z + a * b.v, b.i, a);
    } else if (a instanceof Dual && a.g === gen) {
      if (typeof b === 'number') return rec1(z + a.v * b, a.i, b);
      if (b instanceof Dual && b.g === gen) {
        const va = a.v;
        const vb = b.v;
        return rec2(z + va * vb, a.i, vb, b.i, va);
      }
    }
  } else if (z instanceof Dual && z.g === gen) {
    if (typeof a === 'number') {
      if (typeof b === 'number') return rec1(z.v + a * b, z.i, 1);
      if (b instanceof Dual && b.g === gen) return rec2(z.v + a * b.v, z.i, 1, b.i, a);
    } else if (a instanceof Dual && a.g === gen) {
      if (typeof b === 'number') return rec2(z.v + a.v * b, z.i, 1, a.i, b);
      if (b instanceof Dual && b.g === gen) {
        const va = a.v;
        const vb = b.v;
        return rec3(z.v + va * vb, z.i, 1, a.i, vb, b.i, va);
      }
    }
  }
  return add(z, mul(a, b));
}

/** z − a·b as one node. */
export function fms(z: unknown, a: unknown, b: unknown): unknown {
  const gen = state.gen;
  if (typeof z === 'number') {
    if (typeof a === 'number') {
      if (typeof b === 'number') return z - a * b;
      if (b instanceof Dual && b.g === gen) return rec1(z - a * b.v, b.i, -a);
    } else if (a instanceof Dual && a.g === gen) {
      if (typeof b === 'number') return rec1(z - a.v * b, a.i, -b);
      if (b instanceof Dual && b.g === gen) {
        const va = a.v;
        const vb = b.v;
        return rec2(z - va * vb, a.i, -vb, b.i, -va);
      }
    }
  } else if (z instanceof Dual && z.g === gen) {
    if (typeof a === 'number') {
      if (typeof b === 'number') return rec1(z.v - a * b, z.i, 1);
      if (b instanceof Dual && b.g === gen) return rec2(z.v - a * b.v, z.i, 1, b.i, -a);
    } else if (a instanceof Dual && a.g === gen) {
      if (typeof b === 'number') return rec2(z.v - a.v * b, z.i, 1, a.i, -b);
      if (b instanceof Dual && b.g === gen) {
        const va = a.v;
        const vb = b.v;
        return rec3(z.v - va * vb, z.i, 1, a.i, -vb, b.i, -va);
      }
    }
  }
  return sub(z, mul(a, b));
}

/** a·b + z, for `a * b + z` (operands in source order, so they are evaluated in it). */
export function mulAdd(a: unknown, b: unknown, z: unknown): unknown {
  return fma(z, a, b);
}

export function neg(a: unknown): unknown {
  if (typeof a === 'number') return -a;
  if (a instanceof Dual) return a.g === state.gen ? rec1(-a.v, a.i, -1) : -a.v;
  return -(a as Any);
}

/** Unary plus: ToNumeric, which keeps a Dual as it is. */
export function pos(a: unknown): unknown {
  if (typeof a === 'number' || a instanceof Dual) return a;
  return +(a as Any);
}

/** The new value of `++x` (ToNumeric, then + 1). */
export function inc(a: unknown): unknown {
  if (typeof a === 'number') return a + 1;
  if (a instanceof Dual) return a.g === state.gen ? rec1(a.v + 1, a.i, 1) : a.v + 1;
  let x = a as Any;
  x++;
  return x;
}

/** The new value of `--x`. */
export function dec(a: unknown): unknown {
  if (typeof a === 'number') return a - 1;
  if (a instanceof Dual) return a.g === state.gen ? rec1(a.v - 1, a.i, 1) : a.v - 1;
  let x = a as Any;
  x--;
  return x;
}

/**
 * A new accumulation session: the transform starts one before a loop whose body does
 * `z += a * b` (or `z -= a * b`) to a local variable that nothing else in the loop reads.
 */
export function session(): number {
  return ++tape.sessions;
}

/** Whether z is the node session s made last: of this evaluation and the tape's newest, so it may be extended. */
function extensible(z: unknown, s: number): z is Dual {
  if (!(z instanceof Dual) || z.g !== state.gen) return false;
  const t = tape;
  return z.i === t.n - 1 && t.session[z.i] === s;
}

/**
 * z + a·b inside an accumulation session `s`: when z is the node this session made last (the
 * tape's newest node), the product's edges are added to that node and its value updated in
 * place — one n-ary node for the whole sum instead of a chain of nodes. The transform only
 * emits this where no other code can see the intermediate sums (z is local, not captured, read
 * nowhere else in the loop), and a session never spans two runs of the loop. Small, so that
 * V8 inlines it into the loop; the other cases go through accOther.
 */
export function acc(z: unknown, a: unknown, b: unknown, s: number): unknown {
  if (a instanceof Dual && extensible(z, s)) {
    const k = z.i;
    const gen = state.gen;
    if (a.g === gen) {
      if (typeof b === 'number') {
        edge1(k, a.i, b);
        z.v += a.v * b;
        return z;
      }
      if (b instanceof Dual && b.g === gen) {
        const va = a.v;
        const vb = b.v;
        edge2(k, a.i, vb, b.i, va);
        z.v += va * vb;
        return z;
      }
    }
  }
  return accOther(z, a, b, s, 1);
}

/** z − a·b inside an accumulation session (see acc). */
export function accSub(z: unknown, a: unknown, b: unknown, s: number): unknown {
  if (a instanceof Dual && extensible(z, s)) {
    const k = z.i;
    const gen = state.gen;
    if (a.g === gen) {
      if (typeof b === 'number') {
        edge1(k, a.i, -b);
        z.v -= a.v * b;
        return z;
      }
      if (b instanceof Dual && b.g === gen) {
        const va = a.v;
        const vb = b.v;
        edge2(k, a.i, -vb, b.i, -va);
        z.v -= va * vb;
        return z;
      }
    }
  }
  return accOther(z, a, b, s, -1);
}

/**
 * z + e inside accumulation session s, for a term that is not a product (`z += e`): when z is
 * the session's newest node, e becomes one more edge of it (a number adds to its value).
 */
export function accTerm(z: unknown, e: unknown, s: number): unknown {
  if (extensible(z, s)) {
    if (typeof e === 'number') {
      z.v += e;
      return z;
    }
    if (e instanceof Dual && e.g === state.gen) {
      edge1(z.i, e.i, 1);
      z.v += e.v;
      return z;
    }
  }
  return inSession(add(z, e), s);
}

/**
 * z + e in session s where the transform knows e is a temporary (the value of an operation
 * written right there, like Math.exp(…) or a − b, so nothing else holds its node): when e is
 * the tape's newest node it absorbs z — one more edge, to z, and z's value added — instead of
 * a new node for the sum.
 */
export function accTemp(z: unknown, e: unknown, s: number): unknown {
  if (e instanceof Dual) {
    const t = tape;
    const k = e.i;
    const gen = state.gen;
    if (k === t.n - 1 && e.g === gen) {
      if (typeof z === 'number') {
        e.v = z + e.v;
        t.session[k] = s;
        return e;
      }
      if (z instanceof Dual) {
        if (z.g === gen) edge1(k, z.i, 1);
        e.v = z.v + e.v;
        t.session[k] = s;
        return e;
      }
    }
  }
  return accTerm(z, e, s);
}

/** r, marked as a node of session s when it is a node made just now (the tape's newest). */
function inSession(r: unknown, s: number): unknown {
  const t = tape;
  if (r instanceof Dual && r.g === state.gen && r.i === t.n - 1 && t.session[r.i] !== s) t.session[r.i] = s;
  return r;
}

/**
 * acc and accSub when the fast path does not apply: a number times a Dual (extending the
 * node), or a new node (fma/fms) that this session may extend later. Only a node made here
 * may be extended: z itself (or a, or b) may be seen elsewhere.
 */
function accOther(z: unknown, a: unknown, b: unknown, s: number, sign: 1 | -1): unknown {
  const t = tape;
  const gen = state.gen;
  if (typeof a === 'number' && extensible(z, s)) {
    if (b instanceof Dual && b.g === gen) {
      edge1(z.i, b.i, sign * a);
      z.v += sign * a * b.v;
      return z;
    }
    if (typeof b === 'number') {
      z.v += sign * a * b;
      return z;
    }
  }
  const n0 = t.n;
  const r = sign === 1 ? fma(z, a, b) : fms(z, a, b);
  if (r instanceof Dual && r.i >= n0) t.session[r.i] = s;
  return r;
}
