import { observationSchedule } from './pure';
import type { ScheduleDefinition } from './types';

export interface LossBasedOptions {
  readonly beta: number;
}

/**
 * `lossBased` (LR Lab's rule): smaller steps while the loss is large,
 * lr = baseLr / √(1 + beta · max(0, loss)), with the loss f(x_t) at the parameters the step
 * starts from. The formula assumes f ≥ 0; a negative loss is clamped to 0 (lr = baseLr).
 */
export function lossBasedLr(baseLr: number, beta: number, loss: number): number {
  return baseLr / Math.sqrt(1 + beta * Math.max(0, loss));
}

export const lossBasedDefinition: ScheduleDefinition<LossBasedOptions> = {
  type: 'lossBased',
  title: 'Loss-based',
  summary: 'Scale the lr down while the loss is large: base / √(1 + beta·loss).',
  reference: 'LR Lab',
  formula: 'lr_t = base / √(1 + beta · max(0, f(x_t)))   (assumes f ≥ 0; negative losses count as 0)',
  dependsOn: 'observation',
  options: {
    beta: { kind: 'number', min: 0, default: 1, doc: 'Weight of the loss, ≥ 0 (default: 1; 0 gives the base lr)' },
  },
  create(baseLr, options) {
    const { beta } = options;
    return observationSchedule('lossBased', options, (obs) => lossBasedLr(baseLr, beta, obs.loss));
  },
};
