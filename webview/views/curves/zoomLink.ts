/**
 * Zoom and pan on the chart cards, with their step axes linked: a zoom or pan on one card
 * (drag, Shift+drag, Ctrl+wheel, pinch, or the keyboard on a focused chart) moves every
 * other card to the same step range; a reset on any resets all.
 */
import type { ChartCard } from './chartCard';

export class ZoomLink {
  /** Set while one card's step range is copied to the others (their callbacks must not echo). */
  private linking = false;

  constructor(
    private readonly cards: () => Iterable<ChartCard>,
    /** The step range of the cards changed (zoomed, panned or reset). */
    private readonly changed: () => void,
  ) {}

  get zoomed(): boolean {
    for (const card of this.cards()) if (card.chart.isZoomedOrPanned()) return true;
    return false;
  }

  reset(): void {
    this.linking = true;
    try {
      for (const card of this.cards()) if (card.chart.isZoomedOrPanned()) card.chart.resetZoom('none');
    } finally {
      this.linking = false;
    }
    this.changed();
  }

  /** Copy `source`'s step range to every other card. */
  follow(source: ChartCard): void {
    if (this.linking) return;
    if (!source.chart.isZoomedOrPanned()) {
      this.reset();
      return;
    }
    const { min, max } = source.chart.scales.x!;
    this.linking = true;
    try {
      for (const card of this.cards()) if (card !== source) card.chart.zoomScale('x', { min, max }, 'none');
    } finally {
      this.linking = false;
    }
    this.changed();
  }

  /** Keyboard zoom and pan on a focused chart: + / − zoom, ← / → pan, 0 or Escape reset. */
  key(card: ChartCard, event: KeyboardEvent): void {
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
        this.reset();
        return;
      default:
        return;
    }
    event.preventDefault();
    this.follow(card);
  }
}
