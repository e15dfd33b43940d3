import * as vscode from 'vscode';
import { scheduleDefinitions } from '../../core/schedules';
import { sendSchedulePreview } from '../panel/handlers/previewSchedule';
import type { Pages } from '../panel/pages';
import type { PageShower } from '../panel/plotPlaces';
import type { Playground } from '../runs/persistence';

/** `LR Lab: Preview Schedule` — pick a schedule and see its lr curve in the panel, before running anything. */
export async function previewSchedule(playground: Playground, panel: PageShower, pages: Pages, type?: unknown): Promise<number[] | undefined> {
  let scheduleType = typeof type === 'string' ? type : undefined;
  if (!scheduleType) {
    const picked = await vscode.window.showQuickPick(
      Object.values(scheduleDefinitions)
        .filter((d) => d.dependsOn === 'step')
        .map((d) => ({ label: d.type, description: d.title, detail: d.formula })),
      { placeHolder: vscode.l10n.t("Schedule to preview (with the panel's lr — else the optimizer's default — and iterations)"), matchOnDetail: true },
    );
    if (!picked) return undefined;
    scheduleType = picked.label;
  }
  const controls = playground.controls;
  const schedule = controls.schedule.type === scheduleType ? controls.schedule : { type: scheduleType };
  await (await panel.show(false)).whenReady();
  // The panel's rule: the optimizer's lr, else its default (sendSchedulePreview → previewBaseLr).
  return sendSchedulePreview(pages, 0, schedule, controls.optimizer, controls.iterations);
}
