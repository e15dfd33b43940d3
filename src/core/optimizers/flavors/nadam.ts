/** NAdam as Keras 3 and Optax compute it (see FlavorDefinition); TF.js has none. */
import type { NadamOptions, NadamState } from '../nadam';
import { nadamInit } from '../nadam';
import { averageMoments, kerasDecayAndMoments } from './moments';
import type { FlavorDefinition } from './types';

/**
 * keras.optimizers.Nadam: PyTorch's rule with the momentum schedule μₜ = β₁(1 − ½·0.96ᵗ)
 * (ψ fixed at 1), Keras's moment updates, decoupled weight decay.
 */
export function kerasNadamStep(params: Float64Array, grad: Float64Array, state: NadamState, lr: number, options: NadamOptions): void {
  const beta1 = options.betas[0];
  const beta2 = options.betas[1];
  const eps = options.eps;
  const decay = options.weightDecay * lr;
  const step = state.step + 1;
  const mu = beta1 * (1 - 0.5 * Math.pow(0.96, step * options.momentumDecay));
  const muNext = beta1 * (1 - 0.5 * Math.pow(0.96, (step + 1) * options.momentumDecay));
  const product = state.muProduct * mu;
  const productNext = product * muNext;
  const bc2 = 1 - Math.pow(beta2, step);
  const m = state.expAvg;
  const v = state.expAvgSq;
  for (let i = 0; i < params.length; i++) {
    const g = grad[i]!;
    kerasDecayAndMoments(params, m, v, i, g, beta1, beta2, decay);
    const mHat = (muNext * m[i]!) / (1 - productNext) + ((1 - mu) * g) / (1 - product);
    params[i]! -= (mHat * lr) / (Math.sqrt(v[i]! / bc2) + eps);
  }
  state.muProduct = product;
  state.step = step;
}

/**
 * optax.nadam (optax.adam with nesterov=True): no μ schedule;
 * m̂ = β₁·m/(1 − β₁ᵗ⁺¹) + (1 − β₁)·g/(1 − β₁ᵗ), θ ← θ − γ·m̂/(√v̂ + ε).
 */
export function optaxNadamStep(params: Float64Array, grad: Float64Array, state: NadamState, lr: number, options: NadamOptions): void {
  const beta1 = options.betas[0];
  const beta2 = options.betas[1];
  const eps = options.eps;
  const step = state.step + 1;
  const bc1 = 1 - Math.pow(beta1, step);
  const bc1Next = 1 - Math.pow(beta1, step + 1);
  const bc2 = 1 - Math.pow(beta2, step);
  const m = state.expAvg;
  const v = state.expAvgSq;
  for (let i = 0; i < params.length; i++) {
    const g = grad[i]!;
    averageMoments(m, v, i, g, beta1, beta2);
    const mHat = (beta1 * m[i]!) / bc1Next + ((1 - beta1) * g) / bc1;
    params[i]! -= (lr * mHat) / (Math.sqrt(v[i]! / bc2) + eps);
  }
  state.step = step;
}

export const nadamFlavors: readonly FlavorDefinition<NadamOptions, NadamState>[] = [
  {
    flavor: 'keras',
    reference: 'keras.optimizers.Nadam',
    formula: 'θ ← θ − γλθ;  μₜ = β₁(1 − ½·0.96ᵗ);  Π ← Πμₜ;  m ← m + (g − m)(1 − β₁);  v ← v + (g² − v)(1 − β₂);  θ ← θ − γ·(μₜ₊₁m/(1 − Πμₜ₊₁) + (1 − μₜ)g/(1 − Π)) / (√(v/(1 − β₂ᵗ)) + ε)',
    note:
      "Keras hard-codes the momentum schedule μₜ = β₁(1 − ½·0.96ᵗ): PyTorch's rule with ψ = 1 instead of 4e-3, so μₜ warms up to β₁ about 250× faster (μ₁₀₀ ≈ 0.892 vs 0.457 in PyTorch). " +
      'Defaults γ = 1e-3, ε = 1e-7; weight decay is decoupled.',
    defaults: { lr: 1e-3, eps: 1e-7, momentumDecay: 1 },
    absent: { momentumDecay: { value: 1, reason: 'Keras hard-codes 0.96ᵗ (ψ = 1)' } },
    init: nadamInit,
    step: kerasNadamStep,
  },
  {
    flavor: 'optax',
    reference: 'optax.nadam',
    formula: 'm ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  m̂ ← β₁m/(1 − β₁ᵗ⁺¹) + (1 − β₁)g/(1 − β₁ᵗ);  θ ← θ − γ·m̂ / (√(v/(1 − β₂ᵗ)) + ε)',
    note:
      "Optax's nadam (adam with nesterov=True) has no momentum schedule: the look-ahead uses β₁ itself and Adam's bias corrections, where PyTorch's μₜ starts near β₁/2 and warms up over hundreds of steps. " +
      'Its first steps are therefore bolder on the momentum term. γ must be given (PyTorch\'s 2e-3 here).',
    defaults: {},
    absent: {
      momentumDecay: { value: 4e-3, reason: 'optax.nadam has no momentum schedule' },
      weightDecay: { value: 0, reason: 'optax.nadam has no weight decay (optax.nadamw has)' },
    },
    init: nadamInit,
    step: optaxNadamStep,
  },
];
