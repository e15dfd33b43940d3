/**
 * The optimizer contract. An optimizer is a definition (name, options with PyTorch's
 * defaults, docs) plus two functions: `init` makes its state for a parameter vector of a
 * given length, and `step` updates the parameters in place from a gradient and the
 * learning rate of this step. The schedule owns the learning rate; the optimizer owns
 * its moments. `step` allocates nothing.
 */
import type { OptionSpecs } from '../options';

/**
 * Optimizer state: the step count plus named fields, each a `Float64Array` buffer (one
 * entry per parameter) or a number, with PyTorch's names in camelCase (`expAvg`,
 * `expAvgSq`, `maxExpAvgSq`, `momentumBuffer`, `sum`, `squareAvg`, `gradAvg`, `accDelta`,
 * `expInf`, `muProduct`). Plain data with no closures, so it serialises as is.
 * (No index signature, so each optimizer can declare its state as an interface.)
 */
export interface OptimizerState {
  /** Number of steps taken so far (PyTorch's `state['step']`). */
  step: number;
}

/**
 * The shapes of the blocks a parameter vector is made of, in order (PyTorch's parameter
 * tensors, row-major): e.g. `[[8, 4], [8], [3, 8], [3]]` for a 4-8-3 network. Their element
 * counts add up to the vector's length. Most optimizers are element-wise and ignore it;
 * Adafactor factors the second moment of each block of two or more dimensions.
 */
export type ParameterShapes = readonly (readonly number[])[];

/** How the panel groups optimizers. */
export type OptimizerFamily = 'classic' | 'adaptive' | 'sign-based' | 'second-order' | 'lr-free';

/**
 * PyTorch's `closure`: evaluates the objective at the parameters as they are now (the same
 * mini-batch throughout one step), writes the gradient into the run's gradient array and
 * returns the loss. Line-search optimizers (LBFGS) call it several times per step.
 */
export type Closure = () => number;

/** Every optimizer's options include the base learning rate. */
export interface BaseOptimizerOptions {
  readonly lr: number;
}

export interface OptimizerDefinition<O extends BaseOptimizerOptions = BaseOptimizerOptions, S extends OptimizerState = OptimizerState> {
  /** camelCase name used in configs: `adam`, `sgd`, ... */
  readonly type: string;
  /** Display name: `Adam`, `SGD`, ... */
  readonly title: string;
  /** One line for lists and pickers. */
  readonly summary: string;
  /** The PyTorch class this follows, e.g. `torch.optim.Adam`. */
  readonly reference: string;
  /** The update rule in plain text (the same text the docs and snippets show). */
  readonly formula: string;
  readonly options: OptionSpecs<O>;
  /**
   * Cross-option checks after each option is valid on its own (e.g. SGD's Nesterov needs
   * momentum > 0 and dampening = 0). Throws LrLabError('invalidConfig') naming `owner`.
   */
  check?(options: O, owner: string): void;
  /**
   * Fresh state for `dim` parameters (step 0, zeroed or initial-valued buffers). `shapes`: the
   * parameter blocks when the objective declares them (see ParameterShapes); absent, one vector.
   */
  init(dim: number, options: O, shapes?: ParameterShapes): S;
  /**
   * One update of `params` in place. `lr` is this step's learning rate from the schedule.
   * Optimizers with `evaluates: 'closure'` also get the loss at `params` (the first
   * evaluation, which `grad` holds the gradient of) and the `closure` to evaluate again.
   */
  step(params: Float64Array, grad: Float64Array, state: S, lr: number, options: O, loss?: number, closure?: Closure): void;
  /**
   * 'closure': a step evaluates the objective itself, as PyTorch's LBFGS does (its line search
   * and inner iterations), and counts every evaluation in the state's `funcEvals` (PyTorch's
   * `func_evals`, the first evaluation included). The loop passes the loss and a closure.
   */
  readonly evaluates?: 'closure';
  /**
   * The state buffer holding a second parameter series the run reports beside the parameters
   * (ASGD's averaged iterate `ax`).
   */
  readonly averagedParams?: string;
  /**
   * Where the model is evaluated when the gradient is taken elsewhere (schedule-free: the
   * average x, while `params` holds y): the loop reports the loss and metrics there, and records
   * it as the parameters. Before the first step it is `params` itself.
   */
  evalPoint?(state: S, params: Float64Array): Float64Array;
  /**
   * The step size the next `step` will use given the schedule's `lr`, when the optimizer sets
   * its own (Prodigy, D-Adaptation: d·lr): the loop records it as the run's lr, so the lr curve
   * shows what the optimizer found. Called before `step`. Absent: the step uses `lr` itself.
   */
  effectiveLr?(state: S, lr: number, options: O): number;
}

/** An optimizer config as resolved: `type` plus every option with defaults filled in. */
export type OptimizerConfig = { readonly type: string; readonly lr: number } & Readonly<Record<string, unknown>>;

/** A configured optimizer, ready to run. */
export interface Optimizer<S extends OptimizerState = OptimizerState> {
  readonly type: string;
  readonly config: OptimizerConfig;
  init(dim: number, shapes?: ParameterShapes): S;
  /** One step; `loss` and `closure` are needed (and only used) when `evaluates` is 'closure'. */
  step(params: Float64Array, grad: Float64Array, state: S, lr: number, loss?: number, closure?: Closure): void;
  /** 'closure': the step evaluates the objective itself (see OptimizerDefinition.evaluates). */
  readonly evaluates?: 'closure';
  /** Objective evaluations so far, for optimizers that evaluate it themselves (PyTorch's func_evals). */
  evaluations?(state: S): number;
  /** The second parameter series (ASGD's averaged iterate), when there is one. */
  averagedParams?(state: S): Float64Array;
  /** Where the model is evaluated (schedule-free's x), when it is not `params`. */
  evalPoint?(state: S, params: Float64Array): Float64Array;
  /**
   * Parameters, gradient and fresh state (as `init` makes it) for a run of `dim` parameters,
   * placed where a faster step can use them: `step` on exactly these arrays runs the
   * accelerated kernel (WebAssembly SIMD, helper threads for large arrays; bit-identical to the
   * scalar kernel), on any others the scalar kernel. Optional: callers fall back to plain
   * arrays and `init`.
   */
  allocate?(dim: number, shapes?: ParameterShapes): OptimizerBuffers<S>;
  /**
   * `step` bound to one run's arrays, checked once here rather than on every call: the loop's
   * per-step call (the accelerated kernel when they are `allocate`'s arrays). For optimizers
   * that evaluate the objective themselves the `closure` is bound too (required), and each call
   * passes the loss at the parameters. Optional.
   */
  bind?(params: Float64Array, grad: Float64Array, state: S, closure?: Closure): (lr: number, loss?: number) => void;
  /** The step size the next `step` uses given the schedule's lr, for optimizers that set their own (see OptimizerDefinition.effectiveLr). */
  effectiveLr?(state: S, lr: number): number;
}

/** The arrays of one run from `Optimizer.allocate`. */
export interface OptimizerBuffers<S extends OptimizerState = OptimizerState> {
  readonly params: Float64Array;
  readonly grad: Float64Array;
  readonly state: S;
  /** Hand the memory back when the run ends: the arrays must not be used afterwards (they may be reused). */
  release(): void;
}

/** JSON form of an optimizer's state (PyTorch's `state_dict` for one parameter tensor). */
export interface OptimizerStateJSON {
  readonly type: string;
  readonly step: number;
  readonly buffers: Readonly<Record<string, number[]>>;
  readonly scalars: Readonly<Record<string, number>>;
}
