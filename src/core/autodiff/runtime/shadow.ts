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
 * what the fast path of an element read looks for. Other views of a buffer that has a shadow —
 * an integer typed array, a DataView, a float view of the other size, a view made by code
 * without the transform — see a node's bytes without its shadow: `liveBytes` tells what they
 * touch, and bufferViews.ts turns that into the node, a constant or a leak.
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
  /** The buffer's shadow for this element size (its `mixed` flag is read on every miss). */
  readonly shared: SharedShadow;
}

/** A buffer's shadow for one element size: node slot and generation per element. */
export interface SharedShadow {
  readonly idx: Int32Array;
  readonly gen: Int32Array;
  /** The whole buffer as elements of this size: what each entry's node must still equal. */
  readonly elements: Float64Array | Float32Array;
  /** True once the buffer also has a shadow of the other size (a Float32Array and a Float64Array view of it). */
  mixed: boolean;
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
  const buffer = o.buffer;
  let shared = sharedShadow(buffer, bytes);
  if (shared === undefined) {
    const length = Math.floor(buffer.byteLength / bytes);
    const elements = bytes === 8 ? new Float64Array(buffer, 0, length) : new Float32Array(buffer, 0, length);
    shared = { idx: new Int32Array(length), gen: new Int32Array(length), elements, mixed: false };
    (buffer as unknown as Record<symbol, SharedShadow>)[bytes === 8 ? BUFFER_SHADOW_64 : BUFFER_SHADOW_32] = shared;
    state.shadowedBuffers++;
    const other = sharedShadow(buffer, bytes === 8 ? 4 : 8);
    if (other !== undefined) shared.mixed = other.mixed = true;
  }
  const shadow: Shadow = { idx: shared.idx, gen: shared.gen, base: o.byteOffset / bytes, bytes, shared };
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
  // Float32 and Float64 views of one buffer: each element read checks the other size's entries too.
  if (s.shared.mixed) return mixedRead(s, o, k);
  const slot = s.base + k;
  if (s.gen[slot] === state.gen) {
    const d = tape.pool[s.idx[slot]!]!;
    if (d.v === o[k]) return d;
  }
  // Read again rather than kept from above: a double that may be returned is boxed where it is
  // read, also when the node is returned instead (an element of a typed array reads the same twice).
  return o[k];
}

/** shadowRead where the buffer has shadows of both sizes: bytes of a node of the other size are a leak. */
function mixedRead(s: Shadow, o: ArrayLike<number>, k: number): unknown {
  if (!(Number.isInteger(k) && k >= 0 && k < o.length)) return o[k];
  return readBytes((o as unknown as ArrayBufferView).buffer, (s.base + k) * s.bytes, s.bytes, true, o[k], (o as object).constructor.name);
}

/**
 * A read of `size` bytes at `from` of `buffer` whose value is `value` (through `what`, for the
 * leak's sentence): the node when they are exactly one node's element read as its float type
 * (`asFloat`) with its value, `value` when they hold no node's bytes, else `value` and a leak.
 */
export function readBytes(buffer: ArrayBufferLike, from: number, size: number, asFloat: boolean, value: unknown, what: string): unknown {
  const touched = liveBytes(buffer, from, from + size, asFloat ? size : 0);
  if (touched instanceof Dual) {
    if (touched.v === value) return touched;
  } else if (touched === NO_NODE) return value;
  noteLeak('unsupported', { id: 'leakReadsBytes', args: [what] });
  return value;
}

/** What bytes [from, to) hold of this evaluation's nodes: none of them … */
export const NO_NODE = 0;
/** … only whole nodes (a store of a number over them writes constants) … */
export const WHOLE_NODES = 1;
/** … or part of a node. */
export const PART_OF_A_NODE = 2;

/**
 * The nodes of this evaluation (shadow entries that still hold their node's value) whose bytes
 * overlap bytes [from, to) of `buffer`: the node itself when exactly one element of `size`
 * bytes (8 or 4; 0 for none) lies there and nothing else overlaps, else NO_NODE, WHOLE_NODES
 * or PART_OF_A_NODE.
 */
export function liveBytes(buffer: ArrayBufferLike, from: number, to: number, size: number): Dual | number {
  let found = NO_NODE;
  let exact: Dual | null = null;
  for (const bytes of ELEMENT_SIZES) {
    const shared = sharedShadow(buffer, bytes);
    if (shared === undefined) continue;
    const last = Math.min(Math.ceil(to / bytes), shared.gen.length);
    for (let e = Math.floor(from / bytes); e < last; e++) {
      const d = liveNode(shared, e);
      if (d === null) continue;
      const start = e * bytes;
      if (start === from && start + bytes === to && bytes === size && exact === null && found === NO_NODE) {
        exact = d;
        continue;
      }
      if (start < from || start + bytes > to) return PART_OF_A_NODE;
      found = WHOLE_NODES;
    }
  }
  if (exact !== null) return found === NO_NODE ? exact : PART_OF_A_NODE;
  return found;
}

/** Forget every entry whose bytes lie inside bytes [from, to) of `buffer` (numbers were stored over them). */
export function clearBytes(buffer: ArrayBufferLike, from: number, to: number): void {
  for (const bytes of ELEMENT_SIZES) {
    const shared = sharedShadow(buffer, bytes);
    if (shared === undefined) continue;
    const last = Math.min(Math.floor(to / bytes), shared.gen.length);
    for (let e = Math.ceil(from / bytes); e < last; e++) shared.gen[e] = 0;
  }
}

/** Whether `buffer` has a shadow (a float view of it once held a node). */
export function hasShadow(buffer: ArrayBufferLike): boolean {
  return sharedShadow(buffer, 8) !== undefined || sharedShadow(buffer, 4) !== undefined;
}

/** The element sizes a buffer may have a shadow for (Float64Array's, Float32Array's). */
const ELEMENT_SIZES = [8, 4] as const;

/** `buffer`'s shadow for elements of `bytes` bytes, if a float view of that size ever held a node. */
function sharedShadow(buffer: ArrayBufferLike, bytes: number): SharedShadow | undefined {
  return (buffer as unknown as Record<symbol, SharedShadow | undefined>)[bytes === 8 ? BUFFER_SHADOW_64 : BUFFER_SHADOW_32];
}

/** Entry e's node when it is of this evaluation and the buffer still holds its value. */
function liveNode(shared: SharedShadow, e: number): Dual | null {
  if (shared.gen[e] !== state.gen) return null;
  const d = tape.pool[shared.idx[e]!]!;
  return d.v === shared.elements[e] ? d : null;
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

/** True when float array `o` has a shadow entry of the running evaluation (or, seen through another view of its buffer, a node's bytes). */
export function hasLiveEntries(o: FloatArray): boolean {
  const s = (o as unknown as Record<symbol, Shadow | undefined>)[SHADOW];
  if (s === undefined || s.shared.mixed) return viewTouchesNodes(o);
  const gen = state.gen;
  for (let k = 0; k < o.length; k++) if (s.gen[s.base + k] === gen) return true;
  return false;
}

/** True when the bytes of view `o` (any typed array or DataView) hold part of a node of this evaluation. */
export function viewTouchesNodes(o: ArrayBufferView): boolean {
  if (state.shadowedBuffers === 0 || !hasShadow(o.buffer)) return false;
  return liveBytes(o.buffer, o.byteOffset, o.byteOffset + o.byteLength, 0) !== NO_NODE;
}
