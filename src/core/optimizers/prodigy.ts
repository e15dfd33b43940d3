import { ADAM_BETAS } from './commonOptions';
import type { OptimizerDefinition } from './types';

export interface ProdigyOptions {
  /** A multiplier of the estimated step size d (the authors: leave it at 1). */
  readonly lr: number;
  /** [β₁, β₂]: decay rates of Adam's first and second moment averages. */
  readonly betas: readonly [number, number];
  /** β₃: decay of the d estimate's running sums; null uses √β₂. */
  readonly beta3: number | null;
  /** ε: added to √v, scaled by d (d·ε). */
  readonly eps: number;
  /** λ: weight decay (decoupled or L2, see `decouple`). */
  readonly weightDecay: number;
  /** Decoupled (AdamW-style) weight decay θ ← θ − d·lr·λ·θ; false adds λθ to the gradient. */
  readonly decouple: boolean;
  /** Adam's bias correction √(1 − β₂ᵗ)/(1 − β₁ᵗ) on the step size. */
  readonly useBiasCorrection: boolean;
  /** Leave lr out of the denominator's sum, which helps with an lr warm-up. */
  readonly safeguardWarmup: boolean;
  /** d₀: the initial estimate of the distance to the solution. */
  readonly d0: number;
  /** Multiplier of the estimate d̂ (the preferred knob). */
  readonly dCoef: number;
  /** d grows by at most this factor per step; null for no limit. */
  readonly growthRate: number | null;
  /** Use every sliceP-th parameter for the d estimate (1: all). */
  readonly sliceP: number;
}

export interface ProdigyState {
  step: number;
  /** d, the current step-size estimate (PyTorch group `d`). */
  d: number;
  /** The largest d̂ so far (group `d_max`). */
  dMax: number;
  /** The running numerator Σ (d/d₀)·dlr·⟨g, θ₀ − θ⟩, decayed by β₃ (group `d_numerator`). */
  dNumerator: number;
  /** m (PyTorch `exp_avg`), scaled by d; empty when β₁ = 0. */
  expAvg: Float64Array;
  /** v (PyTorch `exp_avg_sq`), scaled by d². */
  expAvgSq: Float64Array;
  /** s, the decayed sum of weighted gradients (PyTorch `s`), every sliceP-th parameter. */
  s: Float64Array;
  /** θ₀, the starting point (PyTorch `p0`), every sliceP-th parameter; taken at the first step. */
  p0: Float64Array;
}

/** Fresh Prodigy state: step 0, d = dMax = d₀, zero sums; θ₀ is copied at the first step. */
export function prodigyInit(dim: number, options: ProdigyOptions): ProdigyState {
  const sliced = Math.ceil(dim / options.sliceP);
  return {
    step: 0,
    d: options.d0,
    dMax: options.d0,
    dNumerator: 0,
    expAvg: new Float64Array(options.betas[0] > 0 ? dim : 0),
    expAvgSq: new Float64Array(dim),
    s: new Float64Array(sliced),
    p0: new Float64Array(sliced),
  };
}

/** The step size of the next prodigyStep: d·lr (times Adam's bias correction with useBiasCorrection), the reference's dlr. */
export function prodigyLr(state: ProdigyState, lr: number, options: ProdigyOptions): number {
  const k = state.step;
  const biasCorrection = options.useBiasCorrection ? Math.pow(1 - Math.pow(options.betas[1], k + 1), 0.5) / (1 - Math.pow(options.betas[0], k + 1)) : 1;
  return state.d * lr * biasCorrection;
}

/** One Prodigy step on `params` in place (konstmish/prodigy `Prodigy.step`, one parameter group). */
export function prodigyStep(params: Float64Array, grad: Float64Array, state: ProdigyState, lr: number, options: ProdigyOptions): void {
  const beta1 = options.betas[0];
  const beta2 = options.betas[1];
  const beta3 = options.beta3 === null ? Math.sqrt(beta2) : options.beta3;
  const eps = options.eps;
  const weightDecay = options.weightDecay;
  const coupledDecay = weightDecay !== 0 && !options.decouple;
  const d0 = options.d0;
  const sliceP = options.sliceP;
  const k = state.step;
  let d = state.d;
  let dMax = state.dMax;
  // The step size of this step: the estimate from the previous step (the lr LR Lab records).
  const dlr = prodigyLr(state, lr, options);
  const expAvg = state.expAvg;
  const expAvgSq = state.expAvgSq;
  const s = state.s;
  const p0 = state.p0;
  // θ₀, every sliceP-th parameter, as the reference keeps it when it creates the state.
  if (k === 0) for (let j = 0; j < p0.length; j++) p0[j] = params[j * sliceP]!;
  let dot = 0;
  let dDenom = 0;
  if (lr > 0) {
    const mScale = d * (1 - beta1);
    const vScale = d * d * (1 - beta2);
    const sScale = options.safeguardWarmup ? (d / d0) * d : (d / d0) * dlr;
    if (!coupledDecay && beta1 > 0 && sliceP === 1) {
      // The defaults' loop, without the branches below (loop-invariant branches inside the loop
      // make V8's code for it several times slower at 10⁶ parameters; bench familyStep).
      for (let i = 0; i < params.length; i++) {
        const g = grad[i]!;
        expAvg[i] = expAvg[i]! * beta1 + mScale * g;
        expAvgSq[i] = expAvgSq[i]! * beta2 + vScale * g * g;
        dot += g * (p0[i]! - params[i]!);
        const si = s[i]! * beta3 + sScale * g;
        s[i] = si;
        dDenom += Math.abs(si);
      }
    } else {
      // j: the index in the sliced buffers of the next sampled parameter (every sliceP-th).
      let j = 0;
      for (let i = 0; i < params.length; i++) {
        const p = params[i]!;
        const g = coupledDecay ? grad[i]! + weightDecay * p : grad[i]!;
        if (beta1 > 0) expAvg[i] = expAvg[i]! * beta1 + mScale * g;
        expAvgSq[i] = expAvgSq[i]! * beta2 + vScale * g * g;
        if (i === j * sliceP) {
          dot += g * (p0[j]! - p);
          const sj = s[j]! * beta3 + sScale * g;
          s[j] = sj;
          dDenom += Math.abs(sj);
          j++;
        }
      }
    }
  }
  // No gradient yet (or lr 0): nothing to estimate from, and no step (as the reference returns early).
  if (dDenom === 0) return;
  const dNumerator = state.dNumerator * beta3 + (d / d0) * dlr * dot;
  const dHat = (options.dCoef * dNumerator) / dDenom;
  if (d === d0) d = Math.max(d, dHat);
  dMax = Math.max(dMax, dHat);
  d = options.growthRate === null ? dMax : Math.min(dMax, d * options.growthRate);
  state.dNumerator = dNumerator;
  state.d = d;
  state.dMax = dMax;
  const decoupledDecay = weightDecay !== 0 && options.decouple ? -weightDecay * dlr : 0;
  if (decoupledDecay === 0 && beta1 > 0) {
    const dEps = d * eps;
    for (let i = 0; i < params.length; i++) params[i] = params[i]! + -dlr * (expAvg[i]! / (Math.sqrt(expAvgSq[i]!) + dEps));
  } else {
    for (let i = 0; i < params.length; i++) {
      let p = params[i]!;
      const denom = Math.sqrt(expAvgSq[i]!) + d * eps;
      if (decoupledDecay !== 0) p += decoupledDecay * p;
      if (beta1 > 0) params[i] = p + -dlr * (expAvg[i]! / denom);
      else params[i] = p + -dlr * d * ((coupledDecay ? grad[i]! + weightDecay * params[i]! : grad[i]!) / denom);
    }
  }
  state.step = k + 1;
}

/**
 * `prodigy` — Prodigy (Mishchenko & Defazio 2024): Adam whose step size d is estimated on the
 * fly from how far the parameters have travelled against the gradients, so no learning rate
 * needs tuning (lr stays 1, a multiplier). As the authors' `prodigyopt.Prodigy`
 * (konstmish/prodigy), for one parameter group. LR Lab records d·lr as the run's lr curve: the
 * step size Prodigy found.
 *
 * ```text
 * input: θ₀ (params), γ (lr), β₁, β₂ (betas), β₃ (beta3), ε (eps), λ (weightDecay), d₀ (d0),
 *        c (dCoef), growth (growthRate)
 * init:  m ← 0, v ← 0, s ← 0, r ← 0 (dNumerator), d ← d₀, d_max ← d₀
 * for t = 1, 2, …:
 *   g ← ∇f(θₜ₋₁)   (+ λ·θₜ₋₁ unless decouple)
 *   dlr ← d·γ·(√(1 − β₂ᵗ)/(1 − β₁ᵗ) if useBiasCorrection, else 1)
 *   r ← β₃·r + (d/d₀)·dlr·⟨g, θ₀ − θₜ₋₁⟩
 *   m ← β₁·m + d(1 − β₁)·g
 *   v ← β₂·v + d²(1 − β₂)·g²
 *   s ← β₃·s + (d/d₀)·dlr·g            ((d/d₀)·d·g with safeguardWarmup)
 *   d̂ ← c·r / ‖s‖₁
 *   if d = d₀:  d ← max(d, d̂)
 *   d_max ← max(d_max, d̂);  d ← min(d_max, d·growth)
 *   θ ← θₜ₋₁ − dlr·λ·θₜ₋₁   (if decouple)
 *   θₜ ← θ − dlr·m / (√v + d·ε)        (β₁ = 0: θ − dlr·d·g / (√v + d·ε))
 * ```
 *
 * Symbols → options: γ `lr` (1), [β₁, β₂] `betas` ([0.9, 0.999]), β₃ `beta3` (null → √β₂),
 * ε `eps` (1e-8), λ `weightDecay` (0), `decouple` (true), `useBiasCorrection` (false),
 * `safeguardWarmup` (false), d₀ `d0` (1e-6), c `dCoef` (1), growth `growthRate` (null: no limit,
 * the reference's inf), `sliceP` (1). γ is the step's lr from the schedule (a multiplier of d:
 * a warm-up or cosine schedule shapes d·γ). A step with ‖s‖₁ = 0 (a zero gradient, or γ = 0)
 * changes nothing but the moments, as in the reference.
 *
 * Reference: `prodigyopt.Prodigy` (konstmish/prodigy), one parameter group, no FSDP; not part
 * of torch.optim. The numbers are checked against an independent reimplementation of the
 * paper's Algorithm and the authors' code (scripts/golden/reference.py).
 *
 * Differs from: D-Adaptation Adam (`dAdaptAdam`), whose d estimate weights the numerator by
 * the Adam-normalised s and grows more slowly; Prodigy's weighting by d/d₀ makes d grow
 * exponentially until it is the right size. Optax's `prodigy` has the same defaults.
 *
 * Worked example (d0 0.01, defaults otherwise; θ₀ = [1, −2] and the same gradient g = [1, −2]
 * three times; the steps scale with d₀, so the default 1e-6 would give steps 10⁴ times smaller):
 * ```text
 * step 1: dlr = d₀ = 0.01,  r = 0 (θ is still θ₀),  d̂ = 0: d stays 0.01
 *         m = 0.001·g,  v = 1e-7·g²,  θ₁ = θ₀ − 0.01·m/(√v + 1e-10) = [0.968377233398313, −1.9683772283983154]
 * step 2: dlr = 0.01,  r = 1·0.01·⟨g, θ₀ − θ₁⟩ > 0,  d = d̂ = r/‖s‖₁ = 0.015815339791410483
 *         θ₂ = [0.925881331550351, −1.925881319034313]
 * step 3: dlr = 0.015815339791410483 (the lr LR Lab records),  d = 0.048224077758054824
 *         θ₃ = [0.8482647112326238, −1.8482646708125718]
 * ```
 */
export const prodigy: OptimizerDefinition<ProdigyOptions, ProdigyState> = {
  type: 'prodigy',
  title: 'Prodigy',
  summary: 'Learning-rate-free Adam (Mishchenko & Defazio): estimates the step size d from the distance travelled; lr is a multiplier (1).',
  reference: 'Prodigy (konstmish/prodigy prodigyopt.Prodigy)',
  formula: 'r ← β₃r + (d/d₀)·dlr·⟨g, θ₀ − θ⟩;  s ← β₃s + (d/d₀)·dlr·g;  d ← max(d, c·r/‖s‖₁);  m ← β₁m + d(1 − β₁)g;  v ← β₂v + d²(1 − β₂)g²;  θ ← θ − dlr·m/(√v + dε)  (dlr = d·γ)',
  options: {
    lr: { kind: 'number', min: 0, minExclusive: true, default: 1, doc: 'Multiplier γ of the estimated step size d (default: 1; the authors advise leaving it)' },
    betas: ADAM_BETAS,
    beta3: { kind: 'number', min: 0, max: 1, nullable: true, default: null, doc: 'Decay β₃ of the d estimate’s sums; null uses √β₂ (default: null)' },
    eps: { kind: 'number', min: 0, minExclusive: true, default: 1e-8, doc: 'ε added to √v, scaled by d (default: 1e-8)' },
    weightDecay: { kind: 'number', min: 0, default: 0, doc: 'Weight decay λ, decoupled or L2 (see decouple) (default: 0)' },
    decouple: { kind: 'boolean', default: true, doc: 'Decoupled (AdamW-style) decay θ ← θ − d·lr·λ·θ; false adds λθ to the gradient (default: true)' },
    useBiasCorrection: { kind: 'boolean', default: false, doc: 'Adam’s bias correction √(1 − β₂ᵗ)/(1 − β₁ᵗ) on the step size (default: false)' },
    safeguardWarmup: { kind: 'boolean', default: false, doc: 'Leave lr out of s’s weights, for runs with an lr warm-up (default: false)' },
    d0: { kind: 'number', min: 0, minExclusive: true, default: 1e-6, doc: 'Initial estimate d₀ (default: 1e-6; rarely needs changing)' },
    dCoef: { kind: 'number', min: 0, default: 1, doc: 'Multiplier c of the estimate d̂, the preferred knob: 0.5 or 2 also work (default: 1)' },
    growthRate: { kind: 'number', min: 1, nullable: true, default: null, doc: 'Largest factor d may grow by per step, e.g. 1.02 for a warm-up effect; null for no limit (default: null)' },
    sliceP: { kind: 'number', min: 1, integer: true, default: 1, doc: 'Estimate d from every sliceP-th parameter only (memory; ~11 is reasonable) (default: 1)' },
  },
  init: prodigyInit,
  step: prodigyStep,
  effectiveLr: prodigyLr,
};
