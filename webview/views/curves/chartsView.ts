/**
 * The chart cards: loss, learning rate, gradient norm, and one per reported metric, each a
 * chart.js line chart with one dataset per visible run (./chartCard.ts builds a card,
 * ./datasets.ts what it draws, ./zoomLink.ts links their step axes). Cards are marked dirty
 * when their series change and only dirty cards are updated on `render`.
 */
import * as l10n from '@vscode/l10n';
import { h } from '../../dom';
import type { PngChart } from '../../exportPng';
import { metricKey, type RunsModel, type SeriesKey } from '../../runs/runsModel';
import type { RunVisibility } from '../../runs/visibility';
import type { ViewStateStore, YScaleChoice } from '../../state';
import type { Theme } from '../../theme';
import { BUILTIN_CARDS, ChartCard, type CardHandlers } from './chartCard';
import { registerCharts } from './chartSetup';
import { cardData, stepAxisEnd, type CurvesView } from './datasets';
import { DerivedSeries, stepsPerEpoch, type XAxis } from './derivedSeries';
import type { SchedulePreview } from './schedulePreview';
import { ZoomLink } from './zoomLink';

export interface ChartsViewEvents {
  /** The zoom state of the charts changed (to enable "Reset zoom"). */
  onZoomChange(zoomed: boolean): void;
}

export class ChartsView {
  readonly root: HTMLElement;
  private readonly cards = new Map<SeriesKey, ChartCard>();
  private readonly dirty = new Set<SeriesKey>();
  private readonly zoom: ZoomLink;
  private readonly handlers: CardHandlers;
  private theme: Theme;
  private previews: readonly SchedulePreview[] = [];
  private readonly derived = new DerivedSeries();
  private xAxis: XAxis = 'step';

  constructor(
    private readonly model: RunsModel,
    private readonly visibility: RunVisibility,
    private readonly store: ViewStateStore,
    theme: Theme,
    events: ChartsViewEvents,
  ) {
    registerCharts();
    this.theme = theme;
    this.zoom = new ZoomLink(
      () => this.cards.values(),
      () => {
        for (const card of this.cards.values()) this.writeAttributes(card);
        events.onZoomChange(this.zoom.zoomed);
      },
    );
    this.handlers = {
      chooseYScale: (card, choice) => this.chooseYScale(card, choice),
      viewChange: (card) => this.zoom.follow(card),
      resetZoom: () => this.zoom.reset(),
      key: (card, event) => this.zoom.key(card, event),
      resized: (card) => this.afterResize(card),
    };
    this.root = h('div', { class: 'charts', role: 'group', 'aria-label': l10n.t('Charts') });
    for (const key of BUILTIN_CARDS) this.ensureCard(key);
  }

  /** Mark charts for the next `render` (all when no keys are given). */
  markDirty(keys?: Iterable<SeriesKey>): void {
    for (const key of keys ?? this.cards.keys()) this.dirty.add(key);
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    for (const card of this.cards.values()) card.applyOptions(theme);
    this.markDirty();
  }

  setPreviews(previews: readonly SchedulePreview[]): void {
    this.previews = previews;
    for (const card of this.cards.values()) if (card.showsPreview) this.dirty.add(card.key);
  }

  /**
   * Whether the epoch axis means something for the runs on screen: one of them is a mini-batch
   * run whose epoch length the page knows.
   */
  get epochsAvailable(): boolean {
    return this.visibility.visible().some((run) => (stepsPerEpoch(run.meta) ?? 1) > 1);
  }

  /** The smoothing and x axis as chosen (view state), the axis falling back to steps where epochs mean nothing. */
  private get view(): CurvesView {
    const state = this.store.current;
    return { smoothing: state.smoothing, xAxis: state.xAxis === 'epoch' && this.epochsAvailable ? 'epoch' : 'step' };
  }

  /** The x axis the cards draw on now. */
  get xAxisInEffect(): XAxis {
    return this.xAxis;
  }

  /** The smoothing or the x axis changed: every card draws again (a new x unit starts unzoomed). */
  viewChanged(): void {
    this.markDirty();
  }

  /** Create / remove metric cards to match the visible runs, then update every dirty card. */
  render(): void {
    const axis = this.view.xAxis;
    if (axis !== this.xAxis) {
      this.xAxis = axis;
      for (const card of this.cards.values()) card.setXAxis(axis);
      this.zoom.reset();
      this.markDirty();
    }
    const metrics = new Set(this.model.metricNames(this.visibility.visible()).map(metricKey));
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
    this.zoom.reset();
  }

  get zoomed(): boolean {
    return this.zoom.zoomed;
  }

  dispose(): void {
    for (const key of [...this.cards.keys()]) this.removeCard(key);
  }

  /** A card exists for each built-in series and each metric; built-ins first, metrics in order of appearance. */
  private ensureCard(key: SeriesKey): ChartCard {
    const existing = this.cards.get(key);
    if (existing) return existing;
    const card = new ChartCard(key, this.theme, this.store.yScale(key), this.handlers);
    this.cards.set(key, card);
    this.root.appendChild(card.root);
    this.dirty.add(key);
    return card;
  }

  private removeCard(key: SeriesKey): void {
    this.cards.get(key)?.destroy();
    this.cards.delete(key);
    this.derived.retain(new Set(), key);
  }

  private chooseYScale(card: ChartCard, choice: YScaleChoice | undefined): void {
    this.store.update((s) => {
      if (choice) s.yScale[card.key] = choice;
      else delete s.yScale[card.key];
    });
    card.setChoice(choice);
    this.renderCard(card);
  }

  /** chart.js redraws after its resize callback; the attributes follow on the next frame. */
  private afterResize(card: ChartCard): void {
    requestAnimationFrame(() => {
      if (this.cards.get(card.key) === card) this.writeAttributes(card);
    });
  }

  private renderCard(card: ChartCard): void {
    const view = this.view;
    card.show(cardData(card, this.visibility, this.theme, this.previews, view, this.derived), stepAxisEnd(this.visibility, this.previews, view.xAxis));
    this.writeAttributes(card);
  }

  private writeAttributes(card: ChartCard): void {
    card.writeAttributes(this.visibility.listed().length > 0, this.previews);
  }
}
