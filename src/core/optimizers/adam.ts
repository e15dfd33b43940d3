import { ADAM_BETAS, adamEps, AMSGRAD, l2WeightDecay, learningRate } from './commonOptions';
import type { OptimizerDefinition } from './types';

export interface AdamOptions {
  /** Base learning rate γ; the schedule decides each step's lr from it. */
  readonly lr: number;
  /** [β₁, β₂]: decay rates of the first and second moment averages. */
  readonly betas: readonly [number, number];
  /** ε: added to the bias-corrected root (outside it). */
  readonly eps: number;
  /** λ: L2 penalty added to the gradient (coupled; see `adamw` for decoupled decay). */
  readonly weightDecay: number;
  /** Use the running maximum of the second moment (AMSGrad). */
  readonly amsgrad: boolean;
}

export interface AdamState {
  step: number;
  /** m, first moment average (PyTorch `exp_avg`). */
  expAvg: Float64Array;
  /** v, second moment average (PyTorch `exp_avg_sq`). */
  expAvgSq: Float64Array;
  /** v_max, running maximum of v (PyTorch `max_exp_avg_sq`); empty unless amsgrad. */
  maxExpAvgSq: Float64Array;
}

/** Fresh Adam state: step 0, zero moments; the AMSGrad maximum only with amsgrad. */
export function adamInit(dim: number, options: AdamOptions): AdamState {
  return {
    step: 0,
    expAvg: new Float64Array(dim),
    expAvgSq: new Float64Array(dim),
    maxExpAvgSq: new Float64Array(options.amsgrad ? dim : 0),
  };
}

/** One Adam step on `params` in place (torch.optim.Adam, `_single_tensor_adam`). */
export function adamStep(params: Float64Array, grad: Float64Array, state: AdamState, lr: number, options: AdamOptions): void {
  const beta1 = options.betas[0];
  const beta2 = options.betas[1];
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  const eps = options.eps;
  const weightDecay = options.weightDecay;
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
    let g = grad[i]!;
    if (weightDecay !== 0) g += weightDecay * params[i]!;
    const m = beta1 * expAvg[i]! + oneMinusBeta1 * g;
    let v = beta2 * expAvgSq[i]! + oneMinusBeta2 * g * g;
    expAvg[i] = m;
    expAvgSq[i] = v;
    if (amsgrad) {
      v = Math.max(maxExpAvgSq[i]!, v);
      maxExpAvgSq[i] = v;
    }
    params[i]! -= (stepSize * m) / (Math.sqrt(v) / biasCorrection2Sqrt + eps);
  }
  state.step = step;
}

/**
 * `adam` — Adam (and AMSGrad) with coupled L2 weight decay, exactly as `torch.optim.Adam`.
 *
 * ```text
 * input: θ₀ (params), γ (lr), β₁, β₂ (betas), ε (eps), λ (weightDecay), amsgrad
 * init:  m ← 0, v ← 0, v_max ← 0
 * for t = 1, 2, …:
 *   g ← ∇f(θₜ₋₁)
 *   if λ ≠ 0:  g ← g + λ·θₜ₋₁
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   if amsgrad:  v_max ← max(v_max, v);  v̂ ← v_max / (1 − β₂ᵗ)
 *   else:        v̂ ← v / (1 − β₂ᵗ)
 *   m̂ ← m / (1 − β₁ᵗ)
 *   θₜ ← θₜ₋₁ − γ·m̂ / (√v̂ + ε)
 * ```
 *
 * Symbols → options: γ `lr` (1e-3), [β₁, β₂] `betas` ([0.9, 0.999]), ε `eps` (1e-8),
 * λ `weightDecay` (0), `amsgrad` (false). γ is the step's lr from the schedule.
 *
 * Reference: `torch.optim.Adam` (`_single_tensor_adam`). PyTorch 2.x computes m with
 * `m.lerp_(g, 1 − β₁)` instead of torch 1.13's β₁·m + (1 − β₁)·g: equal up to the last bit.
 *
 * Differs from: Keras uses the "ε-hat" form `θ ← θ − γ·√(1 − β₂ᵗ)/(1 − β₁ᵗ)·m/(√v + ε)` with
 * ε 1e-7, so its ε acts larger early on; TF.js uses ε 1e-7; Optax's AMSGrad takes the
 * maximum of the bias-corrected v̂. Weight decay here is L2 added to the gradient (decoupled
 * decay is `adamw`).
 *
 * Worked example (lr 0.1, defaults otherwise; θ₀ = [1, 2], g₁ = [1, 1], g₂ = [1, −1]):
 * ```text
 * step 1: m = [0.1, 0.1], v = [0.001, 0.001], m̂ = [1, 1], v̂ = [1, 1]
 *         θ₁ = θ₀ − 0.1/(1 + 1e-8) = [0.900000001, 1.900000001]
 * step 2: m = [0.19, −0.01], v = [0.001999, 0.001999], m̂ = [1, −1/19], v̂ = [1, 1]
 *         θ₂ = [0.800000002, 1.900000001 + (0.1/19)/(1 + 1e-8)] = [0.800000002, 1.9052631588421053]
 * ```
 */
export const adam: OptimizerDefinition<AdamOptions, AdamState> = {
  type: 'adam',
  title: 'Adam',
  summary: 'Adaptive moment estimation: bias-corrected moving averages of the gradient and its square (optionally AMSGrad).',
  reference: 'torch.optim.Adam',
  formula: 'g ← ∇f(θ) + λθ;  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  θ ← θ − γ·(m/(1 − β₁ᵗ)) / (√(v/(1 − β₂ᵗ)) + ε)  (amsgrad: v ← max of all v)',
  options: {
    lr: learningRate(1e-3),
    betas: ADAM_BETAS,
    eps: adamEps('; Keras and TF.js use 1e-7'),
    weightDecay: l2WeightDecay('; for decoupled decay use adamw'),
    amsgrad: AMSGRAD,
  },
  init: adamInit,
  step: adamStep,
};
