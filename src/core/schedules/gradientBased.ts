import { observationSchedule } from './pure';
import type { ScheduleDefinition } from './types';

export interface GradientBasedOptions {
  readonly beta: number;
}

/**
 * `gradientBased` (LR Lab's rule): smaller steps where the gradient is steep,
 * lr = baseLr / (1 + beta · ‖∇f(x_t)‖²), with the gradient norm at the parameters the step
 * starts from (before clipping).
 */
export function gradientBasedLr(baseLr: number, beta: number, gradNorm: number): number {
  return baseLr / (1 + beta * gradNorm * gradNorm);
}

export const gradientBasedDefinition: ScheduleDefinition<GradientBasedOptions> = {
  type: 'gradientBased',
  title: 'Gradient-based',
  summary: 'Scale the lr down where the gradient is steep: base / (1 + beta·‖g‖²).',
  reference: 'LR Lab',
  formula: 'lr_t = base / (1 + beta · ‖∇f(x_t)‖²)',
  dependsOn: 'observation',
  options: {
    beta: { kind: 'number', min: 0, default: 1, doc: 'Weight of the squared gradient norm, ≥ 0 (default: 1; 0 gives the base lr)' },
  },
  create(baseLr, options) {
    const { beta } = options;
    return observationSchedule('gradientBased', options, (obs) => gradientBasedLr(baseLr, beta, obs.gradNorm));
  },
};
