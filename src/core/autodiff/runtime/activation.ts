/**
 * Activations applied to a sum the moment it is complete: `h[i] = Math.tanh(z)` right after the
 * loop that accumulated z (`z += w[j] * x[j]`, one node of an accumulation session). When the
 * transform has proved that this is z's last use (z is a `let` of the enclosing block, no
 * closure sees it, nothing after this statement reads it), the sum's node becomes the
 * activation's node in place: its value is replaced by f(z) and each of its partials is
 * multiplied by f'(z), so the tape holds one node for the whole neuron instead of two.
 *
 * The runtime still checks that the node may be rewritten: a Dual of this evaluation, the
 * newest node of the tape (nothing has been recorded from it since) and made by the loop's
 * session `s` (so only z ever held it). Otherwise the plain Math function records its node.
 */
import { Dual } from './dual';
import * as math from './math';
import { state } from './state';
import { tape } from './tape';

/** Whether `a` is the newest node of the tape and belongs to accumulation session `s`. */
function rewritable(a: unknown, s: number): a is Dual {
  if (!(a instanceof Dual) || a.g !== state.gen) return false;
  const t = tape;
  return a.i === t.n - 1 && t.session[a.i] === s;
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

export function tanhOfSum(a: unknown, s: number): unknown {
  if (!rewritable(a, s)) return math.tanh(a);
  const r = Math.tanh(a.v);
  return rewrite(a, r, 1 - r * r);
}

export function expOfSum(a: unknown, s: number): unknown {
  if (!rewritable(a, s)) return math.exp(a);
  const r = Math.exp(a.v);
  return rewrite(a, r, r);
}

export function logOfSum(a: unknown, s: number): unknown {
  if (!rewritable(a, s)) return math.log(a);
  const x = a.v;
  return rewrite(a, Math.log(x), 1 / x);
}

export function sqrtOfSum(a: unknown, s: number): unknown {
  if (!rewritable(a, s)) return math.sqrt(a);
  const r = Math.sqrt(a.v);
  return rewrite(a, r, 0.5 / r);
}
