/**
 * The curves view: the chart cards (loss, lr, gradient norm, metrics per step) under a bar
 * with the zoom hint and "Reset zoom", and the schedule preview — a small chart the page puts
 * beside the form (`previewCard`), whose curves are also drawn on the lr card. It draws from the
 * runs model and handles the host's `schedulePreview` answers.
 */
import * as l10n from '@vscode/l10n';
import { h } from '../../dom';
import type { PanelView, ViewContext } from '../../view';
import { ChartsView } from './chartsView';
import { CurvesToolbar } from './curvesToolbar';
import { PreviewChart } from './previewChart';
import { SchedulePreviewRoom, type PreviewRequest } from './schedulePreview';

export interface CurvesView extends PanelView {
  /** The small schedule-preview chart, for the page to place beside the form. */
  readonly previewCard: HTMLElement;
  /** Ask the host for the lr curve of the form's schedule (the live preview). */
  previewSchedule(request: PreviewRequest): void;
  /** No live preview (the form does not read, or the preview is off); pins stay. */
  clearPreview(): void;
  /** Show or hide the small preview chart. */
  showPreviewCard(shown: boolean): void;
}

export function createCurvesView(context: ViewContext): CurvesView {
  const resetZoom = h('button', { type: 'button', class: 'secondary small', id: 'reset-zoom', disabled: true, 'aria-label': l10n.t('Reset zoom of all charts') }, l10n.t('Reset zoom'));
  const charts = new ChartsView(context.model, context.visibility, context.store, context.theme(), { onZoomChange: (zoomed) => (resetZoom.disabled = !zoomed) });
  resetZoom.addEventListener('click', () => charts.resetZoom());
  const toolbar = new CurvesToolbar(context.store, () => {
    charts.viewChanged();
    context.scheduler.request();
  });
  let small: PreviewChart | undefined;
  const preview = new SchedulePreviewRoom(
    context.post,
    (shown) => {
      charts.setPreviews(shown);
      small?.show(shown);
      context.scheduler.request();
    },
    context.theme,
  );
  small = new PreviewChart(context.theme(), preview.controls);
  const unregister = preview.listen(context.router);
  const root = h(
    'div',
    { class: 'view', 'data-view': 'curves' },
    h('div', { class: 'charts-toolbar' }, h('span', { class: 'hint' }, l10n.t('Drag to zoom · Shift+drag to pan · Ctrl+wheel to zoom · double-click to reset')), toolbar.smoothingControl, toolbar.xAxisControl, resetZoom),
    charts.root,
  );
  return {
    root,
    previewCard: small.root,
    render: () => {
      charts.render();
      toolbar.show(charts.epochsAvailable, charts.xAxisInEffect);
    },
    runsChanged: (keys) => charts.markDirty(keys),
    setTheme: (theme) => {
      charts.setTheme(theme);
      small?.setTheme(theme);
      preview.repaint();
    },
    pngCharts: () => charts.chartImages(),
    previewSchedule: (request) => preview.request(request),
    clearPreview: () => preview.clearLive(),
    showPreviewCard: (shown) => {
      if (small) small.hidden = !shown;
    },
    dispose: () => {
      for (const undo of unregister) undo();
      charts.dispose();
      small?.dispose();
      root.remove();
    },
  };
}
