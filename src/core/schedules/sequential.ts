import { LrLabError } from '../errors';
import { ownerWord, type RawConfig, type ResolveContext } from '../options';
import { configOf } from './pure';
import type { Schedule, ScheduleConfig, ScheduleDefinition, ScheduleDependence } from './types';

export interface SequentialOptions {
  readonly schedules: readonly ScheduleConfig[];
  readonly milestones: readonly number[];
}

/** The nested schedules' states, one per schedule (mutable: `report` replaces entries). */
export interface SequentialState {
  readonly states: unknown[];
}

/**
 * `sequential` (torch.optim.lr_scheduler.SequentialLR): the index of the schedule active at
 * step t, i = bisect_right(milestones, t) (the number of milestones ≤ t). Schedule i runs
 * on its own clock: lr(t) = schedule_i(t − milestones[i−1]), with milestones[−1] = 0.
 */
export function sequentialIndex(t: number, milestones: readonly number[]): number {
  let i = 0;
  while (i < milestones.length && milestones[i]! <= t) i++;
  return i;
}

/** Milestones that split `totalSteps` evenly among `count` schedules (strictly increasing, ≥ 1). */
function evenMilestones(count: number, totalSteps: number): number[] {
  const out: number[] = [];
  for (let i = 1; i < count; i++) out.push(Math.max(i, Math.floor((i * totalSteps) / count)));
  return out;
}

/** The strongest need of the children: metric > observation > step. */
function strongestNeed(schedules: readonly Schedule[]): ScheduleDependence {
  if (schedules.some((s) => s.dependsOn === 'metric')) return 'metric';
  if (schedules.some((s) => s.dependsOn === 'observation')) return 'observation';
  return 'step';
}

export const sequentialDefinition: ScheduleDefinition<SequentialOptions> = {
  type: 'sequential',
  title: 'Sequential',
  summary: 'Run schedules one after another, switching at the milestones; each starts from its own step 0.',
  reference: 'torch.optim.lr_scheduler.SequentialLR',
  formula: 'lr(t) = schedule_i(t − milestones[i−1]),  i = number of milestones ≤ t  (milestones[−1] = 0)',
  dependsOn: 'step',
  options: {
    schedules: {
      kind: 'scheduleList',
      minLength: 1,
      default: [{ type: 'linear' }, { type: 'cosine' }],
      doc: 'The schedules, in order. Each one’s totalSteps is the length of its segment; a nested plateau gets the metric while it is active (default: [{"type": "linear"}, {"type": "cosine"}])',
    },
    milestones: {
      kind: 'numberList',
      integer: true,
      min: 1,
      increasing: true,
      default: (ctx) => evenMilestones(2, ctx.totalSteps),
      doc: 'Strictly increasing steps at which the next schedule takes over, one fewer than schedules (default: totalSteps split evenly among the schedules)',
    },
  },
  completeRaw(raw: RawConfig, ctx: ResolveContext): RawConfig {
    if (raw.milestones !== undefined || !Array.isArray(raw.schedules)) return raw;
    return { ...raw, milestones: evenMilestones(raw.schedules.length, ctx.totalSteps) };
  },
  check(options, owner) {
    const { schedules, milestones } = options;
    if (milestones.length !== schedules.length - 1) {
      throw LrLabError.worded('invalidConfig', { id: 'milestonesOneFewer', args: [ownerWord(owner), schedules.length, milestones.length] });
    }
  },
  nestedContext(_option, index, options, ctx) {
    const start = index === 0 ? 0 : (options.milestones[index - 1] ?? 0);
    const end = options.milestones[index] ?? ctx.totalSteps;
    return { baseLr: ctx.baseLr, totalSteps: Math.max(1, end - start) };
  },
  create(baseLr, options, build): Schedule<SequentialState> {
    const { milestones } = options;
    const children = options.schedules.map((config) => build(config, baseLr));
    const startOf = (i: number): number => (i === 0 ? 0 : milestones[i - 1]!);
    return {
      type: 'sequential',
      config: configOf('sequential', { ...options, schedules: children.map((c) => c.config) }),
      dependsOn: strongestNeed(children),
      initialState: () => ({ states: children.map((c) => c.initialState()) }),
      lrAt(t, state, obs) {
        const i = sequentialIndex(t, milestones);
        return children[i]!.lrAt(t - startOf(i), state.states[i], obs);
      },
      report(state, t, metric) {
        const i = sequentialIndex(t, milestones);
        state.states[i] = children[i]!.report(state.states[i], t - startOf(i), metric);
        return state;
      },
    };
  },
};
