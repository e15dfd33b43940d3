/**
 * An objective as the engine sees it, whatever file or form it came from.
 * The loader adapts a user's export (plain function or object form) to this shape;
 * built-in objectives (benchmarks, tests) implement it directly.
 */
import type { EngineText } from '../shared/engineText';
import type { GRADIENT_KINDS } from '../shared/defaults';
import type { SourceLocation } from './errors';
import type { ParameterShapes } from './optimizers/types';

export interface Objective<T = unknown> {
  readonly name: string;
  /** Number of parameters. */
  readonly dim: number;
  /** Starting point (length `dim`). */
  readonly x0: Float64Array;
  /** Loss at x; in mini-batch form also given the batch of data items. */
  f(x: Float64Array, batch?: readonly T[]): number;
  /**
   * Exact gradient at x written into `out` (length `dim`). Absent: the engine uses central
   * finite differences. Throws LrLabError('gradientLength') when the user's grad returns
   * an array of the wrong length.
   */
  grad?(x: Float64Array, out: Float64Array, batch?: readonly T[]): void;
  /** Mini-batch form: the data set sampled each step. */
  readonly data?: readonly T[];
  /** Items per step in mini-batch form (default: the whole data set). */
  readonly batchSize?: number;
  /** Extra curves (accuracy, F1, …) at x. */
  metrics?(x: Float64Array): Record<string, number>;
  /**
   * The blocks x is made of (PyTorch's parameter tensors, row-major), e.g. `[[8, 4], [8]]`:
   * their sizes add up to `dim`. Adafactor factors the second moments of matrix blocks; the
   * other optimizers are element-wise and ignore it. Absent: one vector.
   */
  readonly shape?: ParameterShapes;
  /**
   * Loss and gradient from one evaluation (the exact gradient LR Lab records): returns f at x
   * (on `batch` in mini-batch form) and writes ∂f/∂x into `out`. When present, the loop uses it
   * instead of f and grad (unless the run asks for finite differences).
   */
  valueAndGrad?(x: Float64Array, out: Float64Array, batch?: readonly T[]): number;
}

/** Where a gradient comes from: the objective's own `grad`, the exact gradient LR Lab records from its code, or central differences. */
export type GradientKind = (typeof GRADIENT_KINDS)[number];

/** The gradient an objective gets, and why it is not exact when it could have been. */
export interface GradientChoice {
  readonly source: GradientKind;
  /** Why the exact gradient is not used (it was not asked for, or could not be recorded); null when nothing is missing. */
  readonly reason: string | null;
  /** The reason as an engine sentence, when LR Lab worded it (each border says it in its language). */
  readonly reasonText?: EngineText;
  /** Where in the user's code the reason is. */
  readonly location?: SourceLocation;
}

/** How an objective was written in the user's file. */
export type ObjectiveForm = 'function' | 'object';

/** What `lrlab list` and the extension show about an objective. */
export interface ObjectiveInfo {
  readonly name: string;
  readonly form: ObjectiveForm;
  /** null when the dimension is not known (a plain function without `@x0`). */
  readonly dim: number | null;
  readonly hasGradient: boolean;
  readonly stochastic: boolean;
  readonly hasMetrics: boolean;
  /** Mini-batch form: the number of data items (an epoch is ⌈dataItems / batch size⌉ steps). */
  readonly dataItems?: number;
  /** Mini-batch form: the objective's own batch size, when it sets one. */
  readonly batchSize?: number;
  /** 1-based line of the export in the user's file, when known. */
  readonly line?: number;
  /** Where its gradient comes from in a run with `gradient: auto` (`lrlab list`), when known. */
  readonly gradient?: GradientChoice;
}
