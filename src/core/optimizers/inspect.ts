/**
 * A snapshot of an optimizer's state for the step inspector: its per-parameter buffers under
 * PyTorch's state names (`exp_avg`, `exp_avg_sq`, `momentum_buffer`, `square_avg`, `sum`, …),
 * its scalars, and the per-parameter step size of the step just taken, defined per optimizer:
 *
 *  - `adam`, `adamw` (PyTorch's flavour):  lr/(√v̂ + ε), v̂ = v/(1 − β₂ᵗ) (AMSGrad: its max) — the
 *    factor that multiplies m̂ = m/(1 − β₁ᵗ) in θ ← θ − lr·m̂/(√v̂ + ε);
 *  - `rmsprop`:  lr/(√v + ε) (centered: √(v − ḡ²) + ε) — multiplies g (into the momentum buffer
 *    when there is one);
 *  - `adagrad`:  clr/(√sum + ε), clr = lr/(1 + (t − 1)·lr_decay) — multiplies g;
 *  - `sgd`:  lr — multiplies g (its momentum buffer when momentum > 0);
 *  - every other optimizer (and other libraries' flavours):  −Δθ/g, the lr plain gradient descent
 *    would need to take the same step (NaN where g is 0).
 *
 * Reading only: nothing here is on the run's hot path (the loop asks for a snapshot only while a
 * run is being stepped through), and the state is copied, never changed.
 */
import type { OptimizerConfig, OptimizerState } from './types';

/** Which definition `stepSize` follows (see the module comment). */
export type StepSizeKind = 'adam' | 'rmsprop' | 'adagrad' | 'sgd' | 'ratio';

export interface StateSnapshot {
  /** PyTorch's `state['step']`. */
  readonly step: number;
  /** Buffers with one entry per parameter, in the state's order, under PyTorch's names. */
  readonly buffers: readonly { readonly name: string; readonly values: Float64Array }[];
  /** The other numbers of the state (Prodigy's d, NAdam's mu_product, …). */
  readonly scalars: readonly { readonly name: string; readonly value: number }[];
  /** Buffers that are not one entry per parameter (L-BFGS's history, Adafactor's factors): only their length. */
  readonly other: readonly { readonly name: string; readonly length: number }[];
}

/** camelCase → PyTorch's snake_case state name (`expAvgSq` → `exp_avg_sq`). */
export function torchStateName(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A copy of `state`: the per-parameter buffers (the first `count` entries), the scalars, and the other buffers' lengths. */
export function snapshotState(state: OptimizerState, dim: number, count = dim): StateSnapshot {
  const buffers: { name: string; values: Float64Array }[] = [];
  const scalars: { name: string; value: number }[] = [];
  const other: { name: string; length: number }[] = [];
  for (const [name, value] of Object.entries(state)) {
    if (name === 'step') continue;
    if (value instanceof Float64Array) {
      if (value.length === dim) buffers.push({ name: torchStateName(name), values: value.slice(0, count) });
      else if (value.length > 0) other.push({ name: torchStateName(name), length: value.length });
    } else if (typeof value === 'number') scalars.push({ name: torchStateName(name), value });
  }
  return { step: state.step, buffers, scalars, other };
}

/** The kind of step size the inspector reports for `config` (its own definition, or −Δθ/g). */
export function stepSizeKind(config: OptimizerConfig): StepSizeKind {
  const flavor = config.flavor;
  if (flavor !== undefined && flavor !== 'pytorch') return 'ratio';
  switch (config.type) {
    case 'adam':
    case 'adamw':
      return 'adam';
    case 'rmsprop':
      return 'rmsprop';
    case 'adagrad':
      return 'adagrad';
    case 'sgd':
      return 'sgd';
    default:
      return 'ratio';
  }
}

/** The values the step-size rules read, after the step (`lr`: the step's lr from the schedule). */
export interface StepSizeInput {
  readonly config: OptimizerConfig;
  readonly state: OptimizerState;
  readonly lr: number;
  /** The gradient the optimizer got and the parameters' change Δθ = θₖ − θₖ₋₁ (for −Δθ/g). */
  readonly grad: Float64Array;
  readonly delta: Float64Array;
}

/** The per-parameter step size of the step just taken, into `out` (its length: how many parameters). */
export function stepSizes(input: StepSizeInput, out: Float64Array): StepSizeKind {
  const { config, lr } = input;
  const state = input.state as unknown as Record<string, Float64Array | number>;
  const kind = stepSizeKind(config);
  const n = out.length;
  const eps = typeof config.eps === 'number' ? config.eps : 0;
  const t = input.state.step;
  switch (kind) {
    case 'adam': {
      const beta2 = (config.betas as readonly [number, number])[1];
      const v = (config.amsgrad === true ? state.maxExpAvgSq : state.expAvgSq) as Float64Array;
      const biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
      for (let i = 0; i < n; i++) out[i] = lr / (Math.sqrt(v[i]!) / biasCorrection2Sqrt + eps);
      return kind;
    }
    case 'rmsprop': {
      const v = state.squareAvg as Float64Array;
      const mean = config.centered === true ? (state.gradAvg as Float64Array) : null;
      for (let i = 0; i < n; i++) out[i] = lr / (Math.sqrt(mean === null ? v[i]! : v[i]! - mean[i]! * mean[i]!) + eps);
      return kind;
    }
    case 'adagrad': {
      const sum = state.sum as Float64Array;
      const clr = lr / (1 + (t - 1) * (config.lrDecay as number));
      for (let i = 0; i < n; i++) out[i] = clr / (Math.sqrt(sum[i]!) + eps);
      return kind;
    }
    case 'sgd':
      out.fill(lr);
      return kind;
    case 'ratio':
      for (let i = 0; i < n; i++) out[i] = input.grad[i] === 0 ? NaN : -input.delta[i]! / input.grad[i]!;
      return kind;
  }
}
