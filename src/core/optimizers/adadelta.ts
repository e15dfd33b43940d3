import { l2WeightDecay } from './commonOptions';
import type { OptimizerDefinition } from './types';

export interface AdadeltaOptions {
  /** Base learning rate γ scaling the delta; the schedule decides each step's lr from it. */
  readonly lr: number;
  /** ρ: decay rate of both running averages. */
  readonly rho: number;
  /** ε: added inside both roots. */
  readonly eps: number;
  /** λ: L2 penalty added to the gradient. */
  readonly weightDecay: number;
}

export interface AdadeltaState {
  step: number;
  /** v, running average of g² (PyTorch `square_avg`). */
  squareAvg: Float64Array;
  /** u, running average of Δ² (PyTorch `acc_delta`). */
  accDelta: Float64Array;
}

/** Fresh Adadelta state: step 0 and zero averages. */
export function adadeltaInit(dim: number, _options: AdadeltaOptions): AdadeltaState {
  return { step: 0, squareAvg: new Float64Array(dim), accDelta: new Float64Array(dim) };
}

/** One Adadelta step on `params` in place (torch.optim.Adadelta, `_single_tensor_adadelta`). */
export function adadeltaStep(params: Float64Array, grad: Float64Array, state: AdadeltaState, lr: number, options: AdadeltaOptions): void {
  const rho = options.rho;
  const oneMinusRho = 1 - rho;
  const eps = options.eps;
  const weightDecay = options.weightDecay;
  const squareAvg = state.squareAvg;
  const accDelta = state.accDelta;
  for (let i = 0; i < params.length; i++) {
    let g = grad[i]!;
    if (weightDecay !== 0) g += weightDecay * params[i]!;
    const v = rho * squareAvg[i]! + oneMinusRho * g * g;
    squareAvg[i] = v;
    // The new v, but the previous u: the step size is the RMS of past deltas.
    const delta = (Math.sqrt(accDelta[i]! + eps) / Math.sqrt(v + eps)) * g;
    accDelta[i] = rho * accDelta[i]! + oneMinusRho * delta * delta;
    params[i]! -= lr * delta;
  }
  state.step += 1;
}

/**
 * `adadelta` — Adadelta (Zeiler 2012): the step is the RMS of past updates over the RMS of
 * gradients, scaled by lr, exactly as `torch.optim.Adadelta`.
 *
 * ```text
 * input: θ₀ (params), γ (lr), ρ (rho), ε (eps), λ (weightDecay)
 * init:  v ← 0, u ← 0
 * for t = 1, 2, …:
 *   g ← ∇f(θₜ₋₁)
 *   if λ ≠ 0:  g ← g + λ·θₜ₋₁
 *   v ← ρ·v + (1 − ρ)·g²
 *   Δ ← √(u + ε) / √(v + ε) · g
 *   u ← ρ·u + (1 − ρ)·Δ²
 *   θₜ ← θₜ₋₁ − γ·Δ
 * ```
 *
 * Symbols → options: γ `lr` (1.0), ρ `rho` (0.9), ε `eps` (1e-6), λ `weightDecay` (0).
 * γ is the step's lr from the schedule.
 *
 * Reference: `torch.optim.Adadelta` (`_single_tensor_adadelta`).
 *
 * Differs from: Keras and TF.js default to lr 1e-3, ρ 0.95, ε 1e-7 (PyTorch: lr 1.0, so the
 * plain Zeiler rule). TF.js divides by the previous v (read before it is updated); PyTorch,
 * Keras and Optax use the new one. Optax's `adadelta(learning_rate=None)` applies no sign flip.
 *
 * Worked example (lr 1, rho 0.9, eps 1e-6; θ₀ = [1, −2], g₁ = [1, −2], g₂ = [0.5, 1]):
 * ```text
 * step 1: v = [0.1, 0.4],  Δ = √1e-6/√(v + 1e-6)·g₁ = [0.0031622618488987, −0.0031622737073287]
 *         u = 0.1·Δ² = [9.99990000099999e-7, 9.9999750000625e-7]
 *         θ₁ = [0.9968377381511013, −1.9968377262926713]
 * step 2: v = [0.115, 0.46],  Δ = √(u + 1e-6)/√(v + 1e-6)·g₂ = [0.0020851298619937, 0.0020851405709026]
 *         θ₂ = [0.9947526082891076, −1.9989228668635739]
 * ```
 */
export const adadelta: OptimizerDefinition<AdadeltaOptions, AdadeltaState> = {
  type: 'adadelta',
  title: 'Adadelta',
  summary: 'Steps sized by the RMS of past updates over the RMS of gradients (Zeiler), scaled by lr.',
  reference: 'torch.optim.Adadelta',
  formula: 'g ← ∇f(θ) + λθ;  v ← ρv + (1 − ρ)g²;  Δ ← √(u + ε)/√(v + ε)·g;  u ← ρu + (1 − ρ)Δ²;  θ ← θ − γΔ',
  options: {
    lr: { kind: 'number', min: 0, default: 1.0, doc: 'Learning rate γ scaling the delta (default: 1.0; Keras uses 1e-3)' },
    rho: { kind: 'number', min: 0, max: 1, default: 0.9, doc: 'Decay rate ρ of the squared-gradient and squared-delta averages, in [0, 1] (default: 0.9)' },
    eps: { kind: 'number', min: 0, default: 1e-6, doc: 'ε added inside both roots (default: 1e-6)' },
    weightDecay: l2WeightDecay(),
  },
  init: adadeltaInit,
  step: adadeltaStep,
};
