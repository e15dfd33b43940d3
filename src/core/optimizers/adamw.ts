import { ADAM_BETAS, adamEps, AMSGRAD, learningRate } from './commonOptions';
import type { OptimizerDefinition } from './types';

export interface AdamwOptions {
  /** Base learning rate γ; the schedule decides each step's lr from it. */
  readonly lr: number;
  /** [β₁, β₂]: decay rates of the first and second moment averages. */
  readonly betas: readonly [number, number];
  /** ε: added to the bias-corrected root (outside it). */
  readonly eps: number;
  /** λ: decoupled weight decay, θ ← θ·(1 − γλ) before the Adam step. */
  readonly weightDecay: number;
  /** Use the running maximum of the second moment (AMSGrad). */
  readonly amsgrad: boolean;
}

export interface AdamwState {
  step: number;
  /** m, first moment average (PyTorch `exp_avg`). */
  expAvg: Float64Array;
  /** v, second moment average (PyTorch `exp_avg_sq`). */
  expAvgSq: Float64Array;
  /** v_max, running maximum of v (PyTorch `max_exp_avg_sq`); empty unless amsgrad. */
  maxExpAvgSq: Float64Array;
}

/** Fresh AdamW state: step 0, zero moments; the AMSGrad maximum only with amsgrad. */
export function adamwInit(dim: number, options: AdamwOptions): AdamwState {
  return {
    step: 0,
    expAvg: new Float64Array(dim),
    expAvgSq: new Float64Array(dim),
    maxExpAvgSq: new Float64Array(options.amsgrad ? dim : 0),
  };
}

/** One AdamW step on `params` in place (torch.optim.AdamW, `_single_tensor_adamw`). */
export function adamwStep(params: Float64Array, grad: Float64Array, state: AdamwState, lr: number, options: AdamwOptions): void {
  const beta1 = options.betas[0];
  const beta2 = options.betas[1];
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  const eps = options.eps;
  const decay = 1 - lr * options.weightDecay;
  const amsgrad = options.amsgrad;
  const expAvg = state.expAvg;
  const expAvgSq = state.expAvgSq;
  const maxExpAvgSq = state.maxExpAvgSq;
  const step = state.step + 1;
  // Once t·(1 − β) ≥ 39, βᵗ ≤ e^(−t·(1 − β)) ≤ e⁻³⁹ < 2⁻⁵⁵ and 1 − βᵗ rounds to exactly 1: the same numbers
  // without Math.pow, which costs more than a small objective's whole step (β₁ = 0.9: from step 391).
  const biasCorrection1 = step * oneMinusBeta1 >= 39 ? 1 : 1 - Math.pow(beta1, step);
  const biasCorrection2 = step * oneMinusBeta2 >= 39 ? 1 : 1 - Math.pow(beta2, step);
  const stepSize = lr / biasCorrection1;
  const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
  for (let i = 0; i < params.length; i++) {
    const g = grad[i]!;
    const m = beta1 * expAvg[i]! + oneMinusBeta1 * g;
    let v = beta2 * expAvgSq[i]! + oneMinusBeta2 * g * g;
    expAvg[i] = m;
    expAvgSq[i] = v;
    if (amsgrad) {
      v = Math.max(maxExpAvgSq[i]!, v);
      maxExpAvgSq[i] = v;
    }
    // Decoupled decay shrinks θ first; the gradient never sees it.
    params[i] = params[i]! * decay - (stepSize * m) / (Math.sqrt(v) / biasCorrection2Sqrt + eps);
  }
  state.step = step;
}

/**
 * `adamw` — Adam with decoupled weight decay (Loshchilov & Hutter), exactly as
 * `torch.optim.AdamW`.
 *
 * ```text
 * input: θ₀ (params), γ (lr), β₁, β₂ (betas), ε (eps), λ (weightDecay), amsgrad
 * init:  m ← 0, v ← 0, v_max ← 0
 * for t = 1, 2, …:
 *   g ← ∇f(θₜ₋₁)
 *   θ ← θₜ₋₁·(1 − γλ)
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   if amsgrad:  v_max ← max(v_max, v);  v̂ ← v_max / (1 − β₂ᵗ)
 *   else:        v̂ ← v / (1 − β₂ᵗ)
 *   m̂ ← m / (1 − β₁ᵗ)
 *   θₜ ← θ − γ·m̂ / (√v̂ + ε)
 * ```
 *
 * Symbols → options: γ `lr` (1e-3), [β₁, β₂] `betas` ([0.9, 0.999]), ε `eps` (1e-8),
 * λ `weightDecay` (1e-2), `amsgrad` (false). γ is the step's lr from the schedule, so the decay
 * follows the schedule too (γλ per step).
 *
 * Reference: `torch.optim.AdamW` (`_single_tensor_adamw`).
 *
 * Differs from: `adam`, where weight decay is L2 added to the gradient and then rescaled by
 * the adaptive denominator. Default decay: Keras 0.004, Optax 1e-4, PyTorch 1e-2. Keras uses
 * the "ε-hat" Adam form and ε 1e-7.
 *
 * Worked example (lr 0.1, weightDecay 0.01, defaults otherwise; θ₀ = [1, 2], g₁ = [1, 1],
 * g₂ = [1, −1]; the Adam step is the same as in `adam`'s example, decay factor 1 − 0.1·0.01 = 0.999):
 * ```text
 * step 1: θ₁ = 0.999·θ₀ − 0.1/(1 + 1e-8) = [0.899000001, 1.898000001]
 * step 2: θ₂ = 0.999·θ₁ − [0.1, −0.1/19]/(1 + 1e-8)
 *            = [0.798101001999, 1.9013651588411053]
 * ```
 */
export const adamw: OptimizerDefinition<AdamwOptions, AdamwState> = {
  type: 'adamw',
  title: 'AdamW',
  summary: 'Adam with decoupled weight decay: θ shrinks by the factor 1 − lr·weightDecay before each Adam step.',
  reference: 'torch.optim.AdamW',
  formula: 'θ ← θ(1 − γλ);  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  θ ← θ − γ·(m/(1 − β₁ᵗ)) / (√(v/(1 − β₂ᵗ)) + ε)  (amsgrad: v ← max of all v)',
  options: {
    lr: learningRate(1e-3),
    betas: ADAM_BETAS,
    eps: adamEps(),
    weightDecay: { kind: 'number', min: 0, default: 1e-2, doc: 'Decoupled decay λ: θ ← θ·(1 − lr·λ) every step (default: 1e-2; Keras 0.004, Optax 1e-4)' },
    amsgrad: AMSGRAD,
  },
  init: adamwInit,
  step: adamwStep,
};
