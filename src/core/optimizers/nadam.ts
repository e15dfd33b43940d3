import { ADAM_BETAS, adamEps, l2WeightDecay, learningRate } from './commonOptions';
import type { OptimizerDefinition } from './types';

export interface NadamOptions {
  /** Base learning rate γ; the schedule decides each step's lr from it. */
  readonly lr: number;
  /** [β₁, β₂]: decay rates of the first and second moment averages. */
  readonly betas: readonly [number, number];
  /** ε: added to the bias-corrected root (outside it). */
  readonly eps: number;
  /** λ: L2 penalty added to the gradient. */
  readonly weightDecay: number;
  /** ψ: momentum decay of the schedule μₜ = β₁·(1 − ½·0.96^(t·ψ)). */
  readonly momentumDecay: number;
}

export interface NadamState {
  step: number;
  /** m, first moment average (PyTorch `exp_avg`). */
  expAvg: Float64Array;
  /** v, second moment average (PyTorch `exp_avg_sq`). */
  expAvgSq: Float64Array;
  /** μ₁·μ₂·…·μₜ (PyTorch `mu_product`), 1 before the first step. */
  muProduct: number;
}

/** Fresh NAdam state: step 0, zero moments, μ-product 1. */
export function nadamInit(dim: number, _options: NadamOptions): NadamState {
  return { step: 0, expAvg: new Float64Array(dim), expAvgSq: new Float64Array(dim), muProduct: 1 };
}

/** One NAdam step on `params` in place (torch.optim.NAdam, `_single_tensor_nadam` of PyTorch 2.x). */
export function nadamStep(params: Float64Array, grad: Float64Array, state: NadamState, lr: number, options: NadamOptions): void {
  const beta1 = options.betas[0];
  const beta2 = options.betas[1];
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  const eps = options.eps;
  const weightDecay = options.weightDecay;
  const momentumDecay = options.momentumDecay;
  const expAvg = state.expAvg;
  const expAvgSq = state.expAvgSq;
  const step = state.step + 1;
  const biasCorrection2 = 1 - Math.pow(beta2, step);
  const mu = beta1 * (1 - 0.5 * Math.pow(0.96, step * momentumDecay));
  const muNext = beta1 * (1 - 0.5 * Math.pow(0.96, (step + 1) * momentumDecay));
  const muProduct = state.muProduct * mu;
  const muProductNext = muProduct * muNext;
  // Nesterov look-ahead: part of the step uses the raw gradient, part the momentum.
  const gradScale = (lr * (1 - mu)) / (1 - muProduct);
  const avgScale = (lr * muNext) / (1 - muProductNext);
  for (let i = 0; i < params.length; i++) {
    let g = grad[i]!;
    if (weightDecay !== 0) g += weightDecay * params[i]!;
    const m = beta1 * expAvg[i]! + oneMinusBeta1 * g;
    const v = beta2 * expAvgSq[i]! + oneMinusBeta2 * g * g;
    expAvg[i] = m;
    expAvgSq[i] = v;
    const denom = Math.sqrt(v / biasCorrection2) + eps;
    const p = params[i]! - (gradScale * g) / denom;
    params[i] = p - (avgScale * m) / denom;
  }
  state.muProduct = muProduct;
  state.step = step;
}

/**
 * `nadam` — Adam with Nesterov momentum and Dozat's momentum schedule, exactly as
 * `torch.optim.NAdam` in PyTorch 2.x.
 *
 * ```text
 * input: θ₀ (params), γ (lr), β₁, β₂ (betas), ε (eps), λ (weightDecay), ψ (momentumDecay)
 * init:  m ← 0, v ← 0, Π ← 1
 * for t = 1, 2, …:
 *   g ← ∇f(θₜ₋₁)
 *   if λ ≠ 0:  g ← g + λ·θₜ₋₁
 *   μₜ ← β₁·(1 − ½·0.96^(t·ψ)),   μₜ₊₁ ← β₁·(1 − ½·0.96^((t+1)·ψ))
 *   Π ← Π·μₜ
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   d ← √(v / (1 − β₂ᵗ)) + ε
 *   θₜ ← θₜ₋₁ − γ(1 − μₜ)/(1 − Π) · g/d − γμₜ₊₁/(1 − Π·μₜ₊₁) · m/d
 * ```
 *
 * Symbols → options: γ `lr` (2e-3), [β₁, β₂] `betas` ([0.9, 0.999]), ε `eps` (1e-8),
 * λ `weightDecay` (0), ψ `momentumDecay` (4e-3); Π is the state's `muProduct`. γ is the step's
 * lr from the schedule.
 *
 * Reference: `torch.optim.NAdam` (`_single_tensor_nadam`, PyTorch 2.x). torch 1.13 used
 * Π·μₜ·μₜ₊₁ (μₜ counted twice) in the last denominator; PyTorch 2.x has Π·μₜ₊₁. PyTorch 2.x
 * also computes m with `lerp_`, equal to β₁·m + (1 − β₁)·g up to the last bit. PyTorch keeps Π
 * in a float32 tensor unless `torch.get_default_dtype()` is float64; LR Lab keeps it in float64
 * (so it matches PyTorch run with `torch.set_default_dtype(torch.float64)`).
 *
 * Differs from: Keras hard-codes μₜ = β₁(1 − ½·0.96^t) (about 250× faster decay than ψ 4e-3)
 * and uses ε 1e-7, lr 1e-3; Optax's `nadam` has no μ schedule (constant β₁).
 *
 * Worked example (lr 0.1, defaults otherwise; θ₀ = [1, −2], g₁ = [1, −2], g₂ = [0.5, 1]):
 * ```text
 * μ₁ = 0.9(1 − ½·0.96^0.004) = 0.4500734735912961, μ₂ = 0.4501469351862175,
 * μ₃ = 0.450220384786723
 * step 1: Π = μ₁,  m = [0.1, −0.2],  v = [0.001, 0.004],  d = [1 + 1e-8, 2 + 1e-8]
 *         θ₁ = θ₀ − 0.1·g₁/d − 0.1·μ₂/(1 − μ₁μ₂)·m/d = [0.894354823220913, −1.894354822692687]
 * step 2: Π = μ₁μ₂,  m = [0.14, −0.08],  v = [0.001249, 0.004996],  d = √(v/(1 − 0.999²)) + 1e-8
 *         θ₂ = [0.8419624938466679, −1.9354657953566019]
 * ```
 */
export const nadam: OptimizerDefinition<NadamOptions, NadamState> = {
  type: 'nadam',
  title: 'NAdam',
  summary: 'Adam with Nesterov momentum and a slowly warming momentum schedule μₜ (Dozat).',
  reference: 'torch.optim.NAdam',
  formula:
    'g ← ∇f(θ) + λθ;  μₜ = β₁(1 − ½·0.96^(tψ));  Π ← Πμₜ;  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  d ← √(v/(1 − β₂ᵗ)) + ε;  θ ← θ − γ(1 − μₜ)/(1 − Π)·g/d − γμₜ₊₁/(1 − Πμₜ₊₁)·m/d',
  options: {
    lr: learningRate(2e-3),
    betas: ADAM_BETAS,
    eps: adamEps(),
    weightDecay: l2WeightDecay(),
    momentumDecay: { kind: 'number', min: 0, default: 4e-3, doc: 'Momentum decay ψ of μₜ = β₁(1 − ½·0.96^(t·ψ)) (default: 4e-3)' },
  },
  init: nadamInit,
  step: nadamStep,
};
