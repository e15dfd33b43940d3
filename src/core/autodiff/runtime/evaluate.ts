/**
 * One exact-gradient evaluation: the parameters become the tape's first nodes, the
 * transformed objective runs with recording on, and one reverse sweep gives the gradient.
 */
import { Dual } from './dual';
import { noteLeak, state, type Leak } from './state';
import { tape } from './tape';

export type RecordedGradient =
  /** The objective returned a number (or a Dual): its value, and the gradient written to `out`. */
  | { readonly kind: 'gradient'; readonly value: number }
  /** A value left the tape: `out` is not a gradient. `returned` is what the objective returned. */
  | { readonly kind: 'leak'; readonly leak: Leak; readonly returned: unknown }
  /** The objective returned something other than a number. */
  | { readonly kind: 'notNumber'; readonly returned: unknown };

/** Evaluates objectives with recording on; one per objective, so its parameter array is reused. */
export class GradientRecorder {
  /** The Duals of the parameters, handed to the objective as its `x` (one array, reused). */
  private readonly leaves: unknown[] = [];

  /**
   * Run `objective(x as Duals)` and write ∂f/∂x into `out`. Exceptions from the objective
   * propagate (recording is off again by then).
   */
  record(objective: (x: unknown[]) => unknown, x: ArrayLike<number>, out: { [i: number]: number; length: number }): RecordedGradient {
    if (state.on) throw new Error('LR Lab: an exact-gradient evaluation is already running');
    tape.begin(x, this.leaves);
    state.leak = null;
    state.on = true;
    let returned: unknown;
    let threw = true;
    try {
      returned = objective(this.leaves);
      // x changed in a way none of the runtime's checks saw: what read it on trust cannot be trusted.
      if (tape.leavesIntact && !tape.leavesUnchanged()) noteLeak('unsupported', { id: 'leakChangesX', args: [] });
      threw = false;
    } finally {
      state.on = false;
      if (threw) {
        state.leak = null;
        tape.end();
      }
    }
    try {
      const leak = state.leak;
      if (leak !== null) return { kind: 'leak', leak, returned: returned instanceof Dual ? returned.v : returned };
      if (returned instanceof Dual) {
        if (returned.g === state.gen) tape.backward(returned.i, out);
        else for (let i = 0; i < x.length; i++) out[i] = 0;
        return { kind: 'gradient', value: returned.v };
      }
      if (typeof returned === 'number') {
        // Nothing the objective computed depended on x: the gradient is 0.
        for (let i = 0; i < x.length; i++) out[i] = 0;
        return { kind: 'gradient', value: returned };
      }
      return { kind: 'notNumber', returned };
    } finally {
      state.leak = null;
      tape.end();
    }
  }
}
