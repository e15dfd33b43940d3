import { ADAM_BETAS } from './commonOptions';
import type { OptimizerDefinition } from './types';

export interface DAdaptAdamOptions {
  /** A multiplier of the estimated step size d (the authors: leave it at 1). */
  readonly lr: number;
  /** [β₁, β₂]: decay rates of Adam's first and second moment averages. */
  readonly betas: readonly [number, number];
  /** ε: added to √v. */
  readonly eps: number;
  /** λ: weight decay (L2, or decoupled with `decouple`). */
  readonly weightDecay: number;
  /** Decoupled (AdamW-style) weight decay θ ← θ − d·lr·λ·θ; false adds λθ to the gradient. */
  readonly decouple: boolean;
  /** Adam's bias correction √(1 − β₂ᵗ)/(1 − β₁ᵗ) on the step size. */
  readonly useBiasCorrection: boolean;
  /** d₀: the initial estimate of the distance to the solution. */
  readonly d0: number;
  /** d grows by at most this factor per step; null for no limit. */
  readonly growthRate: number | null;
}

export interface DAdaptAdamState {
  step: number;
  /** d, the current step-size estimate (group `d`). */
  d: number;
  /** The running numerator, an EMA of dlr·⟨g, s/(√v + ε)⟩ with rate √β₂ (group `numerator_weighted`). */
  numeratorWeighted: number;
  /** m (PyTorch `exp_avg`), with the step size folded in (each g enters scaled by dlr). */
  expAvg: Float64Array;
  /** v (PyTorch `exp_avg_sq`). */
  expAvgSq: Float64Array;
  /** s, the EMA of dlr·g with rate √β₂ (PyTorch `s`). */
  s: Float64Array;
}

/** Fresh D-Adaptation Adam state: step 0, d = d₀, zero sums. */
export function dAdaptAdamInit(dim: number, options: DAdaptAdamOptions): DAdaptAdamState {
  return { step: 0, d: options.d0, numeratorWeighted: 0, expAvg: new Float64Array(dim), expAvgSq: new Float64Array(dim), s: new Float64Array(dim) };
}

/** The step size of the next dAdaptAdamStep: d·lr (times Adam's bias correction with useBiasCorrection), the reference's dlr. */
export function dAdaptAdamLr(state: DAdaptAdamState, lr: number, options: DAdaptAdamOptions): number {
  const k = state.step;
  const biasCorrection = options.useBiasCorrection ? Math.pow(1 - Math.pow(options.betas[1], k + 1), 0.5) / (1 - Math.pow(options.betas[0], k + 1)) : 1;
  return state.d * lr * biasCorrection;
}

/** One D-Adaptation Adam step on `params` in place (facebookresearch/dadaptation `DAdaptAdam.step`, one group). */
export function dAdaptAdamStep(params: Float64Array, grad: Float64Array, state: DAdaptAdamState, lr: number, options: DAdaptAdamOptions): void {
  const beta1 = options.betas[0];
  const beta2 = options.betas[1];
  const eps = options.eps;
  const weightDecay = options.weightDecay;
  const coupledDecay = weightDecay !== 0 && !options.decouple;
  const k = state.step;
  let d = state.d;
  // The step size of this step: the estimate from the previous step (the lr LR Lab records).
  const dlr = dAdaptAdamLr(state, lr, options);
  const sqrtBeta2 = Math.pow(beta2, 0.5);
  const expAvg = state.expAvg;
  const expAvgSq = state.expAvgSq;
  const s = state.s;
  let dot = 0;
  let sL1 = 0;
  if (lr > 0) {
    const mScale = dlr * (1 - beta1);
    const oneMinusBeta2 = 1 - beta2;
    const sScale = dlr * (1 - sqrtBeta2);
    // The same loop twice, with and without the coupled decay: a loop-invariant branch inside the
    // loop makes V8's code for it up to 3× slower at 10⁶ parameters (bench familyStep).
    const n = params.length;
    if (coupledDecay) {
      for (let i = 0; i < n; i++) {
        const g = grad[i]! + weightDecay * params[i]!;
        const v = expAvgSq[i]!;
        // ⟨g, s/(√v + ε)⟩ with the previous s and v.
        dot += g * (s[i]! / (Math.sqrt(v) + eps));
        expAvg[i] = expAvg[i]! * beta1 + mScale * g;
        expAvgSq[i] = v * beta2 + oneMinusBeta2 * g * g;
        const si = s[i]! * sqrtBeta2 + sScale * g;
        s[i] = si;
        sL1 += Math.abs(si);
      }
    } else {
      for (let i = 0; i < n; i++) {
        const g = grad[i]!;
        const v = expAvgSq[i]!;
        // ⟨g, s/(√v + ε)⟩ with the previous s and v.
        dot += g * (s[i]! / (Math.sqrt(v) + eps));
        expAvg[i] = expAvg[i]! * beta1 + mScale * g;
        expAvgSq[i] = v * beta2 + oneMinusBeta2 * g * g;
        const si = s[i]! * sqrtBeta2 + sScale * g;
        s[i] = si;
        sL1 += Math.abs(si);
      }
    }
  }
  // No gradient yet (or lr 0): nothing to estimate from, and no step (as the reference returns early).
  if (sL1 === 0) return;
  const numeratorWeighted = sqrtBeta2 * state.numeratorWeighted + (1 - sqrtBeta2) * (dlr * dot);
  if (lr > 0) {
    const dHat = numeratorWeighted / ((1 - sqrtBeta2) * sL1);
    d = options.growthRate === null ? Math.max(d, dHat) : Math.max(d, Math.min(dHat, d * options.growthRate));
  }
  state.numeratorWeighted = numeratorWeighted;
  state.d = d;
  const decoupledDecay = weightDecay !== 0 && options.decouple ? -weightDecay * dlr : 0;
  if (decoupledDecay !== 0) {
    for (let i = 0; i < params.length; i++) {
      let p = params[i]!;
      const denom = Math.sqrt(expAvgSq[i]!) + eps;
      p += decoupledDecay * p;
      params[i] = p - expAvg[i]! / denom;
    }
  } else {
    for (let i = 0; i < params.length; i++) params[i] = params[i]! - expAvg[i]! / (Math.sqrt(expAvgSq[i]!) + eps);
  }
  state.step = k + 1;
}

/**
 * `dAdaptAdam` — D-Adaptation Adam (Defazio & Mishchenko 2023, "Learning-Rate-Free Learning by
 * D-Adaptation"): Adam whose step size d is a growing lower bound on the distance to the
 * solution, estimated from the gradients seen, so no learning rate needs tuning (lr stays 1,
 * a multiplier). As the authors' `dadaptation.DAdaptAdam` (facebookresearch/dadaptation), for
 * one parameter group. LR Lab records d·lr as the run's lr curve: the step size it found.
 *
 * ```text
 * input: θ₀ (params), γ (lr), β₁, β₂ (betas), ε (eps), λ (weightDecay), d₀ (d0), growth (growthRate)
 * init:  m ← 0, v ← 0, s ← 0, r ← 0 (numeratorWeighted), d ← d₀
 * for t = 1, 2, …:
 *   g ← ∇f(θₜ₋₁)   (+ λ·θₜ₋₁ unless decouple)
 *   dlr ← d·γ·(√(1 − β₂ᵗ)/(1 − β₁ᵗ) if useBiasCorrection, else 1)
 *   r ← √β₂·r + (1 − √β₂)·dlr·⟨g, s/(√v + ε)⟩
 *   m ← β₁·m + dlr(1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   s ← √β₂·s + dlr(1 − √β₂)·g
 *   d̂ ← r / ((1 − √β₂)·‖s‖₁)
 *   d ← max(d, min(d̂, d·growth))
 *   θ ← θₜ₋₁ − dlr·λ·θₜ₋₁   (if decouple)
 *   θₜ ← θ − m / (√v + ε)
 * ```
 *
 * Symbols → options: γ `lr` (1), [β₁, β₂] `betas` ([0.9, 0.999]), ε `eps` (1e-8), λ
 * `weightDecay` (0), `decouple` (false), `useBiasCorrection` (false), d₀ `d0` (1e-6),
 * growth `growthRate` (null: no limit, the reference's inf). γ is the step's lr from the schedule
 * (a multiplier of d). The step size is folded into m as gradients arrive, so a change of d or
 * γ takes effect gradually, like momentum. A step with ‖s‖₁ = 0 (a zero gradient, or γ = 0)
 * changes nothing but the moments, as in the reference.
 *
 * Reference: `dadaptation.DAdaptAdam` (facebookresearch/dadaptation), one parameter group,
 * layer_scale 1, no FSDP; not part of torch.optim. The numbers are checked against an
 * independent reimplementation (scripts/golden/reference.py).
 *
 * Differs from: Prodigy (`prodigy`), whose numerator uses ⟨g, θ₀ − θ⟩ weighted by d/d₀ and so
 * finds large d faster. Optax's `dadapt_adamw` decouples weight decay by default.
 *
 * Worked example (defaults; θ₀ = [1, −2] and the same gradient g = [1, −2] three times):
 * ```text
 * step 1: dlr = d₀ = 1e-6,  r = 0 (s was 0),  d̂ = 0: d stays 1e-6
 *         m = 1e-7·g,  v = 0.001·g²,  θ₁ = θ₀ − m/(√v + 1e-8) = [0.9999968377233398, −1.9999968377228399]
 * step 2: dlr = 1e-6,  d = d̂ = r/((1 − √β₂)·‖s‖₁) = 1.5815339791410483e-5
 *         θ₂ = [0.9999925881326023, −1.9999925881316272]
 * step 3: dlr = 1.5815339791410483e-5 (the lr LR Lab records),  d = 4.1478442495550765e-5
 *         θ₃ = [0.9999605753869697, −1.9999605753830707]
 * ```
 */
export const dAdaptAdam: OptimizerDefinition<DAdaptAdamOptions, DAdaptAdamState> = {
  type: 'dAdaptAdam',
  title: 'D-Adaptation Adam',
  summary: 'Learning-rate-free Adam (Defazio & Mishchenko): a growing lower bound d on the distance to the solution sets the step size; lr is a multiplier (1).',
  reference: 'D-Adaptation (facebookresearch/dadaptation DAdaptAdam)',
  formula: 'r ← √β₂r + (1 − √β₂)·dlr·⟨g, s/(√v + ε)⟩;  s ← √β₂s + dlr(1 − √β₂)g;  d ← max(d, r/((1 − √β₂)‖s‖₁));  m ← β₁m + dlr(1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  θ ← θ − m/(√v + ε)  (dlr = d·γ)',
  options: {
    lr: { kind: 'number', min: 0, minExclusive: true, default: 1, doc: 'Multiplier γ of the estimated step size d (default: 1; the authors advise leaving it)' },
    betas: ADAM_BETAS,
    eps: { kind: 'number', min: 0, minExclusive: true, default: 1e-8, doc: 'ε added to √v (default: 1e-8)' },
    weightDecay: { kind: 'number', min: 0, default: 0, doc: 'Weight decay λ, L2 or decoupled (see decouple) (default: 0)' },
    decouple: { kind: 'boolean', default: false, doc: 'Decoupled (AdamW-style) decay θ ← θ − d·lr·λ·θ; false adds λθ to the gradient (default: false)' },
    useBiasCorrection: { kind: 'boolean', default: false, doc: 'Adam’s bias correction √(1 − β₂ᵗ)/(1 − β₁ᵗ) on the step size (default: false)' },
    d0: { kind: 'number', min: 0, minExclusive: true, default: 1e-6, doc: 'Initial estimate d₀ (default: 1e-6; rarely needs changing)' },
    growthRate: { kind: 'number', min: 1, nullable: true, default: null, doc: 'Largest factor d may grow by per step, e.g. 1.02 for a warm-up effect; null for no limit (default: null)' },
  },
  init: dAdaptAdamInit,
  step: dAdaptAdamStep,
  effectiveLr: dAdaptAdamLr,
};
