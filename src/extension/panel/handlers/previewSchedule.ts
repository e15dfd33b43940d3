import { isLrLabError } from '../../../core/errors';
import { previewSchedule as previewLrs, resolveScheduleConfig } from '../../../core/schedules';
import type { PanelSink } from '../pages';
import type { Handler } from './types';

/** The lr curve of a schedule without running anything, to the pages; the lrs, or undefined when the schedule is invalid. */
export function sendSchedulePreview(pages: PanelSink, requestId: number, rawSchedule: Record<string, unknown>, lr: number, steps: number): number[] | undefined {
  try {
    const config = resolveScheduleConfig(rawSchedule, { baseLr: lr, totalSteps: steps });
    const lrs = previewLrs(config, lr, steps);
    pages.post({ type: 'schedulePreview', requestId, label: `${config.type} preview`, lrs });
    return lrs;
  } catch (e) {
    pages.post({ type: 'error', message: `Schedule preview: ${isLrLabError(e) ? e.message : String(e)}` });
    return undefined;
  }
}

export const previewSchedule: Handler<'previewSchedule'> = (message, room) => {
  sendSchedulePreview(room.pages, message.requestId, message.schedule, message.lr, message.steps);
};
