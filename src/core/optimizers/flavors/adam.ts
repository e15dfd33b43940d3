/** Adam as Keras 3, TF.js and Optax compute it (see FlavorDefinition). */
import type { AdamOptions, AdamState } from '../adam';
import { adamInit } from '../adam';
import { averageMoments, kerasDecayAndMoments } from './moments';
import type { FlavorDefinition } from './types';

/**
 * keras.optimizers.Adam: the "ε-hat" form of the Adam paper (Kingma & Ba, end of §2): the bias
 * corrections fold into the step size, α = γ·√(1 − β₂ᵗ)/(1 − β₁ᵗ), and ε is added to √v, not
 * to √v̂; weight decay is decoupled (θ ← θ − γλθ before the step), AMSGrad keeps the max of v.
 */
export function kerasAdamStep(params: Float64Array, grad: Float64Array, state: AdamState, lr: number, options: AdamOptions): void {
  const beta1 = options.betas[0];
  const beta2 = options.betas[1];
  const eps = options.eps;
  const decay = options.weightDecay * lr;
  const step = state.step + 1;
  const alpha = (lr * Math.sqrt(1 - Math.pow(beta2, step))) / (1 - Math.pow(beta1, step));
  const m = state.expAvg;
  const v = state.expAvgSq;
  const vMax = state.maxExpAvgSq;
  for (let i = 0; i < params.length; i++) {
    kerasDecayAndMoments(params, m, v, i, grad[i]!, beta1, beta2, decay);
    let vi = v[i]!;
    if (options.amsgrad) {
      vi = Math.max(vMax[i]!, vi);
      vMax[i] = vi;
    }
    params[i]! -= (alpha * m[i]!) / (Math.sqrt(vi) + eps);
  }
  state.step = step;
}

/**
 * tf.train.adam and optax.adam: PyTorch's form m̂/(√v̂ + ε); Optax's AMSGrad (optax.amsgrad)
 * takes the maximum of the bias-corrected v̂ rather than of v.
 */
export function correctedAdamStep(params: Float64Array, grad: Float64Array, state: AdamState, lr: number, options: AdamOptions): void {
  const beta1 = options.betas[0];
  const beta2 = options.betas[1];
  const eps = options.eps;
  const step = state.step + 1;
  const bc1 = 1 - Math.pow(beta1, step);
  const bc2 = 1 - Math.pow(beta2, step);
  const m = state.expAvg;
  const v = state.expAvgSq;
  const vMax = state.maxExpAvgSq;
  for (let i = 0; i < params.length; i++) {
    averageMoments(m, v, i, grad[i]!, beta1, beta2);
    let vHat = v[i]! / bc2;
    if (options.amsgrad) {
      vHat = Math.max(vMax[i]!, vHat);
      vMax[i] = vHat;
    }
    params[i]! -= (lr * (m[i]! / bc1)) / (Math.sqrt(vHat) + eps);
  }
  state.step = step;
}

export const adamFlavors: readonly FlavorDefinition<AdamOptions, AdamState>[] = [
  {
    flavor: 'keras',
    reference: 'keras.optimizers.Adam',
    formula: 'θ ← θ − γλθ;  m ← m + (g − m)(1 − β₁);  v ← v + (g² − v)(1 − β₂);  θ ← θ − γ·√(1 − β₂ᵗ)/(1 − β₁ᵗ)·m / (√v + ε)',
    note:
      'Keras uses the "ε-hat" form of the Adam paper: the bias corrections multiply the step size and ε is added to √v, not to √v̂. ' +
      'Early on √v is much smaller than √v̂ (by √(1 − β₂ᵗ), 0.03 at t = 1), so the same ε weighs about 30× more; with Keras\'s ε = 1e-7 a gradient of 1e-6 already moves noticeably less. ' +
      'Weight decay is decoupled (θ ← θ − γλθ), not L2 added to the gradient.',
    defaults: { eps: 1e-7 },
    init: adamInit,
    step: kerasAdamStep,
  },
  {
    flavor: 'tfjs',
    reference: 'tf.train.adam',
    formula: 'm ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  θ ← θ − γ·(m/(1 − β₁ᵗ)) / (√(v/(1 − β₂ᵗ)) + ε)',
    note: "TF.js computes PyTorch's rule but with ε = 1e-7 (the backend's epsilon), 100× PyTorch's 1e-8; it has no AMSGrad and no weight decay.",
    defaults: { eps: 1e-7 },
    absent: { amsgrad: { value: false, reason: 'tf.train.adam has no AMSGrad' }, weightDecay: { value: 0, reason: 'tf.train.adam has no weight decay' } },
    init: adamInit,
    step: correctedAdamStep,
  },
  {
    flavor: 'optax',
    reference: 'optax.adam / optax.amsgrad',
    formula: 'm ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  v̂ ← v/(1 − β₂ᵗ)  (amsgrad: v̂ ← max of all v̂);  θ ← θ − γ·(m/(1 − β₁ᵗ)) / (√v̂ + ε)',
    note:
      "Optax's adam is PyTorch's rule with the same defaults. Its AMSGrad (optax.amsgrad) keeps the maximum of the bias-corrected v̂, PyTorch and Keras the maximum of the raw v: " +
      'early v̂ are larger than later ones, so Optax\'s maximum holds the first steps\' scale longer. Weight decay is a separate transform (optax.adamw).',
    defaults: {},
    absent: { weightDecay: { value: 0, reason: 'optax.adam has no weight decay (decoupled decay is optax.adamw)' } },
    init: adamInit,
    step: correctedAdamStep,
  },
];
