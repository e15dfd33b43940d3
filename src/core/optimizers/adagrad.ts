import { l2WeightDecay, learningRate } from './commonOptions';
import type { OptimizerDefinition } from './types';

export interface AdagradOptions {
  /** Base learning rate γ; the schedule decides each step's lr from it. */
  readonly lr: number;
  /** η: built-in lr decay, γₜ = γ / (1 + (t − 1)·η). */
  readonly lrDecay: number;
  /** λ: L2 penalty added to the gradient. */
  readonly weightDecay: number;
  /** Starting value of every entry of the squared-gradient sum. */
  readonly initialAccumulatorValue: number;
  /** ε: added to √sum (outside the square root). */
  readonly eps: number;
}

export interface AdagradState {
  step: number;
  /** Running sum of squared gradients (PyTorch `sum`). */
  sum: Float64Array;
}

/** Fresh Adagrad state: step 0 and every sum entry at `initialAccumulatorValue`. */
export function adagradInit(dim: number, options: AdagradOptions): AdagradState {
  return { step: 0, sum: new Float64Array(dim).fill(options.initialAccumulatorValue) };
}

/** One Adagrad step on `params` in place (torch.optim.Adagrad, `_single_tensor_adagrad`). */
export function adagradStep(params: Float64Array, grad: Float64Array, state: AdagradState, lr: number, options: AdagradOptions): void {
  const weightDecay = options.weightDecay;
  const eps = options.eps;
  const sum = state.sum;
  const step = state.step + 1;
  const clr = lr / (1 + (step - 1) * options.lrDecay);
  for (let i = 0; i < params.length; i++) {
    let g = grad[i]!;
    if (weightDecay !== 0) g += weightDecay * params[i]!;
    const s = sum[i]! + g * g;
    sum[i] = s;
    params[i]! -= (clr * g) / (Math.sqrt(s) + eps);
  }
  state.step = step;
}

/**
 * `adagrad` — per-parameter steps scaled by the root of the running sum of squared gradients,
 * exactly as `torch.optim.Adagrad`.
 *
 * ```text
 * input: θ₀ (params), γ (lr), η (lrDecay), λ (weightDecay), s₀ (initialAccumulatorValue), ε (eps)
 * init:  sum ← s₀
 * for t = 1, 2, …:
 *   g ← ∇f(θₜ₋₁)
 *   if λ ≠ 0:  g ← g + λ·θₜ₋₁
 *   γ̃ ← γ / (1 + (t − 1)·η)
 *   sum ← sum + g²
 *   θₜ ← θₜ₋₁ − γ̃·g / (√sum + ε)
 * ```
 *
 * Symbols → options: γ `lr` (1e-2), η `lrDecay` (0), λ `weightDecay` (0),
 * s₀ `initialAccumulatorValue` (0), ε `eps` (1e-10). γ is the step's lr from the schedule; the
 * built-in decay η applies on top of it.
 *
 * Reference: `torch.optim.Adagrad` (`_single_tensor_adagrad`).
 *
 * Differs from: Keras, TF.js and Optax put ε inside the root (`√(sum + ε)`, ε 1e-7) and start
 * the sum at 0.1; PyTorch adds ε outside the root and starts at 0, so its first step is
 * γ·g/|g| ≈ γ per coordinate.
 *
 * Worked example (lr 0.1, lrDecay 1, eps 0 for round numbers; θ₀ = [1, −2], g₁ = [3, −4],
 * g₂ = [4, 3]):
 * ```text
 * step 1: γ̃ = 0.1,  sum = [9, 16],   θ₁ = [1 − 0.1·3/3, −2 + 0.1·4/4] = [0.9, −1.9]
 * step 2: γ̃ = 0.05, sum = [25, 25],  θ₂ = [0.9 − 0.05·4/5, −1.9 − 0.05·3/5] = [0.86, −1.93]
 * ```
 */
export const adagrad: OptimizerDefinition<AdagradOptions, AdagradState> = {
  type: 'adagrad',
  title: 'Adagrad',
  summary: 'Per-parameter steps divided by the root of the running sum of squared gradients.',
  reference: 'torch.optim.Adagrad',
  formula: 'g ← ∇f(θ) + λθ;  γ̃ ← γ / (1 + (t − 1)η);  sum ← sum + g²;  θ ← θ − γ̃·g / (√sum + ε)',
  options: {
    lr: learningRate(1e-2),
    lrDecay: { kind: 'number', min: 0, default: 0, doc: 'Built-in decay η: step t uses γ / (1 + (t − 1)·η) (default: 0)' },
    weightDecay: l2WeightDecay(),
    initialAccumulatorValue: { kind: 'number', min: 0, default: 0, doc: 'Starting value of the squared-gradient sum (default: 0; Keras uses 0.1)' },
    eps: { kind: 'number', min: 0, default: 1e-10, doc: 'ε added to √sum, outside the root (default: 1e-10)' },
  },
  init: adagradInit,
  step: adagradStep,
};
