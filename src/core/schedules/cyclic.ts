import { LrLabError } from '../errors';
import { ownerWord, type RawConfig } from '../options';
import { stepSchedule } from './pure';
import type { ScheduleDefinition } from './types';

export type CyclicMode = 'triangular' | 'triangular2' | 'expRange';

export interface CyclicOptions {
  readonly baseLr: number;
  readonly maxLr: number;
  readonly stepSizeUp: number;
  readonly stepSizeDown: number;
  readonly mode: CyclicMode;
  readonly gamma: number;
}

/**
 * `cyclic` (torch.optim.lr_scheduler.CyclicLR with cycle_momentum=False; the lr only).
 * With L = stepSizeUp + stepSizeDown, r = stepSizeUp / L, cycle = ⌊1 + t/L⌋ and
 * x = 1 + t/L − cycle: scale = x/r if x ≤ r else (x − 1)/(r − 1), and
 * lr(t) = baseLr + (maxLr − baseLr) · scale · f, f = 1 (triangular), 1/2^(cycle−1)
 * (triangular2) or gamma^t (expRange). Here baseLr is the cyclic option (the cycle's low
 * end), not the optimizer's lr.
 */
export function cyclicLr(
  t: number,
  baseLr: number,
  maxLr: number,
  stepSizeUp: number,
  stepSizeDown: number,
  mode: 'triangular' | 'triangular2' | 'expRange',
  gamma: number,
): number {
  const totalSize = stepSizeUp + stepSizeDown;
  const stepRatio = stepSizeUp / totalSize;
  const cycle = Math.floor(1 + t / totalSize);
  const x = 1 + t / totalSize - cycle;
  const scale = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
  const amplitude = mode === 'triangular' ? 1 : mode === 'triangular2' ? 1 / Math.pow(2, cycle - 1) : Math.pow(gamma, t);
  return baseLr + (maxLr - baseLr) * scale * amplitude;
}

/** Half a cycle when the run holds two: max(1, ⌊totalSteps / 4⌋). */
function halfCycle(totalSteps: number): number {
  return Math.max(1, Math.floor(totalSteps / 4));
}

export const cyclicDefinition: ScheduleDefinition<CyclicOptions> = {
  type: 'cyclic',
  title: 'Cyclic',
  summary: 'Triangle waves between baseLr and maxLr (lr only, momentum not cycled).',
  reference: 'torch.optim.lr_scheduler.CyclicLR (cycle_momentum=False)',
  formula:
    'L = stepSizeUp + stepSizeDown, cycle = ⌊1 + t/L⌋, x = 1 + t/L − cycle, r = stepSizeUp/L; scale = x/r if x ≤ r else (x − 1)/(r − 1); ' +
    'lr(t) = baseLr + (maxLr − baseLr) · scale · f, f = 1 | 1/2^(cycle−1) | gamma^t',
  dependsOn: 'step',
  options: {
    baseLr: {
      kind: 'number',
      min: 0,
      default: (ctx) => ctx.baseLr,
      doc: 'Low end of the cycle; replaces the optimizer lr (PyTorch base_lr, required there; default: the optimizer lr)',
    },
    maxLr: {
      kind: 'number',
      min: 0,
      minExclusive: true,
      default: (ctx) => 10 * ctx.baseLr,
      doc: 'High end of the cycle, ≥ baseLr (PyTorch max_lr, required there; default: 10 × the optimizer lr)',
    },
    stepSizeUp: {
      kind: 'number',
      integer: true,
      min: 1,
      default: (ctx) => halfCycle(ctx.totalSteps),
      doc: "Steps from baseLr up to maxLr (default: max(1, ⌊totalSteps/4⌋), two cycles in the run; PyTorch's 2000 would not reach maxLr in a run of 200 steps)",
    },
    stepSizeDown: { kind: 'number', integer: true, min: 0, default: (ctx) => halfCycle(ctx.totalSteps), doc: 'Steps from maxLr back down to baseLr (default: stepSizeUp)' },
    mode: {
      kind: 'enum',
      values: ['triangular', 'triangular2', 'expRange'],
      default: 'triangular',
      doc: 'triangular: same height every cycle; triangular2: height halves each cycle; expRange: height × gamma^t (default: triangular)',
    },
    gamma: { kind: 'number', min: 0, minExclusive: true, default: 1, doc: 'Per-step height factor of expRange mode (default: 1)' },
  },
  completeRaw(raw: RawConfig): RawConfig {
    // PyTorch: step_size_down=None means "same as step_size_up".
    return raw.stepSizeDown === undefined && raw.stepSizeUp !== undefined ? { ...raw, stepSizeDown: raw.stepSizeUp } : raw;
  },
  check(options, owner) {
    if (options.maxLr < options.baseLr) {
      throw LrLabError.worded('invalidConfig', { id: 'cyclicMaxLrBelowBase', args: [ownerWord(owner), options.maxLr, options.baseLr] });
    }
  },
  create(_optimizerLr, options) {
    const { baseLr, maxLr, stepSizeUp, stepSizeDown, mode, gamma } = options;
    return stepSchedule('cyclic', options, (t) => cyclicLr(t, baseLr, maxLr, stepSizeUp, stepSizeDown, mode, gamma));
  },
};
