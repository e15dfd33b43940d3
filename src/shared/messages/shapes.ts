/**
 * The shapes both directions of the host ⇄ panel protocol share, as zod/mini schemas: the
 * TypeScript types are inferred from them, so what is checked and what is typed cannot drift.
 * Number arrays of run data are not scanned element by element (a snapshot carries hundreds
 * of thousands of points, and JSON turns NaN into null on the way): the panel's runs model
 * skips non-finite entries.
 */
import * as z from 'zod/mini';
import { card } from './card';
import { GRADIENT_KINDS, ITERATIONS } from '../defaults';
import { isEngineText, type EngineText } from '../engineText';

export const STOP_REASONS = ['maxIterations', 'converged', 'diverged', 'error', 'timeout', 'cancelled'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export const finite = z.number();
export const integer = z.int();
const text = z.string();

/** An array the page reads as numbers (entries may be null where a value was NaN). */
export const numberArray = z.custom<number[]>((v) => Array.isArray(v), { error: 'expected an array of numbers' });

/** A raw optimizer / schedule config as the controls produce it: `type` plus options. */
export const typedConfig = z.looseObject({ type: z.string().check(z.minLength(1), z.maxLength(64)) });
export type RawTypedConfig = z.output<typeof typedConfig>;

/**
 * What the panel's controls hold and a Run request carries. `batchSize`: items per step for an
 * objective with data (null or absent: the objective's own batchSize, else all the data).
 */
export const controlValues = z.strictObject({
  optimizer: typedConfig,
  schedule: typedConfig,
  iterations: z.int().check(z.gte(ITERATIONS.minimum), z.lte(ITERATIONS.maximum)),
  batchSize: z.optional(z.nullable(z.int().check(z.gte(1), z.lte(ITERATIONS.maximum)))),
});
export type ControlValues = z.output<typeof controlValues>;

/** A place in the user's file (1-based line and column). */
export const sourceLocation = z.object({ file: text, line: finite, column: z.optional(finite) });
export type SourceLocation = z.output<typeof sourceLocation>;

/** One TypeScript error of the user's file (a warning: the run goes ahead unless lrlab.typeCheck is strict). */
export const typeProblem = z.object({ code: text, message: text, location: z.object({ file: text, line: finite, column: finite }) });
export type TypeProblemMessage = z.output<typeof typeProblem>;

/** One option of an optimizer or schedule, described for a form. */
export const catalogOption = z.object({
  name: text,
  kind: z.enum(['number', 'boolean', 'enum', 'numberList', 'pair', 'schedule', 'scheduleList']),
  doc: text,
  /** The default, or null when it is derived from the run (then `doc` says how). */
  default: z.unknown(),
  min: z.optional(finite),
  max: z.optional(finite),
  integer: z.optional(z.boolean()),
  values: z.optional(z.array(text)),
  /** null is a value of its own (PyTorch's None: the doc says what it means), e.g. Prodigy's beta3. */
  nullable: z.optional(z.boolean()),
});
export type CatalogOption = z.output<typeof catalogOption>;

/** How the optimizer picker groups optimizers, in this order. */
export const OPTIMIZER_FAMILIES = ['classic', 'adaptive', 'sign-based', 'second-order', 'lr-free'] as const;

export const catalogEntry = z.object({
  type: text,
  title: text,
  summary: text,
  formula: text,
  reference: text,
  options: z.array(catalogOption),
  /** Optimizers: the picker's group. */
  family: z.optional(z.enum(OPTIMIZER_FAMILIES)),
  /** Optimizers: how it differs from its neighbours and other libraries (its TSDoc's "Differs from"). */
  differsFrom: z.optional(text),
  /** The formula card (src/core/explain): typeset rule, symbols → options, flavours, worked examples. */
  card: z.optional(card),
});
export type CatalogEntry = z.output<typeof catalogEntry>;

export const catalog = z.object({ optimizers: z.array(catalogEntry), schedules: z.array(catalogEntry) });
export type Catalog = z.output<typeof catalog>;

/** Where a run's objective came from: the absolute path, a workspace-relative name for display, the export. */
export const objectiveRef = z.object({ file: text, label: text, name: text });
export type ObjectiveRef = z.output<typeof objectiveRef>;

/** The exact gradient gave way to central differences from `step` on, for `reason` (at `location` in the user's code). */
export const gradientFallback = z.object({ step: finite, reason: text, reasonText: z.optional(z.custom<EngineText>(isEngineText)), location: z.optional(sourceLocation) });
export type GradientFallbackMessage = z.output<typeof gradientFallback>;

export const runMeta = z.object({
  id: text,
  /** Legend text: optimizer, lr and schedule, e.g. "adam lr=0.01 · cosine(tMax=200)". */
  label: text,
  /** Index into the colour palette, stable for the run's life. */
  colorIndex: finite,
  objective: objectiveRef,
  /** The resolved run config (defaults filled in). */
  config: z.looseObject({ optimizer: typedConfig, schedule: typedConfig, iterations: finite }),
  /** Where gradients come from in this run. */
  gradient: z.enum(GRADIENT_KINDS),
  /** Why not the exact gradient, when a run without `grad` uses central differences, and where in the user's code. */
  gradientReason: z.optional(text),
  /** That reason as an engine sentence, when LR Lab worded it (the page says it in its language). */
  gradientReasonText: z.optional(z.custom<EngineText>(isEngineText)),
  gradientLocation: z.optional(sourceLocation),
  /** The step from which the exact gradient gave way to central differences in the middle of the run, and why. */
  gradientFallback: z.optional(gradientFallback),
  dim: finite,
  startedAt: finite,
  /**
   * The objective as the worker loaded it (form, its own grad, data, metrics, line) and the
   * starting point used; `dataItems` / `batchSize`: a mini-batch objective's data set size and
   * its own batch size (the panel's epoch axis).
   */
  info: z.optional(
    z.object({
      form: z.enum(['function', 'object']),
      hasGradient: z.boolean(),
      stochastic: z.boolean(),
      hasMetrics: z.boolean(),
      line: z.optional(finite),
      dataItems: z.optional(finite),
      batchSize: z.optional(finite),
      x0: numberArray,
    }),
  ),
});
export type RunMeta = z.output<typeof runMeta>;

/** An engine sentence as data (src/shared/engineText.ts); its arguments may be engine text themselves (words), so checked by one recursive test. */
export const engineTextShape = z.custom<EngineText>(isEngineText, { error: 'expected engine text {id, args}' });

export const runOutcome = z.object({
  stopReason: z.enum(STOP_REASONS),
  detail: text,
  detailText: z.optional(engineTextShape),
  steps: finite,
  /** Optimizers that evaluate the objective themselves (L-BFGS): its evaluations in all. */
  evaluations: z.optional(finite),
  finalLoss: z.nullable(finite),
  bestLoss: z._default(z.nullable(finite), null),
  wallTimeMs: finite,
  error: z.optional(z.object({ code: text, message: text, location: z.optional(sourceLocation), text: z.optional(engineTextShape) })),
});
export type RunOutcomeMessage = z.output<typeof runOutcome>;

/**
 * Columnar slice of a run's records: step numbers are firstStep, firstStep+1, … `fullLoss`
 * (mini-batch runs): the loss on all the data where it was evaluated, null elsewhere; `loss`
 * is then the batch's.
 */
export const seriesChunk = z.object({
  firstStep: finite,
  lr: numberArray,
  loss: numberArray,
  gradNorm: numberArray,
  fullLoss: z.optional(numberArray),
  metrics: z._default(z.record(text, numberArray), {}),
});
export type SeriesChunk = z.output<typeof seriesChunk>;

export const runSnapshot = z.object({ meta: runMeta, data: seriesChunk, outcome: z._default(z.nullable(runOutcome), null) });
export type RunSnapshot = z.output<typeof runSnapshot>;

export const panelContext = z.object({
  objective: z.nullable(objectiveRef),
  /** Objectives in the same file, for the picker. */
  objectives: z.array(text),
  trusted: z.boolean(),
  /** Shown when nothing can run (restricted mode, no objective). */
  notice: z.nullable(text),
  /** The objective has data (the mini-batch form): the batch-size control applies to it. */
  batched: z._default(z.boolean(), false),
});
export type PanelContext = z.output<typeof panelContext>;
