/**
 * The run config: what `RUN.json`, the CLI flags, the extension's settings and the panel's
 * controls all resolve to. `resolveRunConfig` validates a raw config and fills in every
 * default, so the resolved config printed with a run says exactly what ran.
 */
import * as z from 'zod/mini';
import { DEFAULT_RUN_LIMITS, GRADIENT_SOURCES, SETTINGS } from '../../shared/defaults';
import { rule, ruleText } from '../configRules';
import { LrLabError } from '../errors';
import { resolveOptimizerConfig } from '../optimizers';
import type { OptimizerConfig } from '../optimizers/types';
import { resolveScheduleConfig } from '../schedules';
import type { ScheduleConfig } from '../schedules/types';

export type ClipConfig = { readonly maxNorm: number } | { readonly value: number };

/** Where gradients come from (see GRADIENT_SOURCES): `auto` uses the objective's `grad` when
 *  it has one, else the exact gradient recorded from its code, else central differences;
 *  `exact` always the recorded gradient; `numeric` always finite differences. */
export type GradientSource = (typeof GRADIENT_SOURCES)[number];

export interface RunConfig {
  readonly optimizer: OptimizerConfig;
  readonly schedule: ScheduleConfig;
  /** Maximum number of optimizer steps. */
  readonly iterations: number;
  readonly tolerance: {
    /** Stop as converged when |loss_k − loss_{k−1}| ≤ this (0 disables). */
    readonly lossChange: number;
    /** Stop as converged when the gradient norm ≤ this (0 disables). */
    readonly gradNorm: number;
  };
  /** Gradient clipping before the step: global L2 norm (`clip_grad_norm_`) or per component (`clip_grad_value_`). */
  readonly clip: ClipConfig | null;
  /** Seed of the mini-batch sampler. */
  readonly seed: number;
  /** Items per mini-batch; null uses the objective's own batchSize (or the whole data set). */
  readonly batchSize: number | null;
  /**
   * Mini-batch runs: evaluate the loss on the whole data set every this many steps (at steps 1,
   * 1 + evalEvery, …), so bestLoss compares like with like (finalLoss is a full-data loss too);
   * null: once an epoch (⌈items / batch size⌉ steps). Runs on all the data need none.
   */
  readonly evalEvery: number | null;
  /** Starting point override; null uses the objective's x0 / `@x0` tag. */
  readonly x0: readonly number[] | null;
  readonly gradient: GradientSource;
  /** Stop as diverged when loss > divergenceFactor × max(1, |initial loss|). */
  readonly divergenceFactor: number;
  /** Keep the parameters after every step in the records. */
  readonly recordParams: boolean;
}

/** Execution limits of a run of user code (not part of what the run computes). */
export interface RunLimits {
  /** Wall-clock limit in milliseconds. */
  readonly timeMs: number;
  /** Heap limit of the worker in MiB (`resourceLimits.maxOldGenerationSizeMb`). */
  readonly memoryMb: number;
  /**
   * Longest one call into user code may take, in milliseconds (f, grad, metrics, or loading the
   * file): a call that does not return by then ends the run as an error at that function, so an
   * endless loop is reported in seconds, not at the run's time limit.
   */
  readonly evalTimeMs: number;
}

/** The settings' defaults (shared/defaults): the CLI and the extension start from the same limits. */
export const DEFAULT_LIMITS: RunLimits = DEFAULT_RUN_LIMITS;

export const RUN_DEFAULTS = {
  optimizer: { type: SETTINGS.optimizer.default },
  schedule: { type: SETTINGS.schedule.default },
  iterations: SETTINGS.iterations.default,
  tolerance: { lossChange: 0, gradNorm: 0 },
  clip: null,
  seed: SETTINGS.seed.default,
  batchSize: null,
  evalEvery: null,
  x0: null,
  gradient: SETTINGS.gradient.default,
  divergenceFactor: 1e12,
  recordParams: true,
} as const;

const finite = z.number(rule('mustBeFiniteNumber'));
const nonNegative = finite.check(z.gte(0, rule('mustBeNonNegative')));
const positiveInt = z.int(rule('mustBePositiveInteger')).check(z.gte(1, rule('mustBePositiveInteger')));

const clipSchema = z.union(
  [
    z.strictObject({ maxNorm: finite.check(z.gt(0, rule('mustBePositive'))) }),
    z.strictObject({ value: finite.check(z.gt(0, rule('mustBePositive'))) }),
  ],
  rule('mustBeClip', '{"maxNorm": N}', '{"value": N}'),
);

const rawRunSchema = z.strictObject({
  optimizer: z.optional(z.looseObject({ type: z.string(rule('mustHaveType')) }, rule('mustBeObjectLike', '{"type": "adam", "lr": 0.01}'))),
  schedule: z.optional(z.looseObject({ type: z.string(rule('mustHaveType')) }, rule('mustBeObjectLike', '{"type": "cosine", "tMax": 100}'))),
  iterations: z.optional(positiveInt),
  tolerance: z.optional(z.strictObject({ lossChange: z.optional(nonNegative), gradNorm: z.optional(nonNegative) })),
  clip: z.optional(z.nullable(clipSchema)),
  seed: z.optional(z.int(rule('mustBeInteger'))),
  batchSize: z.optional(z.nullable(positiveInt)),
  evalEvery: z.optional(z.nullable(positiveInt)),
  x0: z.optional(z.nullable(z.array(finite, rule('mustBeNumberArray')).check(z.minLength(1, rule('mustNotBeEmpty'))))),
  gradient: z.optional(z.enum(GRADIENT_SOURCES, rule('mustBeGradientSource'))),
  divergenceFactor: z.optional(finite.check(z.gt(1, rule('mustBeAboveOne')))),
  recordParams: z.optional(z.boolean(rule('mustBeTrueOrFalse'))),
});

export type RawRunConfig = z.input<typeof rawRunSchema>;

/** Validate a raw run config (from JSON, flags, settings or the panel) and fill in defaults. */
export function resolveRunConfig(raw: unknown): RunConfig {
  const parsed = rawRunSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      throw LrLabError.worded('invalidConfig', { id: 'unknownRunOption', args: [issue.keys.map((k) => `"${k}"`).join(', '), Object.keys(rawRunSchema.shape).join(', ')] });
    }
    const path = `config${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`;
    const text = ruleText(path, issue.message);
    throw text !== null ? LrLabError.worded('invalidConfig', text) : new LrLabError('invalidConfig', `${path} ${issue.message}`);
  }
  const r = parsed.data;
  const iterations = r.iterations ?? RUN_DEFAULTS.iterations;
  const optimizer = resolveOptimizerConfig(r.optimizer ?? RUN_DEFAULTS.optimizer);
  const schedule = resolveScheduleConfig(r.schedule ?? RUN_DEFAULTS.schedule, { baseLr: optimizer.lr, totalSteps: iterations });
  return {
    optimizer,
    schedule,
    iterations,
    tolerance: {
      lossChange: r.tolerance?.lossChange ?? RUN_DEFAULTS.tolerance.lossChange,
      gradNorm: r.tolerance?.gradNorm ?? RUN_DEFAULTS.tolerance.gradNorm,
    },
    clip: r.clip ?? null,
    seed: r.seed ?? RUN_DEFAULTS.seed,
    batchSize: r.batchSize ?? null,
    evalEvery: r.evalEvery ?? null,
    x0: r.x0 ?? null,
    gradient: r.gradient ?? RUN_DEFAULTS.gradient,
    divergenceFactor: r.divergenceFactor ?? RUN_DEFAULTS.divergenceFactor,
    recordParams: r.recordParams ?? RUN_DEFAULTS.recordParams,
  };
}
