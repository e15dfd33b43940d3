/**
 * What transformed code asks of values without differentiating them: comparisons, truth,
 * equality and `typeof`. A Dual answers as its primal number would, so every branch the
 * objective takes is the branch it takes on plain numbers (the derivative is that of the
 * branch taken). Without these, a Dual would be a truthy object, never `===` a number and of
 * type "object".
 */
import { Dual } from './dual';

/** The primal value of a Dual; anything else as it is. Bitwise operators and conditions use it. */
export function v(a: unknown): unknown {
  return a instanceof Dual ? a.v : a;
}

/**
 * The values of a and b when both are numbers or Duals, in a typed register: compared there
 * they stay unboxed doubles (`v(a) > v(b)` makes V8 box the Dual's value, an allocation per
 * comparison).
 */
const PAIR = new Float64Array(2);
function numeric(a: unknown, b: unknown): boolean {
  if (typeof a === 'number') PAIR[0] = a;
  else if (a instanceof Dual) PAIR[0] = a.v;
  else return false;
  if (typeof b === 'number') PAIR[1] = b;
  else if (b instanceof Dual) PAIR[1] = b.v;
  else return false;
  return true;
}

export function lt(a: unknown, b: unknown): boolean {
  return numeric(a, b) ? PAIR[0]! < PAIR[1]! : (v(a) as number) < (v(b) as number);
}

export function gt(a: unknown, b: unknown): boolean {
  return numeric(a, b) ? PAIR[0]! > PAIR[1]! : (v(a) as number) > (v(b) as number);
}

export function le(a: unknown, b: unknown): boolean {
  return numeric(a, b) ? PAIR[0]! <= PAIR[1]! : (v(a) as number) <= (v(b) as number);
}

export function ge(a: unknown, b: unknown): boolean {
  return numeric(a, b) ? PAIR[0]! >= PAIR[1]! : (v(a) as number) >= (v(b) as number);
}

/** `a === b` (for two numbers, == and === agree). */
export function seq(a: unknown, b: unknown): boolean {
  return numeric(a, b) ? PAIR[0] === PAIR[1] : v(a) === v(b);
}

/** `a !== b`. */
export function sne(a: unknown, b: unknown): boolean {
  return numeric(a, b) ? PAIR[0] !== PAIR[1] : v(a) !== v(b);
}

/** `a == b`. */
export function leq(a: unknown, b: unknown): boolean {
  return numeric(a, b) ? PAIR[0] === PAIR[1] : v(a) == v(b);
}

/** `a != b`. */
export function lne(a: unknown, b: unknown): boolean {
  return numeric(a, b) ? PAIR[0] !== PAIR[1] : v(a) != v(b);
}

/** Truthiness, as in `if (a)`, `a && b`, `!a`. */
export function t(a: unknown): boolean {
  return a instanceof Dual ? !!a.v : !!a;
}

/** `typeof a`. */
export function typeOf(a: unknown): string {
  return a instanceof Dual ? 'number' : typeof a;
}

/** Object.is(a, b). */
export function objectIs(a: unknown, b: unknown): boolean {
  return Object.is(v(a), v(b));
}

/** Number.isFinite, Number.isNaN, Number.isInteger, Number.isSafeInteger, and the global isNaN/isFinite. */
export const numberTests = {
  isFinite: (a: unknown): boolean => Number.isFinite(v(a)),
  isNaN: (a: unknown): boolean => Number.isNaN(v(a)),
  isInteger: (a: unknown): boolean => Number.isInteger(v(a)),
  isSafeInteger: (a: unknown): boolean => Number.isSafeInteger(v(a)),
  globalIsNaN: (a: unknown): boolean => isNaN(v(a) as number),
  globalIsFinite: (a: unknown): boolean => isFinite(v(a) as number),
};

/** Number(a): a Dual stays itself (it already is a number); anything else is converted. */
export function toNumber(...args: unknown[]): unknown {
  if (args.length === 0) return 0;
  const a = args[0];
  return a instanceof Dual ? a : Number(a);
}

/** Boolean(a). */
export function toBoolean(a: unknown): boolean {
  return t(a);
}
