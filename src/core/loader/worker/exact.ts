/**
 * The exact gradient of an objective in the worker: the user's f (transformed in the bundle)
 * recorded on the tape. Which gradient a request gets is decided here (`decideGradient`):
 * the user's grad, the exact one, or central differences with the reason and the line that
 * stopped the exact one. Before a run uses the exact gradient it is checked once against
 * finite differences (`probe`), and a run whose recording stops being trustworthy later goes
 * on with central differences (`withExactGradient`): never a silently wrong gradient.
 */
import { engineText, type EngineText } from '../../../shared/engineText';
import { adjointAbort, adjointOf, GradientRecorder, isTransformed, type AdjointEntry } from '../../autodiff/runtime';
import { LrLabError, type SourceLocation } from '../../errors';
import { centralDifferenceGradient } from '../../gradients/finiteDifference';
import type { GradientSource } from '../../minimize/config';
import { thrownMessage } from '../../minimize/objectiveErrors';
import type { GradientChoice, Objective } from '../../objective';
import { PART_F } from '../evalGauge';
import type { BundledCode } from '../workerProtocol';
import type { AdaptedObjective } from './adapt';

/** Why the exact gradient is not used, and where in the user's code. */
export interface Fallback {
  readonly reason: string;
  /** The reason as an engine sentence, when LR Lab worded it (the autodiff runtime's own sentences stay English). */
  readonly text?: EngineText;
  readonly location?: SourceLocation;
}

/** A fallback whose reason is an engine sentence: English in `reason`, data in `text`. */
function worded(text: EngineText, location?: SourceLocation): Fallback {
  return { reason: engineText(text), text, ...(location ? { location } : {}) };
}

function isFallback(r: { value: number } | Fallback): r is Fallback {
  return 'reason' in r;
}

/** Where an error (a leak's, an exception's) happened in the user's code. */
export type LocateError = (error: unknown) => SourceLocation | undefined;

/**
 * The exact gradient of one objective: through f's generated adjoint when the transform wrote
 * one (transform/adjoint: the gradient as code, no tape), else recorded on the tape. The
 * adjoint's first gradient is checked against the tape's at the same point; a disagreement, or
 * a call the adjoint's assumptions do not cover, leaves the objective to the tape.
 */
export class ExactGradient {
  private readonly recorder = new GradientRecorder();
  private adjoint: AdjointEntry | undefined;
  private adjointChecked = false;

  constructor(
    private readonly adapted: AdaptedObjective,
    private readonly locateError: LocateError,
  ) {
    this.adjoint = adjointOf(adapted.userF.fn);
  }

  /**
   * f at x with ∂f/∂x written into `out`, or why that gradient cannot be trusted. An exception
   * f throws without recording too is f's own: it propagates as it would from f.
   */
  record(x: Float64Array, out: Float64Array, batch: readonly unknown[] | undefined): { value: number } | Fallback {
    if (this.adjoint !== undefined) {
      const generated = this.throughAdjoint(this.adjoint, x, out, batch);
      if (generated !== null) return generated;
    }
    return this.onTape(x, out, batch);
  }

  /** The gradient from the generated adjoint, or null to ask the tape (which also words any error f throws). */
  private throughAdjoint(adjoint: AdjointEntry, x: Float64Array, out: Float64Array, batch: readonly unknown[] | undefined): { value: number } | Fallback | null {
    const { gauge } = this.adapted.userF;
    let value: unknown;
    gauge.enter(PART_F);
    try {
      value = batch === undefined ? adjoint(x, out) : adjoint(x, out, batch);
    } catch (error) {
      if (error === adjointAbort) this.adjoint = undefined;
      return null;
    } finally {
      gauge.leave();
    }
    if (typeof value !== 'number') return null;
    if (this.adjointChecked) return { value };
    this.adjointChecked = true;
    const taped = new Float64Array(out.length);
    const onTape = this.onTape(x, taped, batch);
    if (isFallback(onTape) || !sameGradient(value, out, onTape.value, taped)) {
      // Where the tape refuses (a string operand, say), its stricter rules win. Two different
      // gradients are a bug in LR Lab: LR Lab's tests make that an error; users get the tape.
      if (!isFallback(onTape) && process.env.LRLAB_ADJOINT_STRICT) throw new Error(`LR Lab: the generated adjoint disagrees with the tape (value ${value} vs ${onTape.value}; gradient ${Array.from(out).join(', ')} vs ${Array.from(taped).join(', ')})`);
      this.adjoint = undefined;
      out.set(taped);
      return onTape;
    }
    return { value };
  }

  private onTape(x: Float64Array, out: Float64Array, batch: readonly unknown[] | undefined): { value: number } | Fallback {
    const { fn, self, gauge } = this.adapted.userF;
    let result;
    gauge.enter(PART_F);
    try {
      result = this.recorder.record((xs) => (batch === undefined ? fn.call(self, xs) : fn.call(self, xs, batch)), x, out);
    } catch (error) {
      gauge.leave();
      // Does f throw without recording too? Then that is the objective's own error.
      this.adapted.objective.f(x, batch);
      const location = this.locateError(error);
      return worded({ id: 'exactThrewWhileRecorded', args: [thrownMessage(error)] }, location);
    }
    gauge.leave();
    if (result.kind === 'gradient') return { value: result.value };
    if (result.kind === 'leak') {
      const location = this.locateError(result.leak.error);
      return worded(result.leak.text, location);
    }
    // Not a number: the plain call says so with the usual message (and location).
    this.adapted.objective.f(x, batch);
    return worded({ id: 'exactReturnedType', args: [typeof result.returned] });
  }
}

/** The generated adjoint's answer is the tape's up to rounding (both exact; they sum in other orders). */
function sameGradient(value: number, gradient: Float64Array, tapeValue: number, tapeGradient: Float64Array): boolean {
  const close = (a: number, b: number, scale: number): boolean => Object.is(a, b) || Math.abs(a - b) <= 1e-9 * scale;
  let scale = 1e-300;
  for (let i = 0; i < tapeGradient.length; i++) scale = Math.max(scale, Math.abs(tapeGradient[i]!));
  if (!close(value, tapeValue, Math.max(1, Math.abs(tapeValue)))) return false;
  for (let i = 0; i < gradient.length; i++) if (!close(gradient[i]!, tapeGradient[i]!, scale)) return false;
  return true;
}

/** The comment that opts a file out of exact gradients. */
const OPT_OUT = '// @lrlab-gradient numeric';

/** `gradient: exact` and the exact gradient cannot be had: an error that says why (worded when the reason is). */
export function cannotBeRecorded(fallback: Fallback): LrLabError {
  return LrLabError.worded('exactGradient', { id: 'exactCannotBeRecorded', args: [fallback.text ?? fallback.reason] }, fallback.location);
}

/** Why the exact gradient cannot even be tried: the file opts out, the transform failed, f is not transformed code. */
export function staticFallback(bundle: BundledCode, adapted: AdaptedObjective): Fallback | null {
  const report = bundle.autodiff;
  const entry = bundle.file;
  if (report === undefined) return worded({ id: 'exactNotTransformedBundle', args: [] });
  const optOut = report.optOut.find((o) => o.file === entry);
  if (optOut !== undefined) return worded({ id: 'exactFileOptsOut', args: [OPT_OUT] }, { file: entry, line: optOut.line });
  const failed = report.failed.find((o) => o.file === entry);
  if (failed !== undefined) return worded({ id: 'exactTransformFailed', args: [failed.message] }, { file: entry, line: 1 });
  if (!isTransformed(adapted.userF.fn)) {
    const location = adapted.locate('f');
    const opted = location !== undefined ? report.optOut.find((o) => o.file === location.file) : undefined;
    const f = adapted.info.form === 'object' ? `${adapted.info.name}.f` : adapted.info.name;
    return worded(opted !== undefined ? { id: 'exactNotTransformedOptOut', args: [f, OPT_OUT] } : { id: 'exactNotTransformedForeign', args: [f] }, location);
  }
  return null;
}

const CBRT_EPSILON = Math.cbrt(Number.EPSILON);

/** A direction with entries ±(0.5 … 1), the same for the same seed. */
function direction(dim: number, seed: number): Float64Array {
  let state = (seed * 0x9e3779b1) >>> 0;
  const u = new Float64Array(dim);
  for (let i = 0; i < dim; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const r = state / 4294967296;
    u[i] = (r < 0.5 ? -1 : 1) * (0.5 + (r < 0.5 ? r : r - 0.5));
  }
  return u;
}

/**
 * The check before a run uses the exact gradient: record it at x0 and compare its derivative
 * along a random direction with a central difference of f along it (2 evaluations, whatever
 * the dimension). At a kink exactly at x0 the two may differ legitimately, so a disagreement
 * is checked again at two points near x0; a fallback only when all three disagree.
 */
export function probe(exact: ExactGradient, objective: Objective, x0: Float64Array, batch: readonly unknown[] | undefined): Fallback | null {
  const dim = x0.length;
  const out = new Float64Array(dim);
  let scale = 1;
  for (let i = 0; i < dim; i++) scale = Math.max(scale, Math.abs(x0[i]!));
  let last: number[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const point = Float64Array.from(x0);
    if (attempt > 0) {
      const v = direction(dim, 1000 + attempt);
      for (let i = 0; i < dim; i++) point[i]! += 1e-3 * scale * v[i]!;
    }
    const recorded = exact.record(point, out, batch);
    if (isFallback(recorded)) return recorded;
    const fx = recorded.value;
    if (!Number.isFinite(fx) || out.some((g) => !Number.isFinite(g))) return null; // the run reports it
    const u = direction(dim, attempt + 1);
    let along = 0;
    for (let i = 0; i < dim; i++) along += out[i]! * u[i]!;
    const h = CBRT_EPSILON * scale;
    const plus = Float64Array.from(point, (v, i) => v + h * u[i]!);
    const minus = Float64Array.from(point, (v, i) => v - h * u[i]!);
    const fPlus = objective.f(plus, batch);
    const fMinus = objective.f(minus, batch);
    const numeric = (fPlus - fMinus) / (2 * h);
    const noise = (100 * Number.EPSILON * Math.max(1, Math.abs(fx))) / h;
    if (Math.abs(along - numeric) <= 1e-5 * Math.max(Math.abs(along), Math.abs(numeric)) + noise) return null;
    last = [along, numeric];
  }
  return worded({ id: 'exactDisagrees', args: last });
}

/** What a request gets: the user's grad, the exact gradient, central differences (with why), or the transformed bundle first. */
export type GradientDecision =
  | { readonly kind: 'user' }
  | { readonly kind: 'exact'; readonly exact: ExactGradient }
  | { readonly kind: 'numeric'; readonly fallback: Fallback | null }
  | { readonly kind: 'needExact' };

export interface DecideOptions {
  readonly bundle: BundledCode;
  /** The bundle is plain and the host transforms on request. */
  readonly exactOnRequest: boolean;
  /** Where to check the exact gradient before using it; null: not checked (no starting point known). */
  readonly probeAt: { readonly x0: Float64Array; readonly batch: readonly unknown[] | undefined } | null;
  readonly locateError: LocateError;
}

/**
 * `numeric` → central differences; `auto` → the user's grad when there is one, else the exact
 * gradient when it can be recorded and passes the probe, else central differences with the
 * reason; `exact` → the exact gradient even over a user's grad, and an LrLabError
 * ('exactGradient') with the reason when it cannot be had.
 */
export function decideGradient(mode: GradientSource, adapted: AdaptedObjective, options: DecideOptions): GradientDecision {
  if (mode === 'numeric') return { kind: 'numeric', fallback: null };
  if (mode === 'auto' && typeof adapted.objective.grad === 'function') return { kind: 'user' };
  if (options.bundle.autodiff === undefined && options.exactOnRequest) return { kind: 'needExact' };
  const tried = tryExact(adapted, options);
  if (tried instanceof ExactGradient) return { kind: 'exact', exact: tried };
  if (mode === 'exact') throw cannotBeRecorded(tried);
  return { kind: 'numeric', fallback: tried };
}

/** The exact gradient of `adapted` (checked by `probe` when `probeAt` says where), or why it cannot be had. */
export function tryExact(adapted: AdaptedObjective, options: Omit<DecideOptions, 'exactOnRequest'>): ExactGradient | Fallback {
  const before = staticFallback(options.bundle, adapted);
  if (before !== null) return before;
  const exact = new ExactGradient(adapted, options.locateError);
  if (options.probeAt !== null) {
    const found = probe(exact, adapted.objective, options.probeAt.x0, options.probeAt.batch);
    if (found !== null) return found;
  }
  return exact;
}

/** The decision as it is reported (run header, `lrlab list`, `lrlab gradient`). */
export function choiceOf(decision: GradientDecision): GradientChoice {
  switch (decision.kind) {
    case 'user':
      return { source: 'user', reason: null };
    case 'exact':
      return { source: 'exact', reason: null };
    default: {
      const fallback = decision.kind === 'numeric' ? decision.fallback : null;
      return { source: 'numeric', reason: fallback?.reason ?? null, ...(fallback?.text ? { reasonText: fallback.text } : {}), ...(fallback?.location ? { location: fallback.location } : {}) };
    }
  }
}

/**
 * The objective a run minimizes with the exact gradient: `valueAndGrad` records f and its
 * gradient in one evaluation; if a later evaluation cannot be trusted (a value left the tape
 * on a branch x0 did not take), `onFallback` is told once with the step and the rest of the
 * run uses central differences — unless `strict`, where the run stops with the reason.
 */
export function withExactGradient(adapted: AdaptedObjective, exact: ExactGradient, options: { readonly strict: boolean; onFallback(step: number, fallback: Fallback): void }): Objective {
  const base = adapted.objective;
  let fallen = false;
  let evaluations = 0;
  const valueAndGrad = (x: Float64Array, out: Float64Array, batch?: readonly unknown[]): number => {
    evaluations++;
    if (!fallen) {
      const recorded = exact.record(x, out, batch);
      if (!isFallback(recorded)) return recorded.value;
      if (options.strict) throw cannotBeRecorded(recorded);
      fallen = true;
      options.onFallback(evaluations, recorded);
    }
    const loss = base.f(x, batch);
    centralDifferenceGradient((p) => base.f(p, batch), x, out);
    return loss;
  };
  const { grad: _userGrad, ...rest } = base;
  void _userGrad;
  return { ...rest, valueAndGrad };
}

/** The items the probe evaluates on in mini-batch form: the first batch's worth of the data. */
export function probeBatch(objective: Objective, batchSize: number | null): readonly unknown[] | undefined {
  const data = objective.data;
  if (data === undefined) return undefined;
  const size = Math.min(batchSize ?? objective.batchSize ?? data.length, data.length);
  return data.slice(0, size);
}
