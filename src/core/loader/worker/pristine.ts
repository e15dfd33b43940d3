/**
 * Whether the user's code left this worker as it found it, so that a sweep's next cell may run
 * here as if in a new worker: no timer, socket or other handle it opened still keeps the thread
 * busy, and the global object and the built-ins keep the same properties with the same values
 * (module-level state needs no check: each request evaluates the bundle afresh). A worker that
 * is not pristine is terminated and replaced (core/loader/workerPool.ts).
 */

/** The objects user code could change for later code: the global object and the built-ins' constructors and prototypes. */
function watched(): object[] {
  const typedArray = Object.getPrototypeOf(Int8Array) as object;
  return [
    globalThis,
    console,
    Math,
    JSON,
    Reflect,
    typedArray,
    (typedArray as { prototype: object }).prototype,
    ...[Object, Function, Array, Number, String, Boolean, Symbol, BigInt, Promise, Map, Set, WeakMap, WeakSet, Date, RegExp, Error, ArrayBuffer, SharedArrayBuffer, DataView, Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray].flatMap((constructor) => [constructor, constructor.prototype as object]),
  ];
}

type Shape = Map<string | symbol, unknown>;

/** Each property's value (or getter and setter) by key. */
function shapeOf(target: object): Shape {
  const shape: Shape = new Map();
  for (const key of Reflect.ownKeys(target)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(target, key)!;
    shape.set(key, 'value' in descriptor ? descriptor.value : [descriptor.get, descriptor.set]);
  }
  return shape;
}

function sameShape(before: Shape, now: Shape): boolean {
  if (before.size !== now.size) return false;
  for (const [key, value] of now) {
    if (!before.has(key)) return false;
    const was = before.get(key);
    if (Array.isArray(was) && Array.isArray(value)) {
      if (was[0] !== value[0] || was[1] !== value[1]) return false;
    } else if (!Object.is(was, value)) return false;
  }
  return true;
}

function countResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

export class PristineCheck {
  private readonly objects = watched();
  private readonly shapes = this.objects.map(shapeOf);
  private readonly resources = countResources();

  /** Call before any user code runs (at the worker's start). */
  static take(): PristineCheck {
    return new PristineCheck();
  }

  /** True when the worker is as it was when this check was taken; what differs otherwise. */
  differences(): string[] {
    const found: string[] = [];
    for (const [kind, count] of countResources()) if (count > (this.resources.get(kind) ?? 0)) found.push(`${count - (this.resources.get(kind) ?? 0)} ${kind} left open`);
    this.objects.forEach((target, i) => {
      if (!sameShape(this.shapes[i]!, shapeOf(target))) found.push(`${describe(target)} changed`);
    });
    return found;
  }
}

function describe(target: object): string {
  if (target === globalThis) return 'globalThis';
  const named = (target as { name?: unknown }).name ?? (target as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof named === 'string' ? named : 'a built-in';
}
