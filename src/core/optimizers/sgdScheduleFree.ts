import { l2WeightDecay } from './commonOptions';
import type { OptimizerDefinition } from './types';

export interface SgdScheduleFreeOptions {
  /** γ: the base sequence z's step size (no schedule needed: the averaging replaces it). */
  readonly lr: number;
  /** β: y interpolates between the average x (weight β) and z. */
  readonly momentum: number;
  /** L2 penalty added to the gradient (at y). */
  readonly weightDecay: number;
  /** Steps of a built-in linear warm-up of γ (0: none). */
  readonly warmupSteps: number;
  /** r: the average weights step t by tʳ (0: uniform). */
  readonly r: number;
  /** The average weights step t by max(γ so far)^weightLrPower. */
  readonly weightLrPower: number;
}

export interface SgdScheduleFreeState {
  step: number;
  /** z, the base sequence the gradient steps move (the reference's `z`). */
  z: Float64Array;
  /** x, the weighted average of z: the evaluation point, where the model is (the reference's `x`). */
  x: Float64Array;
  /** Σ of the average's weights so far (group `weight_sum`). */
  weightSum: number;
  /** The largest scheduled lr so far (group `lr_max`; −1 before the first step). */
  lrMax: number;
}

/** Fresh state: step 0; z and x are taken from the parameters at the first step. */
export function sgdScheduleFreeInit(dim: number, _options: SgdScheduleFreeOptions): SgdScheduleFreeState {
  return { step: 0, z: new Float64Array(dim), x: new Float64Array(dim), weightSum: 0, lrMax: -1 };
}

/**
 * One schedule-free SGD step (facebookresearch/schedule_free `SGDScheduleFreeReference`):
 * `params` hold y, where the gradient was taken; z and x move, and y is set from them.
 */
export function sgdScheduleFreeStep(params: Float64Array, grad: Float64Array, state: SgdScheduleFreeState, lr: number, options: SgdScheduleFreeOptions): void {
  const momentum = options.momentum;
  const weightDecay = options.weightDecay;
  const k = state.step;
  const z = state.z;
  const x = state.x;
  // The reference creates z and x as copies of the parameters at the first step.
  if (k === 0) for (let i = 0; i < params.length; i++) z[i] = x[i] = params[i]!;
  const scheduled = lr * (k < options.warmupSteps ? (k + 1) / options.warmupSteps : 1);
  const lrMax = Math.max(scheduled, state.lrMax);
  const weight = Math.pow(k + 1, options.r) * Math.pow(lrMax, options.weightLrPower);
  const weightSum = state.weightSum + weight;
  // c = weight / Σ weights: how far x moves towards z (x is the weighted average of the z's).
  const c = weightSum === 0 ? 0 : weight / weightSum;
  for (let i = 0; i < params.length; i++) {
    let g = grad[i]!;
    if (weightDecay !== 0) g += weightDecay * params[i]!;
    const zi = z[i]! - scheduled * g;
    z[i] = zi;
    const xi = x[i]! * (1 - c) + zi * c;
    x[i] = xi;
    params[i] = xi * momentum + zi * (1 - momentum);
  }
  state.lrMax = lrMax;
  state.weightSum = weightSum;
  state.step = k + 1;
}

/**
 * `sgdScheduleFree` — schedule-free SGD (Defazio et al. 2024, "The Road Less Scheduled"):
 * plain gradient steps on a base sequence z, the model x is the running weighted average of
 * the z's (Polyak averaging, which a constant lr makes work), and each gradient is taken at
 * y = βx + (1 − β)z — the momentum. LR Lab reports the loss and the parameters at x (the
 * reference's `optimizer.eval()` point) and takes gradients at y.
 *
 * ```text
 * input: θ₀ (params), γ (lr), β (momentum), λ (weightDecay), warmupSteps, r, weightLrPower
 * init:  z ← θ₀, x ← θ₀, y ← θ₀, Σw ← 0, γmax ← −1
 * for t = 1, 2, …:
 *   g ← ∇f(y) + λ·y                        (the model is evaluated at x)
 *   γₜ ← γ·min(1, t/warmupSteps)
 *   γmax ← max(γmax, γₜ);  wₜ ← tʳ·γmax^weightLrPower;  Σw ← Σw + wₜ;  cₜ ← wₜ/Σw
 *   z ← z − γₜ·g
 *   x ← (1 − cₜ)·x + cₜ·z
 *   y ← β·x + (1 − β)·z
 * ```
 *
 * Symbols → options: γ `lr` (1), β `momentum` (0.9), λ `weightDecay` (0), `warmupSteps` (0),
 * r `r` (0), `weightLrPower` (2). γ is the step's lr from the schedule — schedule-free means a
 * constant one is the point. The reference's default lr 1 suits normalised networks; on the
 * examples here it is far too large (Rosenbrock wants ~1e-3).
 *
 * Reference: `SGDScheduleFreeReference` (facebookresearch/schedule_free, the explicit x/y/z form
 * of `SGDScheduleFree`); not part of torch.optim. Checked against an independent NumPy
 * reimplementation (scripts/golden/reference.py).
 *
 * Differs from: SGD with momentum 0.9, whose momentum buffer averages gradients; here the
 * average is of iterates, and the gradient is taken at an interpolation. Optax's
 * `schedule_free_sgd` wraps the same recursion.
 *
 * Worked example (lr 0.1, defaults otherwise; θ₀ = [1, −2], g₁ = [1, −2] at y₁ = θ₀, g₂ = [0.5, 1] at y₂):
 * ```text
 * step 1: c₁ = 1,  z = θ₀ − 0.1·g₁ = [0.9, −1.8],  x = z (the model),  y = z (the parameters)
 * step 2: c₂ = 1/2,  z = [0.85, −1.9],  x = ([0.9, −1.8] + z)/2 = [0.875, −1.85],  y = 0.9x + 0.1z = [0.8725, −1.855]
 * ```
 */
export const sgdScheduleFree: OptimizerDefinition<SgdScheduleFreeOptions, SgdScheduleFreeState> = {
  type: 'sgdScheduleFree',
  title: 'Schedule-free SGD',
  summary: 'SGD without a schedule (Defazio et al. 2024): steps on z, the model x is their running average, gradients are taken at y = βx + (1 − β)z; loss reported at x.',
  reference: 'Schedule-free (facebookresearch/schedule_free SGDScheduleFreeReference)',
  formula: 'θ = y:  g ← ∇f(y) + λy;  z ← z − γg;  x ← (1 − cₜ)x + cₜz (cₜ = wₜ/Σw);  y ← βx + (1 − β)z  (the model is x)',
  options: {
    lr: { kind: 'number', min: 0, default: 1, doc: 'Step size γ of z; meant to stay constant (default: 1)' },
    momentum: { kind: 'number', min: 0, max: 1, minExclusive: true, maxExclusive: true, default: 0.9, doc: 'β: y = βx + (1 − β)z, in (0, 1) (default: 0.9)' },
    weightDecay: l2WeightDecay(),
    warmupSteps: { kind: 'number', min: 0, integer: true, default: 0, doc: 'Steps of a built-in linear lr warm-up (default: 0)' },
    r: { kind: 'number', min: 0, default: 0, doc: 'Polynomial weighting tʳ of the average (default: 0)' },
    weightLrPower: { kind: 'number', min: 0, default: 2, doc: 'The average weights step t by max(lr so far)^weightLrPower (default: 2)' },
  },
  init: sgdScheduleFreeInit,
  step: sgdScheduleFreeStep,
  evalPoint: (state, params) => (state.step === 0 ? params : state.x),
};
