/**
 * Views that see a node's bytes without its shadow: an integer typed array or a DataView over a
 * buffer a float view stored nodes into, a float view made by code without the transform. Their
 * reads and writes would otherwise take the bytes as constants — a silently wrong gradient (the
 * fast inverse square root reads a float's bits through an Int32Array; `getFloat64` reads
 * through a DataView). So:
 *  - a read of exactly one node's element, as the same float type in this machine's byte order,
 *    is that node; a read of any other bytes of a node is a leak (the value is the node's bits
 *    reinterpreted, which LR Lab does not differentiate);
 *  - a store of a number over whole nodes writes constants there (their entries are cleared, so
 *    an equal value stored over a node is a constant too); one over part of a node is a leak.
 * None of this runs until some buffer has a shadow (`state.shadowedBuffers`).
 */
import { Dual } from './dual';
import { clearBytes, hasShadow, isFloatArray, liveBytes, NO_NODE, PART_OF_A_NODE, readBytes, SHADOW, viewTouchesNodes, type Shadow } from './shadow';
import { noteLeak, state } from './state';

type View = ArrayBufferView & ArrayLike<number> & Record<number, unknown> & { readonly BYTES_PER_ELEMENT: number };

/** Whether this machine stores numbers little-endian (what a Float64Array view reads). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** True when `o` is a view whose buffer has a shadow: its element reads and writes go through viewRead/viewWrite. */
export function aliasesNodes(o: unknown): o is View {
  return state.shadowedBuffers !== 0 && ArrayBuffer.isView(o) && !(o instanceof DataView) && hasShadow(o.buffer);
}

/**
 * True when float array `o`'s own shadow does not tell all about its bytes — it has none while
 * its buffer has one, or the buffer has shadows of both sizes — so its elements must be read one
 * by one through `get` (dot.ts's fast paths read the shadow alone).
 */
export function floatNeedsByteChecks(o: unknown): boolean {
  if (state.shadowedBuffers === 0 || !isFloatArray(o)) return false;
  const s = (o as unknown as Record<symbol, Shadow | undefined>)[SHADOW];
  return s === undefined ? hasShadow(o.buffer) : s.shared.mixed;
}

/**
 * True when `o` is a typed array, DataView or ArrayBuffer that holds bytes of a node which its
 * own shadow does not show (what a built-in handed it, or it as `this`, would read as a number).
 */
export function bytesHoldNodesUnseen(o: unknown): boolean {
  if (state.shadowedBuffers === 0 || typeof o !== 'object' || o === null) return false;
  if (ArrayBuffer.isView(o)) return (o instanceof DataView || !isFloatArray(o) || floatNeedsByteChecks(o)) && viewTouchesNodes(o);
  if (o instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && o instanceof SharedArrayBuffer)) return hasShadow(o) && liveBytes(o, 0, o.byteLength, 0) !== NO_NODE;
  return false;
}

function isFloatView(o: ArrayBufferView): boolean {
  return o instanceof Float64Array || o instanceof Float32Array;
}

/** o[k] for a view without a shadow of its own (aliasesNodes). */
export function viewRead(o: View, k: number): unknown {
  if (!(Number.isInteger(k) && k >= 0 && k < o.length)) return o[k];
  const size = o.BYTES_PER_ELEMENT;
  const from = o.byteOffset + k * size;
  return readBytes(o.buffer, from, size, isFloatView(o), o[k], o.constructor.name);
}

/** o[k] = value (a number, a bigint, or a Dual's value an integer array truncates) for a view without a shadow of its own. */
export function viewWrite(o: View, k: number, value: unknown): void {
  if (Number.isInteger(k) && k >= 0 && k < o.length) {
    const size = o.BYTES_PER_ELEMENT;
    const from = o.byteOffset + k * size;
    bytesWritten(o.buffer, from, from + size, o.constructor.name);
  }
  (o as Record<number, unknown>)[k] = value;
}

/** Bytes [from, to) are about to be overwritten with a number (call it before the store): whole nodes there become constants, part of one is a leak. */
function bytesWritten(buffer: ArrayBufferLike, from: number, to: number, what: string): void {
  if (liveBytes(buffer, from, to, 0) === PART_OF_A_NODE) noteLeak('unsupported', { id: 'leakWritesBytes', args: [what] });
  clearBytes(buffer, from, to);
}

type Handler = (self: unknown, args: unknown[], f: (this: unknown, ...args: unknown[]) => unknown) => unknown;

/** The size in bytes of what a DataView getter or setter reads or writes (getFloat64 → 8). */
function accessSize(name: string): number {
  const bits = /(\d+)$/.exec(name);
  return bits === null ? 0 : Number(bits[1]) / 8;
}

/**
 * Handlers for DataView.prototype's getters and setters (calls.ts's table of builtins): the
 * same rules as an element of a view, the byte order included (a read in the other byte order
 * is the node's bytes reversed, a leak).
 */
export function dataViewHandlers(): [unknown, Handler][] {
  const out: [unknown, Handler][] = [];
  for (const name of Object.getOwnPropertyNames(DataView.prototype)) {
    // Descriptors, not property reads: `buffer` and the like are getters that throw on the prototype.
    const method: unknown = Object.getOwnPropertyDescriptor(DataView.prototype, name)?.value;
    const size = accessSize(name);
    if (typeof method !== 'function' || size === 0) continue;
    const label = `DataView.prototype.${name}`;
    if (name.startsWith('get')) {
      const asFloat = name === 'getFloat64' || name === 'getFloat32';
      out.push([
        method,
        (self, args, f) => {
          const value = Reflect.apply(f, self, args);
          if (state.shadowedBuffers === 0 || !(self instanceof DataView) || !hasShadow(self.buffer)) return value;
          const from = self.byteOffset + Number(args[0]);
          return readBytes(self.buffer, from, size, asFloat && Boolean(args[1]) === LITTLE_ENDIAN, value, label);
        },
      ]);
    } else {
      out.push([
        method,
        (self, args, f) => {
          const value = args[1];
          if (value instanceof Dual) {
            if (value.g === state.gen) noteLeak('unsupported', { id: 'leakTypedArrayMethod', args: ['DataView', name] });
            return Reflect.apply(f, self, [args[0], value.v, ...args.slice(2)]);
          }
          // Checked before the store: afterwards a node whose bytes changed no longer looks live.
          if (state.shadowedBuffers !== 0 && self instanceof DataView && hasShadow(self.buffer)) {
            const from = self.byteOffset + Number(args[0]);
            bytesWritten(self.buffer, from, from + size, label);
          }
          return Reflect.apply(f, self, args);
        },
      ]);
    }
  }
  return out;
}
