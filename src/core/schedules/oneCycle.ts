import { stepSchedule } from './pure';
import type { ScheduleDefinition } from './types';

export type AnnealStrategy = 'cos' | 'linear';

export interface OneCycleOptions {
  readonly maxLr: number;
  readonly totalSteps: number;
  readonly pctStart: number;
  readonly annealStrategy: AnnealStrategy;
  readonly divFactor: number;
  readonly finalDivFactor: number;
  readonly threePhase: boolean;
}

/**
 * `oneCycle` (torch.optim.lr_scheduler.OneCycleLR with cycle_momentum=False; the lr only,
 * the optimizer's momentum is left alone). With initial = maxLr / divFactor and
 * min = initial / finalDivFactor, the lr anneals
 *  - two phases: initial → maxLr over steps [0, pctStart·T − 1], then maxLr → min until T − 1;
 *  - threePhase: initial → maxLr until pctStart·T − 1, maxLr → initial until 2·pctStart·T − 2,
 *    then initial → min until T − 1;
 * where anneal(a, b, p) = b + (a − b)(1 + cos(πp))/2 ('cos') or a + (b − a)·p ('linear') and p
 * is the fraction of the phase done (PyTorch's forms, kept for identical numbers: the linear
 * one reaches a tiny end value only up to rounding of order ulp(maxLr)).
 * The optimizer's base lr is not used. Beyond T − 1 the lr
 * stays at its final value (PyTorch raises after T steps). A phase of zero length, where
 * PyTorch divides by zero, gives its end value.
 */
export function oneCycleLr(
  t: number,
  maxLr: number,
  totalSteps: number,
  pctStart: number,
  annealStrategy: 'cos' | 'linear',
  divFactor: number,
  finalDivFactor: number,
  threePhase: boolean,
): number {
  const initialLr = maxLr / divFactor;
  const minLr = initialLr / finalDivFactor;
  const step = Math.min(t, totalSteps - 1);
  const end1 = pctStart * totalSteps - 1;
  const end2 = threePhase ? 2 * pctStart * totalSteps - 2 : totalSteps - 1;
  let start = 0;
  let end = end1;
  let from = initialLr;
  let to = maxLr;
  if (step > end1) {
    start = end1;
    end = end2;
    from = maxLr;
    to = threePhase ? initialLr : minLr;
    if (threePhase && step > end2) {
      start = end2;
      end = totalSteps - 1;
      from = initialLr;
      to = minLr;
    }
  }
  const pct = end > start ? (step - start) / (end - start) : 1;
  if (annealStrategy === 'cos') return to + ((from - to) / 2) * (Math.cos(Math.PI * pct) + 1);
  return (to - from) * pct + from;
}

export const oneCycleDefinition: ScheduleDefinition<OneCycleOptions> = {
  type: 'oneCycle',
  title: 'One cycle',
  summary: 'Warm up to maxLr, then anneal far below the start (Smith’s 1cycle; lr only, momentum not cycled).',
  reference: 'torch.optim.lr_scheduler.OneCycleLR (cycle_momentum=False)',
  formula:
    'initial = maxLr/divFactor, min = initial/finalDivFactor; lr anneals initial → maxLr until step pctStart·T − 1, then maxLr → min until T − 1 ' +
    '(threePhase: maxLr → initial until 2·pctStart·T − 2, then initial → min); anneal(a, b, p) = b + (a − b)(1 + cos πp)/2 or a + (b − a)p; held after T − 1',
  dependsOn: 'step',
  options: {
    maxLr: {
      kind: 'number',
      min: 0,
      minExclusive: true,
      default: (ctx) => ctx.baseLr,
      doc: 'Peak lr (PyTorch max_lr, required there; default: the optimizer lr). The optimizer lr itself is not used',
    },
    totalSteps: {
      kind: 'number',
      integer: true,
      min: 1,
      default: (ctx) => ctx.totalSteps,
      doc: 'Steps of the cycle (default: the run’s steps). The lr stays at its final value after it (PyTorch raises)',
    },
    pctStart: { kind: 'number', min: 0, max: 1, default: 0.3, doc: 'Fraction of the cycle spent increasing the lr, in [0, 1] (default: 0.3)' },
    annealStrategy: { kind: 'enum', values: ['cos', 'linear'], default: 'cos', doc: 'Shape of each phase: cosine or linear (default: cos)' },
    divFactor: { kind: 'number', min: 0, minExclusive: true, default: 25, doc: 'Initial lr = maxLr / divFactor (default: 25)' },
    finalDivFactor: { kind: 'number', min: 0, minExclusive: true, default: 1e4, doc: 'Final lr = initial lr / finalDivFactor (default: 1e4)' },
    threePhase: { kind: 'boolean', default: false, doc: 'Anneal back to the initial lr before the final decay, as in Smith’s paper (default: false)' },
  },
  create(_baseLr, options) {
    const { maxLr, totalSteps, pctStart, annealStrategy, divFactor, finalDivFactor, threePhase } = options;
    return stepSchedule('oneCycle', options, (t) => oneCycleLr(t, maxLr, totalSteps, pctStart, annealStrategy, divFactor, finalDivFactor, threePhase));
  },
};
