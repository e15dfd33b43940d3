/**
 * One PNG of the panel's charts: a legend of the visible runs on top, then the charts in a
 * grid (two columns when there are several), on the theme's editor background (chart
 * canvases are transparent). Drawn at the canvases' own pixel ratio, so it is as sharp as
 * the screen.
 */
import type { Theme } from './theme';

export interface PngChart {
  title: string;
  canvas: HTMLCanvasElement;
}

export interface PngLegendEntry {
  label: string;
  color: string;
}

const PAD = 16;
const GAP = 16;
const TITLE_GAP = 6;
const SWATCH = 10;

export function renderPng(charts: PngChart[], legend: PngLegendEntry[], theme: Theme, heading = 'LR Lab'): string {
  const visible = charts.filter((c) => c.canvas.width > 0 && c.canvas.height > 0);
  const ratio = Math.max(1, ...visible.map((c) => c.canvas.width / Math.max(1, c.canvas.clientWidth || c.canvas.width)));
  const cellWidth = Math.max(320, ...visible.map((c) => c.canvas.width / ratio));
  const cellHeight = Math.max(160, ...visible.map((c) => c.canvas.height / ratio));
  const columns = visible.length > 1 ? 2 : 1;
  const rows = Math.ceil(visible.length / columns);
  const fontSize = theme.fontSize;
  const lineHeight = Math.round(fontSize * 1.6);
  const width = PAD * 2 + columns * cellWidth + (columns - 1) * GAP;

  const scratch = document.createElement('canvas').getContext('2d')!;
  scratch.font = `${fontSize}px ${theme.fontFamily}`;
  // Lay the legend out in lines that fit the width.
  const legendLines: PngLegendEntry[][] = [[]];
  let x = 0;
  for (const entry of legend) {
    const w = SWATCH + 6 + scratch.measureText(entry.label).width + 18;
    if (x + w > width - PAD * 2 && legendLines[legendLines.length - 1]!.length) {
      legendLines.push([]);
      x = 0;
    }
    legendLines[legendLines.length - 1]!.push(entry);
    x += w;
  }
  const headerHeight = lineHeight * (1 + (legend.length ? legendLines.length : 0)) + GAP / 2;
  const titleHeight = lineHeight;
  const height = PAD * 2 + headerHeight + rows * (titleHeight + TITLE_GAP + cellHeight) + (rows - 1) * GAP;

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
  ctx.font = `${fontSize}px ${theme.fontFamily}`;
  for (const line of legend.length ? legendLines : []) {
    y += lineHeight;
    let lx = PAD;
    for (const entry of line) {
      ctx.fillStyle = entry.color;
      ctx.fillRect(lx, y - SWATCH / 2, SWATCH, SWATCH);
      lx += SWATCH + 6;
      ctx.fillStyle = theme.foreground;
      ctx.fillText(entry.label, lx, y);
      lx += ctx.measureText(entry.label).width + 18;
    }
  }

  const top = PAD + headerHeight;
  visible.forEach((chart, i) => {
    const col = i % columns;
    const row = Math.floor(i / columns);
    const cx = PAD + col * (cellWidth + GAP);
    const cy = top + row * (titleHeight + TITLE_GAP + cellHeight + GAP);
    ctx.fillStyle = theme.foreground;
    ctx.font = `bold ${fontSize}px ${theme.fontFamily}`;
    ctx.fillText(chart.title, cx, cy + titleHeight / 2);
    ctx.strokeStyle = theme.border;
    ctx.lineWidth = 1;
    ctx.strokeRect(cx + 0.5, cy + titleHeight + TITLE_GAP / 2 + 0.5, cellWidth - 1, cellHeight + TITLE_GAP / 2 - 1);
    ctx.drawImage(chart.canvas, cx, cy + titleHeight + TITLE_GAP, chart.canvas.width / ratio, chart.canvas.height / ratio);
  });
  return canvas.toDataURL('image/png');
}
