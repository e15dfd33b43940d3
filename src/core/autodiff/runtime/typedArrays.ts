/**
 * Typed-array constructors and methods when Duals are involved. Natively they would read the
 * numbers and drop the shadow (slice, map, for…of) or convert Duals to numbers (fill, set,
 * new Float64Array([…])); here float arrays go element by element through the shadow, and
 * integer arrays get primal values (their elements are piecewise constant anyway).
 */
import { elements, get, set } from './access';
import { Dual } from './dual';
import { hasLiveEntries, isFloatArray, shadowOf } from './shadow';
import { noteLeak, state } from './state';

type AnyTypedArray = Exclude<ArrayBufferView, DataView> & ArrayLike<number> & Record<number, number>;
type TypedArrayConstructor = new (...args: unknown[]) => AnyTypedArray;

function containsLiveDual(items: ArrayLike<unknown>): boolean {
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (v instanceof Dual && v.g === state.gen) return true;
  }
  return false;
}

/** Values of an array-like or iterable source, Duals kept (a shadowed float array read through its shadow). */
function sourceItems(source: unknown): ArrayLike<unknown> | null {
  if (isFloatArray(source)) return elements(source);
  if (Array.isArray(source) || ArrayBuffer.isView(source)) return source as ArrayLike<unknown>;
  if (source !== null && typeof source === 'object' && Symbol.iterator in source) return Array.from(source as Iterable<unknown>);
  if (source !== null && typeof source === 'object' && 'length' in source) return Array.from(source as ArrayLike<unknown>);
  return null;
}

const primalOf = (v: unknown): unknown => (v instanceof Dual ? v.v : v);

/** new Ctor(...args) for a typed-array constructor. */
export function constructTyped(Ctor: TypedArrayConstructor, args: unknown[]): AnyTypedArray {
  const first = args[0];
  if (first instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && first instanceof SharedArrayBuffer)) {
    const view = new Ctor(...args);
    // A view of a buffer: share the buffer's shadow from the start, whatever view writes first.
    if (isFloatArray(view)) shadowOf(view);
    return view;
  }
  const items = typeof first === 'object' && first !== null ? sourceItems(first) : null;
  if (items === null || !containsLiveDual(items)) {
    if (items !== null && items !== first) return new Ctor(Array.from(items, primalOf), ...args.slice(1));
    return new Ctor(...args.map(primalOf));
  }
  const out = new Ctor(items.length);
  for (let i = 0; i < items.length; i++) set(out, i, items[i]);
  return out;
}

/** Ctor.from(source, mapFn?, thisArg?). */
export function typedFrom(Ctor: TypedArrayConstructor, source: unknown, mapFn?: (v: unknown, k: number) => unknown, thisArg?: unknown): AnyTypedArray {
  const items = sourceItems(source) ?? [];
  const mapped = mapFn === undefined ? items : Array.from(items, (v, k) => mapFn.call(thisArg, v, k));
  const out = new Ctor(mapped.length);
  for (let i = 0; i < mapped.length; i++) set(out, i, mapped[i]);
  return out;
}

/** Ctor.of(...items). */
export function typedOf(Ctor: TypedArrayConstructor, items: unknown[]): AnyTypedArray {
  const out = new Ctor(items.length);
  for (let i = 0; i < items.length; i++) set(out, i, items[i]);
  return out;
}

const typedArrayPrototype = Object.getPrototypeOf(Int8Array.prototype) as Record<string, unknown>;

function relative(index: unknown, length: number, fallback: number): number {
  if (index === undefined) return fallback;
  const n = Math.trunc(Number(primalOf(index))) || 0;
  return n < 0 ? Math.max(length + n, 0) : Math.min(n, length);
}

function sameKind(o: AnyTypedArray, length: number): AnyTypedArray {
  return new (o.constructor as TypedArrayConstructor)(length);
}

/**
 * %TypedArray%.prototype.name called on `self` with `args`, when `self` is a float array with
 * a shadow of this evaluation or an argument is a Dual; null when the native method is fine.
 */
export function typedArrayMethod(name: string, self: AnyTypedArray, args: unknown[]): { value: unknown } | null {
  const float = isFloatArray(self);
  const shadowed = float && hasLiveEntries(self as Float64Array);
  const dualArgs = containsLiveDual(args) || args.some((a) => isFloatArray(a) && hasLiveEntries(a));
  if (!shadowed && !dualArgs) return null;
  const length = self.length;
  const read = (k: number): unknown => get(self, k);
  switch (name) {
    case 'fill': {
      const start = relative(args[1], length, 0);
      const end = relative(args[2], length, length);
      for (let k = start; k < end; k++) set(self, k, args[0]);
      return { value: self };
    }
    case 'set': {
      const items = sourceItems(args[0]) ?? [];
      const offset = relative(args[1], Infinity, 0);
      if (offset + items.length > length) throw new RangeError('offset is out of bounds');
      const copy = Array.from(items);
      for (let i = 0; i < copy.length; i++) set(self, offset + i, copy[i]);
      return { value: undefined };
    }
    case 'indexOf':
    case 'lastIndexOf':
    case 'includes':
      // Elements are compared by value: the primal numbers are what the array holds.
      return { value: (typedArrayPrototype[name] as (...a: unknown[]) => unknown).apply(self, args.map(primalOf)) };
    case 'at': {
      const n = Math.trunc(Number(primalOf(args[0]))) || 0;
      const k = n < 0 ? length + n : n;
      return { value: k >= 0 && k < length ? read(k) : undefined };
    }
    case 'slice': {
      const start = relative(args[0], length, 0);
      const end = relative(args[1], length, length);
      const out = sameKind(self, Math.max(end - start, 0));
      for (let k = start; k < end; k++) set(out, k - start, read(k));
      return { value: out };
    }
    case 'subarray':
      return null;
    case 'map': {
      const [callback, thisArg] = args as [(v: unknown, k: number, a: unknown) => unknown, unknown];
      const out = sameKind(self, length);
      for (let k = 0; k < length; k++) set(out, k, callback.call(thisArg, read(k), k, self));
      return { value: out };
    }
    case 'filter': {
      const [callback, thisArg] = args as [(v: unknown, k: number, a: unknown) => unknown, unknown];
      const kept: unknown[] = [];
      for (let k = 0; k < length; k++) {
        const v = read(k);
        if (truthy(callback.call(thisArg, v, k, self))) kept.push(v);
      }
      const out = sameKind(self, kept.length);
      for (let k = 0; k < kept.length; k++) set(out, k, kept[k]);
      return { value: out };
    }
    case 'forEach':
    case 'some':
    case 'every':
    case 'find':
    case 'findIndex':
    case 'findLast':
    case 'findLastIndex':
    case 'reduce':
    case 'reduceRight':
    case 'join':
    case 'keys':
    case 'values':
    case 'entries':
    case 'toString':
    case 'toLocaleString': {
      // The same method on an array of the elements (Duals included): callbacks see Duals.
      const items = elements(self as Float64Array);
      const method = (Array.prototype as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
      return { value: method.apply(items, args) };
    }
    case 'reverse': {
      const items = elements(self as Float64Array).reverse();
      for (let k = 0; k < length; k++) set(self, k, items[k]);
      return { value: self };
    }
    case 'toReversed': {
      const items = elements(self as Float64Array).reverse();
      const out = sameKind(self, length);
      for (let k = 0; k < length; k++) set(out, k, items[k]);
      return { value: out };
    }
    case 'sort':
    case 'toSorted': {
      const compare = args[0] as ((a: unknown, b: unknown) => unknown) | undefined;
      const items = elements(self as Float64Array).sort((a, b) => {
        if (compare !== undefined) return primalOf(compare(a, b)) as number;
        return numericOrder(primalOf(a) as number, primalOf(b) as number);
      });
      const out = name === 'sort' ? self : sameKind(self, length);
      for (let k = 0; k < length; k++) set(out, k, items[k]);
      return { value: out };
    }
    case 'copyWithin': {
      const target = relative(args[0], length, 0);
      const start = relative(args[1], length, 0);
      const end = relative(args[2], length, length);
      const items = elements(self as Float64Array).slice(start, end);
      for (let i = 0; i < items.length && target + i < length; i++) set(self, target + i, items[i]);
      return { value: self };
    }
    default:
      noteLeak('unsupported', { id: 'leakTypedArrayMethod', args: [self.constructor.name, name] });
      return null;
  }
}

/** The typed arrays' default order: ascending, −0 before +0, NaN last. */
function numericOrder(x: number, y: number): number {
  if (x !== x) return y !== y ? 0 : 1;
  if (y !== y) return -1;
  if (x < y) return -1;
  if (x > y) return 1;
  return Object.is(x, -0) && Object.is(y, 0) ? -1 : Object.is(x, 0) && Object.is(y, -0) ? 1 : 0;
}

function truthy(v: unknown): boolean {
  return v instanceof Dual ? !!v.v : !!v;
}
