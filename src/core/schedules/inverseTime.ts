import { stepSchedule } from './pure';
import type { ScheduleDefinition } from './types';

export interface InverseTimeOptions {
  readonly decayRate: number;
  readonly decaySteps: number;
  readonly staircase: boolean;
}

/**
 * `inverseTime` (LR Lab's rule, Keras InverseTimeDecay semantics):
 * lr(t) = baseLr / (1 + decayRate · p), p = t / decaySteps, or ⌊t / decaySteps⌋ with staircase.
 */
export function inverseTimeLr(t: number, baseLr: number, decayRate: number, decaySteps: number, staircase: boolean): number {
  const p = staircase ? Math.floor(t / decaySteps) : t / decaySteps;
  return baseLr / (1 + decayRate * p);
}

export const inverseTimeDefinition: ScheduleDefinition<InverseTimeOptions> = {
  type: 'inverseTime',
  title: 'Inverse time decay',
  summary: 'Divide the base lr by 1 + decayRate · t / decaySteps.',
  reference: 'LR Lab (as keras.optimizers.schedules.InverseTimeDecay)',
  formula: 'lr(t) = base / (1 + decayRate · t / decaySteps)   (⌊t / decaySteps⌋ with staircase)',
  dependsOn: 'step',
  options: {
    decayRate: { kind: 'number', min: 0, default: 1, doc: 'How fast the lr falls, ≥ 0 (default: 1)' },
    decaySteps: { kind: 'number', min: 0, minExclusive: true, default: 1, doc: 'Steps per unit of decay, > 0 (default: 1 step)' },
    staircase: { kind: 'boolean', default: false, doc: 'Decay in whole units of decaySteps, ⌊t / decaySteps⌋ (default: false)' },
  },
  create(baseLr, options) {
    const { decayRate, decaySteps, staircase } = options;
    return stepSchedule('inverseTime', options, (t) => inverseTimeLr(t, baseLr, decayRate, decaySteps, staircase));
  },
};
