/**
 * Pinning: a Dual stored where it may outlive the evaluation (an element or property of any
 * object, a variable a closure sees, a Map) must keep reading the value it had, while the
 * tape reuses its slot's object in later evaluations. `pin` marks it (the slot gets a fresh
 * object at the next evaluation); a container stored in such a place has its Duals pinned
 * too, whatever depth they sit at.
 */
import { Dual } from './dual';
import { state } from './state';
import { tape } from './tape';

/** Pin `value` (a Dual, or the Duals inside a container) and return it: transformed code wraps stores with it. */
export function pin<T>(value: T): T {
  if (value instanceof Dual) {
    if (value.g === state.gen) tape.pin(value);
  } else if (typeof value === 'object' && value !== null && state.on) {
    pinInside(value, new Set());
  }
  return value;
}

function pinInside(container: object, seen: Set<object>): void {
  if (seen.has(container) || ArrayBuffer.isView(container)) return;
  seen.add(container);
  const gen = state.gen;
  const visit = (v: unknown): void => {
    if (v instanceof Dual) {
      if (v.g === gen) tape.pin(v);
    } else if (typeof v === 'object' && v !== null) {
      pinInside(v, seen);
    }
  };
  if (Array.isArray(container)) {
    for (let i = 0; i < container.length; i++) visit(container[i]);
    return;
  }
  if (container instanceof Map) {
    for (const [k, v] of container) {
      visit(k);
      visit(v);
    }
    return;
  }
  if (container instanceof Set) {
    for (const v of container) visit(v);
    return;
  }
  // Own data properties only: reading an accessor would run user code.
  for (const key of Object.keys(container)) {
    const descriptor = Object.getOwnPropertyDescriptor(container, key);
    if (descriptor !== undefined && 'value' in descriptor) visit(descriptor.value);
  }
}
