import { stepSchedule } from './pure';
import type { ScheduleDefinition } from './types';

export interface LinearOptions {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;
}

/**
 * `linear` (torch.optim.lr_scheduler.LinearLR): the factor moves linearly from startFactor
 * to endFactor over totalIters steps, then stays,
 * lr(t) = baseLr · (startFactor + (endFactor − startFactor) · min(totalIters, t) / totalIters).
 * Computed as startFactor·(1 − p) + endFactor·p with p = min(totalIters, t) / totalIters: the
 * same value to rounding, but exact at both ends, so an endFactor of 0 gives 0 and never a
 * tiny negative lr.
 */
export function linearLr(t: number, baseLr: number, startFactor: number, endFactor: number, totalIters: number): number {
  const p = Math.min(totalIters, t) / totalIters;
  return baseLr * (startFactor * (1 - p) + endFactor * p);
}

export const linearDefinition: ScheduleDefinition<LinearOptions> = {
  type: 'linear',
  title: 'Linear',
  summary: 'Scale the lr by a factor that moves linearly from startFactor to endFactor over totalIters steps.',
  reference: 'torch.optim.lr_scheduler.LinearLR',
  formula: 'lr(t) = base · (startFactor + (endFactor − startFactor) · min(totalIters, t) / totalIters)',
  dependsOn: 'step',
  options: {
    startFactor: { kind: 'number', min: 0, max: 1, default: 1 / 3, doc: 'Factor of the base lr at step 0, in [0, 1] (default: 1/3)' },
    endFactor: { kind: 'number', min: 0, max: 1, default: 1, doc: 'Factor of the base lr from step totalIters on, in [0, 1] (default: 1)' },
    totalIters: {
      kind: 'number',
      integer: true,
      min: 1,
      default: (ctx) => ctx.totalSteps,
      doc: "Steps the factor takes to go from startFactor to endFactor (default: the run's steps; PyTorch's 5 counts epochs, and would end the ramp after 5 of a run's steps)",
    },
  },
  create(baseLr, options) {
    const { startFactor, endFactor, totalIters } = options;
    return stepSchedule('linear', options, (t) => linearLr(t, baseLr, startFactor, endFactor, totalIters));
  },
};
