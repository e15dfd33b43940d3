/**
 * Gradient check: compare an objective's own `grad` with central finite differences of its
 * `f`, component by component (like `torch.autograd.gradcheck` or
 * `scipy.optimize.check_grad`, with float64 throughout).
 */
import { LrLabError } from '../errors';
import type { Objective } from '../objective';
import { centralDifferenceGradient } from './finiteDifference';

export interface GradientCheckComponent {
  /** 0-based index of the component (x[index]). */
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
  /** |analytic − numeric|. */
  readonly absError: number;
  /** |analytic − numeric| / max(|analytic|, |numeric|, 1e-8). */
  readonly relError: number;
}

/**
 * A component judged at the noise floor: its derivative is so close to 0 that the relative
 * tolerance would ask for less than the finite difference's own rounding noise, so the
 * absolute difference is held to that noise instead (and its relative error means nothing).
 */
export interface NoiseFloorComponent extends GradientCheckComponent {
  /** The rounding noise of the central difference on this component: the absolute difference allowed. */
  readonly noise: number;
  /** Whether |analytic − numeric| ≤ noise. */
  readonly ok: boolean;
}

export interface GradientCheckResult {
  readonly dim: number;
  /** True when every component agrees (see checkGradient). */
  readonly ok: boolean;
  /** The relative tolerance the check used. */
  readonly tolerance: number;
  readonly maxAbsError: number;
  /** Over every component, those at the noise floor included (where it can be large and mean nothing). */
  readonly maxRelError: number;
  /** The components judged by the relative tolerance: how many, and the largest relative error among them (0 when none). */
  readonly relative: { readonly count: number; readonly maxRelError: number; readonly index: number | null };
  /** The components judged at the noise floor whose relative error exceeds the tolerance (the ones a bare "max rel error" would make look wrong). */
  readonly noiseFloor: readonly NoiseFloorComponent[];
  /** The component furthest outside what it is allowed (the first, on ties), with the absolute difference it is allowed. */
  readonly worst: GradientCheckComponent & { readonly allowed: number };
}

export interface GradientCheckOptions {
  /** Where to check (default: the objective's x0). Not changed. */
  readonly x?: Float64Array;
  /** Relative tolerance per component (default 1e-6). */
  readonly tolerance?: number;
  /** Data items given to f and grad (default in mini-batch form: the whole data set). */
  readonly batch?: readonly unknown[];
}

/** Relative errors are measured against at least this magnitude, so 0 vs 0 is no error. */
const RELATIVE_FLOOR = 1e-8;
/**
 * ε · max(1, |f(x)|) / hᵢ is the rounding noise of the central difference itself (hᵢ its
 * step); differences below NOISE_MARGIN times that never fail a component. This keeps
 * components whose true derivative is 0 (where any relative test fails on noise) from
 * failing a correct gradient; a wrong gradient still fails unless its error is that small.
 */
const NOISE_MARGIN = 10;
const CBRT_EPSILON = Math.cbrt(Number.EPSILON);

/**
 * Compare `objective.grad` at x (default x0) with central differences of `objective.f`
 * (see centralDifferenceGradient). For each component i, with a = analytic and n = numeric:
 *
 *   absError = |a − n|,   relError = |a − n| / max(|a|, |n|, 1e-8)
 *
 * and the component passes when |a − n| ≤ max(tolerance · max(|a|, |n|), noise), where
 * noise = 10 · ε · max(1, |f(x)|) / (∛ε · max(1, |xᵢ|)) is the rounding noise of the
 * finite difference with a margin (so a derivative of exactly 0 is not failed on noise; at a
 * stationary point the truncation error of the difference can still exceed it, so check
 * away from minima). Components where that noise exceeds tolerance · max(|a|, |n|) are judged
 * at the noise floor (`noiseFloor` lists those whose relative error exceeds the tolerance, so a
 * report can say why a large relative error still passes); the others by the relative tolerance
 * (`relative`). A non-finite a or n fails with infinite errors. `ok` when all pass; `worst` is the component with the
 * largest |a − n| / allowed. The default tolerance 1e-6 sits well above the ~1e-10 relative
 * error of central differences on a smooth, well-scaled f.
 *
 * In mini-batch form f and grad get `batch` (default: the whole data set). Exceptions from
 * f or grad propagate. Throws LrLabError('invalidObjective') when the objective has no grad,
 * and LrLabError('invalidConfig') for an x of the wrong length or a tolerance that is not > 0.
 */
export function checkGradient(objective: Objective, options: GradientCheckOptions = {}): GradientCheckResult {
  const { dim, name } = objective;
  if (!objective.grad) {
    throw LrLabError.worded('invalidObjective', { id: 'checkNoGrad', args: [name] });
  }
  if (!Number.isInteger(dim) || dim < 1) {
    throw LrLabError.worded('invalidObjective', { id: 'noParameters', args: [name, String(dim)] });
  }
  const tolerance = options.tolerance ?? 1e-6;
  if (!(tolerance > 0) || !Number.isFinite(tolerance)) {
    throw LrLabError.worded('invalidConfig', { id: 'checkToleranceInvalid', args: [String(tolerance)] });
  }
  const start = options.x ?? objective.x0;
  if (start.length !== dim) {
    throw LrLabError.worded('invalidConfig', { id: 'checkPointWrongLength', args: [start.length, name, dim] });
  }
  const batch = options.batch ?? objective.data;
  const x = Float64Array.from(start);
  const analytic = new Float64Array(dim);
  objective.grad(x, analytic, batch);
  x.set(start);
  const reference = numericReference(objective, start, batch);
  return compareGradients(analytic, reference.gradient, { tolerance, noise: reference.noise });
}

/** Central differences of objective.f at `start` (on `batch`), with the rounding noise of each component (see checkGradient). */
export function numericReference(objective: Objective, start: Float64Array, batch: readonly unknown[] | undefined): { gradient: Float64Array; value: number; noise: (i: number) => number } {
  const dim = start.length;
  const x = Float64Array.from(start);
  const fx = objective.f(x, batch);
  x.set(start);
  const gradient = new Float64Array(dim);
  centralDifferenceGradient((p) => objective.f(p, batch), x, gradient);
  const fScale = Number.isFinite(fx) ? Math.max(1, Math.abs(fx)) : 1;
  return { gradient, value: fx, noise: (i) => (NOISE_MARGIN * Number.EPSILON * fScale) / (CBRT_EPSILON * Math.max(1, Math.abs(start[i]!))) };
}

/** Rounding noise for comparisons with an exact reference: a few ulps of the gradient's largest component. */
export function exactNoise(reference: Float64Array): (i: number) => number {
  let largest = 0;
  for (let i = 0; i < reference.length; i++) if (Number.isFinite(reference[i]!)) largest = Math.max(largest, Math.abs(reference[i]!));
  const noise = 100 * Number.EPSILON * largest;
  return () => noise;
}

/**
 * Compare a gradient (`analytic`) with a reference, component by component: component i
 * passes when |a − n| ≤ max(tolerance · max(|a|, |n|), noise(i)) (see checkGradient).
 */
export function compareGradients(analytic: Float64Array, numeric: Float64Array, options: { tolerance: number; noise: (i: number) => number }): GradientCheckResult {
  const dim = analytic.length;
  const { tolerance } = options;
  let ok = true;
  let maxAbsError = 0;
  let maxRelError = 0;
  let worstIndex = 0;
  let worstScore = -1;
  let worstAllowed = 0;
  let relativeCount = 0;
  let relativeMax = 0;
  let relativeIndex: number | null = null;
  const noiseFloor: NoiseFloorComponent[] = [];
  for (let i = 0; i < dim; i++) {
    const a = analytic[i]!;
    const n = numeric[i]!;
    const finite = Number.isFinite(a) && Number.isFinite(n);
    const absError = finite ? Math.abs(a - n) : Infinity;
    const magnitude = Math.max(Math.abs(a), Math.abs(n));
    const noise = options.noise(i);
    const allowed = Math.max(tolerance * magnitude, noise);
    const score = finite ? absError / allowed : Infinity;
    if (!(score <= 1)) ok = false;
    const relError = relativeError(a, n);
    maxAbsError = Math.max(maxAbsError, absError);
    maxRelError = Math.max(maxRelError, relError);
    if (finite && noise > tolerance * magnitude) {
      if (relError > tolerance) noiseFloor.push({ index: i, analytic: a, numeric: n, absError, relError, noise, ok: score <= 1 });
    } else {
      relativeCount++;
      if (relativeIndex === null || relError > relativeMax) {
        relativeMax = relError;
        relativeIndex = i;
      }
    }
    if (score > worstScore) {
      worstScore = score;
      worstIndex = i;
      worstAllowed = allowed;
    }
  }
  const a = analytic[worstIndex]!;
  const n = numeric[worstIndex]!;
  return {
    dim,
    ok,
    tolerance,
    maxAbsError,
    maxRelError,
    relative: { count: relativeCount, maxRelError: relativeMax, index: relativeIndex },
    noiseFloor,
    worst: {
      index: worstIndex,
      analytic: a,
      numeric: n,
      absError: Number.isFinite(a) && Number.isFinite(n) ? Math.abs(a - n) : Infinity,
      relError: relativeError(a, n),
      allowed: worstAllowed,
    },
  };
}

function relativeError(a: number, n: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(n)) return Infinity;
  return Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), RELATIVE_FLOOR);
}
