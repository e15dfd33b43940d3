/** RMSprop as Keras 3, TF.js and Optax compute it (see FlavorDefinition). */
import type { RmspropOptions, RmspropState } from '../rmsprop';
import { rmspropInit } from '../rmsprop';
import type { FlavorDefinition } from './types';

/**
 * keras.optimizers.RMSprop, optax.rmsprop and tf.train.rmsprop: ε inside the root, γ inside the
 * momentum buffer: s ← γ·g/√(v + ε), b ← μb + s, θ ← θ − b. Centered, Keras and Optax divide by
 * √(v + ε − ḡ²), TF.js by √(v − (ḡ² + ε)): ε is subtracted, so a nearly constant gradient takes
 * the root of a negative number (NaN) where PyTorch and Keras stay finite. Keras's weight decay is
 * decoupled (θ ← θ − γλθ first; the others have none).
 */
function rootEpsRmsprop(centeredEps: 'added' | 'subtracted') {
  return (params: Float64Array, grad: Float64Array, state: RmspropState, lr: number, options: RmspropOptions): void => {
    const alpha = options.alpha;
    const eps = options.eps;
    const momentum = options.momentum;
    const decay = options.weightDecay * lr;
    const v = state.squareAvg;
    const buf = state.momentumBuffer;
    const gAvg = state.gradAvg;
    for (let i = 0; i < params.length; i++) {
      if (decay !== 0) params[i]! -= params[i]! * decay;
      const g = grad[i]!;
      v[i] = alpha * v[i]! + (1 - alpha) * g * g;
      let denominator: number;
      if (options.centered) {
        gAvg[i] = alpha * gAvg[i]! + (1 - alpha) * g;
        denominator = centeredEps === 'added' ? v[i]! + eps - gAvg[i]! * gAvg[i]! : v[i]! - (gAvg[i]! * gAvg[i]! + eps);
      } else denominator = v[i]! + eps;
      const increment = (lr * g) / Math.sqrt(denominator);
      if (momentum > 0) {
        buf[i] = momentum * buf[i]! + increment;
        params[i]! -= buf[i]!;
      } else params[i]! -= increment;
    }
    state.step += 1;
  };
}

/** Keras and Optax: centered divides by √(v + ε − ḡ²). */
export const rootEpsRmspropStep = rootEpsRmsprop('added');
/** TF.js: centered divides by √(v − (ḡ² + ε)). */
export const tfjsRmspropStep = rootEpsRmsprop('subtracted');

const NOTE_ROOT =
  'ε sits inside the root (√(v + ε); PyTorch: √v + ε, and its docstring notes that "TensorFlow interchanges these two operations"), the average decays with ρ = 0.9 instead of α = 0.99, ' +
  'and with momentum the lr goes into the buffer (b ← μb + γ·g/√(v + ε), θ ← θ − b) rather than multiplying it (PyTorch: θ ← θ − γb): the two agree only while the lr is constant, so under a schedule the buffer carries old lrs.';

export const rmspropFlavors: readonly FlavorDefinition<RmspropOptions, RmspropState>[] = [
  {
    flavor: 'keras',
    reference: 'keras.optimizers.RMSprop',
    formula: 'θ ← θ − γλθ;  v ← ρv + (1 − ρ)g²;  (centered: ḡ ← ρḡ + (1 − ρ)g, v ← v − ḡ²);  b ← μb + γ·g / √(v + ε);  θ ← θ − b',
    note: `${NOTE_ROOT} Keras's defaults: γ = 1e-3, ρ = 0.9, ε = 1e-7; weight decay is decoupled.`,
    defaults: { lr: 1e-3, alpha: 0.9, eps: 1e-7 },
    init: rmspropInit,
    step: rootEpsRmspropStep,
  },
  {
    flavor: 'tfjs',
    reference: 'tf.train.rmsprop',
    formula: 'v ← ρv + (1 − ρ)g²;  b ← μb + γ·g / √(v + ε);  centered: ḡ ← ρḡ + (1 − ρ)g, b ← μb + γ·g / √(v − (ḡ² + ε));  θ ← θ − b',
    note: `${NOTE_ROOT} Centered TF.js subtracts ε: √(v − (ḡ² + ε)), which is NaN once the gradient barely varies. TF.js requires γ (PyTorch's 1e-2 here); ρ = 0.9, ε = 1e-7.`,
    defaults: { alpha: 0.9, eps: 1e-7 },
    absent: { weightDecay: { value: 0, reason: 'tf.train.rmsprop has no weight decay' } },
    init: rmspropInit,
    step: tfjsRmspropStep,
  },
  {
    flavor: 'optax',
    reference: 'optax.rmsprop',
    formula: 'v ← ρv + (1 − ρ)g²;  (centered: ḡ ← ρḡ + (1 − ρ)g, v ← v − ḡ²);  b ← μb + γ·g / √(v + ε);  θ ← θ − b',
    note: `${NOTE_ROOT} Optax's defaults: ρ = 0.9, ε = 1e-8 (eps_in_sqrt=True); momentum is optax.trace after the lr scaling.`,
    defaults: { alpha: 0.9 },
    absent: { weightDecay: { value: 0, reason: 'optax.rmsprop has no weight decay' } },
    init: rmspropInit,
    step: rootEpsRmspropStep,
  },
];
