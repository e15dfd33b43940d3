/**
 * Min-max decimation that remembers its work. chart.js's own decimation plugin decimates every
 * dataset on every update; while one run streams beside four finished runs of 100k points,
 * that re-decimation of unchanged runs was most of each redraw (bench/suites/webview.ts). This
 * plugin decimates per pixel column of the plot area (see MinMaxColumns), over the points
 * inside the x axis' user bounds (so zooming in shows detail), and keeps each dataset's result
 * until its visible range or the plot width changes; a run that grows is extended with its new
 * points only.
 *
 * Like chart.js's plugin it swaps `dataset.data` for an accessor: setting it stores the full
 * array (`_data`), reading it returns the decimated copy (`_decimated`). Datasets with at most
 * 4 points per pixel column are drawn as they are.
 */
import type { Plugin } from 'chart.js';
import type { PANEL_LINE } from './lineController';
import type { Point } from '../../runs/runsModel';

/**
 * How much narrower than a pixel a dataset's columns may be before it is decimated afresh (after
 * the step axis grew: a longer run came, or the plot got narrower). Narrower columns only cost
 * more points to lay out; wider ones would lose detail, so those are always redone.
 */
const MAX_COLUMNS_PER_PIXEL = 1.5;

/**
 * Min-max decimation of data[start, end) into columns of equal step width from data[start].x:
 * per column, its lowest and highest point (in step order, at their own steps), plus the first
 * and the last point, so the line still reaches both ends. Every point kept is a real point of
 * the run (hover shows true values). At one pixel per column the vertical stroke from a
 * column's minimum to its maximum covers everything the column's points would draw; chart.js's
 * variant also keeps each column's first and last point (up to 4 per column), twice the points
 * to lay out for no visible difference.
 *
 * `extend` takes a later `end` of the same (append-only) array: the columns before the last
 * one are final, so only the new points and the last column are looked at again.
 */
export class MinMaxColumns {
  /** The first point and the points of every closed column. */
  private readonly closed: Point[] = [];
  /** First index of the last (open) column, and that column. */
  private openFrom: number;
  private openColumn = -1;
  private end: number;

  constructor(
    private readonly data: readonly Point[],
    private readonly start: number,
    /** Columns per unit of x: column of x = ⌊(x − data[start].x) · columnsPerX⌋. */
    readonly columnsPerX: number,
  ) {
    this.openFrom = start;
    this.end = start;
    if (start < data.length) this.closed.push(data[start]!);
  }

  /** The column of data[i]. */
  columnOf(i: number): number {
    return ((this.data[i]!.x - this.data[this.start]!.x) * this.columnsPerX) | 0;
  }

  /** Take in data[current end, end). */
  extend(end: number): void {
    for (let i = this.end; i < end; i++) {
      const column = this.columnOf(i);
      if (column === this.openColumn) continue;
      if (this.openColumn >= 0) this.keepMinMax(this.closed, this.openFrom, i, -1);
      this.openColumn = column;
      this.openFrom = i;
    }
    if (end > this.end) this.end = end;
  }

  /** The decimated points of data[start, end), a new array. */
  points(): Point[] {
    const out = this.closed.slice();
    if (this.end <= this.start) return out;
    const last = this.end - 1;
    this.keepMinMax(out, this.openFrom, this.end, last);
    if (last !== this.start) out.push(this.data[last]!);
    return out;
  }

  /** Push the lowest and highest point of data[from, to) in step order, except the first point and `except`. */
  private keepMinMax(out: Point[], from: number, to: number, except: number): void {
    const data = this.data;
    let minIndex = from;
    let maxIndex = from;
    for (let i = from + 1; i < to; i++) {
      const y = data[i]!.y;
      if (y < data[minIndex]!.y) minIndex = i;
      else if (y > data[maxIndex]!.y) maxIndex = i;
    }
    const first = Math.min(minIndex, maxIndex);
    const second = Math.max(minIndex, maxIndex);
    if (first !== this.start && first !== except) out.push(data[first]!);
    if (second !== first && second !== this.start && second !== except) out.push(data[second]!);
  }
}

/** Min-max decimation of data[start, start + count) into `columns` columns over the range's own x extent (see MinMaxColumns). */
export function minMaxDecimate(data: readonly Point[], start: number, count: number, columns: number): Point[] {
  if (count <= 0) return [];
  const dx = data[start + count - 1]!.x - data[start]!.x;
  const decimation = new MinMaxColumns(data, start, dx > 0 ? columns / dx : 0);
  decimation.extend(start + count);
  return decimation.points();
}

/** What a dataset's decimated copy was made from, kept to extend it. */
interface Made {
  readonly data: readonly Point[];
  readonly start: number;
  end: number;
  readonly columns: MinMaxColumns;
}

interface DecimatedDataset {
  _data?: readonly Point[];
  _decimated?: Point[];
  _lrlabMade?: Made;
  data: readonly Point[];
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

/**
 * Columns per step for the coming layout: one per pixel of the plot area over the shortest step
 * range the x axis can get — the zoom bounds when zoomed, else from the first step of any
 * dataset to the last step or the suggested end, whichever is later (chart.js only widens that
 * range, to round ticks) — so that a column is never wider than a pixel. The suggested end is
 * where a running run will end, so a streaming run keeps its columns while it grows. 0 when the
 * range is empty.
 */
export function columnsPerStep(
  datasets: ReadonlyArray<readonly Point[]>,
  bounds: { min?: number | undefined; max?: number | undefined },
  suggested: { min?: number | undefined; max?: number | undefined },
  width: number,
): number {
  let first = Infinity;
  let last = -Infinity;
  for (const data of datasets) {
    if (data.length === 0) continue;
    first = Math.min(first, data[0]!.x);
    last = Math.max(last, data[data.length - 1]!.x);
  }
  if (suggested.min !== undefined) first = Math.min(first, suggested.min);
  if (suggested.max !== undefined) last = Math.max(last, suggested.max);
  const range = (bounds.max ?? last) - (bounds.min ?? first);
  return range > 0 && Number.isFinite(range) ? width / range : 0;
}

function decimateDataset(dataset: DecimatedDataset, min: number | undefined, max: number | undefined, perStep: number): void {
  const data = dataset._data ?? dataset.data;
  const { start, count } = visibleRange(data, min, max);
  const end = start + count;
  // Worth it with more than 4 points per column on average; else the points go as they are.
  if (count <= 0 || !(perStep > 0) || count <= 4 * ((data[end - 1]!.x - data[start]!.x) * perStep + 1)) {
    restore(dataset);
    return;
  }
  install(dataset);
  const made = dataset._lrlabMade;
  if (made && made.data === data && made.start === start && end >= made.end && made.columns.columnsPerX >= perStep && made.columns.columnsPerX <= MAX_COLUMNS_PER_PIXEL * perStep) {
    // The same run, maybe grown (data only ever grows at the end): only its new points are looked at.
    if (end > made.end) {
      made.columns.extend(end);
      made.end = end;
      dataset._decimated = made.columns.points();
    }
    return;
  }
  const columns = new MinMaxColumns(data, start, perStep);
  columns.extend(end);
  dataset._decimated = columns.points();
  dataset._lrlabMade = { data, start, end, columns };
}

/** Replaces chart.js's decimation plugin (leave that one off). */
export const cachedDecimation: Plugin<typeof PANEL_LINE> = {
  id: 'lrlabDecimation',
  beforeElementsUpdate(chart) {
    const x = chart.scales.x;
    if (!x) return;
    const { min, max, minDefined, maxDefined } = x.getUserBounds();
    const bounds = { min: minDefined ? min : undefined, max: maxDefined ? max : undefined };
    const datasets = chart.data.datasets as unknown as DecimatedDataset[];
    const options = chart.options.scales?.x;
    const suggested = { min: numberOrUndefined(options?.suggestedMin), max: numberOrUndefined(options?.suggestedMax) };
    // The plot area of the last layout (the canvas width before the first one).
    const width = Math.max(1, Math.round(chart.chartArea?.width || chart.width));
    const perStep = columnsPerStep(datasets.map((d) => d._data ?? d.data), bounds, suggested, width);
    for (const dataset of datasets) decimateDataset(dataset, bounds.min, bounds.max, perStep);
  },
  afterDestroy(chart) {
    for (const dataset of chart.data.datasets as unknown as DecimatedDataset[]) restore(dataset);
  },
};

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
