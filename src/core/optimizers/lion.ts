import type { OptimizerDefinition } from './types';

export interface LionOptions {
  /** Base learning rate γ; the schedule decides each step's lr from it. */
  readonly lr: number;
  /** [β₁, β₂]: β₁ mixes the gradient into the sign's argument, β₂ is the momentum's decay. */
  readonly betas: readonly [number, number];
  /** λ: decoupled weight decay, θ ← θ·(1 − γλ) before the step. */
  readonly weightDecay: number;
}

export interface LionState {
  step: number;
  /** m, the momentum: an EMA of the gradient with rate β₂ (the reference's `exp_avg`). */
  expAvg: Float64Array;
}

/** Fresh Lion state: step 0 and zero momentum. */
export function lionInit(dim: number, _options: LionOptions): LionState {
  return { step: 0, expAvg: new Float64Array(dim) };
}

/** One Lion step on `params` in place (the authors' lion_pytorch.py, google/automl). */
export function lionStep(params: Float64Array, grad: Float64Array, state: LionState, lr: number, options: LionOptions): void {
  const beta1 = options.betas[0];
  const beta2 = options.betas[1];
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  const decay = 1 - lr * options.weightDecay;
  const expAvg = state.expAvg;
  for (let i = 0; i < params.length; i++) {
    const g = grad[i]!;
    const m = expAvg[i]!;
    // The sign of an interpolation between momentum and gradient: every coordinate moves by exactly γ (or 0).
    const c = beta1 * m + oneMinusBeta1 * g;
    params[i] = params[i]! * decay - lr * Math.sign(c);
    expAvg[i] = beta2 * m + oneMinusBeta2 * g;
  }
  state.step += 1;
}

/**
 * `lion` — EvoLved Sign Momentum (Chen et al. 2023, "Symbolic Discovery of Optimization
 * Algorithms"): every parameter moves by ±γ, the sign of an interpolation of momentum and
 * gradient; the momentum itself decays more slowly (β₂ > β₁). As in the authors' PyTorch code
 * (google/automl `lion_pytorch.py`), Optax's `lion` and Keras' `Lion`.
 *
 * ```text
 * input: θ₀ (params), γ (lr), β₁, β₂ (betas), λ (weightDecay)
 * init:  m ← 0
 * for t = 1, 2, …:
 *   g ← ∇f(θₜ₋₁)
 *   θ ← θₜ₋₁·(1 − γλ)
 *   c ← β₁·m + (1 − β₁)·g
 *   θₜ ← θ − γ·sign(c)
 *   m ← β₂·m + (1 − β₂)·g
 * ```
 *
 * Symbols → options: γ `lr` (1e-4), [β₁, β₂] `betas` ([0.9, 0.99]), λ `weightDecay` (0).
 * γ is the step's lr from the schedule; sign(0) = 0.
 *
 * Reference: `Lion` in google/automl `lion/lion_pytorch.py` (defaults lr 1e-4, betas
 * (0.9, 0.99), weight_decay 0); not part of torch.optim.
 *
 * Differs from: Optax's `lion` defaults to weight_decay 1e-3 and Keras' `Lion` to lr 1e-3 (both
 * the same update). The paper advises an lr 3–10× smaller than AdamW's and a λ 3–10× larger,
 * since sign steps have norm γ·√n. Unlike Adam there is no ε and no second moment: one buffer.
 *
 * Worked example (lr 0.1, defaults otherwise; θ₀ = [1, −2], g₁ = [3, −0.5], g₂ = [−1, −1]):
 * ```text
 * step 1: c = 0.1·g₁ = [0.3, −0.05],  θ₁ = θ₀ − 0.1·[1, −1] = [0.9, −1.9],  m = 0.01·g₁ = [0.03, −0.005]
 * step 2: c = 0.9·m + 0.1·g₂ = [−0.073, −0.1045],  θ₂ = θ₁ − 0.1·[−1, −1] = [1, −1.8]
 *         m = 0.99·m + 0.01·g₂ = [0.0197, −0.01495]
 * ```
 */
export const lion: OptimizerDefinition<LionOptions, LionState> = {
  type: 'lion',
  title: 'Lion',
  summary: 'Sign momentum (Chen et al. 2023): every parameter moves by ±lr, the sign of a mix of momentum and gradient; one state buffer.',
  reference: 'Lion (google/automl lion_pytorch.py; Optax lion, Keras Lion)',
  formula: 'θ ← θ(1 − γλ);  θ ← θ − γ·sign(β₁m + (1 − β₁)g);  m ← β₂m + (1 − β₂)g',
  options: {
    lr: { kind: 'number', min: 0, default: 1e-4, doc: 'Learning rate γ: each parameter moves by exactly γ per step (default: 1e-4; Keras 1e-3)' },
    betas: { kind: 'pair', min: 0, max: 1, maxExclusive: true, default: [0.9, 0.99], doc: '[β₁, β₂]: β₁ mixes gradient and momentum inside the sign, β₂ is the momentum decay, each in [0, 1) (default: [0.9, 0.99])' },
    weightDecay: { kind: 'number', min: 0, default: 0, doc: 'Decoupled decay λ: θ ← θ·(1 − lr·λ) every step (default: 0; Optax 1e-3)' },
  },
  init: lionInit,
  step: lionStep,
};
