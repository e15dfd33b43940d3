/**
 * Stepping through a run: the minimize loop's hook for Pause / Step / Resume, and the
 * inspection of one step (θ before and after, g, the optimizer's state under PyTorch's names,
 * the step's lr and per-parameter step size) that a paused run shows.
 *
 * The loop asks `watching()` before each step (one load from shared memory in the loader's
 * gate); only a watched step costs anything: θ is copied before it, and after it is recorded
 * the loop flushes its records and calls `stepped`, which may block until the user steps,
 * resumes or stops. Unwatched steps allocate nothing.
 */
import type { OptimizerConfig, OptimizerState } from '../optimizers/types';
import { snapshotState, stepSizes, type StepSizeKind } from '../optimizers/inspect';

/** What the loop shows the gate of the step it just took (its own arrays: read, do not keep). */
export interface SteppedView {
  /** k: the step just taken (1, 2, …). */
  readonly step: number;
  /** The lr of this step (from the schedule; d·lr for Prodigy and D-Adaptation). */
  readonly lr: number;
  /** f and ‖g‖ at θₖ₋₁ (the parameters the step started from). */
  readonly loss: number;
  readonly gradNorm: number;
  /**
   * θₖ₋₁, θₖ and g as the optimizer got it (after clipping). θ is the model, as the records have
   * it: for schedule-free optimizers the averaged point x, while g was taken at y.
   */
  readonly previous: Float64Array;
  readonly params: Float64Array;
  readonly grad: Float64Array;
  readonly state: OptimizerState;
}

/** What the gate says after a pause: go on (after holding the run `heldMs`), or stop the run ('cancelled'). */
export type GateAnswer = { readonly heldMs: number } | 'stop';

export interface StepGate {
  /** Before the first step, with θ₀ and the fresh state: may hold the run (it starts paused). */
  start(params: Float64Array, state: OptimizerState): GateAnswer;
  /** Whether the next step is watched (the run is paused or being stepped): cheap, asked every step. */
  watching(): boolean;
  /** A watched step was taken and its records flushed: may hold the run until the user steps, resumes or stops. */
  stepped(view: SteppedView): GateAnswer;
}

/** One step as the step inspector shows it. At step 0 (a run paused before its first step) only θ and the state are known. */
export interface StepInspection {
  readonly step: number;
  /** Number of parameters; the arrays hold the first `shown` of them. */
  readonly dim: number;
  readonly shown: number;
  readonly optimizer: string;
  /** null at step 0. */
  readonly lr: number | null;
  readonly loss: number | null;
  readonly gradNorm: number | null;
  /** θₖ (θ₀ at step 0). */
  readonly params: Float64Array;
  /** θₖ₋₁, g and Δθ = θₖ − θₖ₋₁; null at step 0. */
  readonly previous: Float64Array | null;
  readonly grad: Float64Array | null;
  readonly delta: Float64Array | null;
  /** The state's per-parameter buffers under PyTorch's names, after the step. */
  readonly state: readonly { readonly name: string; readonly values: Float64Array }[];
  readonly scalars: readonly { readonly name: string; readonly value: number }[];
  readonly otherBuffers: readonly { readonly name: string; readonly length: number }[];
  /** The per-parameter step size of this step and which rule it follows (optimizers/inspect.ts); null at step 0. */
  readonly stepSize: { readonly kind: StepSizeKind; readonly values: Float64Array } | null;
}

/** At most this many parameters are inspected (the first ones): enough for any table a person reads. */
export const MAX_INSPECTED_PARAMS = 10_000;

/** The inspection of a step just taken (copies: the loop's arrays go on changing). */
export function inspectStep(view: SteppedView, config: OptimizerConfig, limit = MAX_INSPECTED_PARAMS): StepInspection {
  const dim = view.params.length;
  const shown = Math.min(dim, limit);
  const params = view.params.slice(0, shown);
  const previous = view.previous.slice(0, shown);
  const grad = view.grad.slice(0, shown);
  const delta = new Float64Array(shown);
  for (let i = 0; i < shown; i++) delta[i] = params[i]! - previous[i]!;
  const sizes = new Float64Array(shown);
  const kind = stepSizes({ config, state: view.state, lr: view.lr, grad, delta }, sizes);
  const snapshot = snapshotState(view.state, dim, shown);
  return {
    step: view.step,
    dim,
    shown,
    optimizer: config.type,
    lr: view.lr,
    loss: view.loss,
    gradNorm: view.gradNorm,
    params,
    previous,
    grad,
    delta,
    state: snapshot.buffers,
    scalars: [{ name: 'step', value: snapshot.step }, ...snapshot.scalars],
    otherBuffers: snapshot.other,
    stepSize: { kind, values: sizes },
  };
}

/** The inspection of a run paused before its first step: θ₀ and the fresh state. */
export function inspectStart(params: Float64Array, state: OptimizerState, config: OptimizerConfig, limit = MAX_INSPECTED_PARAMS): StepInspection {
  const dim = params.length;
  const shown = Math.min(dim, limit);
  const snapshot = snapshotState(state, dim, shown);
  return {
    step: 0,
    dim,
    shown,
    optimizer: config.type,
    lr: null,
    loss: null,
    gradNorm: null,
    params: params.slice(0, shown),
    previous: null,
    grad: null,
    delta: null,
    state: snapshot.buffers,
    scalars: [{ name: 'step', value: snapshot.step }, ...snapshot.scalars],
    otherBuffers: snapshot.other,
    stepSize: null,
  };
}
