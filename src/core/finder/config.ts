/**
 * The lr finder's config: what `lrlab find-lr`'s flags and the panel's "Find lr" resolve to.
 * fastai's defaults (`Learner.lr_find(start_lr=1e-7, end_lr=10, num_it=100)`), the panel's
 * optimizer with its options (its lr is the ramp's), no schedule. `finderRunConfig` is the run
 * config the minimize loop runs it as.
 */
import * as z from 'zod/mini';
import { rule, ruleText } from '../configRules';
import { LrLabError } from '../errors';
import { resolveRunConfig, RUN_DEFAULTS, type GradientSource, type RunConfig } from '../minimize/config';
import { resolveOptimizerConfig } from '../optimizers';
import type { OptimizerConfig } from '../optimizers/types';
import type { Ramp } from './ramp';
import { FASTAI_SMOOTHING } from './smoothing';
import { FASTAI_STOP_FACTOR } from './stopRule';

export const FINDER_DEFAULTS = { startLr: 1e-7, endLr: 10, numIt: 100 } as const;
/** fastai raises num_it below 6 to 6; here it is refused with a message instead. */
export const MIN_NUM_IT = 6;

export interface FinderConfig extends Ramp {
  /** The optimizer and its options; its `lr` is the ramp's first lr (the ramp sets every step's lr). */
  readonly optimizer: OptimizerConfig;
  readonly seed: number;
  readonly batchSize: number | null;
  readonly x0: readonly number[] | null;
  readonly gradient: GradientSource;
  /** β of the debiased moving average (fastai's 0.98). */
  readonly smoothing: number;
  /** Stop when the smoothed loss exceeds this × the best (fastai's 4). */
  readonly stopFactor: number;
}

const positive = z.number(rule('mustBePositiveNumber')).check(z.gt(0, rule('mustBePositiveNumber')));

const rawFinderSchema = z.strictObject({
  optimizer: z.optional(z.looseObject({ type: z.string(rule('mustHaveType')) }, rule('mustBeObjectLike', '{"type": "adam"}'))),
  startLr: z.optional(positive),
  endLr: z.optional(positive),
  numIt: z.optional(z.int(rule('mustBeIntegerAtLeast', MIN_NUM_IT)).check(z.gte(MIN_NUM_IT, rule('finderNumItTooSmall', MIN_NUM_IT)))),
  seed: z.optional(z.int(rule('mustBeInteger'))),
  batchSize: z.optional(z.nullable(z.int(rule('mustBePositiveInteger')).check(z.gte(1, rule('mustBePositiveInteger'))))),
  x0: z.optional(z.nullable(z.array(z.number(), rule('mustBeNumberArray')))),
  gradient: z.optional(z.string()),
});

export type RawFinderConfig = z.input<typeof rawFinderSchema>;

/** Validate a raw finder config and fill in fastai's defaults. LrLabError('invalidConfig') naming the option. */
export function resolveFinderConfig(raw: unknown): FinderConfig {
  const parsed = rawFinderSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') throw LrLabError.worded('invalidConfig', { id: 'unknownFinderOption', args: [issue.keys.map((k) => `"${k}"`).join(', '), Object.keys(rawFinderSchema.shape).join(', ')] });
    const path = issue.path.map(String).join('.');
    const text = ruleText({ id: 'finderNamed', args: [path] }, issue.message);
    throw text !== null ? LrLabError.worded('invalidConfig', text) : new LrLabError('invalidConfig', `lr finder ${path} ${issue.message}`);
  }
  const r = parsed.data;
  const startLr = r.startLr ?? FINDER_DEFAULTS.startLr;
  const endLr = r.endLr ?? FINDER_DEFAULTS.endLr;
  if (!(endLr > startLr)) throw LrLabError.worded('invalidConfig', { id: 'finderEndBelowStart', args: [endLr, startLr] });
  const optimizer = resolveOptimizerConfig({ ...(r.optimizer ?? RUN_DEFAULTS.optimizer), lr: startLr });
  // The run config checks the remaining options (gradient source, x0) with the run's own words.
  const run = resolveRunConfig({ seed: r.seed, batchSize: r.batchSize, x0: r.x0, gradient: r.gradient });
  return {
    optimizer,
    startLr,
    endLr,
    numIt: r.numIt ?? FINDER_DEFAULTS.numIt,
    seed: run.seed,
    batchSize: run.batchSize,
    x0: run.x0,
    gradient: run.gradient,
    smoothing: FASTAI_SMOOTHING,
    stopFactor: FASTAI_STOP_FACTOR,
  };
}

/**
 * The run config the range test runs as: numIt steps of the optimizer (the ramp replaces the
 * schedule), no convergence stops, no divergence stop of the loop's own (the finder has its
 * rule), no parameters recorded.
 */
export function finderRunConfig(config: FinderConfig): RunConfig {
  return resolveRunConfig({
    optimizer: config.optimizer,
    schedule: { type: 'constant' },
    iterations: config.numIt,
    seed: config.seed,
    batchSize: config.batchSize,
    x0: config.x0,
    gradient: config.gradient,
    divergenceFactor: 1e300,
    recordParams: false,
  });
}

export function rampOf(config: FinderConfig): Ramp {
  return { startLr: config.startLr, endLr: config.endLr, numIt: config.numIt };
}
