/**
 * Option descriptors: the single description of every optimizer and schedule option.
 * The same specs drive config validation (here, through zod), defaults in the resolved
 * config, the CLI's help, the webview's controls and the generated code snippets'
 * tab stops — so an option is declared once.
 */
// zod's tree-shakable build: the worker validates configs again, and the full build would be
// most of the worker's start-up (~19 ms of ~45 ms).
import * as z from 'zod/mini';
import { LrLabError } from './errors';
import { messageValue } from './messageValue';
import { engineText, type EngineText } from '../shared/engineText';

/** What a default may depend on: the run the option is resolved for. */
export interface ResolveContext {
  /** The optimizer's base learning rate (a schedule's `lr` input). */
  readonly baseLr: number;
  /** How many optimizer steps the run (or the schedule preview) will take. */
  readonly totalSteps: number;
}

type Default<T> = T | ((ctx: ResolveContext) => T);

interface SpecBase {
  /** One line for help text and the settings UI; include units. */
  readonly doc: string;
}

export interface NumberSpec extends SpecBase {
  readonly kind: 'number';
  readonly default: Default<number | null>;
  readonly min?: number;
  readonly max?: number;
  /** When true, `min` itself is not allowed (x > min). */
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
  readonly integer?: boolean;
  /** `null` is allowed too (PyTorch's `None`: the doc says what it means, e.g. Prodigy's beta3 = √β₂). */
  readonly nullable?: boolean;
}

export interface BooleanSpec extends SpecBase {
  readonly kind: 'boolean';
  readonly default: Default<boolean>;
}

export interface EnumSpec extends SpecBase {
  readonly kind: 'enum';
  readonly values: readonly [string, ...string[]];
  readonly default: Default<string | null>;
  /** `null` is allowed too (PyTorch's `None`, e.g. LBFGS's lineSearchFn: no line search). */
  readonly nullable?: boolean;
}

/** A list of numbers, e.g. `milestones`. */
export interface NumberListSpec extends SpecBase {
  readonly kind: 'numberList';
  readonly default: Default<number[]>;
  readonly min?: number;
  readonly integer?: boolean;
  /** Require strictly increasing values. */
  readonly increasing?: boolean;
  readonly minLength?: number;
}

/** Two numbers, e.g. Adam's `betas`; each in [min, max) when maxExclusive. */
export interface PairSpec extends SpecBase {
  readonly kind: 'pair';
  readonly default: Default<[number | null, number | null]>;
  readonly min?: number;
  readonly max?: number;
  readonly maxExclusive?: boolean;
  /** Either entry may be `null` (PyTorch's `None`, e.g. Adafactor's eps = (None, 1e-3)). */
  readonly nullable?: boolean;
}

/** A nested schedule config (`{type, ...}`), resolved by the schedule registry. */
export interface ScheduleSpec extends SpecBase {
  readonly kind: 'schedule';
  readonly default: Default<{ type: string }>;
}

/** A list of nested schedule configs. */
export interface ScheduleListSpec extends SpecBase {
  readonly kind: 'scheduleList';
  readonly default: Default<{ type: string }[]>;
  readonly minLength?: number;
}

export type OptionSpec = NumberSpec | BooleanSpec | EnumSpec | NumberListSpec | PairSpec | ScheduleSpec | ScheduleListSpec;

/** Specs keyed by option name, typed against the resolved options interface `O`. */
export type OptionSpecs<O> = { readonly [K in keyof O]-?: OptionSpec };

/** A raw config as it arrives from JSON, flags or the webview: `type` plus options. */
export type RawConfig = { readonly type?: unknown } & Record<string, unknown>;

export function defaultValue<T>(d: Default<T>, ctx: ResolveContext): T {
  return typeof d === 'function' ? (d as (ctx: ResolveContext) => T)(ctx) : structuredCloneSmall(d);
}

function structuredCloneSmall<T>(v: T): T {
  return Array.isArray(v) ? (v.map((x) => structuredCloneSmall(x)) as T) : v;
}

function rangeText(spec: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean }): string {
  const lo = spec.min === undefined ? '(-∞' : `${spec.minExclusive ? '(' : '['}${spec.min}`;
  const hi = spec.max === undefined ? '∞)' : `${spec.max}${spec.maxExclusive ? ')' : ']'}`;
  return `${lo}, ${hi}`;
}

function numberSchema(spec: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean; integer?: boolean; nullable?: boolean }) {
  const expected = `${spec.integer ? 'an integer' : 'a finite number'}${spec.min !== undefined || spec.max !== undefined ? ` in ${rangeText(spec)}` : ''}${spec.nullable ? ' or null' : ''}`;
  const error = `must be ${expected}`;
  const checks = [];
  if (spec.min !== undefined) checks.push(spec.minExclusive ? z.gt(spec.min, { error }) : z.gte(spec.min, { error }));
  if (spec.max !== undefined) checks.push(spec.maxExclusive ? z.lt(spec.max, { error }) : z.lte(spec.max, { error }));
  return (spec.integer ? z.int({ error }) : z.number({ error })).check(...checks);
}

/** numberSchema, or null too when the spec is nullable (a wrong type gets the same message as a number out of range). */
function nullableNumberSchema(spec: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean; integer?: boolean; nullable?: boolean }): z.ZodMiniType {
  const schema = numberSchema(spec);
  return spec.nullable ? z.union([z.null(), schema], { error: `must be ${spec.integer ? 'an integer' : 'a finite number'} or null` }) : schema;
}

const nestedSchedule = z.looseObject({ type: z.string({ error: 'must be a schedule config with a "type"' }) }, { error: 'must be a schedule config object with a "type"' });

function zodFor(spec: OptionSpec): z.ZodMiniType {
  switch (spec.kind) {
    case 'number':
      return nullableNumberSchema(spec);
    case 'boolean':
      return z.boolean({ error: 'must be true or false' });
    case 'enum': {
      const error = `must be one of ${spec.values.map((v) => `"${v}"`).join(', ')}${spec.nullable ? ' or null' : ''}`;
      return spec.nullable ? z.union([z.null(), z.enum(spec.values)], { error }) : z.enum(spec.values, { error });
    }
    case 'numberList': {
      // check() returns a new schema (zod/mini schemas are immutable).
      let s = z.array(numberSchema(spec), { error: 'must be an array of numbers' });
      if (spec.minLength !== undefined) s = s.check(z.minLength(spec.minLength, { error: `must have at least ${spec.minLength} element(s)` }));
      if (spec.increasing) s = s.check(z.refine((xs) => xs.every((x, i) => i === 0 || x > xs[i - 1]!), { error: 'must be strictly increasing' }));
      return s;
    }
    case 'pair':
      return z.tuple([nullableNumberSchema(spec), nullableNumberSchema(spec)], { error: 'must be a pair [a, b] of numbers' });
    case 'schedule':
      return nestedSchedule;
    case 'scheduleList': {
      const s = z.array(nestedSchedule, { error: 'must be an array of schedule configs' });
      return spec.minLength !== undefined ? s.check(z.minLength(spec.minLength, { error: `must have at least ${spec.minLength} schedule(s)` })) : s;
    }
  }
}

function formatPath(owner: string, path: readonly PropertyKey[]): string {
  let out = owner;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return out;
}


function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

/**
 * Validate `raw` against `specs` and fill in defaults. `owner` names the thing in messages
 * (e.g. `adam` or `schedule cosine`). Unknown keys are an error that lists the valid ones;
 * a bad value is an error naming the option, the expectation and the value given.
 * The key `type` is ignored here (the registry has already used it).
 */
export function resolveOptions<O>(owner: string, specs: OptionSpecs<O>, raw: RawConfig, ctx: ResolveContext): O {
  const names = Object.keys(specs);
  const given: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'type') continue;
    if (!Object.prototype.hasOwnProperty.call(specs, key)) {
      const valid = names.length ? names.join(', ') : '(none)';
      throw LrLabError.worded('invalidConfig', { id: 'unknownOption', args: [key, ownerWord(owner), valid] });
    }
    if (value !== undefined) given[key] = value;
  }
  const shape: Record<string, z.ZodMiniType> = {};
  const merged: Record<string, unknown> = {};
  for (const name of names) {
    const spec = (specs as Record<string, OptionSpec>)[name]!;
    shape[name] = zodFor(spec);
    merged[name] = name in given ? given[name] : defaultValue(spec.default as Default<unknown>, ctx);
  }
  const result = z.strictObject(shape).safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = formatPath(owner, issue.path);
    const got = gotWord(valueAt(merged, issue.path));
    const text = valueProblem(issue.message, where, got);
    if (text !== null) throw LrLabError.worded('invalidConfig', text);
    throw new LrLabError('invalidConfig', `${where} ${issue.message} (got ${typeof got === 'string' ? got : engineText(got)})`);
  }
  return result.data as O;
}

/** The option's path as words: "optimizer adam.lr" / "schedule cosine.tMax" with the kind in the reader's language; a nested schedule's config path stays as written. */
export function ownerWord(where: string): string | EngineText {
  const m = /^(optimizer|schedule) (.+)$/.exec(where);
  return m ? { id: m[1] === 'optimizer' ? 'optimizerNamed' : 'scheduleNamed', args: [m[2]!] } : where;
}

/** The value a message quotes (messageValue: NaN and ±Infinity as such, cut at 60 characters), or the word for none given. */
function gotWord(v: unknown): string | EngineText {
  return v === undefined ? { id: 'valueNothing', args: [] } : messageValue(v);
}

/**
 * A bad value as an engine sentence, from the rule its schema states (the messages zodFor
 * writes); null for a message of zod's own, which stays English.
 */
function valueProblem(message: string, where: string, got: string | EngineText): EngineText | null {
  const at = ownerWord(where);
  const fixed: Record<string, EngineText['id']> = {
    'must be a pair [a, b] of numbers': 'optionPair',
    'must be true or false': 'optionBoolean',
    'must be a finite number': 'optionNumber',
    'must be an integer': 'optionInteger',
    'must be a finite number or null': 'optionNumberOrNull',
    'must be an integer or null': 'optionIntegerOrNull',
    'must be an array of numbers': 'optionNumberList',
    'must be strictly increasing': 'optionListIncreasing',
    'must be a schedule config object with a "type"': 'optionScheduleConfig',
    'must be a schedule config with a "type"': 'optionScheduleType',
    'must be an array of schedule configs': 'optionScheduleList',
  };
  const id = fixed[message];
  if (id !== undefined) return { id, args: [at, got] };
  let m = /^must be (a finite number|an integer) in (.+?)( or null)?$/.exec(message);
  if (m) return { id: m[1] === 'an integer' ? (m[3] ? 'optionIntegerInRangeOrNull' : 'optionIntegerInRange') : m[3] ? 'optionNumberInRangeOrNull' : 'optionNumberInRange', args: [at, m[2]!, got] };
  m = /^must be one of (.+?)( or null)?$/.exec(message);
  if (m) return { id: m[2] ? 'optionOneOfOrNull' : 'optionOneOf', args: [at, m[1]!, got] };
  m = /^must have at least (\d+) (element|schedule)\(s\)$/.exec(message);
  if (m) return { id: m[2] === 'element' ? 'optionListTooShort' : 'optionScheduleListTooShort', args: [at, Number(m[1]), got] };
  return null;
}

/**
 * Look a name up in a registry; an unknown name is an error that lists the valid ones.
 * `what` is e.g. "optimizer" or "schedule".
 */
export function lookup<T>(what: string, registry: Readonly<Record<string, T>>, name: unknown): T {
  const valid = Object.keys(registry);
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(registry, name)) {
    const list = valid.join(', ');
    if (what === 'optimizer' || what === 'schedule') {
      const optimizer = what === 'optimizer';
      const text: EngineText =
        name === undefined ? { id: optimizer ? 'noOptimizerType' : 'noScheduleType', args: [list] } : { id: optimizer ? 'unknownOptimizer' : 'unknownSchedule', args: [messageValue(name), list] };
      throw LrLabError.worded('invalidConfig', text);
    }
    const got = name === undefined ? `no ${what} "type" given` : `unknown ${what} ${messageValue(name)}`;
    throw new LrLabError('invalidConfig', `${got}; valid ${what}s: ${list}`);
  }
  return registry[name]!;
}
