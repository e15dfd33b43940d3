import { stepSchedule } from './pure';
import type { ScheduleDefinition } from './types';

export interface StepOptions {
  readonly stepSize: number;
  readonly gamma: number;
}

/**
 * `step` (torch.optim.lr_scheduler.StepLR): multiply by gamma every stepSize steps,
 * lr(t) = baseLr · gamma^⌊t / stepSize⌋.
 */
export function stepLr(t: number, baseLr: number, stepSize: number, gamma: number): number {
  return baseLr * Math.pow(gamma, Math.floor(t / stepSize));
}

export const stepDefinition: ScheduleDefinition<StepOptions> = {
  type: 'step',
  title: 'Step decay',
  summary: 'Multiply the lr by gamma every stepSize steps.',
  reference: 'torch.optim.lr_scheduler.StepLR',
  formula: 'lr(t) = base · gamma^⌊t / stepSize⌋',
  dependsOn: 'step',
  options: {
    stepSize: {
      kind: 'number',
      integer: true,
      min: 1,
      default: (ctx) => Math.max(1, Math.floor(ctx.totalSteps / 3)),
      doc: 'Steps between two decays (PyTorch step_size, required there; default: max(1, ⌊totalSteps/3⌋) steps)',
    },
    gamma: { kind: 'number', min: 0, minExclusive: true, default: 0.1, doc: 'Factor the lr is multiplied by at each decay (default: 0.1)' },
  },
  create(baseLr, options) {
    const { stepSize, gamma } = options;
    return stepSchedule('step', options, (t) => stepLr(t, baseLr, stepSize, gamma));
  },
};
