import { stepSchedule } from './pure';
import type { ScheduleDefinition } from './types';

export interface ExponentialOptions {
  readonly gamma: number;
}

/**
 * `exponential` (torch.optim.lr_scheduler.ExponentialLR): multiply by gamma every step,
 * lr(t) = baseLr · gamma^t.
 */
export function exponentialLr(t: number, baseLr: number, gamma: number): number {
  return baseLr * Math.pow(gamma, t);
}

export const exponentialDefinition: ScheduleDefinition<ExponentialOptions> = {
  type: 'exponential',
  title: 'Exponential decay',
  summary: 'Multiply the lr by gamma every step.',
  reference: 'torch.optim.lr_scheduler.ExponentialLR',
  formula: 'lr(t) = base · gamma^t',
  dependsOn: 'step',
  options: {
    gamma: {
      kind: 'number',
      min: 0,
      minExclusive: true,
      default: 0.99,
      doc: 'Factor the lr is multiplied by every step (PyTorch gamma, required there; default: 0.99)',
    },
  },
  create(baseLr, options) {
    const { gamma } = options;
    return stepSchedule('exponential', options, (t) => exponentialLr(t, baseLr, gamma));
  },
};
