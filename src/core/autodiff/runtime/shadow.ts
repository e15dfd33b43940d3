/**
 * Typed arrays hold numbers, not Duals. A Dual stored into a Float64Array or Float32Array
 * writes its primal value into the array (so code without the transform reads the right
 * number) and its node into the array's shadow: two Int32Arrays beside the buffer, the node's
 * slot and the generation that wrote it. A read sees the node when the shadow entry is of the
 * running evaluation and the array still holds that node's value (a native method that
 * overwrote the element leaves a plain number, which is then a constant).
 *
 * Shadows belong to the buffer (per element size), so views of one buffer share them; each
 * view caches its own entry point (`base` = its offset in elements) under a symbol, which is
 * what the fast path of an element read looks for.
 */
import { Dual } from './dual';
import { rec1 } from './record';
import { noteLeak, state } from './state';
import { tape } from './tape';

export interface Shadow {
  readonly idx: Int32Array;
  readonly gen: Int32Array;
  /** The view's first element, in elements of the buffer. */
  readonly base: number;
  /** 4 (Float32Array) or 8 (Float64Array). */
  readonly bytes: number;
}

interface SharedShadow {
  readonly idx: Int32Array;
  readonly gen: Int32Array;
}

export const SHADOW = Symbol('lrlab.shadow');
const BUFFER_SHADOW_64 = Symbol('lrlab.shadow64');
const BUFFER_SHADOW_32 = Symbol('lrlab.shadow32');

type FloatArray = Float64Array | Float32Array;

export function isFloatArray(o: unknown): o is FloatArray {
  return o instanceof Float64Array || o instanceof Float32Array;
}

/** The shadow of float array `o`, created (for its whole buffer) on first use. */
export function shadowOf(o: FloatArray): Shadow | null {
  const existing = (o as unknown as Record<symbol, Shadow | undefined>)[SHADOW];
  if (existing !== undefined) return existing;
  const bytes = o.BYTES_PER_ELEMENT;
  const buffer = o.buffer as unknown as Record<symbol, SharedShadow | undefined> & ArrayBufferLike;
  const key = bytes === 8 ? BUFFER_SHADOW_64 : BUFFER_SHADOW_32;
  let shared = buffer[key];
  if (shared === undefined) {
    const length = Math.floor(buffer.byteLength / bytes);
    shared = { idx: new Int32Array(length), gen: new Int32Array(length) };
    buffer[key] = shared;
  }
  const shadow: Shadow = { idx: shared.idx, gen: shared.gen, base: o.byteOffset / bytes, bytes };
  try {
    Object.defineProperty(o, SHADOW, { value: shadow, writable: false, enumerable: false, configurable: true });
  } catch {
    noteLeak('unsupported', { id: 'leakTypedArray', args: [] });
    return null;
  }
  return shadow;
}

/**
 * Element k of shadowed array o: its node when the shadow has one of this evaluation and the
 * array still holds the node's value, else the number. (The element is read here rather
 * than passed in: a double argument of a call V8 does not inline would be boxed.)
 */
export function shadowRead(s: Shadow, o: ArrayLike<number>, k: number): unknown {
  const slot = s.base + k;
  if (s.gen[slot] === state.gen) {
    const d = tape.pool[s.idx[slot]!]!;
    if (d.v === o[k]) return d;
  }
  // Read again rather than kept from above: a double that may be returned is boxed where it is
  // read, also when the node is returned instead (an element of a typed array reads the same twice).
  return o[k];
}

/** Forget element k of a shadowed array of `length` elements (a plain number was stored there). */
export function shadowClear(s: Shadow, k: number, length: number): void {
  // Out of range, the store does nothing; the slot may belong to another view of the buffer.
  if (k >= 0 && k < length && Number.isInteger(k)) s.gen[s.base + k] = 0;
}

/** o[k] = d for a float array and a Dual; returns d (the value of the assignment). */
export function storeDual(o: FloatArray, k: number, d: Dual): Dual {
  if (!(d.g === state.gen) || !(Number.isInteger(k) && k >= 0 && k < o.length)) {
    // A constant, or an index the array ignores: the store is what it would be for the number.
    const s = (o as unknown as Record<symbol, Shadow | undefined>)[SHADOW];
    if (s !== undefined) shadowClear(s, k, o.length);
    o[k] = d.v;
    return d;
  }
  const s = shadowOf(o);
  let node = d;
  if (s !== null && s.bytes === 4) {
    // A Float32Array rounds the value; the rounded value is a node whose derivative is 1.
    const rounded = Math.fround(d.v);
    if (!Object.is(rounded, d.v)) node = rec1(rounded, d.i, 1);
  }
  o[k] = node.v;
  if (s !== null) {
    const slot = s.base + k;
    s.idx[slot] = node.i;
    s.gen[slot] = state.gen;
  }
  return d;
}

/** True when float array `o` has a shadow entry of the running evaluation. */
export function hasLiveEntries(o: FloatArray): boolean {
  const s = (o as unknown as Record<symbol, Shadow | undefined>)[SHADOW];
  if (s === undefined) return false;
  const gen = state.gen;
  for (let k = 0; k < o.length; k++) if (s.gen[s.base + k] === gen) return true;
  return false;
}
