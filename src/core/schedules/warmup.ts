import { configOf } from './pure';
import type { ScheduleConfig, ScheduleDefinition } from './types';

export interface WarmupOptions {
  readonly warmupSteps: number;
  readonly startFactor: number;
  readonly schedule: ScheduleConfig;
}

/**
 * `warmup` (LR Lab's rule) during the warmup, t < warmupSteps: a linear ramp up to the inner
 * schedule's first lr, lr(t) = inner(0) · (startFactor + (1 − startFactor) · t / warmupSteps).
 * From t = warmupSteps on, lr(t) = inner(t − warmupSteps): the inner schedule starts after
 * the warmup (as Optax's join_schedules and Hugging Face's cosine-with-warmup).
 */
export function warmupLr(t: number, innerLr0: number, warmupSteps: number, startFactor: number): number {
  return innerLr0 * (startFactor + ((1 - startFactor) * t) / warmupSteps);
}

export const warmupDefinition: ScheduleDefinition<WarmupOptions> = {
  type: 'warmup',
  title: 'Linear warmup',
  summary: 'Ramp linearly up to an inner schedule, which then starts from its step 0.',
  reference: 'LR Lab (as optax.join_schedules of a linear ramp and the inner schedule)',
  formula: 'lr(t) = inner(0) · (startFactor + (1 − startFactor) · t / warmupSteps) for t < warmupSteps, else inner(t − warmupSteps)',
  dependsOn: 'step',
  options: {
    warmupSteps: {
      kind: 'number',
      integer: true,
      min: 0,
      default: (ctx) => Math.max(1, Math.floor(ctx.totalSteps / 10)),
      doc: 'Steps of the ramp (default: max(1, ⌊totalSteps/10⌋) steps)',
    },
    startFactor: { kind: 'number', min: 0, max: 1, default: 0.1, doc: 'The ramp starts at startFactor × inner(0), in [0, 1] (default: 0.1)' },
    schedule: {
      kind: 'schedule',
      default: { type: 'constant' },
      doc: 'The schedule after the warmup; it runs for totalSteps − warmupSteps steps. Its metric reports during the warmup are dropped (default: {"type": "constant"})',
    },
  },
  nestedContext: (_option, _index, options, ctx) => ({ baseLr: ctx.baseLr, totalSteps: Math.max(1, ctx.totalSteps - options.warmupSteps) }),
  create(baseLr, options, build) {
    const { warmupSteps, startFactor } = options;
    const inner = build(options.schedule, baseLr);
    return {
      type: 'warmup',
      config: configOf('warmup', { ...options, schedule: inner.config }),
      dependsOn: inner.dependsOn,
      initialState: () => inner.initialState(),
      lrAt: (t, state, obs) =>
        t < warmupSteps ? warmupLr(t, inner.lrAt(0, state, obs), warmupSteps, startFactor) : inner.lrAt(t - warmupSteps, state, obs),
      report: (state, t, metric) => (t < warmupSteps ? state : inner.report(state, t - warmupSteps, metric)),
    };
  },
};
