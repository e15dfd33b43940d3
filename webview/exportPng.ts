/**
 * One PNG of the panel's charts: a legend of the visible runs on top, then the chart cards
 * where they sit on the page (the same grid the user sees), on the theme's editor background
 * (chart canvases are transparent). Drawn at the canvases' own pixel ratio, so it is as
 * sharp as the screen.
 */
import type { Theme } from './theme';

export interface PngChart {
  title: string;
  /** The card (border and title) … */
  card: HTMLElement;
  /** … and its chart canvas. */
  canvas: HTMLCanvasElement;
}

export interface PngLegendEntry {
  label: string;
  color: string;
}

const PAD = 16;
const SWATCH = 10;
const SWATCH_GAP = 6;
const ENTRY_GAP = 18;

export function renderPng(charts: PngChart[], legend: PngLegendEntry[], theme: Theme, heading = 'LR Lab'): string {
  const laidOut = charts
    .map((chart) => ({ chart, cardRect: chart.card.getBoundingClientRect(), canvasRect: chart.canvas.getBoundingClientRect() }))
    .filter(({ canvasRect, chart }) => canvasRect.width > 0 && canvasRect.height > 0 && chart.canvas.width > 0);
  const ratio = Math.max(1, ...laidOut.map(({ chart, canvasRect }) => chart.canvas.width / canvasRect.width));
  const left = Math.min(...laidOut.map((c) => c.cardRect.left));
  const top = Math.min(...laidOut.map((c) => c.cardRect.top));
  const chartsWidth = laidOut.length ? Math.max(...laidOut.map((c) => c.cardRect.right)) - left : 320;
  const chartsHeight = laidOut.length ? Math.max(...laidOut.map((c) => c.cardRect.bottom)) - top : 0;
  const width = Math.ceil(chartsWidth + PAD * 2);
  const fontSize = theme.fontSize;
  const font = `${fontSize}px ${theme.fontFamily}`;
  const lineHeight = Math.round(fontSize * 1.7);

  // Legend entries flow in lines that fit the width.
  const measure = document.createElement('canvas').getContext('2d')!;
  measure.font = font;
  const lines: PngLegendEntry[][] = [];
  let x = Infinity;
  for (const entry of legend) {
    const w = SWATCH + SWATCH_GAP + measure.measureText(entry.label).width + ENTRY_GAP;
    if (x + w > width - PAD * 2) {
      lines.push([]);
      x = 0;
    }
    lines[lines.length - 1]!.push(entry);
    x += w;
  }
  const headerHeight = lineHeight * (1 + lines.length) + PAD / 2;
  const height = Math.ceil(PAD + headerHeight + chartsHeight + PAD);

  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * ratio);
  canvas.height = Math.ceil(height * ratio);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(ratio, ratio);
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, width, height);
  ctx.textBaseline = 'middle';

  let y = PAD + lineHeight / 2;
  ctx.fillStyle = theme.foreground;
  ctx.font = `bold ${fontSize + 1}px ${theme.fontFamily}`;
  ctx.fillText(heading, PAD, y);
  ctx.font = font;
  for (const line of lines) {
    y += lineHeight;
    let lx = PAD;
    for (const entry of line) {
      ctx.fillStyle = entry.color;
      ctx.fillRect(lx, y - 2, SWATCH + 4, 4);
      lx += SWATCH + 4 + SWATCH_GAP;
      ctx.fillStyle = theme.foreground;
      ctx.fillText(entry.label, lx, y);
      lx += measure.measureText(entry.label).width + ENTRY_GAP;
    }
  }

  const ox = PAD - left;
  const oy = PAD + headerHeight - top;
  for (const { chart, cardRect, canvasRect } of laidOut) {
    ctx.strokeStyle = theme.border;
    ctx.lineWidth = 1;
    ctx.strokeRect(cardRect.left + ox + 0.5, cardRect.top + oy + 0.5, cardRect.width - 1, cardRect.height - 1);
    ctx.fillStyle = theme.foreground;
    ctx.font = `bold ${fontSize}px ${theme.fontFamily}`;
    ctx.fillText(chart.title, canvasRect.left + ox, (cardRect.top + canvasRect.top) / 2 + oy);
    ctx.drawImage(chart.canvas, canvasRect.left + ox, canvasRect.top + oy, canvasRect.width, canvasRect.height);
  }
  return canvas.toDataURL('image/png');
}
