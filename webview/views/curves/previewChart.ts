/**
 * The small chart of the schedule preview, beside the form: the lr per step of the form's
 * schedule (live) and of the pinned ones, with the pins' chips and "Pin" above it. Its state
 * for tests: `data-live-points` (the live curve's points), `data-curves` (curves drawn).
 */
import * as l10n from '@vscode/l10n';
import { h, setAttr } from '../../dom';
import type { Point } from '../../runs/runsModel';
import type { Theme } from '../../theme';
import type { LineDataset } from './chartCard';
import { chartOptions } from './chartOptions';
import { Chart, registerCharts } from './chartSetup';
import { datasetsOf } from './previewDatasets';
import { PANEL_LINE } from './lineController';
import type { SchedulePreview } from './schedulePreview';

export class PreviewChart {
  readonly root: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly chart: Chart<typeof PANEL_LINE, Point[]>;
  private readonly datasets = new Map<string, LineDataset>();
  private labels: string[] = [];
  private theme: Theme;

  constructor(theme: Theme, controls: HTMLElement) {
    registerCharts();
    this.theme = theme;
    this.canvas = h('canvas', { role: 'img', 'aria-label': l10n.t("Learning rate per step of the schedule in the form") });
    this.root = h(
      'section',
      { class: 'schedule-preview', 'aria-label': l10n.t('Schedule preview'), 'data-live-points': 0, 'data-curves': 0 },
      h('header', { class: 'chart-header' }, h('h3', { class: 'preview-title', title: l10n.t("The learning rate each step of the schedule in the form gives; it follows your edits") }, l10n.t('Schedule preview')), controls),
      h('div', { class: 'preview-box' }, this.canvas),
    );
    this.chart = new Chart<typeof PANEL_LINE, Point[]>(this.canvas, { type: PANEL_LINE, data: { datasets: [] }, options: this.options() });
  }

  private options() {
    const options = chartOptions(this.theme, false, { onViewChange: () => undefined, onResize: () => undefined, labelOf: (i) => this.labels[i] ?? '' });
    // A glance, not a tool: no zoom or pan here (the lr card has them).
    options.plugins!.zoom = { pan: { enabled: false }, zoom: { wheel: { enabled: false }, drag: { enabled: false }, pinch: { enabled: false } } };
    options.scales!.x!.title = { display: false };
    return options;
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.chart.options = this.options();
  }

  show(previews: readonly SchedulePreview[]): void {
    const { datasets, labels } = datasetsOf(this.datasets, previews, this.theme);
    this.labels = labels;
    this.chart.data.datasets = datasets;
    this.chart.update('none');
    setAttr(this.root, 'data-live-points', previews.find((p) => p.pin === null)?.points.length ?? 0);
    setAttr(this.root, 'data-curves', previews.length);
  }

  set hidden(hidden: boolean) {
    this.root.hidden = hidden;
  }

  dispose(): void {
    this.chart.destroy();
    this.root.remove();
  }
}
