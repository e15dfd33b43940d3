/**
 * Adapt a user's export (plain function or object form) to the engine's `Objective`.
 * User functions get a plain `number[]` copy of the loop's Float64Array (reused, one per
 * objective), since their code is written against arrays and must not see the loop's
 * buffer; their results are checked, so a wrong return value is an error that names the
 * function, what it returned and where it is written.
 */
import { LrLabError, type SourceLocation } from '../../errors';
import type { EngineText } from '../../../shared/engineText';
import { metricsProblem, type ObjectivePhase } from '../../minimize/objectiveErrors';
import type { Objective, ObjectiveInfo } from '../../objective';
import { parameterShapes } from '../../optimizers/shapes';
import { PART_F, PART_GRAD, PART_METRICS, type EvalGauge } from '../evalGauge';
import type { UserPart } from '../workerProtocol';
import type { Candidate } from './candidates';
import type { BundleLocator } from './sourceMap';

export interface AdaptContext {
  readonly locator: BundleLocator;
  /** The bundle's wrapper function (identifies the bundle's script for function locations). */
  readonly wrapper: unknown;
  /**
   * Starting point given by the request (run config x0, `lrlab check --x0`); for a plain
   * function, else its `@x0` tag. null: the object's own x0.
   */
  readonly x0: readonly number[] | null;
  /** 1-based line of the export, when known (from discovery). */
  readonly line?: number;
  /** Brackets every call into the user's functions, for the per-evaluation watchdog. */
  readonly gauge: EvalGauge;
}

export interface AdaptedObjective {
  readonly objective: Objective;
  readonly info: ObjectiveInfo;
  /** The user's f as written (called as `fn.call(self, x)` or `fn.call(self, x, batch)`), and the gauge its calls are bracketed by: what the exact gradient records. */
  readonly userF: { readonly fn: UserFunction; readonly self: unknown; readonly gauge: EvalGauge };
  /** Where the user wrote f, grad or metrics (for errors the loop reports without a stack, like a NaN loss). */
  locate(part: ObjectivePhase): SourceLocation | undefined;
  /** The functions it calls, named as messages name them and located (for a call that never returns). */
  parts(): Partial<Record<ObjectivePhase, UserPart>>;
}

export type UserFunction = (this: unknown, ...args: unknown[]) => unknown;

/** The Objective for `candidate`; LrLabError('invalidObjective') when its shape is wrong. */
export function adaptObjective(candidate: Candidate, context: AdaptContext): AdaptedObjective {
  return candidate.form === 'function' ? adaptFunction(candidate, context) : adaptObject(candidate, context);
}

function adaptFunction(candidate: Candidate, context: AdaptContext): AdaptedObjective {
  const { name } = candidate;
  if (context.x0 === null) throw noStartingPoint(name);
  const x0 = checkedX0(context.x0, name, 'startingPoint');
  const user = candidate.value as UserFunction;
  const calls = new UserCalls(name, x0.length, context);
  const objective: Objective = {
    name,
    dim: x0.length,
    x0,
    f: (x) => calls.loss(user, undefined, name, x, undefined),
  };
  const locate = (part: ObjectivePhase): SourceLocation | undefined => (part === 'f' ? context.locator.locateFunction(user, context.wrapper) : undefined);
  return { objective, info: info(candidate, objective, context), userF: { fn: user, self: undefined, gauge: context.gauge }, locate, parts: () => describeParts({ f: name }, locate) };
}

/** A plain function without an x0: the quick fix that adds an `@x0` tag keys on the sentence's id (the message is in the reader's language). */
export function noStartingPoint(name: string, at?: SourceLocation): LrLabError {
  return LrLabError.worded('invalidObjective', { id: 'noStartingPoint', args: [name, '`@x0 [...]`'] }, at);
}

/** Each part's label with its location (one inspector query per function, ~0.2 ms each). */
function describeParts(labels: Partial<Record<ObjectivePhase, string>>, locate: (part: ObjectivePhase) => SourceLocation | undefined): Partial<Record<ObjectivePhase, UserPart>> {
  const out: Partial<Record<ObjectivePhase, UserPart>> = {};
  for (const [part, label] of Object.entries(labels) as [ObjectivePhase, string][]) {
    const location = locate(part);
    out[part] = { label, ...(location ? { location } : {}) };
  }
  return out;
}

function adaptObject(candidate: Candidate, context: AdaptContext): AdaptedObjective {
  const { name } = candidate;
  const obj = candidate.value as Record<string, unknown>;
  const { f, grad, metrics, data, batchSize, shape } = obj;
  // The object's own functions are all the bundle can locate: a wrong x0, data, batchSize or shape is reported at its f (or grad, metrics), inside the same object.
  // Located only when something is wrong (an inspector query each).
  const at = (): SourceLocation | undefined => [f, grad, metrics].map((fn) => (typeof fn === 'function' ? context.locator.locateFunction(fn, context.wrapper) : undefined)).find((l) => l !== undefined);
  const own = obj.x0 === undefined ? null : checkedX0(obj.x0, name, 'x0', at);
  if (typeof f !== 'function') throw LrLabError.worded('invalidObjective', { id: 'fMustBeFunction', args: [name, '(x) => number', kindOf(f)] }, at());
  if (grad !== undefined && typeof grad !== 'function') throw LrLabError.worded('invalidObjective', { id: 'gradMustBeFunction', args: [name, '(x) => number[]', kindOf(grad)] }, at());
  if (metrics !== undefined && typeof metrics !== 'function') throw LrLabError.worded('invalidObjective', { id: 'metricsMustBeFunction', args: [name, '(x) => { name: number }', kindOf(metrics)] }, at());
  if (data !== undefined && !Array.isArray(data)) throw LrLabError.worded('invalidObjective', { id: 'dataMustBeArray', args: [name, kindOf(data)] }, at());
  // Refused here, not only by the loop: lrlab check, gradient and the landscape would otherwise average f over no items.
  if (Array.isArray(data) && data.length === 0) throw LrLabError.worded('invalidObjective', { id: 'dataSetEmpty', args: [name] }, at());
  if (batchSize !== undefined && (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize < 1)) {
    throw LrLabError.worded('invalidObjective', { id: 'batchSizeMustBeInteger', args: [name, describe(batchSize)] }, at());
  }
  const start = own ?? (context.x0 === null ? null : checkedX0(context.x0, name, 'startingPoint'));
  if (start === null) throw LrLabError.worded('invalidObjective', { id: 'noX0', args: [name, '`x0: [...]`'] }, context.locator.locateFunction(f, context.wrapper));
  const dim = start.length;
  const blocks = shape === undefined ? undefined : parameterShapes(shape, dim, `${name}.shape`, at);
  const calls = new UserCalls(name, dim, context);
  const userF = f as UserFunction;
  const objective: Objective = {
    name,
    dim,
    x0: start,
    f: (x, batch) => calls.loss(userF, obj, `${name}.f`, x, batch),
    ...(typeof grad === 'function' ? { grad: (x: Float64Array, out: Float64Array, batch?: readonly unknown[]) => calls.gradient(grad as UserFunction, obj, x, out, batch) } : {}),
    ...(typeof metrics === 'function' ? { metrics: (x: Float64Array) => calls.metrics(metrics as UserFunction, obj, x) } : {}),
    ...(data !== undefined ? { data: data as unknown[] } : {}),
    ...(batchSize !== undefined ? { batchSize: batchSize as number } : {}),
    ...(blocks !== undefined ? { shape: blocks } : {}),
  };
  const functions: Readonly<Record<ObjectivePhase, unknown>> = { f, grad, metrics };
  const locate = (part: ObjectivePhase): SourceLocation | undefined => context.locator.locateFunction(functions[part], context.wrapper);
  const labels: Partial<Record<ObjectivePhase, string>> = { f: `${name}.f`, ...(objective.grad ? { grad: `${name}.grad` } : {}), ...(objective.metrics ? { metrics: `${name}.metrics` } : {}) };
  return { objective, info: info(candidate, objective, context), userF: { fn: userF, self: obj, gauge: context.gauge }, locate, parts: () => describeParts(labels, locate) };
}

function info(candidate: Candidate, objective: Objective, context: AdaptContext): ObjectiveInfo {
  return {
    name: candidate.name,
    form: candidate.form,
    dim: objective.dim,
    hasGradient: typeof objective.grad === 'function',
    stochastic: objective.data !== undefined,
    hasMetrics: typeof objective.metrics === 'function',
    ...(objective.data !== undefined ? { dataItems: objective.data.length } : {}),
    ...(objective.data !== undefined && objective.batchSize !== undefined ? { batchSize: objective.batchSize } : {}),
    ...(context.line !== undefined ? { line: context.line } : {}),
  };
}

/** The calls into user code, each with the reused `number[]` copy of x. */
class UserCalls {
  private readonly xs: number[];

  constructor(
    private readonly name: string,
    private readonly dim: number,
    private readonly context: AdaptContext,
  ) {
    this.xs = new Array<number>(dim).fill(0);
  }

  private copy(x: Float64Array): number[] {
    const xs = this.xs;
    for (let i = 0; i < this.dim; i++) xs[i] = x[i]!;
    return xs;
  }

  private where(fn: UserFunction): SourceLocation | undefined {
    return this.context.locator.locateFunction(fn, this.context.wrapper);
  }

  loss(fn: UserFunction, self: unknown, label: string, x: Float64Array, batch: readonly unknown[] | undefined): number {
    const xs = this.copy(x);
    const gauge = this.context.gauge;
    let value: unknown;
    gauge.enter(PART_F);
    try {
      value = batch === undefined ? fn.call(self, xs) : fn.call(self, xs, batch);
    } finally {
      gauge.leave();
    }
    if (typeof value !== 'number') throw LrLabError.worded('invalidObjective', { id: 'mustReturnNumber', args: [label, describe(value)] }, this.where(fn));
    return value;
  }

  gradient(fn: UserFunction, self: unknown, x: Float64Array, out: Float64Array, batch: readonly unknown[] | undefined): void {
    const xs = this.copy(x);
    const gauge = this.context.gauge;
    let g: ArrayLike<unknown> | null | undefined;
    gauge.enter(PART_GRAD);
    try {
      g = (batch === undefined ? fn.call(self, xs) : fn.call(self, xs, batch)) as ArrayLike<unknown> | null | undefined;
    } finally {
      gauge.leave();
    }
    const dim = this.dim;
    if (g === null || typeof g !== 'object' || typeof g.length !== 'number') {
      throw LrLabError.worded('invalidObjective', { id: 'gradMustReturnArray', args: [this.name, dim, describe(g)] }, this.where(fn));
    }
    if (g.length !== dim) {
      throw LrLabError.worded('gradientLength', { id: 'gradReturnedWrongLength', args: [this.name, g.length, dim] }, this.where(fn));
    }
    for (let i = 0; i < dim; i++) {
      const v = g[i];
      if (typeof v !== 'number') throw LrLabError.worded('invalidObjective', { id: 'gradEntryNotNumber', args: [this.name, describe(v), i] }, this.where(fn));
      out[i] = v;
    }
  }

  /** The loop checks the values too, but only here is the function at hand to say where it is. */
  metrics(fn: UserFunction, self: unknown, x: Float64Array): Record<string, number> {
    const xs = this.copy(x);
    const gauge = this.context.gauge;
    let values: unknown;
    gauge.enter(PART_METRICS);
    try {
      values = fn.call(self, xs);
    } finally {
      gauge.leave();
    }
    const problem = metricsProblem(values, this.name);
    if (problem !== null) throw LrLabError.worded('invalidObjective', problem, this.where(fn));
    return values as Record<string, number>;
  }
}

/** x0 as a Float64Array: an array (or typed array) of at least one finite number. */
function checkedX0(value: unknown, name: string, source: 'x0' | 'startingPoint', at: () => SourceLocation | undefined = () => undefined): Float64Array {
  const own = source === 'x0';
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) throw LrLabError.worded('invalidObjective', { id: own ? 'x0NotArray' : 'startingPointNotArray', args: [name, kindOf(value)] }, at());
  const items = value as ArrayLike<unknown>;
  if (items.length === 0) throw LrLabError.worded('invalidObjective', { id: own ? 'x0Empty' : 'startingPointEmpty', args: [name] }, at());
  const x0 = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw LrLabError.worded('invalidObjective', { id: own ? 'x0EntryNotFinite' : 'startingPointEntryNotFinite', args: [name, i, describe(v)] }, at());
    x0[i] = v;
  }
  return x0;
}

/** What kind of value a property holds, for messages ("missing", "an array", "a string": words each border says in its language). */
function kindOf(value: unknown): string | EngineText {
  if (value === undefined) return { id: 'valueMissing', args: [] };
  if (value === null) return 'null';
  if (Array.isArray(value)) return { id: 'valueAnArray', args: [] };
  return { id: 'valueOfType', args: [typeof value] };
}

/** A short rendering of a returned value for messages: the value itself, or words for what it is ("an array of 3"). */
export function describe(value: unknown): string | EngineText {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === null) return String(value);
  if (typeof value === 'function') return { id: 'valueAFunction', args: [] };
  if (Array.isArray(value)) return { id: 'valueArrayOf', args: [value.length] };
  return { id: 'valueOfType', args: [typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value] };
}
