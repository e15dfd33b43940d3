import { stepSchedule } from './pure';
import type { ScheduleDefinition } from './types';

export interface CosineWarmRestartsOptions {
  readonly t0: number;
  readonly tMult: number;
  readonly etaMin: number;
}

/**
 * `cosineWarmRestarts` (torch.optim.lr_scheduler.CosineAnnealingWarmRestarts, SGDR):
 * lr(t) = etaMin + (baseLr − etaMin) · (1 + cos(π·tCur / tI)) / 2, where cycle i lasts
 * tI = t0 · tMult^i steps and tCur counts the steps since the last restart (integer tMult ≥ 1).
 */
export function cosineWarmRestartsLr(t: number, baseLr: number, t0: number, tMult: number, etaMin: number): number {
  let tCur = t;
  let tI = t0;
  if (tMult === 1) {
    tCur = t % t0;
  } else {
    // Cycles grow geometrically, so this runs O(log t) times.
    while (tCur >= tI) {
      tCur -= tI;
      tI *= tMult;
    }
  }
  return etaMin + ((baseLr - etaMin) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2;
}

export const cosineWarmRestartsDefinition: ScheduleDefinition<CosineWarmRestartsOptions> = {
  type: 'cosineWarmRestarts',
  title: 'Cosine with warm restarts',
  summary: 'Cosine annealing that restarts at the base lr after t0, t0·tMult, t0·tMult², … steps (SGDR).',
  reference: 'torch.optim.lr_scheduler.CosineAnnealingWarmRestarts',
  formula: 'lr(t) = etaMin + (base − etaMin) · (1 + cos(π·tCur / tI)) / 2,  tI = t0·tMult^i,  tCur = steps since the last restart',
  dependsOn: 'step',
  options: {
    t0: {
      kind: 'number',
      integer: true,
      min: 1,
      default: (ctx) => Math.max(1, Math.floor(ctx.totalSteps / 4)),
      doc: 'Steps of the first cycle (PyTorch T_0, required there; default: max(1, ⌊totalSteps/4⌋) steps)',
    },
    tMult: { kind: 'number', integer: true, min: 1, default: 1, doc: 'Integer factor each cycle is longer than the previous one, ≥ 1 (default: 1)' },
    etaMin: { kind: 'number', min: 0, default: 0, doc: 'Lowest lr, approached at the end of each cycle (default: 0)' },
  },
  create(baseLr, options) {
    const { t0, tMult, etaMin } = options;
    return stepSchedule('cosineWarmRestarts', options, (t) => cosineWarmRestartsLr(t, baseLr, t0, tMult, etaMin));
  },
};
