/**
 * Whether an exact-gradient evaluation is running, and the first reason it cannot be
 * trusted (a "leak": a value that depends on the parameters went where the tape cannot
 * follow it). The evaluation carries on with the right primal values so the objective's own
 * behaviour is unchanged; its gradient is then discarded and the caller falls back to finite
 * differences with the leak's message and place.
 */

/** What stopped the exact gradient, in the words the fallback message uses. */
import { engineText, type EngineText } from '../../../shared/engineText';
export type LeakKind =
  | 'string' // turned into a string
  | 'number' // turned into a plain number by code without the transform
  | 'index' // used as an array index or property key
  | 'key' // used as a Map/Set key or compared by identity where it cannot be followed
  | 'foreign' // passed to a function LR Lab cannot see into
  | 'random' // Math.random
  | 'unsupported'; // a construct the runtime does not follow (named in the message)

export interface Leak {
  readonly kind: LeakKind;
  /** One sentence without location, e.g. "calls Math.random()". */
  readonly message: string;
  /** The same sentence as data (each border words it in its language). */
  readonly text: EngineText;
  /** Created where it happened: its stack locates the user's line. */
  readonly error: Error;
}

export interface AdState {
  /** True while transformed code records on the tape. */
  on: boolean;
  /** The running evaluation (generation): Duals of other generations are constants. */
  gen: number;
  /** The first leak of the current evaluation. */
  leak: Leak | null;
  /** Buffers with a shadow (shadow.ts): while 0, no view of any buffer can alias a node's bytes. */
  shadowedBuffers: number;
}

export const state: AdState = { on: false, gen: 1, leak: null, shadowedBuffers: 0 };

/** Record a leak (the first one of the evaluation counts); nothing outside an exact evaluation. */
export function noteLeak(kind: LeakKind, text: EngineText): void {
  if (!state.on || state.leak !== null) return;
  const message = engineText(text);
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 64;
  try {
    state.leak = { kind, message, text, error: new Error(message) };
  } finally {
    Error.stackTraceLimit = limit;
  }
}
