import * as l10n from '@vscode/l10n';
import { thrownWords } from '../../../core/errors';
import { resolveOptimizerConfig } from '../../../core/optimizers';
import { createSchedule, previewSchedule as previewLrs, resolveScheduleConfig, usesObservation, type Observation } from '../../../core/schedules';
import type { RawTypedConfig } from '../../../shared/protocol';
import { scheduleLabel } from '../../runs/label';
import type { PanelSink } from '../pages';
import type { Handler } from './types';

/**
 * The base lr a preview starts from — one rule for the page's Preview schedule and the palette's
 * LR Lab: Preview Schedule, and the same as a run's: the optimizer's lr, else its PyTorch
 * default (Adam 1e-3, Adagrad 1e-2, …).
 */
export function previewBaseLr(optimizer: RawTypedConfig): number {
  return resolveOptimizerConfig(optimizer).lr;
}

/** Points a preview sends at most: the page follows the form live, so a 1M-step curve is not sent whole on every keystroke. */
export const PREVIEW_POINTS = 4000;

/**
 * `lrs` (the lr of steps 1, 2, …) as at most about `max` points: per bucket of steps its lowest
 * and highest value in step order, and the first and last step, so every jump of a step
 * schedule and every end of a cycle stays.
 */
export function decimateCurve(lrs: readonly number[], max = PREVIEW_POINTS): { steps: number[]; values: number[] } | null {
  const n = lrs.length;
  if (n <= max) return null;
  const buckets = Math.max(1, Math.floor((max - 2) / 2));
  const size = n / buckets;
  const steps: number[] = [1];
  const values: number[] = [lrs[0]!];
  for (let b = 0; b < buckets; b++) {
    const from = Math.max(1, Math.floor(b * size));
    const to = Math.min(n - 1, Math.floor((b + 1) * size));
    let lo = from;
    let hi = from;
    for (let i = from; i < to; i++) {
      if (lrs[i]! < lrs[lo]!) lo = i;
      if (lrs[i]! > lrs[hi]!) hi = i;
    }
    for (const i of lo === hi ? [lo] : lo < hi ? [lo, hi] : [hi, lo]) {
      if (i < to && i > steps[steps.length - 1]! - 1) {
        steps.push(i + 1);
        values.push(lrs[i]!);
      }
    }
  }
  if (steps[steps.length - 1] !== n) {
    steps.push(n);
    values.push(lrs[n - 1]!);
  }
  return { steps, values };
}

/** What a run measured, step by step: a loss- or gradient-based schedule (or plateau) is previewed against it. */
export interface ObservedRun {
  readonly label: string;
  /** Loss and gradient norm where each step started. */
  readonly losses: ArrayLike<number>;
  readonly gradNorms: ArrayLike<number>;
}

/**
 * The lr curve of a schedule without running anything, to the pages; the lrs, or undefined when
 * the schedule or optimizer is invalid. A schedule that reads the loss or gradient norm
 * (lossBased, gradientBased) or is told the loss after each step (plateau) is previewed against
 * `observed` — the last run's losses — for as many steps as that run took.
 */
export function sendSchedulePreview(pages: PanelSink, requestId: number, rawSchedule: RawTypedConfig, optimizer: RawTypedConfig, steps: number, observed?: ObservedRun): number[] | undefined {
  try {
    const lr = previewBaseLr(optimizer);
    const context = { baseLr: lr, totalSteps: steps };
    const config = resolveScheduleConfig(rawSchedule, context);
    const needsRun = usesObservation(config) || createSchedule(config, lr).dependsOn === 'metric';
    if (needsRun && (!observed || observed.losses.length === 0)) {
      pages.post({ type: 'error', message: l10n.t("Schedule preview: {0} follows the loss measured at each step, so its preview needs a run's losses: run once, and Preview draws it against the last run's losses.", config.type) });
      return undefined;
    }
    if (needsRun && observed) {
      const n = Math.min(steps, observed.losses.length);
      const losses = Array.from({ length: n }, (_, i) => observed.losses[i]!);
      const observations: Observation[] = losses.map((loss, i) => ({ loss, gradNorm: observed.gradNorms[i]! }));
      const lrs = previewLrs(config, lr, n, losses, observations);
      pages.post({ type: 'schedulePreview', requestId, label: n < steps ? l10n.t('{0} preview on the losses of {1} (its {2} steps)', config.type, observed.label, n) : l10n.t('{0} preview on the losses of {1}', config.type, observed.label), lrs });
      return lrs;
    }
    const lrs = previewLrs(config, lr, steps);
    const label = `${scheduleLabel(config, context)} · lr ${lr}`;
    const decimated = decimateCurve(lrs);
    pages.post(decimated ? { type: 'schedulePreview', requestId, label, lrs: decimated.values, steps: decimated.steps } : { type: 'schedulePreview', requestId, label, lrs });
    return lrs;
  } catch (e) {
    pages.post({ type: 'error', message: l10n.t('Schedule preview: {0}', thrownWords(e)) });
    return undefined;
  }
}

/** The latest run with records (of the playground's objective when it has one): what an observation schedule is previewed against. */
export function lastObservedRun(store: PanelRoomStore, objective?: { file: string; name: string }): ObservedRun | undefined {
  const runs = store.list().filter((run) => run.loss.length > 0);
  const same = objective ? runs.filter((run) => run.meta.objective.file === objective.file && run.meta.objective.name === objective.name) : [];
  const run = (same.length > 0 ? same : runs).at(-1);
  return run ? { label: run.meta.label, losses: run.loss.view(), gradNorms: run.gradNorm.view() } : undefined;
}

type PanelRoomStore = Parameters<Handler<'previewSchedule'>>[1]['store'];

export const previewSchedule: Handler<'previewSchedule'> = (message, room) => {
  const target = room.playground.target;
  const observed = lastObservedRun(room.store, target ? { file: target.uri.fsPath, name: target.objective } : undefined);
  sendSchedulePreview(room.pages, message.requestId, message.schedule, message.optimizer, message.steps, observed);
};
