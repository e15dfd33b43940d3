/**
 * The runtime of transformed code: the one object transformed modules reach as
 * `__lrad` (the worker passes it to the evaluated bundle). Its members are what the transform
 * emits calls to; `s` is the shared state whose `on` chooses a function's recording body.
 */
import * as access from './access';
import * as activation from './activation';
import * as adjoint from './adjoint';
import * as arithmetic from './arithmetic';
import * as calls from './calls';
import * as dot from './dot';
import * as logic from './logic';
import * as math from './math';
import { pin } from './pin';
import { state } from './state';

export const runtime = {
  s: state,
  // arithmetic
  add: arithmetic.add,
  sub: arithmetic.sub,
  mul: arithmetic.mul,
  div: arithmetic.div,
  mod: arithmetic.mod,
  pow: arithmetic.pow,
  fma: arithmetic.fma,
  fms: arithmetic.fms,
  mulAdd: arithmetic.mulAdd,
  session: arithmetic.session,
  acc: arithmetic.acc,
  accSub: arithmetic.accSub,
  accTerm: arithmetic.accTerm,
  accTemp: arithmetic.accTemp,
  dot: dot.dot,
  int: dot.int,
  neg: arithmetic.neg,
  pos: arithmetic.pos,
  inc: arithmetic.inc,
  dec: arithmetic.dec,
  // comparisons, truth, identity
  v: logic.v,
  lt: logic.lt,
  gt: logic.gt,
  le: logic.le,
  ge: logic.ge,
  seq: logic.seq,
  sne: logic.sne,
  leq: logic.leq,
  lne: logic.lne,
  t: logic.t,
  typeOf: logic.typeOf,
  objectIs: logic.objectIs,
  toNumber: logic.toNumber,
  toBoolean: logic.toBoolean,
  isFinite: logic.numberTests.isFinite,
  isNaN: logic.numberTests.isNaN,
  isInteger: logic.numberTests.isInteger,
  isSafeInteger: logic.numberTests.isSafeInteger,
  globalIsNaN: logic.numberTests.globalIsNaN,
  globalIsFinite: logic.numberTests.globalIsFinite,
  // Math
  exp: math.exp,
  expm1: math.expm1,
  log: math.log,
  log1p: math.log1p,
  log2: math.log2,
  log10: math.log10,
  sqrt: math.sqrt,
  cbrt: math.cbrt,
  sin: math.sin,
  cos: math.cos,
  tan: math.tan,
  tanh: math.tanh,
  sinh: math.sinh,
  cosh: math.cosh,
  asin: math.asin,
  acos: math.acos,
  atan: math.atan,
  asinh: math.asinh,
  acosh: math.acosh,
  atanh: math.atanh,
  abs: math.abs,
  fround: math.fround,
  sign: math.sign,
  floor: math.floor,
  ceil: math.ceil,
  round: math.round,
  trunc: math.trunc,
  clz32: math.clz32,
  imul: math.imul,
  atan2: math.atan2,
  random: math.random,
  max2: math.max2,
  min2: math.min2,
  max: math.max,
  min: math.min,
  hypot: math.hypot,
  // activations rewriting their argument's node in place (activation.ts)
  tanhInPlace: activation.tanhInPlace,
  expInPlace: activation.expInPlace,
  logInPlace: activation.logInPlace,
  sqrtInPlace: activation.sqrtInPlace,
  expDiff: activation.expDiff,
  // elements, storage, strings
  get: access.get,
  set: access.set,
  iter: access.iter,
  touch: access.touch,
  str: access.str,
  strQuiet: access.strQuiet,
  pin,
  // functions and calls
  fn: calls.fn,
  markClass: calls.markClass,
  markObject: calls.markObject,
  call0: calls.call0,
  call1: calls.call1,
  call2: calls.call2,
  call3: calls.call3,
  callN: calls.callN,
  construct: calls.construct,
  // generated adjoints (transform/adjoint)
  setAdjoint: adjoint.setAdjoint,
  adjointAbort: adjoint.adjointAbort,
  adjointZeros: adjoint.adjointZeros,
  selectPartial: adjoint.selectPartial,
  powBase: arithmetic.basePartial,
  powExponent: arithmetic.exponentPartial,
};

export type Runtime = typeof runtime;

/** Names of the Math functions the runtime replaces (the transform maps `Math.name(…)` to `__lrad.name(…)`). */
export const MATH_FUNCTIONS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Math).filter((name) => typeof (Math as unknown as Record<string, unknown>)[name] === 'function'));

export { GradientRecorder, type RecordedGradient } from './evaluate';
export { isTransformed } from './calls';
export { adjointAbort, adjointOf, type AdjointEntry } from './adjoint';
export type { Leak, LeakKind } from './state';
export { Dual } from './dual';
