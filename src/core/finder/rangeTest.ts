/**
 * The range test itself, as fastai's `LRFinder` runs it: from x0, one optimizer step per lr of
 * the exponential ramp, the loss of each step smoothed (debiased EMA, β 0.98); after each step
 * the stop rule reads the smoothed loss (stop above 4 × the best). Runs in the worker, on the
 * minimize loop (same sampling, gradients, optimizers and limits as a run), with the ramp as its
 * schedule and the rule as its stop hook: the step that trips the rule is recorded, as fastai's
 * Recorder records it before LRFinder cancels the fit.
 */
import { formatNumber } from '../../shared/format';
import { engineText, type EngineText } from '../../shared/engineText';
import { minimizeWith, type MinimizeHooks } from '../minimize/loop';
import type { RunConfig } from '../minimize/config';
import type { RecordBatch, RunOutcome } from '../minimize/records';
import type { Objective } from '../objective';
import { createOptimizer } from '../optimizers';
import { rampLr, rampSchedule, type Ramp } from './ramp';
import { SmoothedLoss } from './smoothing';
import { divergenceThreshold, DivergenceWatch, FASTAI_STOP_FACTOR } from './stopRule';

/**
 * Run the range test of `ramp` on `objective` with `config` (finderRunConfig's: numIt
 * iterations, the optimizer and its options). Records reach hooks.onBatch one step per batch.
 * The outcome: 'maxIterations' after numIt steps, 'diverged' when the rule stopped it (or the
 * loss or parameters stopped being finite), else as the loop ends ('error', 'timeout').
 */
export function rangeTest(objective: Objective, config: RunConfig, ramp: Ramp, hooks: MinimizeHooks = {}): RunOutcome {
  const smoothing = new SmoothedLoss();
  const watch = new DivergenceWatch(FASTAI_STOP_FACTOR);
  let tripped: { step: number; smoothed: number; best: number } | null = null;
  const onBatch = (batch: RecordBatch): void => {
    for (let i = 0; i < batch.count && tripped === null; i++) {
      const smoothed = smoothing.add(batch.loss[i]!);
      if (watch.exceeded(smoothed)) tripped = { step: batch.firstStep + i, smoothed, best: watch.best };
    }
    hooks.onBatch?.(batch);
  };
  const outcome = minimizeWith(objective, config, createOptimizer(config.optimizer), rampSchedule(ramp), {
    ...hooks,
    // One record per batch: the rule is checked after every step, before the next one.
    maxBatchRecords: 1,
    onBatch,
    shouldStop: () => tripped !== null || (hooks.shouldStop?.() ?? false),
  });
  if (tripped === null || outcome.stopReason !== 'cancelled') return outcome;
  const { step, smoothed, best } = tripped;
  const lr = formatNumber(rampLr(ramp, step - 1));
  // Its own sentence as data too: the loop's (cancelled, by the rule's stop) must not be worded in its place.
  const detailText: EngineText = Number.isFinite(smoothed)
    ? { id: 'finderSmoothedExceeded', args: [formatNumber(smoothed), formatNumber(divergenceThreshold(best)), FASTAI_STOP_FACTOR, formatNumber(best), step, lr] }
    : { id: 'finderSmoothedNonFinite', args: [String(smoothed), step, lr] };
  return { ...outcome, stopReason: 'diverged', detail: engineText(detailText), detailText };
}
