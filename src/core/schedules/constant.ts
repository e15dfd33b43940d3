import { stepSchedule } from './pure';
import type { ScheduleDefinition } from './types';

/** `constant` has no options. */
export type ConstantOptions = Record<never, never>;

/**
 * `constant`: the optimizer's base lr at every step, lr(t) = baseLr.
 * Not PyTorch's ConstantLR (which multiplies by a factor for the first totalIters steps).
 */
export function constantLr(baseLr: number): number {
  return baseLr;
}

export const constantDefinition: ScheduleDefinition<ConstantOptions> = {
  type: 'constant',
  title: 'Constant',
  summary: 'The base lr at every step.',
  reference: 'LR Lab (no scheduler; not torch ConstantLR, which scales by a factor)',
  formula: 'lr(t) = base',
  dependsOn: 'step',
  options: {},
  create: (baseLr, options) => stepSchedule('constant', options, () => constantLr(baseLr)),
};
