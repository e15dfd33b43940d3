/**
 * Calls from transformed code whose callee the transform could not resolve to a function of
 * the same file: `obj.method(a)`, a parameter `cb(a)`, an imported function, `new C(a)`.
 *
 * Functions the transform produced carry a mark (`fn`, `markClass`, `markObject`), so a call
 * to one of them goes straight through. Built-in functions are looked up in a table by
 * identity: Math's are replaced by their differentiating versions (also when called through
 * an alias or `.call`), container methods that store values pin them, identity comparisons
 * compare primal values, typed arrays go through their shadow. Any other function is code LR
 * Lab cannot see into (an npm package, a Node module, a file without the transform): passing
 * it a value that depends on the parameters is a leak.
 */
import { get } from './access';
import { Dual } from './dual';
import * as logic from './logic';
import * as math from './math';
import { pin } from './pin';
import { bytesHoldNodesUnseen, dataViewHandlers } from './bufferViews';
import { hasLiveEntries, isFloatArray, shadowOf } from './shadow';
import { noteLeak, state } from './state';
import { tape } from './tape';
import { constructTyped, typedArrayMethod, typedFrom, typedOf } from './typedArrays';

type Fn = (this: unknown, ...args: unknown[]) => unknown;
type Ctor = new (...args: unknown[]) => unknown;

const MARK = Symbol('lrlab.transformed');

/** Mark a function the transform produced (function declarations, expressions, arrows). */
export function fn<F>(f: F): F {
  (f as Record<symbol, boolean>)[MARK] = true;
  return f;
}

/** Mark a class the transform produced: the constructor and the members written in it (by name). */
export function markClass<C>(C: C, prototypeKeys: readonly string[], staticKeys: readonly string[]): C {
  fn(C);
  markMembers((C as { prototype: object }).prototype, prototypeKeys);
  markMembers(C as object, staticKeys);
  return C;
}

/** Mark the methods, accessors and function values written in an object literal (by name). */
export function markObject<O>(o: O, keys: readonly string[]): O {
  markMembers(o as object, keys);
  return o;
}

function markMembers(o: object, keys: readonly string[]): void {
  for (const key of keys) {
    const descriptor = Object.getOwnPropertyDescriptor(o, key);
    if (descriptor === undefined) continue;
    if (typeof descriptor.value === 'function') fn(descriptor.value);
    if (descriptor.get) fn(descriptor.get);
    if (descriptor.set) fn(descriptor.set);
  }
}

export function isTransformed(f: unknown): boolean {
  return typeof f === 'function' && (f as unknown as Record<symbol, unknown>)[MARK] === true;
}

export function call0(f: unknown, self: unknown): unknown {
  if (typeof f === 'function' && (f as unknown as Record<symbol, unknown>)[MARK] === true) return (f as Fn).call(self);
  return callOther(f, self, []);
}

export function call1(f: unknown, self: unknown, a: unknown): unknown {
  if (typeof f === 'function' && (f as unknown as Record<symbol, unknown>)[MARK] === true) return (f as Fn).call(self, a);
  return callOther(f, self, [a]);
}

export function call2(f: unknown, self: unknown, a: unknown, b: unknown): unknown {
  if (typeof f === 'function' && (f as unknown as Record<symbol, unknown>)[MARK] === true) return (f as Fn).call(self, a, b);
  return callOther(f, self, [a, b]);
}

export function call3(f: unknown, self: unknown, a: unknown, b: unknown, c: unknown): unknown {
  if (typeof f === 'function' && (f as unknown as Record<symbol, unknown>)[MARK] === true) return (f as Fn).call(self, a, b, c);
  return callOther(f, self, [a, b, c]);
}

export function callN(f: unknown, self: unknown, ...args: unknown[]): unknown {
  if (typeof f === 'function' && (f as unknown as Record<symbol, unknown>)[MARK] === true) return (f as Fn).apply(self, args);
  return callOther(f, self, args);
}

/** new C(...args). */
export function construct(C: unknown, ...args: unknown[]): unknown {
  if (typeof C === 'function' && (C as unknown as Record<symbol, unknown>)[MARK] === true) return new (C as Ctor)(...args);
  const special = constructors().get(C);
  if (special === undefined || args.includes(tape.leaves)) tape.leavesIntact = false;
  if (special !== undefined) return special(args);
  if (args.some(holdsLiveDual)) foreign(C, 'leakConstructs');
  return Reflect.construct(C as Ctor, args);
}

/** A call whose callee is not a transformed function. */
function callOther(f: unknown, self: unknown, args: unknown[]): unknown {
  if (typeof f !== 'function') return (f as Fn).apply(self, args); // throws what the call would throw
  const handler = builtins().get(f);
  // A built-in handed the objective's x may write into it; code LR Lab cannot see may reach it anyhow.
  if (handler === undefined || self === tape.leaves || args.includes(tape.leaves)) tape.leavesIntact = false;
  if (handler !== undefined) return handler(self, args, f as Fn);
  if (holdsLiveDual(self) || args.some(holdsLiveDual)) foreign(f, 'leakPassesTo');
  return Reflect.apply(f as Fn, self, args.map(constantValue));
}

function foreign(f: unknown, what: 'leakConstructs' | 'leakPassesTo' | 'leakBindsTo'): void {
  const name = typeof f === 'function' && f.name ? `${f.name}` : { id: 'valueAFunction' as const, args: [] };
  noteLeak('foreign', { id: what, args: [name] });
}

/** A Dual of an earlier evaluation is handed on as its number: it is a constant. */
function constantValue(a: unknown): unknown {
  return a instanceof Dual && a.g !== state.gen ? a.v : a;
}

/** A Dual of this evaluation, or an array, plain object or typed array holding one at its first level. */
function holdsLiveDual(a: unknown): boolean {
  if (a instanceof Dual) return a.g === state.gen;
  if (typeof a !== 'object' || a === null) return false;
  if (isFloatArray(a)) return hasLiveEntries(a);
  if (bytesHoldNodesUnseen(a)) return true;
  const gen = state.gen;
  if (Array.isArray(a)) {
    for (let i = 0; i < a.length; i++) {
      const v: unknown = a[i];
      if (v instanceof Dual && v.g === gen) return true;
    }
    return false;
  }
  const proto = Object.getPrototypeOf(a);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key of Object.keys(a)) {
    const descriptor = Object.getOwnPropertyDescriptor(a, key);
    if (descriptor && descriptor.value instanceof Dual && descriptor.value.g === gen) return true;
  }
  return false;
}

type Handler = (self: unknown, args: unknown[], f: Fn) => unknown;

let builtinTable: Map<unknown, Handler> | null = null;
let constructorTable: Map<unknown, (args: unknown[]) => unknown> | null = null;

const native = (self: unknown, args: unknown[], f: Fn): unknown => Reflect.apply(f, self, args);
const primalOf = (v: unknown): unknown => (v instanceof Dual ? v.v : v);

/** The self of an Array.prototype method: a shadowed float array is read through its shadow. */
function arraySelf(self: unknown): unknown {
  return isFloatArray(self) && hasLiveEntries(self) ? Array.from({ length: self.length }, (_, k) => get(self, k)) : self;
}

/** Array.prototype methods that only read or call back: Duals pass through as references. */
const READING_ARRAY_METHODS = ['at', 'concat', 'entries', 'every', 'filter', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flat', 'flatMap', 'forEach', 'join', 'keys', 'map', 'reduce', 'reduceRight', 'reverse', 'slice', 'some', 'toReversed', 'toSpliced', 'toString', 'values', 'with', Symbol.iterator] as const;

function builtins(): Map<unknown, Handler> {
  if (builtinTable !== null) return builtinTable;
  const table = new Map<unknown, Handler>();
  // Math, through aliases and .call: the differentiating versions.
  const mathFunctions = math as unknown as Record<string, Fn>;
  const mathOriginals = new Set<unknown>();
  for (const name of Object.getOwnPropertyNames(Math)) {
    const original = (Math as unknown as Record<string, unknown>)[name];
    if (typeof original !== 'function') continue;
    const replacement = mathFunctions[name];
    if (replacement === undefined) continue;
    table.set(original, (_self, args) => replacement.apply(undefined, args));
    mathOriginals.add(original);
  }
  table.set(Number, (_self, args) => logic.toNumber(...args));
  table.set(Boolean, (_self, args) => logic.toBoolean(args[0]));
  table.set(Number.isFinite, (_self, args) => logic.numberTests.isFinite(args[0]));
  table.set(Number.isNaN, (_self, args) => logic.numberTests.isNaN(args[0]));
  table.set(Number.isInteger, (_self, args) => logic.numberTests.isInteger(args[0]));
  table.set(Number.isSafeInteger, (_self, args) => logic.numberTests.isSafeInteger(args[0]));
  table.set(isNaN, (_self, args) => logic.numberTests.globalIsNaN(args[0]));
  table.set(isFinite, (_self, args) => logic.numberTests.globalIsFinite(args[0]));
  table.set(Object.is, (_self, args) => logic.objectIs(args[0], args[1]));

  // Function.prototype: the target decides.
  table.set(Function.prototype.call, (self, args) => callOrDirect(self, args[0], args.slice(1)));
  table.set(Function.prototype.apply, (self, args) => callOrDirect(self, args[0], args[1] === undefined || args[1] === null ? [] : Array.from(args[1] as ArrayLike<unknown>)));
  table.set(Function.prototype.bind, (self, args, f) => {
    const bound = Reflect.apply(f, self, args) as Fn;
    if (isTransformed(self)) fn(bound);
    else if (args.slice(1).some(holdsLiveDual)) foreign(self, 'leakBindsTo');
    return bound;
  });
  table.set(Reflect.apply, (_self, args) => callOrDirect(args[0], args[1], Array.from((args[2] ?? []) as ArrayLike<unknown>)));

  // Arrays. A Math function handed as the callback (`xs.map(Math.exp)`) is called as its
  // differentiating version, as it is when called directly.
  const mathCallback = (a: unknown): unknown => {
    if (typeof a !== 'function') return a;
    const handler = table.get(a);
    return handler !== undefined && mathOriginals.has(a) ? (...xs: unknown[]) => handler(undefined, xs, a as Fn) : a;
  };
  for (const name of READING_ARRAY_METHODS) {
    const method = (Array.prototype as unknown as Record<PropertyKey, Fn | undefined>)[name];
    if (method !== undefined) table.set(method, (self, args, f) => Reflect.apply(f, arraySelf(self), args.map(mathCallback)));
  }
  const storing = (self: unknown, args: unknown[], f: Fn, from: number): unknown => {
    for (let i = from; i < args.length; i++) pin(args[i]);
    return Reflect.apply(f, self, args);
  };
  table.set(Array.prototype.push, (self, args, f) => storing(self, args, f, 0));
  table.set(Array.prototype.unshift, (self, args, f) => storing(self, args, f, 0));
  table.set(Array.prototype.splice, (self, args, f) => storing(self, args, f, 2));
  table.set(Array.prototype.fill, (self, args, f) => storing(self, args, f, 0));
  table.set(Array.prototype.pop, native);
  table.set(Array.prototype.shift, native);
  table.set(Array.prototype.copyWithin, native);
  table.set(Array.prototype.sort, (self, args, f) => Reflect.apply(f, self, [comparing(args[0])]));
  const toSorted = (Array.prototype as unknown as Record<string, Fn | undefined>).toSorted;
  if (toSorted !== undefined) table.set(toSorted, (self, args, f) => Reflect.apply(f, arraySelf(self), [comparing(args[0])]));
  const search: Handler = (self, args, f) => {
    if (!Array.isArray(self) || !(self.some((v: unknown) => v instanceof Dual) || args[0] instanceof Dual)) return Reflect.apply(f, arraySelf(self), args);
    return Reflect.apply(f, self.map(primalOf), [primalOf(args[0]), ...args.slice(1).map(primalOf)]);
  };
  table.set(Array.prototype.indexOf, search);
  table.set(Array.prototype.lastIndexOf, search);
  table.set(Array.prototype.includes, search);
  table.set(Array.isArray, native);
  table.set(Array.of, native);
  table.set(Array.from, (_self, args, f) => Reflect.apply(f, Array, [arraySelf(args[0]), ...args.slice(1).map(mathCallback)]));

  // Typed arrays: methods on a shadowed array (or with Dual arguments) go element by element.
  const typedPrototype = Object.getPrototypeOf(Int8Array.prototype) as object;
  for (const key of Reflect.ownKeys(typedPrototype)) {
    const descriptor = Object.getOwnPropertyDescriptor(typedPrototype, key)!;
    if (typeof descriptor.value !== 'function' || key === 'constructor') continue;
    const name = typeof key === 'symbol' ? 'values' : key;
    table.set(descriptor.value, (self, args, f) => {
      if (name === 'subarray') {
        const view = Reflect.apply(f, self, args);
        if (isFloatArray(self) && isFloatArray(view)) {
          shadowOf(self);
          shadowOf(view);
        }
        return view;
      }
      // Bytes of a node seen through a view that does not show it (an Int32Array over a Float32Array's buffer…).
      if (bytesHoldNodesUnseen(self) || args.some(bytesHoldNodesUnseen)) noteLeak('unsupported', { id: 'leakTypedArrayMethod', args: [(self as object).constructor.name, name] });
      const handled = ArrayBuffer.isView(self) ? typedArrayMethod(name, self as never, args) : null;
      return handled !== null ? handled.value : Reflect.apply(f, self, args);
    });
  }
  for (const Typed of [Float64Array, Float32Array, Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array]) {
    table.set(Typed.from, (self, args) => typedFrom((self ?? Typed) as never, args[0], args[1] as never, args[2]));
    table.set(Typed.of, (self, args) => typedOf((self ?? Typed) as never, args));
  }

  // DataView: a node's bytes read or written through it (bufferViews.ts).
  for (const [f, handler] of dataViewHandlers()) table.set(f, handler);

  // Maps and sets compare keys by identity: a Dual key is a leak; stored values are pinned.
  const keyed = (f: Fn, keyAt: number | null, valueAt: number | null): Handler => (self, args) => {
    if (keyAt !== null && args[keyAt] instanceof Dual && (args[keyAt] as Dual).g === state.gen) noteLeak('key', { id: 'leakMapOrSetKey', args: [] });
    if (valueAt !== null) pin(args[valueAt]);
    return Reflect.apply(f, self, args);
  };
  for (const [f, keyAt, valueAt] of [
    [Map.prototype.set, 0, 1],
    [Map.prototype.get, 0, null],
    [Map.prototype.has, 0, null],
    [Map.prototype.delete, 0, null],
    [Set.prototype.add, 0, null],
    [Set.prototype.has, 0, null],
    [Set.prototype.delete, 0, null],
    [WeakMap.prototype.set, 0, 1],
    [WeakMap.prototype.get, 0, null],
    [WeakMap.prototype.has, 0, null],
    [WeakSet.prototype.add, 0, null],
    [WeakSet.prototype.has, 0, null],
  ] as const) {
    table.set(f, keyed(f as Fn, keyAt, valueAt));
  }
  for (const f of [Map.prototype.forEach, Map.prototype.keys, Map.prototype.values, Map.prototype.entries, Set.prototype.forEach, Set.prototype.values, Set.prototype.keys, Set.prototype.entries, Map.prototype.clear, Set.prototype.clear]) {
    table.set(f, native);
  }

  // Objects: values are copied as references; what is stored is pinned.
  table.set(Object.assign, (_self, args, f) => {
    for (let i = 1; i < args.length; i++) pin(args[i]);
    return Reflect.apply(f, Object, args);
  });
  table.set(Object.defineProperty, (_self, args, f) => {
    pin((args[2] as { value?: unknown } | undefined)?.value);
    return Reflect.apply(f, Object, args);
  });
  for (const f of [Object.keys, Object.values, Object.entries, Object.fromEntries, Object.freeze, Object.isFrozen, Object.seal, Object.getPrototypeOf, Object.create, Object.getOwnPropertyNames, Object.hasOwn, Object.prototype.hasOwnProperty, JSON.stringify, JSON.parse]) {
    table.set(f, native);
  }
  for (const key of Object.keys(console) as (keyof Console)[]) {
    const f = console[key];
    if (typeof f === 'function') table.set(f, native);
  }
  builtinTable = table;
  return table;
}

/** A comparator's answer as the number sort needs (a Dual would be converted, a leak). */
function comparing(compare: unknown): unknown {
  if (typeof compare !== 'function') return compare;
  return (a: unknown, b: unknown) => primalOf((compare as Fn)(a, b));
}

/** f.call(self, ...args) or Reflect.apply(f, self, args), decided by f. */
function callOrDirect(f: unknown, self: unknown, args: unknown[]): unknown {
  if (isTransformed(f)) return (f as Fn).apply(self, args);
  return callOther(f, self, args);
}

function constructors(): Map<unknown, (args: unknown[]) => unknown> {
  if (constructorTable !== null) return constructorTable;
  const table = new Map<unknown, (args: unknown[]) => unknown>();
  for (const Typed of [Float64Array, Float32Array, Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array]) {
    table.set(Typed, (args) => constructTyped(Typed as never, args));
  }
  table.set(Array, (args) => {
    args.forEach(pin);
    return args.length === 1 && args[0] instanceof Dual ? new Array(args[0].v) : Reflect.construct(Array, args);
  });
  table.set(Map, (args) => {
    const entries = args[0] === undefined || args[0] === null ? [] : Array.from(args[0] as Iterable<[unknown, unknown]>);
    if (entries.some((e) => e[0] instanceof Dual && e[0].g === state.gen)) noteLeak('key', { id: 'leakMapKey', args: [] });
    pin(entries);
    return new Map(entries);
  });
  table.set(Set, (args) => {
    const values = args[0] === undefined || args[0] === null ? [] : Array.from(args[0] as Iterable<unknown>);
    if (values.some((v) => v instanceof Dual && v.g === state.gen)) noteLeak('key', { id: 'leakSetValue', args: [] });
    return new Set(values);
  });
  for (const C of [Object, Error, TypeError, RangeError, Date, RegExp, Promise, WeakMap, WeakSet, ArrayBuffer]) {
    table.set(C, (args) => Reflect.construct(C as Ctor, args));
  }
  constructorTable = table;
  return table;
}
