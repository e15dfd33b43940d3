/**
 * The curves view: the chart cards (loss, lr, gradient norm, metrics per step) under a bar
 * with the zoom hint, the schedule preview's chip and "Reset zoom". It draws from the runs
 * model and handles the host's `schedulePreview` answers.
 */
import * as l10n from '@vscode/l10n';
import { h } from '../../dom';
import type { PanelView, ViewContext } from '../../view';
import { ChartsView } from './chartsView';
import { SchedulePreviewRoom, type PreviewRequest } from './schedulePreview';

export interface CurvesView extends PanelView {
  /** Ask the host for a schedule's lr curve and draw it on the lr card. */
  previewSchedule(request: PreviewRequest): void;
}

export function createCurvesView(context: ViewContext): CurvesView {
  const resetZoom = h('button', { type: 'button', class: 'secondary small', id: 'reset-zoom', disabled: true, 'aria-label': l10n.t('Reset zoom of all charts') }, l10n.t('Reset zoom'));
  const charts = new ChartsView(context.model, context.visibility, context.store, context.theme(), { onZoomChange: (zoomed) => (resetZoom.disabled = !zoomed) });
  resetZoom.addEventListener('click', () => charts.resetZoom());
  const preview = new SchedulePreviewRoom(context.post, (shown) => {
    charts.setPreview(shown);
    context.scheduler.request();
  });
  const unregister = preview.listen(context.router);
  const root = h(
    'div',
    { class: 'view', 'data-view': 'curves' },
    h('div', { class: 'charts-toolbar' }, h('span', { class: 'hint' }, l10n.t('Drag to zoom · Shift+drag to pan · Ctrl+wheel to zoom · double-click to reset')), preview.chip, resetZoom),
    charts.root,
  );
  return {
    root,
    render: () => charts.render(),
    runsChanged: (keys) => charts.markDirty(keys),
    setTheme: (theme) => charts.setTheme(theme),
    pngCharts: () => charts.chartImages(),
    previewSchedule: (request) => preview.request(request),
    dispose: () => {
      for (const undo of unregister) undo();
      charts.dispose();
      root.remove();
    },
  };
}
