/** Adadelta as Keras 3 and TF.js compute it (see FlavorDefinition); Optax's is PyTorch's rule. */
import type { AdadeltaOptions, AdadeltaState } from '../adadelta';
import { adadeltaInit } from '../adadelta';
import type { FlavorDefinition } from './types';

/** keras.optimizers.Adadelta: PyTorch's order (the new v in the denominator), weight decay decoupled. */
export function kerasAdadeltaStep(params: Float64Array, grad: Float64Array, state: AdadeltaState, lr: number, options: AdadeltaOptions): void {
  const rho = options.rho;
  const eps = options.eps;
  const decay = options.weightDecay * lr;
  const v = state.squareAvg;
  const u = state.accDelta;
  for (let i = 0; i < params.length; i++) {
    if (decay !== 0) params[i]! -= params[i]! * decay;
    const g = grad[i]!;
    v[i] = rho * v[i]! + (1 - rho) * g * g;
    const delta = (Math.sqrt(u[i]! + eps) / Math.sqrt(v[i]! + eps)) * g;
    u[i] = rho * u[i]! + (1 - rho) * delta * delta;
    params[i]! -= lr * delta;
  }
  state.step += 1;
}

/** tf.train.adadelta: the delta divides by the root of the previous v (read before it is updated). */
export function tfjsAdadeltaStep(params: Float64Array, grad: Float64Array, state: AdadeltaState, lr: number, options: AdadeltaOptions): void {
  const rho = options.rho;
  const eps = options.eps;
  const v = state.squareAvg;
  const u = state.accDelta;
  for (let i = 0; i < params.length; i++) {
    const g = grad[i]!;
    const delta = (Math.sqrt(u[i]! + eps) / Math.sqrt(v[i]! + eps)) * g;
    v[i] = rho * v[i]! + (1 - rho) * g * g;
    u[i] = rho * u[i]! + (1 - rho) * delta * delta;
    params[i]! -= lr * delta;
  }
  state.step += 1;
}

export const adadeltaFlavors: readonly FlavorDefinition<AdadeltaOptions, AdadeltaState>[] = [
  {
    flavor: 'keras',
    reference: 'keras.optimizers.Adadelta',
    formula: 'θ ← θ − γλθ;  v ← ρv + (1 − ρ)g²;  Δ ← √(u + ε)/√(v + ε)·g;  u ← ρu + (1 − ρ)Δ²;  θ ← θ − γΔ',
    note:
      "Keras computes PyTorch's rule with other defaults: γ = 1e-3 (PyTorch 1.0, so a Keras Adadelta moves 1000× less per step), ρ = 0.95, ε = 1e-7; weight decay is decoupled.",
    defaults: { lr: 1e-3, rho: 0.95, eps: 1e-7 },
    init: adadeltaInit,
    step: kerasAdadeltaStep,
  },
  {
    flavor: 'tfjs',
    reference: 'tf.train.adadelta',
    formula: 'Δ ← √(u + ε)/√(v + ε)·g  (the previous v);  v ← ρv + (1 − ρ)g²;  u ← ρu + (1 − ρ)Δ²;  θ ← θ − γΔ',
    note:
      'TF.js divides by the root of the previous v, read before this step\'s g² is added: at step 1 v = 0, so Δ = √ε/√ε·g = g and the first step is plain SGD, γ·g (PyTorch: γ·√ε/√((1 − ρ)g² + ε)·g, tiny). ' +
      'Defaults γ = 1e-3, ρ = 0.95, ε = 1e-7.',
    defaults: { lr: 1e-3, rho: 0.95, eps: 1e-7 },
    absent: { weightDecay: { value: 0, reason: 'tf.train.adadelta has no weight decay' } },
    init: adadeltaInit,
    step: tfjsAdadeltaStep,
  },
];
