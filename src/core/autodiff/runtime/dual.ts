/**
 * A number that depends on the parameters: a node of the tape. Transformed code passes these
 * where the original passed numbers; the runtime's operations take numbers or Duals.
 *
 * Anything that turns a Dual into a primitive without going through the runtime (arithmetic in
 * code without the transform, a template string, an index, a typed-array store by a native
 * method) reaches `Symbol.toPrimitive`: that is where the tape loses the value, so it is noted
 * as a leak, and the primal value is returned so the objective behaves as it always did.
 */
import { inspect } from 'node:util';
import { noteLeak, state } from './state';

export class Dual {
  // `declare`: no class-field definition is emitted, so the constructor's first stores decide
  // V8's field representations (a field first defined as undefined becomes "any", and every
  // double stored into it is then a new heap number: an allocation per operation).
  /** Slot of this value's node on the tape. */
  declare readonly i: number;
  /** The primal value. */
  declare v: number;
  /** Generation (evaluation) that recorded it. */
  declare g: number;

  constructor(i: number) {
    (this as { i: number }).i = i;
    // A double from the start: V8 keeps the field a double, updated in place.
    this.v = 0.5;
    this.g = 0;
  }

  [Symbol.toPrimitive](hint: string): number | string {
    // A Dual of an earlier evaluation is a constant: converting it loses nothing.
    if (this.g !== state.gen) return hint === 'string' ? String(this.v) : this.v;
    if (hint === 'string') {
      noteLeak('string', { id: 'leakToString', args: [] });
      return String(this.v);
    }
    noteLeak('number', { id: 'leakPlainNumber', args: [] });
    return this.v;
  }

  toJSON(): number {
    if (this.g === state.gen) noteLeak('string', { id: 'leakToJson', args: [] });
    return this.v;
  }

  /** console.log shows the value, as it would the number. */
  [inspect.custom](): string {
    return inspect(this.v);
  }
}

/** The primal value of a Dual, anything else as it is. */
export function primal(a: unknown): unknown {
  return a instanceof Dual ? a.v : a;
}
