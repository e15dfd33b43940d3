/**
 * Math.* for transformed code. Each function's value is Math's own; the partial derivative
 * is recorded when the argument is a Dual of the running evaluation. Piecewise-constant
 * functions (sign, floor, ceil, round, trunc, clz32, imul) return plain numbers: their
 * derivative is 0 wherever it exists. max and min pass the derivative to the argument they
 * select, split evenly between tied arguments (as PyTorch's maximum/minimum); hypot's is
 * xᵢ/r (0 at the origin).
 *
 * Generated shape, written out per function so that V8 specializes each one.
 */
import { Dual } from './dual';
import { rec1, rec2, recN } from './record';
import { noteLeak, state } from './state';

/** The argument of a Math function as Math would see it: a Dual of an earlier evaluation is its value. */
function arg(a: unknown): number {
  return (a instanceof Dual ? a.v : a) as number;
}

/** Math.exp; derivative e^x. */
export function exp(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.exp(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.exp(x);
    return rec1(r, a.i, r);
  }
  return Math.exp(arg(a));
}

/** Math.expm1; derivative e^x. */
export function expm1(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.expm1(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.expm1(x);
    return rec1(r, a.i, r + 1);
  }
  return Math.expm1(arg(a));
}

/** Math.log; derivative 1/x. */
export function log(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.log(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.log(x);
    return rec1(r, a.i, 1 / x);
  }
  return Math.log(arg(a));
}

/** Math.log1p; derivative 1/(1 + x). */
export function log1p(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.log1p(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.log1p(x);
    return rec1(r, a.i, 1 / (1 + x));
  }
  return Math.log1p(arg(a));
}

/** Math.log2; derivative 1/(x ln 2). */
export function log2(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.log2(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.log2(x);
    return rec1(r, a.i, 1 / (x * Math.LN2));
  }
  return Math.log2(arg(a));
}

/** Math.log10; derivative 1/(x ln 10). */
export function log10(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.log10(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.log10(x);
    return rec1(r, a.i, 1 / (x * Math.LN10));
  }
  return Math.log10(arg(a));
}

/** Math.sqrt; derivative 1/(2√x): +∞ at 0, as PyTorch. */
export function sqrt(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.sqrt(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.sqrt(x);
    return rec1(r, a.i, 0.5 / r);
  }
  return Math.sqrt(arg(a));
}

/** Math.cbrt; derivative 1/(3 ∛x²). */
export function cbrt(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.cbrt(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.cbrt(x);
    return rec1(r, a.i, 1 / (3 * r * r));
  }
  return Math.cbrt(arg(a));
}

/** Math.sin; derivative cos x. */
export function sin(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.sin(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.sin(x);
    return rec1(r, a.i, Math.cos(x));
  }
  return Math.sin(arg(a));
}

/** Math.cos; derivative −sin x. */
export function cos(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.cos(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.cos(x);
    return rec1(r, a.i, -Math.sin(x));
  }
  return Math.cos(arg(a));
}

/** Math.tan; derivative 1 + tan²x. */
export function tan(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.tan(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.tan(x);
    return rec1(r, a.i, 1 + r * r);
  }
  return Math.tan(arg(a));
}

/** Math.tanh; derivative 1 − tanh²x. */
export function tanh(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.tanh(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.tanh(x);
    return rec1(r, a.i, 1 - r * r);
  }
  return Math.tanh(arg(a));
}

/** Math.sinh; derivative cosh x. */
export function sinh(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.sinh(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.sinh(x);
    return rec1(r, a.i, Math.cosh(x));
  }
  return Math.sinh(arg(a));
}

/** Math.cosh; derivative sinh x. */
export function cosh(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.cosh(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.cosh(x);
    return rec1(r, a.i, Math.sinh(x));
  }
  return Math.cosh(arg(a));
}

/** Math.asin; derivative 1/√(1 − x²). */
export function asin(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.asin(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.asin(x);
    return rec1(r, a.i, 1 / Math.sqrt(1 - x * x));
  }
  return Math.asin(arg(a));
}

/** Math.acos; derivative −1/√(1 − x²). */
export function acos(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.acos(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.acos(x);
    return rec1(r, a.i, -1 / Math.sqrt(1 - x * x));
  }
  return Math.acos(arg(a));
}

/** Math.atan; derivative 1/(1 + x²). */
export function atan(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.atan(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.atan(x);
    return rec1(r, a.i, 1 / (1 + x * x));
  }
  return Math.atan(arg(a));
}

/** Math.asinh; derivative 1/√(x² + 1). */
export function asinh(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.asinh(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.asinh(x);
    return rec1(r, a.i, 1 / Math.sqrt(x * x + 1));
  }
  return Math.asinh(arg(a));
}

/** Math.acosh; derivative 1/√(x² − 1). */
export function acosh(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.acosh(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.acosh(x);
    return rec1(r, a.i, 1 / Math.sqrt(x * x - 1));
  }
  return Math.acosh(arg(a));
}

/** Math.atanh; derivative 1/(1 − x²). */
export function atanh(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.atanh(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.atanh(x);
    return rec1(r, a.i, 1 / (1 - x * x));
  }
  return Math.atanh(arg(a));
}

/** Math.abs; derivative sign x, 0 at 0 (as PyTorch). */
export function abs(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.abs(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.abs(x);
    return rec1(r, a.i, x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN);
  }
  return Math.abs(arg(a));
}

/** Math.fround; derivative 1 (rounding to float32 passes the derivative through). */
export function fround(a: unknown): number | Dual {
  if (typeof a === 'number') return Math.fround(a);
  if (a instanceof Dual && a.g === state.gen) {
    const x = a.v;
    const r = Math.fround(x);
    return rec1(r, a.i, 1);
  }
  return Math.fround(arg(a));
}

/** Math.sign: piecewise constant, a plain number. */
export function sign(a: unknown): number {
  return Math.sign(arg(a));
}

/** Math.floor: piecewise constant, a plain number. */
export function floor(a: unknown): number {
  return Math.floor(arg(a));
}

/** Math.ceil: piecewise constant, a plain number. */
export function ceil(a: unknown): number {
  return Math.ceil(arg(a));
}

/** Math.round: piecewise constant, a plain number. */
export function round(a: unknown): number {
  return Math.round(arg(a));
}

/** Math.trunc: piecewise constant, a plain number. */
export function trunc(a: unknown): number {
  return Math.trunc(arg(a));
}

/** Math.clz32: an integer, a plain number. */
export function clz32(a: unknown): number {
  return Math.clz32(arg(a));
}

/** Math.imul: an integer, a plain number. */
export function imul(a: unknown, b: unknown): number {
  return Math.imul(arg(a), arg(b));
}

/** Math.atan2(y, x): ∂/∂y = x/(x² + y²), ∂/∂x = −y/(x² + y²). */
export function atan2(y: unknown, x: unknown): number | Dual {
  const gen = state.gen;
  const ly = y instanceof Dual && y.g === gen;
  const lx = x instanceof Dual && x.g === gen;
  const vy = arg(y);
  const vx = arg(x);
  const r = Math.atan2(vy, vx);
  if (!ly && !lx) return r;
  const s = vx * vx + vy * vy;
  if (ly && lx) return rec2(r, (y as Dual).i, vx / s, (x as Dual).i, -vy / s);
  if (ly) return rec1(r, (y as Dual).i, vx / s);
  return rec1(r, (x as Dual).i, -vy / s);
}

/** Math.pow is the ** operator. */
export { pow } from './arithmetic';

/** Math.random: the objective is random, so the exact gradient does not apply. */
export function random(): number {
  noteLeak('random', { id: 'leakRandom', args: [] });
  return Math.random();
}

const scratchChildren: number[] = [];
const scratchPartials: number[] = [];

/** Math.max of two values (the common case, without a rest array). */
export function max2(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return Math.max(a, b);
  return select(Math.max(arg(a), arg(b)), a, b);
}

/** Math.min of two values. */
export function min2(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return Math.min(a, b);
  return select(Math.min(arg(a), arg(b)), a, b);
}

/**
 * The result r of max/min of a and b: the derivative goes to the operand that is r, split
 * evenly when both are (PyTorch's maximum/minimum backward), so max(z, 0) at z = 0 has
 * derivative ½ and a smooth function written with such pieces keeps its true derivative.
 */
function select(r: number, a: unknown, b: unknown): unknown {
  if (r !== r) return r;
  const gen = state.gen;
  const la = a instanceof Dual && a.g === gen && a.v === r;
  const lb = b instanceof Dual && b.g === gen && b.v === r;
  const tie = arg(a) === r && arg(b) === r;
  if (!tie) {
    if (la) return sameValue(a as Dual, r) ? a : rec1(r, (a as Dual).i, 1);
    if (lb) return sameValue(b as Dual, r) ? b : rec1(r, (b as Dual).i, 1);
    return r;
  }
  if (la && lb) return rec2(r, (a as Dual).i, 0.5, (b as Dual).i, 0.5);
  if (la) return rec1(r, (a as Dual).i, 0.5);
  if (lb) return rec1(r, (b as Dual).i, 0.5);
  return r;
}

function sameValue(d: Dual, r: number): boolean {
  return Object.is(d.v, r);
}

/** Math.max(...values). */
export function max(...values: unknown[]): unknown {
  let r = -Infinity;
  for (let i = 0; i < values.length; i++) r = Math.max(r, arg(values[i]));
  return selectMany(r, values);
}

/** Math.min(...values). */
export function min(...values: unknown[]): unknown {
  let r = Infinity;
  for (let i = 0; i < values.length; i++) r = Math.min(r, arg(values[i]));
  return selectMany(r, values);
}

/** As `select`, over any number of operands: the ones equal to r share the derivative. */
function selectMany(r: number, values: unknown[]): unknown {
  if (r !== r) return r;
  const gen = state.gen;
  let ties = 0;
  let live = 0;
  for (let i = 0; i < values.length; i++) {
    const a = values[i];
    if (arg(a) !== r) continue;
    ties++;
    if (a instanceof Dual && a.g === gen) scratchChildren[live++] = a.i;
  }
  if (live === 0) return r;
  if (ties === 1) {
    const only = values.find((a) => a instanceof Dual && a.g === gen && a.v === r) as Dual;
    return sameValue(only, r) ? only : rec1(r, only.i, 1);
  }
  for (let k = 0; k < live; k++) scratchPartials[k] = 1 / ties;
  return recN(r, scratchChildren, scratchPartials, live);
}

/** Math.hypot(...values): ∂/∂xᵢ = xᵢ / r (0 when r is 0). */
export function hypot(...values: unknown[]): number | Dual {
  const gen = state.gen;
  const xs = values.map(arg);
  const r = Math.hypot(...xs);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const a = values[i];
    if (a instanceof Dual && a.g === gen) {
      scratchChildren[count] = a.i;
      scratchPartials[count] = r === 0 || r === Infinity ? 0 : xs[i]! / r;
      count++;
    }
  }
  return count === 0 ? r : recN(r, scratchChildren, scratchPartials, count);
}
