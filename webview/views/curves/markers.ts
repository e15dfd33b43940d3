/**
 * The ✕ where a diverged run's records end, drawn by a small chart.js plugin on top of the
 * lines. Its exploding tail leaves the plot area (it does not set the y range), so the mark is
 * held inside the plot area at the edge the run left by, with "diverged at step k" beside it
 * where there is room (the loss chart). Markers are set per chart before each update; the
 * positions drawn are kept for the card's `data-markers` hook.
 */
import type { Chart, Plugin } from 'chart.js';

export interface Marker {
  /** Step and value of the run's last point on this chart. */
  readonly step: number;
  readonly value: number;
  readonly color: string;
  /** Text beside the ✕, or null. */
  readonly label: string | null;
  /** Who it belongs to (for the test hook). */
  readonly runId: string;
}

export interface MarkerStyle {
  readonly font: string;
  readonly textColor: string;
  readonly background: string;
  readonly lineWidth: number;
}

/** Where a marker was drawn, in CSS px of the canvas. */
export interface DrawnMarker {
  readonly runId: string;
  readonly step: number;
  readonly x: number;
  readonly y: number;
  /** The point is above or below the plot area: the ✕ sits on its edge. */
  readonly clamped: boolean;
}

interface ChartMarkers {
  markers: readonly Marker[];
  style: MarkerStyle;
  drawn: DrawnMarker[];
}

const byChart = new WeakMap<Chart, ChartMarkers>();

const ARM = 5;
const INSET = ARM + 2;

export function setMarkers(chart: Chart, markers: readonly Marker[], style: MarkerStyle): void {
  byChart.set(chart, { markers, style, drawn: byChart.get(chart)?.drawn ?? [] });
}

/** The markers drawn at the chart's last draw. */
export function drawnMarkers(chart: Chart): readonly DrawnMarker[] {
  return byChart.get(chart)?.drawn ?? [];
}

export const divergenceMarkers: Plugin = {
  id: 'lrlabMarkers',
  afterDatasetsDraw(chart) {
    const entry = byChart.get(chart);
    if (!entry) return;
    entry.drawn = [];
    const { markers, style } = entry;
    const x = chart.scales.x;
    const y = chart.scales.y;
    if (!x || !y || markers.length === 0) return;
    const area = chart.chartArea;
    const ctx = chart.ctx;
    ctx.save();
    for (const marker of markers) {
      const px = x.getPixelForValue(marker.step);
      if (!(px >= area.left - 1 && px <= area.right + 1)) continue; // zoomed away
      const raw = y.getPixelForValue(marker.value);
      const py = Math.min(Math.max(Number.isFinite(raw) ? raw : area.top, area.top + INSET), area.bottom - INSET);
      const clamped = !(raw >= area.top + INSET && raw <= area.bottom - INSET);
      ctx.strokeStyle = marker.color;
      ctx.lineWidth = style.lineWidth + 1;
      ctx.lineCap = 'round';
      ctx.beginPath();
      ctx.moveTo(px - ARM, py - ARM);
      ctx.lineTo(px + ARM, py + ARM);
      ctx.moveTo(px + ARM, py - ARM);
      ctx.lineTo(px - ARM, py + ARM);
      ctx.stroke();
      if (marker.label) {
        ctx.font = style.font;
        ctx.textBaseline = 'middle';
        const width = ctx.measureText(marker.label).width;
        // Beside the ✕, on the side with room.
        const right = px + ARM + 4 + width <= area.right;
        const tx = right ? px + ARM + 4 : px - ARM - 4 - width;
        ctx.fillStyle = style.background;
        ctx.fillRect(tx - 2, py - 8, width + 4, 16);
        ctx.fillStyle = style.textColor;
        ctx.fillText(marker.label, tx, py);
      }
      entry.drawn.push({ runId: marker.runId, step: marker.step, x: Math.round(px), y: Math.round(py), clamped });
    }
    ctx.restore();
  },
};
