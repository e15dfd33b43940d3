import { ADAM_BETAS } from './commonOptions';
import type { OptimizerDefinition } from './types';

export interface AdamwScheduleFreeOptions {
  /** γ: the base sequence z's step size (no schedule needed: the averaging replaces it). */
  readonly lr: number;
  /** [β₁, β₂]: β₁ interpolates y between the average x and z; β₂ is the second moment's decay. */
  readonly betas: readonly [number, number];
  /** ε: added to the bias-corrected root. */
  readonly eps: number;
  /** λ: decoupled weight decay, applied to z at y. */
  readonly weightDecay: number;
  /** Steps of a built-in linear warm-up of γ (0: none). */
  readonly warmupSteps: number;
  /** r: the average weights step t by tʳ (0: uniform). */
  readonly r: number;
  /** The average weights step t by max(γ so far)^weightLrPower. */
  readonly weightLrPower: number;
}

export interface AdamwScheduleFreeState {
  step: number;
  /** z, the base sequence the gradient steps move (the reference's `z`). */
  z: Float64Array;
  /** x, the weighted average of z: the evaluation point, where the model is (the reference's `x`). */
  x: Float64Array;
  /** v, second moment average (the reference's `exp_avg_sq`). */
  expAvgSq: Float64Array;
  /** Σ of the average's weights so far (group `weight_sum`). */
  weightSum: number;
  /** The largest scheduled lr so far (group `lr_max`; −1 before the first step). */
  lrMax: number;
}

/** Fresh state: step 0; z and x are taken from the parameters at the first step. */
export function adamwScheduleFreeInit(dim: number, _options: AdamwScheduleFreeOptions): AdamwScheduleFreeState {
  return { step: 0, z: new Float64Array(dim), x: new Float64Array(dim), expAvgSq: new Float64Array(dim), weightSum: 0, lrMax: -1 };
}

/**
 * One schedule-free AdamW step (facebookresearch/schedule_free `AdamWScheduleFreeReference`):
 * `params` hold y, where the gradient was taken; z and x move, and y is set from them.
 */
export function adamwScheduleFreeStep(params: Float64Array, grad: Float64Array, state: AdamwScheduleFreeState, lr: number, options: AdamwScheduleFreeOptions): void {
  const beta1 = options.betas[0];
  const beta2 = options.betas[1];
  const eps = options.eps;
  const decay = options.weightDecay;
  const k = state.step;
  const z = state.z;
  const x = state.x;
  const expAvgSq = state.expAvgSq;
  // The reference creates z and x as copies of the parameters at the first step.
  if (k === 0) for (let i = 0; i < params.length; i++) z[i] = x[i] = params[i]!;
  const scheduled = lr * (k < options.warmupSteps ? (k + 1) / options.warmupSteps : 1);
  const biasCorrection2 = 1 - Math.pow(beta2, k + 1);
  const lrMax = Math.max(scheduled, state.lrMax);
  const weight = Math.pow(k + 1, options.r) * Math.pow(lrMax, options.weightLrPower);
  const weightSum = state.weightSum + weight;
  // c = weight / Σ weights: how far x moves towards z (x is the weighted average of the z's).
  const c = weightSum === 0 ? 0 : weight / weightSum;
  const decayStep = scheduled * decay;
  for (let i = 0; i < params.length; i++) {
    const g = grad[i]!;
    let zi = z[i]!;
    if (decay !== 0) zi -= decayStep * params[i]!;
    const v = beta2 * expAvgSq[i]! + (1 - beta2) * g * g;
    expAvgSq[i] = v;
    zi += -scheduled * (g / (Math.sqrt(v / biasCorrection2) + eps));
    z[i] = zi;
    const xi = x[i]! * (1 - c) + zi * c;
    x[i] = xi;
    params[i] = xi * beta1 + zi * (1 - beta1);
  }
  state.lrMax = lrMax;
  state.weightSum = weightSum;
  state.step = k + 1;
}

/**
 * `adamwScheduleFree` — schedule-free AdamW (Defazio et al. 2024, "The Road Less Scheduled"):
 * instead of decaying the lr, keep two sequences — z, which takes AdamW-normalised gradient
 * steps, and x, the running weighted average of the z's — and take each gradient at the point
 * y between them. The model is x (what the reference's `optimizer.eval()` switches the
 * parameters to): LR Lab reports the loss and the parameters at x and takes gradients at y.
 *
 * ```text
 * input: θ₀ (params), γ (lr), β₁, β₂ (betas), ε (eps), λ (weightDecay), warmupSteps, r, weightLrPower
 * init:  z ← θ₀, x ← θ₀, y ← θ₀, v ← 0, Σw ← 0, γmax ← −1
 * for t = 1, 2, …:
 *   g ← ∇f(y)                              (the model is evaluated at x)
 *   γₜ ← γ·min(1, t/warmupSteps)
 *   γmax ← max(γmax, γₜ);  wₜ ← tʳ·γmax^weightLrPower;  Σw ← Σw + wₜ;  cₜ ← wₜ/Σw
 *   z ← z − γₜλ·y                          (if λ ≠ 0)
 *   v ← β₂·v + (1 − β₂)·g²
 *   z ← z − γₜ·g / (√(v/(1 − β₂ᵗ)) + ε)
 *   x ← (1 − cₜ)·x + cₜ·z
 *   y ← β₁·x + (1 − β₁)·z
 * ```
 *
 * Symbols → options: γ `lr` (0.0025), [β₁, β₂] `betas` ([0.9, 0.999]), ε `eps` (1e-8), λ
 * `weightDecay` (0), `warmupSteps` (0), r `r` (0), `weightLrPower` (2). γ is the step's lr
 * from the schedule — schedule-free means a constant one is the point, with warmupSteps for a
 * warm-up. With r = 0 and a constant γ, x is the plain average of the z's (cₜ = 1/t).
 *
 * Reference: `AdamWScheduleFreeReference` (facebookresearch/schedule_free, the explicit x/y/z
 * form of `AdamWScheduleFree`, the same numbers up to rounding); not part of torch.optim.
 * Checked against an independent NumPy reimplementation (scripts/golden/reference.py).
 *
 * Differs from: AdamW, which needs a decaying schedule to converge; the reference's
 * `inner_momentum` and `decay_at_z` options are not offered (both default off). Optax's
 * `schedule_free_adamw` wraps the same recursion (its lr default 0.0025, b1 0.9).
 *
 * Worked example (lr 0.1, defaults otherwise; θ₀ = [1, −2], g₁ = [1, −2] at y₁ = θ₀, g₂ = [0.5, 1] at y₂):
 * ```text
 * step 1: c₁ = 1,  v = 0.001·g₁²,  z = θ₀ − 0.1·g₁/(|g₁| + ε) = [0.900000001, −1.9000000005]
 *         x = z (the model; c₁ = 1),  y = z (the parameters)
 * step 2: c₂ = 1/2,  z = [0.8367449548808945, −1.9632550470192256],  x = (x + z)/2 = [0.8683724779404473, −1.9316275237596128]
 *         y = 0.9x + 0.1z = [0.865209725634492, −1.934790276085574]
 * ```
 */
export const adamwScheduleFree: OptimizerDefinition<AdamwScheduleFreeOptions, AdamwScheduleFreeState> = {
  type: 'adamwScheduleFree',
  title: 'Schedule-free AdamW',
  summary: 'AdamW without a schedule (Defazio et al. 2024): steps on z, the model x is their running average, gradients are taken at y between them; loss reported at x.',
  reference: 'Schedule-free (facebookresearch/schedule_free AdamWScheduleFreeReference)',
  formula: 'θ = y:  g ← ∇f(y);  v ← β₂v + (1 − β₂)g²;  z ← z − γλy − γg/(√(v/(1 − β₂ᵗ)) + ε);  x ← (1 − cₜ)x + cₜz (cₜ = wₜ/Σw);  y ← β₁x + (1 − β₁)z  (the model is x)',
  options: {
    lr: { kind: 'number', min: 0, default: 0.0025, doc: 'Step size γ of z; meant to stay constant (default: 0.0025)' },
    betas: ADAM_BETAS,
    eps: { kind: 'number', min: 0, default: 1e-8, doc: 'ε added to the bias-corrected root, outside it (default: 1e-8)' },
    weightDecay: { kind: 'number', min: 0, default: 0, doc: 'Decoupled decay λ: z ← z − γλ·y every step (default: 0)' },
    warmupSteps: { kind: 'number', min: 0, integer: true, default: 0, doc: 'Steps of a built-in linear lr warm-up (default: 0)' },
    r: { kind: 'number', min: 0, default: 0, doc: 'Polynomial weighting tʳ of the average (default: 0)' },
    weightLrPower: { kind: 'number', min: 0, default: 2, doc: 'The average weights step t by max(lr so far)^weightLrPower (default: 2)' },
  },
  init: adamwScheduleFreeInit,
  step: adamwScheduleFreeStep,
  evalPoint: (state, params) => (state.step === 0 ? params : state.x),
};
