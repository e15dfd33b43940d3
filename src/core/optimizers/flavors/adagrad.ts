/** Adagrad as Keras 3, TF.js and Optax compute it (see FlavorDefinition). */
import type { AdagradOptions, AdagradState } from '../adagrad';
import { adagradInit } from '../adagrad';
import type { FlavorDefinition } from './types';

/**
 * keras.optimizers.Adagrad, tf.train.adagrad, optax.adagrad: ε inside the root,
 * θ ← θ − γ·g/√(sum + ε) (Optax writes 0 where sum = 0, which only happens when g = 0 too);
 * Keras's weight decay is decoupled (θ ← θ − γλθ before the step).
 */
export function rootEpsAdagradStep(params: Float64Array, grad: Float64Array, state: AdagradState, lr: number, options: AdagradOptions): void {
  const eps = options.eps;
  const decay = options.weightDecay * lr;
  const sum = state.sum;
  for (let i = 0; i < params.length; i++) {
    if (decay !== 0) params[i]! -= params[i]! * decay;
    const g = grad[i]!;
    const s = sum[i]! + g * g;
    sum[i] = s;
    if (s > 0) params[i]! -= (lr * g) / Math.sqrt(s + eps);
  }
  state.step += 1;
}

const NOTE_ROOT =
  'ε sits inside the root, √(sum + ε), and the sum starts at 0.1 instead of 0. PyTorch\'s first step moves every coordinate by ≈ γ (γ·g/|g|, whatever g\'s size); ' +
  'with the sum starting at 0.1 the first step is γ·g/√(0.1 + g²), much smaller for small gradients (g = 0.1: 0.30γ instead of γ).';
const NO_LR_DECAY = { value: 0, reason: 'it has no built-in lr decay (use a schedule)' } as const;

export const adagradFlavors: readonly FlavorDefinition<AdagradOptions, AdagradState>[] = [
  {
    flavor: 'keras',
    reference: 'keras.optimizers.Adagrad',
    formula: 'θ ← θ − γλθ;  sum ← sum + g²;  θ ← θ − γ·g / √(sum + ε)   (sum₀ = 0.1)',
    note: `${NOTE_ROOT} Keras's defaults: γ = 1e-3, ε = 1e-7; weight decay is decoupled (θ ← θ − γλθ).`,
    defaults: { lr: 1e-3, initialAccumulatorValue: 0.1, eps: 1e-7 },
    absent: { lrDecay: NO_LR_DECAY },
    init: adagradInit,
    step: rootEpsAdagradStep,
  },
  {
    flavor: 'tfjs',
    reference: 'tf.train.adagrad',
    formula: 'sum ← sum + g²;  θ ← θ − γ·g / √(sum + ε)   (sum₀ = 0.1, ε = 1e-7 fixed)',
    note: `${NOTE_ROOT} TF.js requires γ (PyTorch's 1e-2 here) and takes ε from the backend (1e-7).`,
    defaults: { initialAccumulatorValue: 0.1, eps: 1e-7 },
    absent: { lrDecay: NO_LR_DECAY, weightDecay: { value: 0, reason: 'tf.train.adagrad has no weight decay' } },
    init: adagradInit,
    step: rootEpsAdagradStep,
  },
  {
    flavor: 'optax',
    reference: 'optax.adagrad',
    formula: 'sum ← sum + g²;  θ ← θ − γ·g / √(sum + ε)  (0 where sum = 0)   (sum₀ = 0.1)',
    note: `${NOTE_ROOT} Optax requires γ (PyTorch's 1e-2 here); ε = 1e-7.`,
    defaults: { initialAccumulatorValue: 0.1, eps: 1e-7 },
    absent: { lrDecay: NO_LR_DECAY, weightDecay: { value: 0, reason: 'optax.adagrad has no weight decay' } },
    init: adagradInit,
    step: rootEpsAdagradStep,
  },
];
