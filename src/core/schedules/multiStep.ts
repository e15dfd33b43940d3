import { stepSchedule } from './pure';
import type { ScheduleDefinition } from './types';

export interface MultiStepOptions {
  readonly milestones: readonly number[];
  readonly gamma: number;
}

/**
 * `multiStep` (torch.optim.lr_scheduler.MultiStepLR): multiply by gamma at each milestone,
 * lr(t) = baseLr · gamma^k with k = bisect_right(milestones, t), the number of milestones ≤ t.
 * `milestones` is strictly increasing.
 */
export function multiStepLr(t: number, baseLr: number, milestones: readonly number[], gamma: number): number {
  let passed = 0;
  while (passed < milestones.length && milestones[passed]! <= t) passed++;
  return baseLr * Math.pow(gamma, passed);
}

/** [⌊T/2⌋, ⌊3T/4⌋], each at least 1, without repeats. */
function defaultMilestones(totalSteps: number): number[] {
  const half = Math.max(1, Math.floor(totalSteps / 2));
  const threeQuarters = Math.max(1, Math.floor((3 * totalSteps) / 4));
  return threeQuarters > half ? [half, threeQuarters] : [half];
}

export const multiStepDefinition: ScheduleDefinition<MultiStepOptions> = {
  type: 'multiStep',
  title: 'Multi-step decay',
  summary: 'Multiply the lr by gamma at each milestone step.',
  reference: 'torch.optim.lr_scheduler.MultiStepLR',
  formula: 'lr(t) = base · gamma^(number of milestones ≤ t)',
  dependsOn: 'step',
  options: {
    milestones: {
      kind: 'numberList',
      integer: true,
      min: 0,
      increasing: true,
      default: (ctx) => defaultMilestones(ctx.totalSteps),
      doc: 'Strictly increasing step indices at which the lr is multiplied by gamma (PyTorch milestones, required there; default: [⌊totalSteps/2⌋, ⌊3·totalSteps/4⌋], each ≥ 1, repeats dropped)',
    },
    gamma: { kind: 'number', min: 0, minExclusive: true, default: 0.1, doc: 'Factor the lr is multiplied by at each milestone (default: 0.1)' },
  },
  create(baseLr, options) {
    const { milestones, gamma } = options;
    return stepSchedule('multiStep', options, (t) => multiStepLr(t, baseLr, milestones, gamma));
  },
};
