/**
 * The chart cards: loss, learning rate, gradient norm, and one per reported metric. Each
 * card owns a chart.js line chart with one dataset per visible run. Datasets are stable
 * objects per (chart, run) so chart.js keeps their state; before every update the run's full
 * point array is assigned to `dataset.data` (with decimation on, the setter stores it and
 * the getter returns the decimated copy). Only cards whose data changed are updated.
 *
 * Every card exposes its state as read-only `data-*` attributes for tests inside and outside
 * VS Code: `data-chart` (series key: loss, lr, gradNorm, metric:<name>), `data-visible-datasets`
 * (runs drawn), `data-total-points` (their points), `data-drawn-points` (after decimation),
 * `data-y-scale` (linear | logarithmic), `data-y-range` ("min,max" of the y axis as laid out),
 * `data-plot-area` ("left,top,right,bottom" in CSS px of the canvas), `data-zoomed`, `data-preview-points` (lr chart), `data-render-count`, `data-empty`.
 */
import type { ChartDataset } from 'chart.js';
import { Chart, registerCharts } from './chartSetup';
import { chartOptions, type ChartCallbacks } from './chartOptions';
import { h, setAttr, setText } from './dom';
import { PANEL_LINE } from './lineController';
import type { PngChart } from './exportPng';
import { metricKey, type Point, type Run, type RunsModel, type SeriesKey } from './runsModel';
import type { ViewStateStore } from './state';
import { runColor, withAlpha, type Theme } from './theme';

type LineDataset = ChartDataset<typeof PANEL_LINE, Point[]>;

export interface SchedulePreview {
  label: string;
  points: Point[];
}

const BUILTIN_TITLES: Record<string, { title: string; description: string }> = {
  loss: { title: 'Loss', description: 'Loss f(x) per step' },
  lr: { title: 'Learning rate', description: 'Learning rate per step' },
  gradNorm: { title: 'Gradient norm', description: 'Gradient norm ‖∇f(x)‖ per step' },
};

interface CardHandlers {
  toggleLog(card: ChartCard): void;
  viewChange(card: ChartCard): void;
  resetZoom(): void;
  key(card: ChartCard, event: KeyboardEvent): void;
  /** chart.js resized the canvas (the plot area moved). */
  resized(card: ChartCard): void;
}

class ChartCard {
  readonly root: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly chart: Chart<typeof PANEL_LINE, Point[]>;
  readonly logButton: HTMLButtonElement;
  /** runId → dataset, stable across updates. */
  readonly datasets = new Map<string, LineDataset>();
  previewDataset: LineDataset | null = null;
  renders = 0;
  visibleDatasets = 0;
  totalPoints = 0;
  /** The run labels of the datasets in the chart, by index (for tooltips). */
  labels: string[] = [];

  constructor(
    readonly key: SeriesKey,
    readonly title: string,
    readonly description: string,
    theme: Theme,
    log: boolean,
    handlers: CardHandlers,
  ) {
    this.logButton = h('button', { type: 'button', class: 'toggle', 'aria-pressed': String(log), title: 'Logarithmic y axis', 'aria-label': `${title}: logarithmic y axis` }, 'log');
    this.logButton.addEventListener('click', () => handlers.toggleLog(this));
    this.canvas = h('canvas', { role: 'img', tabindex: 0, 'aria-label': description });
    this.canvas.addEventListener('dblclick', () => handlers.resetZoom());
    this.canvas.addEventListener('keydown', (event) => handlers.key(this, event));
    this.root = h(
      'section',
      { class: 'chart-card', 'data-chart': key, 'aria-label': title },
      h('header', { class: 'chart-header' }, h('h3', { class: 'chart-title', title: description }, title), h('span', { class: 'chart-tools' }, this.logButton)),
      h('div', { class: 'chart-box' }, this.canvas, h('p', { class: 'chart-empty', 'aria-hidden': 'true' }, 'No data yet')),
    );
    this.chart = new Chart<typeof PANEL_LINE, Point[]>(this.canvas, {
      type: PANEL_LINE,
      data: { datasets: [] },
      options: chartOptions(theme, log, this.callbacks(handlers)),
    });
  }

  callbacks(handlers: Pick<CardHandlers, 'viewChange' | 'resized'>): ChartCallbacks {
    return { onViewChange: () => handlers.viewChange(this), onResize: () => handlers.resized(this), labelOf: (i) => this.labels[i] ?? '' };
  }

  get isLog(): boolean {
    return this.logButton.getAttribute('aria-pressed') === 'true';
  }
}

export interface ChartsViewEvents {
  /** The zoom state of the charts changed (to enable "Reset zoom"). */
  onZoomChange(zoomed: boolean): void;
}

export class ChartsView {
  readonly root: HTMLElement;
  private readonly cards = new Map<SeriesKey, ChartCard>();
  private readonly dirty = new Set<SeriesKey>();
  private theme: Theme;
  private preview: SchedulePreview | null = null;
  /** Set while one chart's step range is copied to the others (their callbacks must not echo). */
  private linking = false;

  constructor(
    private readonly model: RunsModel,
    private readonly store: ViewStateStore,
    theme: Theme,
    private readonly events: ChartsViewEvents,
  ) {
    registerCharts();
    this.theme = theme;
    this.root = h('div', { class: 'charts', role: 'group', 'aria-label': 'Charts' });
    for (const key of Object.keys(BUILTIN_TITLES)) this.ensureCard(key);
  }

  /** Mark charts for the next `render` (all when no keys are given). */
  markDirty(keys?: Iterable<SeriesKey>): void {
    for (const key of keys ?? this.cards.keys()) this.dirty.add(key);
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    for (const card of this.cards.values()) this.applyOptions(card);
    this.markDirty();
  }

  setPreview(preview: SchedulePreview | null): void {
    this.preview = preview;
    this.dirty.add('lr');
  }

  /** Create / remove metric cards to match the model, then update every dirty card. */
  render(): void {
    const metrics = new Set(this.model.metricNames().map(metricKey));
    for (const key of [...this.cards.keys()]) {
      if (key.startsWith('metric:') && !metrics.has(key)) this.removeCard(key);
    }
    for (const key of metrics) if (!this.cards.has(key)) this.ensureCard(key);
    for (const key of this.dirty) {
      const card = this.cards.get(key);
      if (card) this.renderCard(card);
    }
    this.dirty.clear();
  }

  /** Every card's canvas, in page order, for the PNG export. */
  chartImages(): PngChart[] {
    return [...this.cards.values()].map((card) => ({ title: card.title, card: card.root, canvas: card.canvas }));
  }

  resetZoom(): void {
    this.linking = true;
    try {
      for (const card of this.cards.values()) if (card.chart.isZoomedOrPanned()) card.chart.resetZoom('none');
    } finally {
      this.linking = false;
    }
    this.afterViewChange();
  }

  get zoomed(): boolean {
    for (const card of this.cards.values()) if (card.chart.isZoomedOrPanned()) return true;
    return false;
  }

  /** A card exists for each built-in series and each metric; built-ins first, metrics in order of appearance. */
  private ensureCard(key: SeriesKey): ChartCard {
    const existing = this.cards.get(key);
    if (existing) return existing;
    const builtin = BUILTIN_TITLES[key];
    const name = key.startsWith('metric:') ? key.slice('metric:'.length) : key;
    const title = builtin?.title ?? name;
    const description = builtin?.description ?? `Metric "${name}" per step`;
    const card = new ChartCard(key, title, description, this.theme, this.store.isLog(key), {
      toggleLog: (c) => this.toggleLog(c),
      viewChange: (c) => this.linkView(c),
      resetZoom: () => this.resetZoom(),
      key: (c, e) => this.onKey(c, e),
      resized: (c) => this.afterResize(c),
    });
    this.cards.set(key, card);
    this.root.appendChild(card.root);
    this.dirty.add(key);
    return card;
  }

  private removeCard(key: SeriesKey): void {
    const card = this.cards.get(key);
    if (!card) return;
    card.chart.destroy();
    card.root.remove();
    this.cards.delete(key);
  }

  private toggleLog(card: ChartCard): void {
    const log = !card.isLog;
    this.store.update((s) => {
      if (log) s.logScale[card.key] = true;
      else delete s.logScale[card.key];
    });
    setAttr(card.logButton, 'aria-pressed', String(log));
    this.applyOptions(card);
    this.renderCard(card);
  }

  /** New options (theme or axis type changed), keeping the zoomed step range. */
  private applyOptions(card: ChartCard): void {
    const options = chartOptions(this.theme, card.isLog, card.callbacks({ viewChange: (c) => this.linkView(c), resized: (c) => this.afterResize(c) }));
    const before = card.chart.options.scales?.x;
    const after = options.scales?.x;
    if (before && after) {
      if (before.min !== undefined) after.min = before.min;
      if (before.max !== undefined) after.max = before.max;
    }
    card.chart.options = options;
  }

  /** Keyboard zoom and pan on a focused chart: + / − zoom, ← / → pan, 0 or Escape reset. */
  private onKey(card: ChartCard, event: KeyboardEvent): void {
    const chart = card.chart;
    const step = chart.chartArea.width / 8;
    switch (event.key) {
      case '+':
      case '=':
        chart.zoom({ x: 1.25 }, 'none');
        break;
      case '-':
      case '_':
        chart.zoom({ x: 0.8 }, 'none');
        break;
      case 'ArrowLeft':
        chart.pan({ x: step }, undefined, 'none');
        break;
      case 'ArrowRight':
        chart.pan({ x: -step }, undefined, 'none');
        break;
      case '0':
      case 'Escape':
        this.resetZoom();
        return;
      default:
        return;
    }
    event.preventDefault();
    this.linkView(card);
  }

  /** Copy `source`'s step range to every other chart (the step axes move together). */
  private linkView(source: ChartCard): void {
    if (this.linking) return;
    if (!source.chart.isZoomedOrPanned()) {
      this.resetZoom();
      return;
    }
    const { min, max } = source.chart.scales.x!;
    this.linking = true;
    try {
      for (const card of this.cards.values()) if (card !== source) card.chart.zoomScale('x', { min, max }, 'none');
    } finally {
      this.linking = false;
    }
    this.afterViewChange();
  }

  /** chart.js redraws after its resize callback; the attributes follow on the next frame. */
  private afterResize(card: ChartCard): void {
    requestAnimationFrame(() => {
      if (this.cards.get(card.key) === card) this.writeAttributes(card);
    });
  }

  private afterViewChange(): void {
    for (const card of this.cards.values()) this.writeAttributes(card);
    this.events.onZoomChange(this.zoomed);
  }

  private datasetFor(card: ChartCard, run: Run, points: Point[]): LineDataset {
    let ds = card.datasets.get(run.meta.id);
    if (!ds) {
      ds = { label: run.meta.label, data: points, pointRadius: 0 };
      card.datasets.set(run.meta.id, ds);
    }
    const color = runColor(this.theme, run.meta.colorIndex);
    ds.label = run.meta.label;
    ds.borderColor = color;
    ds.backgroundColor = color;
    ds.borderWidth = this.theme.lineWidth;
    ds.pointHoverBackgroundColor = color;
    ds.pointHoverBorderColor = this.theme.background;
    ds.data = points;
    return ds;
  }

  private previewFor(card: ChartCard, preview: SchedulePreview): LineDataset {
    card.previewDataset ??= { label: '', data: [], pointRadius: 0, borderDash: [6, 4] };
    const ds = card.previewDataset;
    ds.label = `preview · ${preview.label}`;
    ds.borderColor = withAlpha(this.theme.foreground, this.theme.highContrast ? 1 : 0.75);
    ds.backgroundColor = ds.borderColor;
    ds.borderWidth = this.theme.lineWidth;
    ds.data = preview.points;
    return ds;
  }

  /**
   * Where the step axis should reach: the last step of finished runs, the planned iterations
   * of running ones (so a streaming curve grows into a fixed frame instead of rescaling).
   */
  private stepAxisEnd(): number | undefined {
    let end = this.preview?.points.length ?? 0;
    for (const run of this.model.list()) {
      if (this.store.isHidden(run.meta.id)) continue;
      const planned = run.meta.config.iterations;
      end = Math.max(end, run.outcome === null && typeof planned === 'number' ? planned : run.lastStep);
    }
    return end > 0 ? end : undefined;
  }

  private renderCard(card: ChartCard): void {
    const datasets: LineDataset[] = [];
    const labels: string[] = [];
    let totalPoints = 0;
    const alive = new Set<string>();
    for (const run of this.model.list()) {
      alive.add(run.meta.id);
      const points = run.series.get(card.key);
      if (!points || this.store.isHidden(run.meta.id)) continue;
      datasets.push(this.datasetFor(card, run, points));
      labels.push(run.meta.label);
      totalPoints += points.length;
    }
    for (const id of card.datasets.keys()) if (!alive.has(id)) card.datasets.delete(id);
    const runDatasets = datasets.length;
    if (card.key === 'lr' && this.preview) {
      datasets.push(this.previewFor(card, this.preview));
      labels.push(`preview · ${this.preview.label}`);
    }
    card.labels = labels;
    card.chart.data.datasets = datasets;
    const x = card.chart.options.scales?.x;
    if (x) x.suggestedMax = this.stepAxisEnd();
    card.chart.update('none');
    card.renders++;
    card.visibleDatasets = runDatasets;
    card.totalPoints = totalPoints;
    this.writeAttributes(card);
  }

  private writeAttributes(card: ChartCard): void {
    const { root, visibleDatasets, totalPoints } = card;
    const { left, top, right, bottom } = card.chart.chartArea ?? { left: 0, top: 0, right: 0, bottom: 0 };
    const yType = card.chart.scales.y?.type ?? (card.isLog ? 'logarithmic' : 'linear');
    setAttr(root, 'data-visible-datasets', visibleDatasets);
    setAttr(root, 'data-total-points', totalPoints);
    // Points chart.js actually laid out (after decimation), over the run datasets.
    let drawn = 0;
    for (let i = 0; i < visibleDatasets; i++) drawn += card.chart.getDatasetMeta(i).data.length;
    setAttr(root, 'data-drawn-points', drawn);
    setAttr(root, 'data-y-scale', yType);
    const y = card.chart.scales.y;
    setAttr(root, 'data-y-range', y ? `${y.min},${y.max}` : null);
    setAttr(root, 'data-plot-area', [left, top, right, bottom].map((v) => Math.round(v)).join(','));
    setAttr(root, 'data-zoomed', String(card.chart.isZoomedOrPanned()));
    setAttr(root, 'data-preview-points', card.key === 'lr' ? (this.preview?.points.length ?? 0) : null);
    setAttr(root, 'data-render-count', card.renders);
    setAttr(root, 'data-empty', String(visibleDatasets === 0 && !(card.key === 'lr' && this.preview)));
    const runs = visibleDatasets === 1 ? '1 run' : `${visibleDatasets} runs`;
    setAttr(card.canvas, 'aria-label', `${card.description}: ${runs}, ${yType === 'logarithmic' ? 'logarithmic' : 'linear'} scale`);
    const empty = root.querySelector('.chart-empty');
    if (empty) setText(empty, this.model.size === 0 ? 'No runs yet' : 'No data for the visible runs');
  }
}
