import { stepSchedule } from './pure';
import type { ScheduleDefinition } from './types';

export interface CosineOptions {
  readonly tMax: number;
  readonly etaMin: number;
}

/**
 * `cosine` (torch.optim.lr_scheduler.CosineAnnealingLR), closed form:
 * lr(t) = etaMin + (baseLr − etaMin) · (1 + cos(π·t / tMax)) / 2.
 * Not clamped after tMax: as in PyTorch the lr rises again towards baseLr (period 2·tMax).
 */
export function cosineLr(t: number, baseLr: number, tMax: number, etaMin: number): number {
  return etaMin + ((baseLr - etaMin) * (1 + Math.cos((Math.PI * t) / tMax))) / 2;
}

export const cosineDefinition: ScheduleDefinition<CosineOptions> = {
  type: 'cosine',
  title: 'Cosine annealing',
  summary: 'Half a cosine from the base lr down to etaMin over tMax steps (rises again after tMax, as in PyTorch).',
  reference: 'torch.optim.lr_scheduler.CosineAnnealingLR',
  formula: 'lr(t) = etaMin + (base − etaMin) · (1 + cos(π·t / tMax)) / 2   (not clamped: rises again after tMax)',
  dependsOn: 'step',
  options: {
    tMax: {
      kind: 'number',
      integer: true,
      min: 1,
      default: (ctx) => ctx.totalSteps,
      doc: 'Steps of the half cosine, from base lr to etaMin (PyTorch T_max, required there; default: totalSteps). After tMax the lr rises again, as in PyTorch',
    },
    etaMin: { kind: 'number', min: 0, default: 0, doc: 'Lowest lr, reached at t = tMax (default: 0)' },
  },
  create(baseLr, options) {
    const { tMax, etaMin } = options;
    return stepSchedule('cosine', options, (t) => cosineLr(t, baseLr, tMax, etaMin));
  },
};
