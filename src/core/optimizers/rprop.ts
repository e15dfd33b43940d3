import { LrLabError } from '../errors';
import type { OptimizerDefinition } from './types';

export interface RpropOptions {
  /** Initial step size of every parameter (PyTorch's lr: read once, at the first step). */
  readonly lr: number;
  /** [η⁻, η⁺]: factors the step size is multiplied by when the gradient's sign flips / stays. */
  readonly etas: readonly [number, number];
  /** [Γmin, Γmax]: the step size is clamped to this range. */
  readonly stepSizes: readonly [number, number];
}

export interface RpropState {
  step: number;
  /** The previous step's gradient, zeroed where its sign flipped (PyTorch `prev`). */
  prev: Float64Array;
  /** Per-parameter step size Δ (PyTorch `step_size`), set to the lr at the first step. */
  stepSize: Float64Array;
}

/** Fresh Rprop state: step 0, no previous gradient; the step sizes are set at the first step. */
export function rpropInit(dim: number, _options: RpropOptions): RpropState {
  return { step: 0, prev: new Float64Array(dim), stepSize: new Float64Array(dim) };
}

/** One Rprop step on `params` in place (torch.optim.Rprop, `_single_tensor_rprop`). */
export function rpropStep(params: Float64Array, grad: Float64Array, state: RpropState, lr: number, options: RpropOptions): void {
  const etaMinus = options.etas[0];
  const etaPlus = options.etas[1];
  const stepSizeMin = options.stepSizes[0];
  const stepSizeMax = options.stepSizes[1];
  const prev = state.prev;
  const stepSize = state.stepSize;
  // PyTorch fills the step sizes with the group's lr when it creates the state; later lrs are unused.
  if (state.step === 0) for (let i = 0; i < stepSize.length; i++) stepSize[i] = lr;
  for (let i = 0; i < params.length; i++) {
    let g = grad[i]!;
    const agreement = g * prev[i]!;
    let delta = stepSize[i]!;
    if (agreement > 0) delta *= etaPlus;
    else if (agreement < 0) {
      delta *= etaMinus;
      // A sign flip: skip this parameter's step and forget its gradient (Rprop without backtracking).
      g = 0;
    } else if (agreement !== 0) delta *= agreement; // NaN stays NaN, as in PyTorch
    delta = Math.min(Math.max(delta, stepSizeMin), stepSizeMax);
    stepSize[i] = delta;
    params[i]! -= Math.sign(g) * delta;
    prev[i] = g;
  }
  state.step += 1;
}

/**
 * `rprop` — resilient backpropagation (Riedmiller & Braun 1993): every parameter moves by its
 * own step size Δ in the direction of −sign(g); Δ grows by η⁺ while the gradient keeps its sign
 * and shrinks by η⁻ when it flips. Exactly as `torch.optim.Rprop`.
 *
 * ```text
 * input: θ₀ (params), γ (lr), η⁻, η⁺ (etas), Γmin, Γmax (stepSizes)
 * init:  g_prev ← 0, Δ ← γ (every parameter)
 * for t = 1, 2, …:
 *   g ← ∇f(θₜ₋₁)
 *   if g·g_prev > 0:  Δ ← min(Δ·η⁺, Γmax)
 *   if g·g_prev < 0:  Δ ← max(Δ·η⁻, Γmin);  g ← 0
 *   θₜ ← θₜ₋₁ − sign(g)·Δ
 *   g_prev ← g
 * ```
 *
 * Symbols → options: γ `lr` (1e-2), [η⁻, η⁺] `etas` ([0.5, 1.2]), [Γmin, Γmax] `stepSizes`
 * ([1e-6, 50]). 0 < η⁻ < 1 < η⁺, as PyTorch requires. The lr only sets the initial Δ: PyTorch
 * reads it once, when the state is created at the first step, so a schedule changes nothing
 * after step 1 (the curve of the lr shows the schedule, the steps ignore it).
 *
 * Reference: `torch.optim.Rprop` (`_single_tensor_rprop`; the same in torch 1.13 and 2.x).
 *
 * Differs from: iRprop⁻ in the literature (Igel & Hüsken), which this is — the original Rprop
 * undoes the previous step on a sign flip (backtracking), PyTorch does not. Optax and Keras
 * have no Rprop. Like every sign method it is meant for full-batch gradients: mini-batch noise
 * flips signs at random and shrinks every Δ.
 *
 * Worked example (lr 0.1, defaults otherwise; θ₀ = [1, −2], g₁ = [2, −4], g₂ = [1, 3], g₃ = [0.5, 1]):
 * ```text
 * step 1: g·g_prev = 0: Δ = [0.1, 0.1],  θ₁ = θ₀ − sign(g₁)·Δ = [0.9, −1.9]
 * step 2: x-sign kept: Δ₀ = 0.12;  y-sign flipped: Δ₁ = 0.05, g₁ ← 0
 *         θ₂ = [0.78, −1.9],  g_prev = [1, 0]
 * step 3: Δ = [0.144, 0.05] (y: g·g_prev = 0, factor 1),  θ₃ = [0.636, −1.95]
 * ```
 */
export const rprop: OptimizerDefinition<RpropOptions, RpropState> = {
  type: 'rprop',
  title: 'Rprop',
  summary: 'Resilient backpropagation: per-parameter step sizes that grow while the gradient keeps its sign and shrink when it flips; moves by −sign(g)·Δ.',
  reference: 'torch.optim.Rprop',
  formula: 'Δ ← clamp(Δ·η⁺, Γmin, Γmax) if g·g_prev > 0;  Δ ← clamp(Δ·η⁻, Γmin, Γmax) and g ← 0 if g·g_prev < 0;  θ ← θ − sign(g)·Δ;  g_prev ← g  (Δ starts at γ)',
  options: {
    lr: { kind: 'number', min: 0, default: 1e-2, doc: 'Initial step size Δ of every parameter; read once, at the first step, as in PyTorch (default: 1e-2)' },
    etas: { kind: 'pair', min: 0, default: [0.5, 1.2], doc: '[η⁻, η⁺]: step-size factors on a sign flip and on a kept sign, 0 < η⁻ < 1 < η⁺ (default: [0.5, 1.2])' },
    stepSizes: { kind: 'pair', min: 0, default: [1e-6, 50], doc: '[Γmin, Γmax]: the range each step size is clamped to (default: [1e-6, 50])' },
  },
  check(options, owner) {
    const [minus, plus] = options.etas;
    if (!(minus > 0 && minus < 1 && plus > 1)) {
      throw LrLabError.worded('invalidConfig', { id: 'rpropEtas', args: [owner, String(minus), String(plus)] });
    }
  },
  init: rpropInit,
  step: rpropStep,
};
