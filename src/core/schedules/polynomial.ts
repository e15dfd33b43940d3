import { stepSchedule } from './pure';
import type { ScheduleDefinition } from './types';

export interface PolynomialOptions {
  readonly totalIters: number;
  readonly power: number;
}

/**
 * `polynomial` (torch.optim.lr_scheduler.PolynomialLR): decay to 0 over totalIters steps,
 * lr(t) = baseLr · (1 − min(totalIters, t) / totalIters)^power. It always ends at 0.
 */
export function polynomialLr(t: number, baseLr: number, totalIters: number, power: number): number {
  return baseLr * Math.pow(1 - Math.min(totalIters, t) / totalIters, power);
}

export const polynomialDefinition: ScheduleDefinition<PolynomialOptions> = {
  type: 'polynomial',
  title: 'Polynomial decay',
  summary: 'Decay the lr polynomially to 0 over totalIters steps.',
  reference: 'torch.optim.lr_scheduler.PolynomialLR',
  formula: 'lr(t) = base · (1 − min(totalIters, t) / totalIters)^power',
  dependsOn: 'step',
  options: {
    totalIters: {
      kind: 'number',
      integer: true,
      min: 1,
      default: (ctx) => ctx.totalSteps,
      doc: "Steps until the lr reaches 0 (default: the run's steps; PyTorch's 5 counts epochs, and would leave a run at lr 0 from its 6th step)",
    },
    power: { kind: 'number', min: 0, default: 1, doc: 'Power of the polynomial, ≥ 0 (default: 1, a straight line)' },
  },
  create(baseLr, options) {
    const { totalIters, power } = options;
    return stepSchedule('polynomial', options, (t) => polynomialLr(t, baseLr, totalIters, power));
  },
};
