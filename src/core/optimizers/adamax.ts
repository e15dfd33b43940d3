import { l2WeightDecay, learningRate } from './commonOptions';
import type { OptimizerDefinition } from './types';

export interface AdamaxOptions {
  /** Base learning rate γ; the schedule decides each step's lr from it. */
  readonly lr: number;
  /** [β₁, β₂]: decay rates of the first moment and of the infinity norm. */
  readonly betas: readonly [number, number];
  /** ε: added to |g| inside the maximum. */
  readonly eps: number;
  /** λ: L2 penalty added to the gradient. */
  readonly weightDecay: number;
}

export interface AdamaxState {
  step: number;
  /** m, first moment average (PyTorch `exp_avg`). */
  expAvg: Float64Array;
  /** u, exponentially weighted infinity norm (PyTorch `exp_inf`). */
  expInf: Float64Array;
}

/** Fresh Adamax state: step 0 and zero averages. */
export function adamaxInit(dim: number, _options: AdamaxOptions): AdamaxState {
  return { step: 0, expAvg: new Float64Array(dim), expInf: new Float64Array(dim) };
}

/** One Adamax step on `params` in place (torch.optim.Adamax, `_single_tensor_adamax`). */
export function adamaxStep(params: Float64Array, grad: Float64Array, state: AdamaxState, lr: number, options: AdamaxOptions): void {
  const beta1 = options.betas[0];
  const beta2 = options.betas[1];
  const oneMinusBeta1 = 1 - beta1;
  const eps = options.eps;
  const weightDecay = options.weightDecay;
  const expAvg = state.expAvg;
  const expInf = state.expInf;
  const step = state.step + 1;
  const clr = lr / (1 - Math.pow(beta1, step));
  for (let i = 0; i < params.length; i++) {
    let g = grad[i]!;
    if (weightDecay !== 0) g += weightDecay * params[i]!;
    const m = beta1 * expAvg[i]! + oneMinusBeta1 * g;
    const u = Math.max(beta2 * expInf[i]!, Math.abs(g) + eps);
    expAvg[i] = m;
    expInf[i] = u;
    params[i]! -= (clr * m) / u;
  }
  state.step = step;
}

/**
 * `adamax` — Adam with the infinity norm in place of the second moment, exactly as
 * `torch.optim.Adamax`.
 *
 * ```text
 * input: θ₀ (params), γ (lr), β₁, β₂ (betas), ε (eps), λ (weightDecay)
 * init:  m ← 0, u ← 0
 * for t = 1, 2, …:
 *   g ← ∇f(θₜ₋₁)
 *   if λ ≠ 0:  g ← g + λ·θₜ₋₁
 *   m ← β₁·m + (1 − β₁)·g
 *   u ← max(β₂·u, |g| + ε)
 *   θₜ ← θₜ₋₁ − γ/(1 − β₁ᵗ) · m/u
 * ```
 *
 * Symbols → options: γ `lr` (2e-3), [β₁, β₂] `betas` ([0.9, 0.999]), ε `eps` (1e-8),
 * λ `weightDecay` (0). γ is the step's lr from the schedule.
 *
 * Reference: `torch.optim.Adamax` (`_single_tensor_adamax`).
 *
 * Differs from: Keras and TF.js take `u ← max(β₂·u, |g|)` and divide by `u + ε` (ε 1e-7);
 * PyTorch and Optax add ε to |g| inside the maximum. Keras defaults to lr 1e-3.
 *
 * Worked example (lr 0.1, defaults otherwise; θ₀ = [1, −2], g₁ = [2, −4], g₂ = [−1, −8]):
 * ```text
 * step 1: m = [0.2, −0.4],  u = [2 + 1e-8, 4 + 1e-8],  γ/(1 − 0.9) = 1
 *         θ₁ = θ₀ − m/u = [0.9000000005, −1.90000000025]
 * step 2: m = [0.08, −1.16],  u = [max(0.999·(2 + 1e-8), 1 + 1e-8), 8 + 1e-8] = [1.99800000999, 8.00000001]
 *         θ₂ = θ₁ − (0.1/0.19)·m/u = [0.8789262953211369, −1.8236842108717105]
 * ```
 */
export const adamax: OptimizerDefinition<AdamaxOptions, AdamaxState> = {
  type: 'adamax',
  title: 'Adamax',
  summary: 'Adam with an exponentially weighted infinity norm in place of the second moment.',
  reference: 'torch.optim.Adamax',
  formula: 'g ← ∇f(θ) + λθ;  m ← β₁m + (1 − β₁)g;  u ← max(β₂u, |g| + ε);  θ ← θ − γ/(1 − β₁ᵗ) · m/u',
  options: {
    lr: learningRate(2e-3),
    betas: { kind: 'pair', min: 0, max: 1, maxExclusive: true, default: [0.9, 0.999], doc: 'Decay rates [β₁, β₂] of the gradient average and the infinity norm, each in [0, 1) (default: [0.9, 0.999])' },
    eps: { kind: 'number', min: 0, default: 1e-8, doc: 'ε added to |g| inside the maximum (default: 1e-8)' },
    weightDecay: l2WeightDecay(),
  },
  init: adamaxInit,
  step: adamaxStep,
};
