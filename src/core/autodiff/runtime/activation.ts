/**
 * Activations that rewrite their argument's node in place instead of recording one of their
 * own: the node's value is replaced by f(v) and each of its partials multiplied by f'(v), so
 * the tape holds one node for, say, a whole neuron instead of two. The transform emits them
 * where nothing but this call can hold the argument's node:
 *  - `h[i] = Math.tanh(z)` right after the loop that accumulated z (`z += w[j] * x[j]`, a node
 *    of accumulation session s), when this is z's last use (z a `let` of the enclosing block,
 *    no closure sees it, nothing after this statement reads it): `tanhInPlace(z, s)`;
 *  - `Math.exp(a - b)`, the argument a temporary (the value of an operation recorded right
 *    there): `expInPlace(sub(a, b), 0)`.
 * The runtime still checks that the node may be rewritten: a Dual of this evaluation and the
 * newest node of the tape (nothing has been recorded from it since), made by session s when
 * s is not 0. Otherwise the plain Math function records its node.
 */
import { Dual } from './dual';
import { sub } from './arithmetic';
import * as math from './math';
import { rec1, rec2 } from './record';
import { state } from './state';
import { tape } from './tape';

/** Whether `a` is the newest node of the tape and (s ≠ 0) belongs to accumulation session `s`. */
function rewritable(a: unknown, s: number): a is Dual {
  if (!(a instanceof Dual) || a.g !== state.gen) return false;
  const t = tape;
  return a.i === t.n - 1 && (s === 0 || t.session[a.i] === s);
}

/** Node a becomes r = f(a) with ∂r/∂a = `derivative`: its partials are scaled, its session closed. */
function rewrite(a: Dual, r: number, derivative: number): Dual {
  const t = tape;
  const k = a.i;
  const partial = t.partial;
  for (let j = t.ends[k]!, end = t.ends[k + 1]!; j < end; j++) partial[j] *= derivative;
  t.session[k] = 0;
  a.v = r;
  return a;
}

export function tanhInPlace(a: unknown, s: number): unknown {
  if (!rewritable(a, s)) return math.tanh(a);
  const r = Math.tanh(a.v);
  return rewrite(a, r, 1 - r * r);
}

export function expInPlace(a: unknown, s: number): unknown {
  if (!rewritable(a, s)) return math.exp(a);
  const r = Math.exp(a.v);
  return rewrite(a, r, r);
}

export function logInPlace(a: unknown, s: number): unknown {
  if (!rewritable(a, s)) return math.log(a);
  const x = a.v;
  return rewrite(a, Math.log(x), 1 / x);
}

export function sqrtInPlace(a: unknown, s: number): unknown {
  if (!rewritable(a, s)) return math.sqrt(a);
  const r = Math.sqrt(a.v);
  return rewrite(a, r, 0.5 / r);
}

/** Math.exp(a − b) as one node (the softmax idiom `Math.exp(z - max)`): ∂/∂a = e^(a−b), ∂/∂b = −e^(a−b). */
export function expDiff(a: unknown, b: unknown): unknown {
  const gen = state.gen;
  if (a instanceof Dual && a.g === gen) {
    if (typeof b === 'number') {
      const r = Math.exp(a.v - b);
      return rec1(r, a.i, r);
    }
    if (b instanceof Dual && b.g === gen) {
      const r = Math.exp(a.v - b.v);
      return rec2(r, a.i, r, b.i, -r);
    }
  }
  return expInPlace(sub(a, b), 0);
}
