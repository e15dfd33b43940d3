/**
 * Min-max decimation that remembers its work. chart.js's own decimation plugin decimates every
 * dataset on every update; while one run streams beside four finished runs of 100k points,
 * that re-decimation of unchanged runs was most of each redraw (bench/suites/webview.ts). This
 * plugin decimates per pixel column of the plot area (see minMaxDecimate), over the points
 * inside the x axis' user bounds (so zooming in shows detail), and keeps each dataset's result
 * until its data, its visible range or the plot width changes.
 *
 * Like chart.js's plugin it swaps `dataset.data` for an accessor: setting it stores the full
 * array (`_data`), reading it returns the decimated copy (`_decimated`). Datasets with at most
 * 4 points per pixel column are drawn as they are.
 */
import type { Chart, ChartDataset, Plugin } from 'chart.js';
import type { Point } from './runsModel';

/** What a dataset's decimated copy was made from. */
interface Made {
  readonly data: readonly Point[];
  readonly length: number;
  readonly start: number;
  readonly count: number;
  readonly width: number;
}

interface DecimatedDataset {
  _data?: readonly Point[];
  _decimated?: Point[];
  _lrlabMade?: Made;
  data: readonly Point[];
}

/**
 * Min-max decimation of data[start, start + count) into `columns` pixel columns over the
 * range's own x extent: per column, its lowest and highest point (in step order, at their own
 * steps), plus the range's first and last point, so the line still reaches both ends. Every
 * point kept is a real point of the run (hover shows true values). At one pixel per column the
 * vertical stroke from a column's minimum to its maximum covers everything the column's points
 * would draw; chart.js's variant also keeps each column's first and last point (up to 4 per
 * column), twice the points to lay out for no visible difference.
 */
export function minMaxDecimate(data: readonly Point[], start: number, count: number, columns: number): Point[] {
  const out: Point[] = [];
  const end = start + count;
  if (count <= 0) return out;
  const xMin = data[start]!.x;
  const dx = data[end - 1]!.x - xMin;
  const scale = dx > 0 ? columns / dx : 0;
  out.push(data[start]!);
  let column = -1;
  let minIndex = -1;
  let maxIndex = -1;
  const flush = (): void => {
    if (minIndex < 0) return;
    const first = Math.min(minIndex, maxIndex);
    const second = Math.max(minIndex, maxIndex);
    if (first !== start && first !== end - 1) out.push(data[first]!);
    if (second !== first && second !== start && second !== end - 1) out.push(data[second]!);
  };
  for (let i = start; i < end; i++) {
    const y = data[i]!.y;
    const c = ((data[i]!.x - xMin) * scale) | 0;
    if (c !== column) {
      flush();
      column = c;
      minIndex = maxIndex = i;
    } else if (y < data[minIndex]!.y) minIndex = i;
    else if (y > data[maxIndex]!.y) maxIndex = i;
  }
  flush();
  if (end - 1 !== start) out.push(data[end - 1]!);
  return out;
}

/** First index whose x ≥ value (binary search; data sorted by x). */
function lowerBound(data: readonly Point[], value: number): number {
  let lo = 0;
  let hi = data.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (data[mid]!.x < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The points inside the axis' user bounds (zoom or pan sets them), with one point beyond each
 * end so the line reaches the edge — chart.js's own rule for what to decimate.
 */
export function visibleRange(data: readonly Point[], min: number | undefined, max: number | undefined): { start: number; count: number } {
  const n = data.length;
  const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);
  const start = min === undefined ? 0 : clamp(lowerBound(data, min) - 1, 0, n - 1);
  const end = max === undefined ? n : clamp(lowerBound(data, max) + 1, start, n);
  return { start, count: end - start };
}

function restore(dataset: DecimatedDataset): void {
  if (dataset._decimated === undefined) return;
  const data = dataset._data ?? [];
  delete dataset._decimated;
  delete dataset._data;
  delete dataset._lrlabMade;
  Object.defineProperty(dataset, 'data', { configurable: true, enumerable: true, writable: true, value: data });
}

function install(dataset: DecimatedDataset): void {
  if (dataset._data !== undefined) return;
  const data = dataset.data;
  delete (dataset as { data?: unknown }).data;
  dataset._data = data;
  Object.defineProperty(dataset, 'data', {
    configurable: true,
    enumerable: true,
    get(this: DecimatedDataset) {
      return this._decimated;
    },
    set(this: DecimatedDataset, value: readonly Point[]) {
      this._data = value;
    },
  });
}

function decimateDataset(chart: Chart, dataset: DecimatedDataset, min: number | undefined, max: number | undefined): void {
  const data = dataset._data ?? dataset.data;
  // The plot area of the last layout (the canvas width before the first one).
  const width = Math.max(1, Math.round(chart.chartArea?.width || chart.width));
  const { start, count } = visibleRange(data, min, max);
  if (count <= 4 * width) {
    restore(dataset);
    return;
  }
  install(dataset);
  const made = dataset._lrlabMade;
  if (made && made.data === data && made.length === data.length && made.start === start && made.count === count && made.width === width) return;
  dataset._decimated = minMaxDecimate(data, start, count, width);
  dataset._lrlabMade = { data, length: data.length, start, count, width };
}

/** Replaces chart.js's decimation plugin (leave that one off). */
export const cachedDecimation: Plugin<'line'> = {
  id: 'lrlabDecimation',
  beforeElementsUpdate(chart) {
    const x = chart.scales.x;
    if (!x) return;
    const { min, max, minDefined, maxDefined } = x.getUserBounds();
    for (const dataset of chart.data.datasets as Array<ChartDataset<'line', Point[]> & DecimatedDataset>) {
      decimateDataset(chart as unknown as Chart, dataset, minDefined ? min : undefined, maxDefined ? max : undefined);
    }
  },
  afterDestroy(chart) {
    for (const dataset of chart.data.datasets as unknown as DecimatedDataset[]) restore(dataset);
  },
};
