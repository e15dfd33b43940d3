/**
 * Element reads and writes of transformed code (`o[k]`, `o[k] = v`), iteration, and the
 * places a value turns into a string. Plain arrays and objects hold Duals as they are; float
 * typed arrays keep them in their shadow (shadow.ts). A Dual used as an index or key is a
 * leak: the index is piecewise constant, but a parameter-dependent choice of element is
 * something LR Lab does not follow.
 */
import type { EngineText } from '../../../shared/engineText';
import { Dual } from './dual';
import { pin } from './pin';
import { aliasesNodes, viewRead, viewWrite } from './bufferViews';
import { isFloatArray, SHADOW, shadowClear, shadowRead, storeDual, type Shadow } from './shadow';
import { noteLeak, state } from './state';
import { tape } from './tape';

type Indexable = Record<PropertyKey, unknown>;

const INDEX_LEAK = { id: 'leakIndex', args: [] } as const satisfies EngineText;

/**
 * o[k]. Only float typed arrays have a shadow (never a plain array); such an array's element is
 * read by shadowRead itself, as a double: read here into a value that may also be a Dual, V8
 * would box it (an allocation per read).
 */
export function get(o: unknown, k: unknown): unknown {
  if (typeof k === 'number') {
    if (Array.isArray(o)) return o[k] as unknown;
    const s = (o as Record<symbol, Shadow | undefined>)[SHADOW];
    if (s !== undefined) return shadowRead(s, o as ArrayLike<number>, k);
    if (aliasesNodes(o)) return viewRead(o, k);
    return (o as Indexable)[k];
  }
  return getByKey(o, k);
}

function getByKey(o: unknown, k: unknown): unknown {
  if (k instanceof Dual) {
    if (k.g === state.gen) noteLeak('index', INDEX_LEAK);
    return (o as Indexable)[k.v];
  }
  return (o as Indexable)[k as PropertyKey];
}

/** o[k] = value; returns value. */
export function set(o: unknown, k: unknown, value: unknown): unknown {
  if (o === tape.leaves) tape.leavesIntact = false;
  if (typeof k === 'number') {
    if (typeof value === 'number') {
      const s = (o as Record<symbol, Shadow | undefined>)[SHADOW];
      if (s !== undefined && !s.shared.mixed) shadowClear(s, k, (o as ArrayLike<unknown>).length);
      else if (aliasesNodes(o)) {
        viewWrite(o, k, value);
        return value;
      }
      (o as Indexable)[k] = value;
      return value;
    }
    // The common store of a node into a Float64Array that already has its shadow, inline.
    if (value instanceof Dual && value.g === state.gen) {
      const s = (o as Record<symbol, Shadow | undefined>)[SHADOW];
      if (s !== undefined && s.bytes === 8 && k >= 0 && k < (o as ArrayLike<number>).length && (k | 0) === k) {
        (o as Indexable)[k] = value.v;
        const slot = s.base + k;
        s.idx[slot] = value.i;
        s.gen[slot] = value.g;
        return value;
      }
    }
    return setOther(o, k, value);
  }
  if (k instanceof Dual) {
    if (k.g === state.gen) noteLeak('index', INDEX_LEAK);
    return set(o, k.v, value);
  }
  (o as Indexable)[k as PropertyKey] = pin(value);
  return value;
}

function setOther(o: unknown, k: number, value: unknown): unknown {
  if (value instanceof Dual) {
    if (isFloatArray(o)) return storeDual(o, k, value);
    // An integer typed array truncates: the stored number is piecewise constant in the value.
    if (ArrayBuffer.isView(o)) {
      if (aliasesNodes(o)) viewWrite(o, k, value.v);
      else (o as unknown as Indexable)[k] = value.v;
      return value;
    }
  } else if (isFloatArray(o) && (o as unknown as Record<symbol, Shadow | undefined>)[SHADOW]?.shared.mixed === false) {
    shadowClear((o as unknown as Record<symbol, Shadow>)[SHADOW], k, o.length);
  } else if (aliasesNodes(o)) {
    // A bigint into a BigInt64Array, say: the bytes it covers hold a constant now.
    viewWrite(o, k, value);
    return value;
  }
  (o as Indexable)[k] = pin(value);
  return value;
}

/**
 * Called by transformed code right before a write the transform leaves to plain JavaScript
 * that may reach an array's elements (a destructuring assignment, `o.length = n`, `o['0'] = v`,
 * `delete`, a for…of/for…in head): the objective's x is no longer taken on trust.
 */
export function touch(): void {
  tape.leavesIntact = false;
}

/**
 * What for…of, spread and array destructuring iterate: a float typed array with a shadow is
 * read element by element (so its Duals come out), anything else is iterated as it is.
 */
export function iter<T>(iterable: T): T | unknown[] {
  if (isFloatArray(iterable) && (iterable as unknown as Record<symbol, unknown>)[SHADOW] !== undefined) return elements(iterable);
  return iterable;
}

/** The elements of a float array as an array (Duals where the shadow has them). */
export function elements(o: Float64Array | Float32Array): unknown[] {
  const out = new Array<unknown>(o.length);
  for (let k = 0; k < o.length; k++) out[k] = get(o, k);
  return out;
}

/** A value in a template literal: a Dual becomes its text (a leak unless `quiet`, i.e. an argument of console.*). */
export function str(value: unknown): unknown {
  if (value instanceof Dual) {
    if (value.g === state.gen) noteLeak('string', { id: 'leakToString', args: [] });
    return value.v;
  }
  return value;
}

/** A template literal inside console.log and friends: printing is not a leak. */
export function strQuiet(value: unknown): unknown {
  return value instanceof Dual ? value.v : value;
}
