/**
 * One chart card: header (title, log toggle), canvas with its chart.js line chart, and the
 * card's state as read-only `data-*` attributes for tests inside and outside VS Code:
 * `data-chart` (series key: loss, lr, gradNorm, metric:<name>), `data-visible-datasets` (run
 * datasets drawn: one per run, two on the loss card for a mini-batch run — its batch loss and
 * its loss on all the data), `data-visible-runs`, `data-total-points` (their points),
 * `data-drawn-points` (after decimation), `data-y-scale` (linear | logarithmic, as drawn),
 * `data-y-choice` (auto | linear | log, as chosen), `data-y-range` ("min,max" of the y axis as
 * laid out), `data-plot-area` ("left,top,right,bottom" in CSS px of the canvas), `data-markers`
 * (divergence markers drawn: JSON [{runId, step, x, y, clamped}]), `data-zoomed`,
 * `data-ends` (JSON [label, x, y] of each
 * run dataset's last point as drawn), `data-preview-points` (lr chart: the live preview's points), `data-preview-curves` (lr chart:
 * live and pinned curves drawn), `data-render-count`, `data-empty`.
 *
 * The y axis is linear or logarithmic as the user chose, or, left on auto, by the span of the
 * values in view (./yAxis.ts): after each update the card asks its datasets for their ranges
 * (memoized by the line controller) and switches the axis when the span calls for it.
 */
import * as l10n from '@vscode/l10n';
import type { ChartDataset } from 'chart.js';
import { h, setAttr, setText } from '../../dom';
import type { Point, SeriesKey } from '../../runs/runsModel';
import type { YScaleChoice } from '../../state';
import type { Theme } from '../../theme';
import { chartOptions, type ChartCallbacks } from './chartOptions';
import { Chart } from './chartSetup';
import { PANEL_LINE, PanelLineController } from './lineController';
import type { XAxis } from './derivedSeries';
import { drawnMarkers, setMarkers, type Marker } from './markers';
import type { SchedulePreview } from './schedulePreview';
import { unionRange, yAxisType, type YAxisType } from './yAxis';

export type LineDataset = ChartDataset<typeof PANEL_LINE, Point[]>;

/** What a card draws: the visible runs' datasets (then the preview's, if any) and their legend labels. */
export interface CardData {
  datasets: LineDataset[];
  labels: string[];
  /** How many of `datasets` are runs' (the preview is not). */
  runDatasets: number;
  /** How many runs they draw (a mini-batch run has two datasets on the loss card). */
  runs: number;
  /** Points of the run datasets. */
  totalPoints: number;
  /** Where diverged runs end. */
  markers: Marker[];
}

export interface CardHandlers {
  /** The user chose the card's y axis (undefined: auto). */
  chooseYScale(card: ChartCard, choice: YScaleChoice | undefined): void;
  /** Zoom or pan finished on this card. */
  viewChange(card: ChartCard): void;
  resetZoom(): void;
  key(card: ChartCard, event: KeyboardEvent): void;
  /** chart.js resized the canvas (the plot area moved). */
  resized(card: ChartCard): void;
}

const BUILTIN_TITLES: Record<string, { title: string; description: string }> = {
  loss: { title: l10n.t('Loss'), description: l10n.t('Loss f(x) per step') },
  lr: { title: l10n.t('Learning rate'), description: l10n.t('Learning rate per step') },
  gradNorm: { title: l10n.t('Gradient norm'), description: l10n.t('Gradient norm ‖∇f(x)‖ per step') },
};

/** The cards every page has, in page order (metric cards follow in order of appearance). */
export const BUILTIN_CARDS: readonly SeriesKey[] = Object.keys(BUILTIN_TITLES);

/** The schedule preview is drawn on this card. */
const PREVIEW_CARD: SeriesKey = 'lr';

export class ChartCard {
  readonly root: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly chart: Chart<typeof PANEL_LINE, Point[]>;
  readonly title: string;
  readonly description: string;
  /** Whether the schedule preview is drawn here. */
  readonly showsPreview: boolean;
  /** runId → dataset, stable across updates so chart.js keeps their state. */
  readonly datasets = new Map<string, LineDataset>();
  /** The previews' datasets by curve ('live', 'pin:<n>'). */
  readonly previewDatasets = new Map<string, LineDataset>();
  private readonly scaleSelect: HTMLSelectElement;
  private readonly callbacks: ChartCallbacks;
  private choice: YScaleChoice | undefined;
  private axis: YAxisType;
  private theme: Theme;
  private renders = 0;
  private xAxis: XAxis = 'step';
  private visibleDatasets = 0;
  private visibleRuns = 0;
  private totalPoints = 0;
  /** The labels of the chart's datasets, by index (for tooltips). */
  private labels: string[] = [];

  constructor(
    readonly key: SeriesKey,
    theme: Theme,
    choice: YScaleChoice | undefined,
    handlers: CardHandlers,
  ) {
    const builtin = BUILTIN_TITLES[key];
    const name = key.startsWith('metric:') ? key.slice('metric:'.length) : key;
    this.title = builtin?.title ?? name;
    this.description = builtin?.description ?? l10n.t('Metric "{0}" per step', name);
    this.showsPreview = key === PREVIEW_CARD;
    this.theme = theme;
    this.choice = choice;
    this.axis = yAxisType(key, choice, null);
    this.scaleSelect = h(
      'select',
      { class: 'y-scale', 'aria-label': l10n.t('{0}: y axis', this.title), title: l10n.t('y axis: auto turns logarithmic when the values in view span more than 3 decades') },
      h('option', { value: 'auto' }, l10n.t('auto')),
      h('option', { value: 'linear' }, l10n.t('linear')),
      h('option', { value: 'log' }, l10n.t('log')),
    );
    this.scaleSelect.value = choice ?? 'auto';
    this.scaleSelect.addEventListener('change', () => {
      const value = this.scaleSelect.value;
      handlers.chooseYScale(this, value === 'log' || value === 'linear' ? value : undefined);
    });
    this.canvas = h('canvas', { role: 'img', tabindex: 0, 'aria-label': this.description });
    this.canvas.addEventListener('dblclick', () => handlers.resetZoom());
    this.canvas.addEventListener('keydown', (event) => handlers.key(this, event));
    this.root = h(
      'section',
      { class: 'chart-card', 'data-chart': key, 'aria-label': this.title },
      h('header', { class: 'chart-header' }, h('h3', { class: 'chart-title', title: this.description }, this.title), h('span', { class: 'chart-tools' }, this.scaleSelect)),
      h('div', { class: 'chart-box' }, this.canvas, h('p', { class: 'chart-empty', 'aria-hidden': 'true' }, l10n.t('No data yet'))),
    );
    this.callbacks = { onViewChange: () => handlers.viewChange(this), onResize: () => handlers.resized(this), labelOf: (i) => this.labels[i] ?? '' };
    this.chart = new Chart<typeof PANEL_LINE, Point[]>(this.canvas, { type: PANEL_LINE, data: { datasets: [] }, options: chartOptions(theme, this.isLog, this.callbacks) });
    this.showAxis();
  }

  /** Whether the y axis is logarithmic now. */
  get isLog(): boolean {
    return this.axis === 'logarithmic';
  }

  /** The user's choice (undefined: auto); takes effect at the next `show`. */
  setChoice(choice: YScaleChoice | undefined): void {
    this.choice = choice;
    this.scaleSelect.value = choice ?? 'auto';
  }

  /** Steps or epochs along x; a new unit starts unzoomed. */
  setXAxis(axis: XAxis): void {
    if (axis === this.xAxis) return;
    this.xAxis = axis;
    this.chart.options = chartOptions(this.theme, this.isLog, this.callbacks, axis);
  }

  /** New options (theme changed), keeping the zoomed step range. */
  applyOptions(theme: Theme): void {
    this.theme = theme;
    const options = chartOptions(theme, this.isLog, this.callbacks, this.xAxis);
    const before = this.chart.options.scales?.x;
    const after = options.scales?.x;
    if (before && after) {
      if (before.min !== undefined) after.min = before.min;
      if (before.max !== undefined) after.max = before.max;
    }
    this.chart.options = options;
  }

  /** Draw `data`, with the step axis reaching at least `stepAxisEnd`; the axis follows the values in view. */
  show(data: CardData, stepAxisEnd: number | undefined): void {
    this.labels = data.labels;
    this.chart.data.datasets = data.datasets;
    const fontSize = Math.max(this.theme.fontSize - 2, 10);
    setMarkers(this.chart, data.markers, { font: `${fontSize}px ${this.theme.fontFamily}`, textColor: this.theme.foreground, background: this.theme.background, lineWidth: this.theme.lineWidth });
    const x = this.chart.options.scales?.x;
    if (x) x.suggestedMax = stepAxisEnd;
    this.chart.update('none');
    const axis = yAxisType(this.key, this.choice, this.valueRange(data.runDatasets));
    if (axis !== this.axis) {
      this.axis = axis;
      this.applyOptions(this.theme);
      this.chart.options.scales!.x!.suggestedMax = stepAxisEnd;
      this.chart.update('none');
    }
    this.showAxis();
    this.renders++;
    this.visibleDatasets = data.runDatasets;
    this.visibleRuns = data.runs;
    this.totalPoints = data.totalPoints;
  }

  /** The values in view of the first `runDatasets` datasets (the runs, not the preview). */
  private valueRange(runDatasets: number): { min: number; max: number } | null {
    const ranges = [];
    for (let i = 0; i < runDatasets; i++) {
      const controller = this.chart.getDatasetMeta(i).controller;
      if (controller instanceof PanelLineController) ranges.push(controller.valueRange());
    }
    return unionRange(ranges);
  }

  /** The auto entry says what auto chose. */
  private showAxis(): void {
    const auto = this.scaleSelect.options[0];
    if (auto) setText(auto, this.choice === undefined ? l10n.t('auto ({0})', this.isLog ? l10n.t('log') : l10n.t('linear')) : l10n.t('auto'));
  }

  /** Write the card's state to its `data-*` attributes and the canvas's label. */
  writeAttributes(hasRuns: boolean, previews: readonly SchedulePreview[]): void {
    const { root, chart, visibleDatasets } = this;
    const { left, top, right, bottom } = chart.chartArea ?? { left: 0, top: 0, right: 0, bottom: 0 };
    const yType = chart.scales.y?.type ?? (this.isLog ? 'logarithmic' : 'linear');
    setAttr(root, 'data-visible-datasets', visibleDatasets);
    setAttr(root, 'data-visible-runs', this.visibleRuns);
    setAttr(root, 'data-total-points', this.totalPoints);
    // Points chart.js actually laid out (after decimation), over the run datasets.
    let drawn = 0;
    for (let i = 0; i < visibleDatasets; i++) drawn += chart.getDatasetMeta(i).data.length;
    setAttr(root, 'data-drawn-points', drawn);
    // Where each run dataset ends, as drawn (smoothed, on the x axis in effect): [label, x, y].
    const ends = chart.data.datasets.slice(0, visibleDatasets).map((ds) => {
      const last = ds.data[ds.data.length - 1];
      return [this.labels[chart.data.datasets.indexOf(ds)] ?? '', last?.x ?? null, last?.y ?? null];
    });
    setAttr(root, 'data-ends', JSON.stringify(ends));
    setAttr(root, 'data-y-scale', yType);
    setAttr(root, 'data-y-choice', this.choice ?? 'auto');
    setAttr(root, 'data-markers', JSON.stringify(drawnMarkers(chart)));
    const y = chart.scales.y;
    setAttr(root, 'data-y-range', y ? `${y.min},${y.max}` : null);
    setAttr(root, 'data-plot-area', [left, top, right, bottom].map((v) => Math.round(v)).join(','));
    setAttr(root, 'data-zoomed', String(chart.isZoomedOrPanned()));
    setAttr(root, 'data-preview-points', this.showsPreview ? (previews.find((p) => p.pin === null)?.points.length ?? 0) : null);
    setAttr(root, 'data-preview-curves', this.showsPreview ? previews.length : null);
    setAttr(root, 'data-render-count', this.renders);
    setAttr(root, 'data-empty', String(visibleDatasets === 0 && !(this.showsPreview && previews.length > 0)));
    const runs = this.visibleRuns === 1 ? l10n.t('1 run') : l10n.t('{0} runs', this.visibleRuns);
    setAttr(this.canvas, 'aria-label', yType === 'logarithmic' ? l10n.t('{0}: {1}, logarithmic scale', this.description, runs) : l10n.t('{0}: {1}, linear scale', this.description, runs));
    const empty = root.querySelector('.chart-empty');
    if (empty) setText(empty, hasRuns ? l10n.t('No data for the visible runs') : l10n.t('No runs yet'));
  }

  destroy(): void {
    this.chart.destroy();
    this.root.remove();
  }
}
