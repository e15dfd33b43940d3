import { LrLabError } from '../errors';
import { ownerWord } from '../options';
import { l2WeightDecay, learningRate } from './commonOptions';
import type { OptimizerDefinition } from './types';

export interface SgdOptions {
  /** Base learning rate γ; the schedule decides each step's lr from it. */
  readonly lr: number;
  /** μ: momentum factor (0 = plain gradient descent). */
  readonly momentum: number;
  /** τ: dampening of the gradient added to the momentum buffer. */
  readonly dampening: number;
  /** Use Nesterov momentum (needs momentum > 0 and dampening = 0). */
  readonly nesterov: boolean;
  /** λ: L2 penalty added to the gradient. */
  readonly weightDecay: number;
}

export interface SgdState {
  step: number;
  /** b (PyTorch `momentum_buffer`). Empty when momentum = 0: PyTorch keeps no buffer then. */
  momentumBuffer: Float64Array;
}

/** Fresh SGD state: step 0 and a zero momentum buffer (empty without momentum). */
export function sgdInit(dim: number, options: SgdOptions): SgdState {
  return { step: 0, momentumBuffer: new Float64Array(options.momentum !== 0 ? dim : 0) };
}

/** One SGD step on `params` in place (torch.optim.SGD, `_single_tensor_sgd`). */
export function sgdStep(params: Float64Array, grad: Float64Array, state: SgdState, lr: number, options: SgdOptions): void {
  const momentum = options.momentum;
  const keep = 1 - options.dampening;
  const nesterov = options.nesterov;
  const weightDecay = options.weightDecay;
  const buf = state.momentumBuffer;
  // PyTorch starts the buffer as a copy of the first gradient, without dampening.
  const first = state.step === 0;
  for (let i = 0; i < params.length; i++) {
    let d = grad[i]!;
    if (weightDecay !== 0) d += weightDecay * params[i]!;
    if (momentum !== 0) {
      const b = first ? d : momentum * buf[i]! + keep * d;
      buf[i] = b;
      d = nesterov ? d + momentum * b : b;
    }
    params[i]! -= lr * d;
  }
  state.step += 1;
}

/**
 * `sgd` — stochastic gradient descent with optional momentum, dampening, Nesterov momentum and
 * L2 weight decay, exactly as `torch.optim.SGD`.
 *
 * ```text
 * input: θ₀ (params), γ (lr), μ (momentum), τ (dampening), λ (weightDecay), nesterov
 * for t = 1, 2, …:
 *   g ← ∇f(θₜ₋₁)
 *   if λ ≠ 0:  g ← g + λ·θₜ₋₁
 *   if μ ≠ 0:
 *     b ← g                      if t = 1
 *     b ← μ·b + (1 − τ)·g        otherwise
 *     g ← g + μ·b  if nesterov,  else  g ← b
 *   θₜ ← θₜ₋₁ − γ·g
 * ```
 *
 * Symbols → options: γ `lr` (1e-3), μ `momentum` (0), τ `dampening` (0), λ `weightDecay` (0),
 * `nesterov` (false). Nesterov needs μ > 0 and τ = 0, as in PyTorch. torch 1.13 required `lr`;
 * LR Lab defaults it to 1e-3 like PyTorch 2.x. γ is the step's lr from the schedule.
 *
 * Reference: `torch.optim.SGD` (`_single_tensor_sgd`).
 *
 * Differs from: Keras (`keras.optimizers.SGD`) keeps the lr inside the velocity
 * (`v ← μ·v − γ·g; θ ← θ + v`), which equals PyTorch's rule only while the lr is constant, so
 * the two part ways under a schedule. PyTorch's first step copies g into b without dampening.
 *
 * Worked example (lr 0.1, momentum 0.9; θ₀ = [1, −2], g₁ = [0.5, −1], g₂ = [0.25, 1]):
 * ```text
 * step 1: b = g₁ = [0.5, −1]                          θ₁ = [0.95, −1.9]
 * step 2: b = 0.9·[0.5, −1] + [0.25, 1] = [0.7, 0.1]   θ₂ = [0.88, −1.91]
 * with nesterov: θ₁ = θ₀ − 0.1·(g₁ + 0.9·b₁) = [0.905, −1.81]
 *                θ₂ = θ₁ − 0.1·(g₂ + 0.9·b₂) = [0.817, −1.919]
 * ```
 */
export const sgd: OptimizerDefinition<SgdOptions, SgdState> = {
  type: 'sgd',
  title: 'SGD',
  summary: 'Gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay.',
  reference: 'torch.optim.SGD',
  formula: 'g ← ∇f(θ) + λθ;  b ← μb + (1 − τ)g (b ← g on step 1);  g ← g + μb (nesterov) or b;  θ ← θ − γg',
  options: {
    lr: learningRate(1e-3, '; torch 1.13 required it'),
    momentum: { kind: 'number', min: 0, default: 0, doc: 'Momentum factor μ; 0 is plain gradient descent (default: 0)' },
    dampening: { kind: 'number', default: 0, doc: 'Dampening τ: the gradient enters the momentum buffer as (1 − τ)·g (default: 0)' },
    nesterov: { kind: 'boolean', default: false, doc: 'Nesterov momentum; needs momentum > 0 and dampening = 0 (default: false)' },
    weightDecay: l2WeightDecay(),
  },
  check(options, owner) {
    if (options.nesterov && (options.momentum <= 0 || options.dampening !== 0)) {
      throw LrLabError.worded('invalidConfig', { id: 'nesterovNeedsMomentum', args: [ownerWord(owner), options.momentum, options.dampening] });
    }
  },
  init: sgdInit,
  step: sgdStep,
};
