import { ADAM_BETAS, learningRate } from './commonOptions';
import type { OptimizerDefinition } from './types';

export interface RadamOptions {
  /** Base learning rate γ; the schedule decides each step's lr from it. */
  readonly lr: number;
  /** [β₁, β₂]: decay rates of the first and second moment averages. */
  readonly betas: readonly [number, number];
  /** ε: added to √v (outside the root) in the rectified step. */
  readonly eps: number;
  /** λ: weight decay, L2 added to the gradient or (decoupledWeightDecay) θ ← θ·(1 − γλ). */
  readonly weightDecay: number;
  /** Decay θ by (1 − γλ) before the step (AdamW style, "RAdamW") instead of adding λθ to the gradient. */
  readonly decoupledWeightDecay: boolean;
}

export interface RadamState {
  step: number;
  /** m, first moment average (PyTorch `exp_avg`). */
  expAvg: Float64Array;
  /** v, second moment average (PyTorch `exp_avg_sq`). */
  expAvgSq: Float64Array;
}

/** Fresh RAdam state: step 0 and zero moments. */
export function radamInit(dim: number, _options: RadamOptions): RadamState {
  return { step: 0, expAvg: new Float64Array(dim), expAvgSq: new Float64Array(dim) };
}

/** One RAdam step on `params` in place (torch.optim.RAdam, `_single_tensor_radam` of PyTorch 2.x). */
export function radamStep(params: Float64Array, grad: Float64Array, state: RadamState, lr: number, options: RadamOptions): void {
  const beta1 = options.betas[0];
  const beta2 = options.betas[1];
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  const eps = options.eps;
  const weightDecay = options.weightDecay;
  const coupledDecay = weightDecay !== 0 && !options.decoupledWeightDecay;
  const decay = options.decoupledWeightDecay ? 1 - lr * weightDecay : 1;
  const expAvg = state.expAvg;
  const expAvgSq = state.expAvgSq;
  const step = state.step + 1;
  const biasCorrection1 = 1 - Math.pow(beta1, step);
  const biasCorrection2 = 1 - Math.pow(beta2, step);
  // ρ: the length of the simple moving average that the EMA of g² approximates at this step.
  const rhoInf = 2 / (1 - beta2) - 1;
  const rho = rhoInf - (2 * step * Math.pow(beta2, step)) / biasCorrection2;
  // Below ρ = 5 the variance of the adaptive lr is intractable: take an un-normalised momentum step.
  const rectified = rho > 5;
  const rect = rectified ? Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho)) : 0;
  const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
  for (let i = 0; i < params.length; i++) {
    let g = grad[i]!;
    let p = params[i]!;
    if (coupledDecay) g += weightDecay * p;
    else if (decay !== 1) p *= decay;
    const m = beta1 * expAvg[i]! + oneMinusBeta1 * g;
    const v = beta2 * expAvgSq[i]! + oneMinusBeta2 * g * g;
    expAvg[i] = m;
    expAvgSq[i] = v;
    const mHat = m / biasCorrection1;
    params[i] = rectified ? p - mHat * lr * (biasCorrection2Sqrt / (Math.sqrt(v) + eps)) * rect : p - mHat * lr;
  }
  state.step = step;
}

/**
 * `radam` — Rectified Adam (Liu et al. 2020): Adam whose adaptive step is switched off while
 * the second-moment estimate is too young to trust, and scaled by a rectification factor r
 * afterwards, exactly as `torch.optim.RAdam` in PyTorch 2.x.
 *
 * ```text
 * input: θ₀ (params), γ (lr), β₁, β₂ (betas), ε (eps), λ (weightDecay), decoupledWeightDecay
 * init:  m ← 0, v ← 0, ρ∞ ← 2/(1 − β₂) − 1
 * for t = 1, 2, …:
 *   g ← ∇f(θₜ₋₁)
 *   if λ ≠ 0:  θ ← θₜ₋₁·(1 − γλ)  if decoupledWeightDecay,  else  g ← g + λ·θₜ₋₁
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   m̂ ← m / (1 − β₁ᵗ)
 *   ρₜ ← ρ∞ − 2t·β₂ᵗ / (1 − β₂ᵗ)
 *   if ρₜ > 5:
 *     l ← √(1 − β₂ᵗ) / (√v + ε)
 *     r ← √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ))
 *     θₜ ← θ − γ·m̂·l·r
 *   else:
 *     θₜ ← θ − γ·m̂
 * ```
 *
 * Symbols → options: γ `lr` (1e-3), [β₁, β₂] `betas` ([0.9, 0.999]), ε `eps` (1e-8),
 * λ `weightDecay` (0), `decoupledWeightDecay` (false). γ is the step's lr from the schedule.
 * The rectification threshold is ρₜ > 5 (PyTorch's constant): with β₂ = 0.999, ρ₁ = 1, ρ₅ ≈ 4.996
 * and ρ₆ ≈ 5.994, so the first five steps are plain bias-corrected momentum steps of size γ·m̂.
 *
 * Reference: `torch.optim.RAdam` (`_single_tensor_radam`, PyTorch 2.x). torch 1.13 has no
 * `decoupledWeightDecay` (PyTorch 2.0 added it; LR Lab follows 2.x, and the decoupled case is
 * checked against a reimplementation of 2.x's source, scripts/golden/reference.py); 2.x also
 * computes m with `lerp_`, equal to β₁·m + (1 − β₁)·g up to the last bit.
 *
 * Differs from: the authors' implementation (LiyuanLucasLiu/RAdam) uses decoupled decay and
 * switches to SGD with momentum below a threshold of 4 or 5 depending on the version; Optax's
 * `radam` has threshold 5 like PyTorch but puts ε as `√(v̂ + ε_root) + ε`; Keras has no RAdam
 * (TF Addons' `RectifiedAdam` adds warm-up and min-lr options). Adam's first steps divide by
 * a v̂ estimated from one or two gradients; RAdam's do not.
 *
 * Worked example (lr 0.1, defaults otherwise; θ₀ = [1, 2], g₁ = [1, 1], g₂ = [1, −1]):
 * ```text
 * step 1: ρ₁ = 1 ≤ 5,  m = [0.1, 0.1],  m̂ = [1, 1],  θ₁ = θ₀ − 0.1·m̂ = [0.9, 1.9]
 * step 2: ρ₂ = 1.99949974…,  m = [0.19, −0.01],  m̂ = [1, −1/19]
 *         θ₂ = θ₁ − 0.1·m̂ = [0.8, 1.9052631578947368]
 * ```
 */
export const radam: OptimizerDefinition<RadamOptions, RadamState> = {
  type: 'radam',
  title: 'RAdam',
  summary: 'Rectified Adam: no adaptive scaling while the variance estimate is young (ρₜ ≤ 5), then Adam scaled by a rectification factor.',
  reference: 'torch.optim.RAdam',
  formula: 'm ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  ρₜ = ρ∞ − 2tβ₂ᵗ/(1 − β₂ᵗ);  θ ← θ − γ·(m/(1 − β₁ᵗ))·r·√(1 − β₂ᵗ)/(√v + ε) if ρₜ > 5, else θ ← θ − γ·m/(1 − β₁ᵗ)',
  options: {
    lr: learningRate(1e-3),
    betas: ADAM_BETAS,
    eps: { kind: 'number', min: 0, default: 1e-8, doc: 'ε added to √v, outside the root, in rectified steps (default: 1e-8)' },
    weightDecay: { kind: 'number', min: 0, default: 0, doc: 'Weight decay λ: L2 added to the gradient, or θ·(1 − lr·λ) with decoupledWeightDecay (default: 0)' },
    decoupledWeightDecay: { kind: 'boolean', default: false, doc: 'Decoupled (AdamW-style) decay, "RAdamW"; PyTorch 2.x, not in torch 1.13 (default: false)' },
  },
  init: radamInit,
  step: radamStep,
};
