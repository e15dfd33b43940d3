import { l2WeightDecay, learningRate } from './commonOptions';
import type { OptimizerDefinition } from './types';

export interface RmspropOptions {
  /** Base learning rate γ; the schedule decides each step's lr from it. */
  readonly lr: number;
  /** α: smoothing constant of the squared-gradient average. */
  readonly alpha: number;
  /** ε: added to the root (outside it). */
  readonly eps: number;
  /** λ: L2 penalty added to the gradient. */
  readonly weightDecay: number;
  /** μ: momentum factor (0 = none). */
  readonly momentum: number;
  /** Divide by an estimate of the gradient's variance instead of its second moment. */
  readonly centered: boolean;
}

export interface RmspropState {
  step: number;
  /** v, running average of g² (PyTorch `square_avg`). */
  squareAvg: Float64Array;
  /** b (PyTorch `momentum_buffer`); empty when momentum = 0. */
  momentumBuffer: Float64Array;
  /** ḡ, running average of g (PyTorch `grad_avg`); empty unless centered. */
  gradAvg: Float64Array;
}

/** Fresh RMSprop state: step 0, zero averages; buffers PyTorch does not keep are empty. */
export function rmspropInit(dim: number, options: RmspropOptions): RmspropState {
  return {
    step: 0,
    squareAvg: new Float64Array(dim),
    momentumBuffer: new Float64Array(options.momentum > 0 ? dim : 0),
    gradAvg: new Float64Array(options.centered ? dim : 0),
  };
}

/** One RMSprop step on `params` in place (torch.optim.RMSprop, `_single_tensor_rmsprop`). */
export function rmspropStep(params: Float64Array, grad: Float64Array, state: RmspropState, lr: number, options: RmspropOptions): void {
  const alpha = options.alpha;
  const oneMinusAlpha = 1 - alpha;
  const eps = options.eps;
  const weightDecay = options.weightDecay;
  const momentum = options.momentum;
  const centered = options.centered;
  const squareAvg = state.squareAvg;
  const buf = state.momentumBuffer;
  const gradAvg = state.gradAvg;
  for (let i = 0; i < params.length; i++) {
    let g = grad[i]!;
    if (weightDecay !== 0) g += weightDecay * params[i]!;
    const v = alpha * squareAvg[i]! + oneMinusAlpha * g * g;
    squareAvg[i] = v;
    let avg: number;
    if (centered) {
      const m = alpha * gradAvg[i]! + oneMinusAlpha * g;
      gradAvg[i] = m;
      avg = Math.sqrt(v - m * m) + eps;
    } else {
      avg = Math.sqrt(v) + eps;
    }
    if (momentum > 0) {
      const b = momentum * buf[i]! + g / avg;
      buf[i] = b;
      params[i]! -= lr * b;
    } else {
      params[i]! -= (lr * g) / avg;
    }
  }
  state.step += 1;
}

/**
 * `rmsprop` — steps divided by the root of a moving average of squared gradients (optionally
 * centered, optionally with momentum), exactly as `torch.optim.RMSprop`.
 *
 * ```text
 * input: θ₀ (params), γ (lr), α (alpha), ε (eps), λ (weightDecay), μ (momentum), centered
 * init:  v ← 0, ḡ ← 0, b ← 0
 * for t = 1, 2, …:
 *   g ← ∇f(θₜ₋₁)
 *   if λ ≠ 0:  g ← g + λ·θₜ₋₁
 *   v ← α·v + (1 − α)·g²
 *   if centered:  ḡ ← α·ḡ + (1 − α)·g;   d ← √(v − ḡ²) + ε
 *   else:         d ← √v + ε
 *   if μ > 0:  b ← μ·b + g/d;  θₜ ← θₜ₋₁ − γ·b
 *   else:      θₜ ← θₜ₋₁ − γ·g/d
 * ```
 *
 * Symbols → options: γ `lr` (1e-2), α `alpha` (0.99), ε `eps` (1e-8), λ `weightDecay` (0),
 * μ `momentum` (0), `centered` (false). γ is the step's lr from the schedule.
 *
 * Reference: `torch.optim.RMSprop` (`_single_tensor_rmsprop`).
 *
 * Differs from: Keras, TF.js and Optax default to decay 0.9 (PyTorch's α is 0.99) and put ε
 * inside the root (`√(v + ε)`); PyTorch adds it outside. With momentum, Keras and TF.js keep the
 * lr inside the buffer (`b ← μ·b + γ·g/d`), so they differ from PyTorch when the lr changes.
 * Centered TF.js computes `√(v − (ḡ² + ε))`.
 *
 * Worked example (lr 0.01, alpha 0.99, momentum 0.9, eps 0 for round numbers; θ₀ = [1, −2],
 * g₁ = [3, −4], g₂ = [0.3, −0.4]):
 * ```text
 * step 1: v = 0.01·[9, 16] = [0.09, 0.16],  d = [0.3, 0.4],  b = [10, −10],  θ₁ = [0.9, −1.9]
 * step 2: v = 0.99·v + 0.01·[0.09, 0.16] = [0.09, 0.16],  d = [0.3, 0.4]
 *         b = 0.9·[10, −10] + [1, −1] = [10, −10],  θ₂ = [0.8, −1.8]
 * ```
 */
export const rmsprop: OptimizerDefinition<RmspropOptions, RmspropState> = {
  type: 'rmsprop',
  title: 'RMSprop',
  summary: 'Steps divided by the root of a moving average of squared gradients; optional centering and momentum.',
  reference: 'torch.optim.RMSprop',
  formula: 'g ← ∇f(θ) + λθ;  v ← αv + (1 − α)g²;  d ← √v + ε (centered: √(v − ḡ²) + ε);  b ← μb + g/d;  θ ← θ − γb (μ = 0: θ ← θ − γg/d)',
  options: {
    lr: learningRate(1e-2),
    alpha: { kind: 'number', min: 0, default: 0.99, doc: 'Smoothing constant α of the squared-gradient average (default: 0.99; Keras rho 0.9)' },
    eps: { kind: 'number', min: 0, default: 1e-8, doc: 'ε added to the root, outside it (default: 1e-8)' },
    weightDecay: l2WeightDecay(),
    momentum: { kind: 'number', min: 0, default: 0, doc: 'Momentum factor μ (default: 0)' },
    centered: { kind: 'boolean', default: false, doc: 'Normalise by the variance estimate v − ḡ² instead of v (default: false)' },
  },
  init: rmspropInit,
  step: rmspropStep,
};
