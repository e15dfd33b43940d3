import type { Schedule, ScheduleDefinition } from './types';
import { configOf } from './pure';

export type PlateauMode = 'min' | 'max';
export type ThresholdMode = 'rel' | 'abs';

export interface PlateauOptions {
  readonly mode: PlateauMode;
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: ThresholdMode;
  readonly cooldown: number;
  readonly minLr: number;
  readonly eps: number;
}

/** ReduceLROnPlateau's state, in the open (plain data, serialisable). */
export interface PlateauState {
  /** The lr of the next step. */
  lr: number;
  /** Best metric so far (±Infinity before the first report). */
  best: number;
  /** Reports in a row without improvement. */
  numBadEpochs: number;
  /** Reports left before bad reports count again after a reduction. */
  cooldownCounter: number;
}

/** The state before any report: the base lr, and the worst possible best for `mode`. */
export function plateauInitialState(baseLr: number, mode: 'min' | 'max'): PlateauState {
  return { lr: baseLr, best: mode === 'min' ? Infinity : -Infinity, numBadEpochs: 0, cooldownCounter: 0 };
}

/**
 * `plateau` (torch.optim.lr_scheduler.ReduceLROnPlateau.step(metric)): fold in one metric and
 * update `state` in place. A metric is better when it beats best by the threshold
 * (min/rel: metric < best·(1 − threshold); min/abs: metric < best − threshold; max/rel:
 * metric > best·(1 + threshold); max/abs: metric > best + threshold). Reports during a
 * cooldown never count as bad. After more than `patience` bad reports in a row,
 * lr ← max(lr·factor, minLr), unless that changes lr by eps or less; then the cooldown starts.
 */
export function plateauReport(
  state: PlateauState,
  metric: number,
  mode: 'min' | 'max',
  factor: number,
  patience: number,
  threshold: number,
  thresholdMode: 'rel' | 'abs',
  cooldown: number,
  minLr: number,
  eps: number,
): PlateauState {
  let better: boolean;
  if (mode === 'min') better = thresholdMode === 'rel' ? metric < state.best * (1 - threshold) : metric < state.best - threshold;
  else better = thresholdMode === 'rel' ? metric > state.best * (threshold + 1) : metric > state.best + threshold;
  if (better) {
    state.best = metric;
    state.numBadEpochs = 0;
  } else {
    state.numBadEpochs += 1;
  }
  if (state.cooldownCounter > 0) {
    state.cooldownCounter -= 1;
    state.numBadEpochs = 0;
  }
  if (state.numBadEpochs > patience) {
    const reduced = Math.max(state.lr * factor, minLr);
    if (state.lr - reduced > eps) state.lr = reduced;
    state.cooldownCounter = cooldown;
    state.numBadEpochs = 0;
  }
  return state;
}

export const plateauDefinition: ScheduleDefinition<PlateauOptions> = {
  type: 'plateau',
  title: 'Reduce on plateau',
  summary: 'Multiply the lr by factor when the reported metric (the loss) stops improving for patience steps.',
  reference: 'torch.optim.lr_scheduler.ReduceLROnPlateau',
  formula:
    'after each step: metric better than best (min/rel: m < best·(1 − threshold); abs: m < best − threshold; max mode mirrored) resets the bad count; ' +
    'after more than patience bad steps, lr ← max(lr·factor, minLr) if that lowers lr by more than eps, then cooldown steps are not counted',
  dependsOn: 'metric',
  options: {
    mode: { kind: 'enum', values: ['min', 'max'], default: 'min', doc: 'min: the metric should fall; max: it should rise (default: min)' },
    factor: { kind: 'number', min: 0, max: 1, maxExclusive: true, default: 0.1, doc: 'New lr = lr × factor, in [0, 1) (default: 0.1)' },
    patience: { kind: 'number', integer: true, min: 0, default: 10, doc: 'Bad steps tolerated before the lr is cut (default: 10)' },
    threshold: { kind: 'number', min: 0, default: 1e-4, doc: 'How much better a metric must be to count as an improvement (default: 1e-4)' },
    thresholdMode: {
      kind: 'enum',
      values: ['rel', 'abs'],
      default: 'rel',
      doc: 'rel: better than best·(1 ∓ threshold); abs: better than best ∓ threshold (default: rel)',
    },
    cooldown: { kind: 'number', integer: true, min: 0, default: 0, doc: 'Steps after a cut during which bad steps are not counted (default: 0)' },
    minLr: { kind: 'number', min: 0, default: 0, doc: 'Lower bound of the lr (default: 0)' },
    eps: { kind: 'number', min: 0, default: 1e-8, doc: 'A cut smaller than this is skipped (default: 1e-8)' },
  },
  create(baseLr, options): Schedule<PlateauState> {
    const { mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps } = options;
    return {
      type: 'plateau',
      config: configOf('plateau', options),
      dependsOn: 'metric',
      initialState: () => plateauInitialState(baseLr, mode),
      lrAt: (_t, state) => state.lr,
      report: (state, _t, metric) => plateauReport(state, metric, mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps),
    };
  },
};
