import { l2WeightDecay } from './commonOptions';
import type { OptimizerDefinition } from './types';

export interface AsgdOptions {
  /** γ: the step size η starts at γ and decays as γ/(1 + λγt)^α. */
  readonly lr: number;
  /** λ: the decay term (of η and of the parameters). */
  readonly lambd: number;
  /** α: the power of η's decay. */
  readonly alpha: number;
  /** t₀: the step from which the iterates are averaged. */
  readonly t0: number;
  /** L2 penalty added to the gradient. */
  readonly weightDecay: number;
}

export interface AsgdState {
  step: number;
  /** η, this step's step size (PyTorch `eta`); set from the lr at the first step. */
  eta: number;
  /** μ, the averaging weight of this step (PyTorch `mu`): 1 until t₀, then 1/(t − t₀). */
  mu: number;
  /** x̄, the averaged iterate (PyTorch `ax`): reported as a second parameter series. */
  ax: Float64Array;
}

/** Fresh ASGD state: step 0, μ = 1, x̄ = 0 (η is set from the lr of the first step). */
export function asgdInit(dim: number, _options: AsgdOptions): AsgdState {
  return { step: 0, eta: 0, mu: 1, ax: new Float64Array(dim) };
}

/** One ASGD step on `params` in place (torch.optim.ASGD, `_single_tensor_asgd`). */
export function asgdStep(params: Float64Array, grad: Float64Array, state: AsgdState, lr: number, options: AsgdOptions): void {
  const lambd = options.lambd;
  const weightDecay = options.weightDecay;
  const step = state.step + 1;
  // PyTorch creates eta from the group's lr with the state, at the first step.
  const eta = state.step === 0 ? lr : state.eta;
  const mu = state.mu;
  const decay = 1 - lambd * eta;
  const ax = state.ax;
  for (let i = 0; i < params.length; i++) {
    let g = grad[i]!;
    let p = params[i]!;
    if (weightDecay !== 0) g += weightDecay * p;
    p = p * decay + -eta * g;
    params[i] = p;
    // Before t₀, μ = 1 and the average is the iterate itself.
    ax[i] = mu !== 1 ? ax[i]! + (p - ax[i]!) * mu : p;
  }
  // The next step's η and μ, from this step's lr (as PyTorch computes them at the end of a step).
  state.eta = lr / Math.pow(1 + lambd * lr * step, options.alpha);
  state.mu = 1 / Math.max(1, step - options.t0);
  state.step = step;
}

/**
 * `asgd` — averaged stochastic gradient descent (Polyak & Juditsky 1992): SGD with a slowly
 * decaying step size, plus the running average x̄ of the iterates from step t₀ on, which
 * converges faster than the iterates themselves under noise. Exactly as `torch.optim.ASGD`.
 * LR Lab reports x̄ as a second parameter series (`averagedParams` of the records).
 *
 * ```text
 * input: θ₀ (params), γ (lr), λ (lambd), α (alpha), t₀ (t0), λ_wd (weightDecay)
 * init:  η ← γ, μ ← 1, x̄ ← 0
 * for t = 1, 2, …:
 *   g ← ∇f(θₜ₋₁)   (+ λ_wd·θₜ₋₁)
 *   θₜ ← θₜ₋₁·(1 − λη) − η·g
 *   x̄ ← x̄ + μ·(θₜ − x̄)   (x̄ ← θₜ while μ = 1)
 *   η ← γ / (1 + λγt)^α
 *   μ ← 1 / max(1, t − t₀)
 * ```
 *
 * Symbols → options: γ `lr` (1e-2), λ `lambd` (1e-4), α `alpha` (0.75), t₀ `t0` (1e6),
 * λ_wd `weightDecay` (0). The schedule's lr enters through η only: step t uses the η computed
 * from step t − 1's lr (the first step uses its own lr), as in PyTorch. With the default
 * t₀ = 10⁶ the average is the iterate itself for a million steps: set t0 (e.g. 100) to see it.
 *
 * Reference: `torch.optim.ASGD` (`_single_tensor_asgd`; the same in torch 1.13 and 2.x).
 *
 * Differs from: the textbook ASGD averages from the start (t₀ = 0); PyTorch's default t₀
 * defers it. Optax and Keras have no ASGD (Keras' `average`-style EMA wrappers average with a
 * fixed decay instead of 1/t).
 *
 * Worked example (lr 0.1, t0 0, defaults otherwise; θ₀ = [1, −2], g₁ = [1, −2], g₂ = [0.5, 1], g₃ = [1, 1]):
 * ```text
 * step 1: η = 0.1,  θ₁ = θ₀·(1 − 1e-5) − 0.1·g₁ = [0.89999, −1.79998],  x̄ = θ₁ (μ = 1)
 *         η ← 0.1/(1 + 1e-5)^0.75 = 0.09999925000656244,  μ ← 1/max(1, 1 − 0) = 1
 * step 2: θ₂ = [0.8499813751642175, −1.8999612503415597],  x̄ = θ₂;  μ ← 1/max(1, 2) = 0.5
 * step 3: θ₃ = [0.7499743754517113, −1.9999407510402951],  x̄ = x̄ + 0.5·(θ₃ − x̄) = [0.7999778753079644, −1.9499510006909273]
 * ```
 */
export const asgd: OptimizerDefinition<AsgdOptions, AsgdState> = {
  type: 'asgd',
  title: 'ASGD',
  summary: 'Averaged SGD (Polyak–Juditsky): decaying steps, and the running average of the iterates from step t0 on, reported as a second series.',
  reference: 'torch.optim.ASGD',
  formula: 'θ ← θ(1 − λη) − ηg;  x̄ ← x̄ + μ(θ − x̄);  η ← γ/(1 + λγt)^α;  μ ← 1/max(1, t − t₀)',
  options: {
    lr: { kind: 'number', min: 0, default: 1e-2, doc: 'Learning rate γ: η starts at γ and decays as γ/(1 + λγt)^α (default: 1e-2)' },
    lambd: { kind: 'number', min: 0, default: 1e-4, doc: 'Decay term λ of η and of the parameters (default: 1e-4)' },
    alpha: { kind: 'number', min: 0, default: 0.75, doc: 'Power α of η’s decay (default: 0.75)' },
    t0: { kind: 'number', min: 0, default: 1e6, doc: 'Step t₀ from which the iterates are averaged; the default defers averaging for a million steps (default: 1e6)' },
    weightDecay: l2WeightDecay(),
  },
  averagedParams: 'ax',
  init: asgdInit,
  step: asgdStep,
};
