/**
 * Where a function is defined, from V8's `[[FunctionLocation]]` (what DevTools shows), read
 * through an inspector session on the worker's own isolate. Only used on error paths (a grad
 * that returns the wrong length), so the session is opened per call.
 * Same-thread inspector sessions answer synchronously, so this is a plain function.
 */
import * as inspector from 'node:inspector';

export interface FunctionLocation {
  readonly scriptId: string;
  /** 0-based. */
  readonly lineNumber: number;
  /** 0-based. */
  readonly columnNumber: number;
}

const SLOT = '__lrlabFunctionLocationTarget';

export function functionLocation(fn: unknown): FunctionLocation | null {
  if (typeof fn !== 'function') return null;
  const session = new inspector.Session();
  const slots = globalThis as unknown as Record<string, unknown>;
  let location: FunctionLocation | null = null;
  try {
    session.connect();
    slots[SLOT] = fn;
    session.post('Runtime.evaluate', { expression: `globalThis.${SLOT}`, objectGroup: 'lrlab' }, (error, evaluated) => {
      const objectId = evaluated?.result.objectId;
      if (error || objectId === undefined) return;
      session.post('Runtime.getProperties', { objectId, ownProperties: true }, (error2, properties) => {
        if (error2) return;
        const internal = properties.internalProperties?.find((p) => p.name === '[[FunctionLocation]]');
        const value = internal?.value?.value as FunctionLocation | undefined;
        if (value && typeof value.scriptId === 'string') location = { scriptId: value.scriptId, lineNumber: value.lineNumber, columnNumber: value.columnNumber };
      });
    });
    session.post('Runtime.releaseObjectGroup', { objectGroup: 'lrlab' });
  } finally {
    delete slots[SLOT];
    session.disconnect();
  }
  return location;
}
