import * as l10n from '@vscode/l10n';
import { isLrLabError } from '../../../core/errors';
import { resolveOptimizerConfig } from '../../../core/optimizers';
import { previewSchedule as previewLrs, resolveScheduleConfig } from '../../../core/schedules';
import type { RawTypedConfig } from '../../../shared/protocol';
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

/** The lr curve of a schedule without running anything, to the pages; the lrs, or undefined when the schedule or optimizer is invalid. */
export function sendSchedulePreview(pages: PanelSink, requestId: number, rawSchedule: RawTypedConfig, optimizer: RawTypedConfig, steps: number): number[] | undefined {
  try {
    const lr = previewBaseLr(optimizer);
    const config = resolveScheduleConfig(rawSchedule, { baseLr: lr, totalSteps: steps });
    const lrs = previewLrs(config, lr, steps);
    pages.post({ type: 'schedulePreview', requestId, label: l10n.t('{0} preview', config.type), lrs });
    return lrs;
  } catch (e) {
    pages.post({ type: 'error', message: l10n.t('Schedule preview: {0}', isLrLabError(e) ? e.message : String(e)) });
    return undefined;
  }
}

export const previewSchedule: Handler<'previewSchedule'> = (message, room) => {
  sendSchedulePreview(room.pages, message.requestId, message.schedule, message.optimizer, message.steps);
};
