/**
 * chart.js's line controller without the repeated work on runs that did not change. While one
 * run streams beside finished ones, every redraw used to rescan each finished run's points for
 * the y axis' range and lay every one of them out again (pixel position per point), although
 * neither their data nor the axes had moved (bench/suites/webview.ts). Per dataset this
 * controller remembers
 *  - the data range per axis (`getMinMax`), until the data array, its length or the other
 *    axis' user bounds (zoom) change;
 *  - its layout (`update`): skipped when nothing it depends on changed — the data array and
 *    its length, the dataset's own properties (colours, widths), the chart's options object,
 *    the dataset's position, the update mode, and both axes (range and pixel extent). chart.js
 *    then also keeps the line's cached Path2D, so an unchanged run is drawn with one stroke.
 *
 * Data arrays must only grow or be replaced, never be edited in place: RunsModel appends, and
 * the decimation (./decimation.ts) makes a new array whenever its result changes.
 *
 * Registered as its own chart type (chart.js's documented way to extend a controller); the
 * panel's charts use `type: PANEL_LINE`.
 */
import { LineController, type Scale, type UpdateMode } from 'chart.js';

export const PANEL_LINE = 'lrlabLine' as const;

declare module 'chart.js' {
  interface ChartTypeRegistry {
    /** The panel's line chart: a line chart in every respect but the work it repeats. */
    lrlabLine: ChartTypeRegistry['line'];
  }
  interface LineControllerDatasetOptions {
    /** Points at this step and after are drawn but do not set the value axis' range (a diverged run's exploding tail). */
    rangeEnd?: number;
  }
}

type Range = { min: number; max: number };

interface RangeMemo {
  readonly scale: Scale;
  readonly parsed: unknown[];
  readonly length: number;
  readonly otherMin: number | undefined;
  readonly otherMax: number | undefined;
  readonly sorted: boolean;
  readonly range: Range;
}

/** Everything a line's layout depends on, as a flat list compared item by item. */
type LayoutKey = unknown[];

/** The parts of an axis that fix where a value lands on the canvas. */
function scaleKey(scale: Scale | undefined): unknown[] {
  if (!scale) return [undefined];
  return [scale, scale.type, scale.min, scale.max, scale.left, scale.right, scale.top, scale.bottom, scale.options.reverse];
}

function sameKey(a: LayoutKey | undefined, b: LayoutKey): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * chart.js's range scan of unsorted, unstacked data as one tight loop (its own goes through two
 * helper calls per point): the lowest and highest finite `axis` value among the points whose
 * `otherAxis` value is inside [otherMin, otherMax] (the zoomed step range).
 */
export function scanRange(points: ReadonlyArray<Record<string, unknown>>, axis: string, otherAxis: string | undefined, otherMin: number, otherMax: number): Range {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0, n = points.length; i < n; i++) {
    const point = points[i]!;
    const value = point[axis];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    if (otherAxis !== undefined) {
      const other = point[otherAxis] as number;
      if (otherMin > other || otherMax < other) continue;
    }
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  return { min, max };
}

export class PanelLineController extends LineController {
  static override id = PANEL_LINE;

  /** By axis id (a replaced axis, e.g. linear → logarithmic, takes its predecessor's slot). */
  private readonly rangeMemo = new Map<string, RangeMemo>();
  private layoutKey: LayoutKey | undefined;

  protected override getMinMax(scale: Scale, canStack?: boolean): Range {
    const meta = this._cachedMeta;
    const parsed = meta._parsed;
    if (meta._stacked) return super.getMinMax(scale, canStack);
    const other = scale === meta.iScale ? meta.vScale : meta.iScale;
    const bounds = other?.getUserBounds();
    const otherMin = bounds?.minDefined ? bounds.min : undefined;
    let otherMax = bounds?.maxDefined ? bounds.max : undefined;
    const rangeEnd = (this.getDataset() as { rangeEnd?: number }).rangeEnd;
    // Before the tail: steps are integers, so "< rangeEnd" is "≤ rangeEnd − 0.5".
    if (scale === meta.vScale && rangeEnd !== undefined) otherMax = Math.min(otherMax ?? Infinity, rangeEnd - 0.5);
    const memo = this.rangeMemo.get(scale.id);
    if (memo && memo.scale === scale && memo.parsed === parsed && memo.length === parsed.length && memo.otherMin === otherMin && memo.otherMax === otherMax && memo.sorted === !!meta._sorted) {
      return { min: memo.range.min, max: memo.range.max };
    }
    // The index axis of sorted data needs only its ends (chart.js's own shortcut); the value axis a scan of every point.
    const range = meta._sorted && scale === meta.iScale ? super.getMinMax(scale, canStack) : scanRange(parsed as ReadonlyArray<Record<string, unknown>>, scale.axis, other?.axis, otherMin ?? -Infinity, otherMax ?? Infinity);
    this.rangeMemo.set(scale.id, { scale, parsed, length: parsed.length, otherMin, otherMax, sorted: !!meta._sorted, range: { min: range.min, max: range.max } });
    return range;
  }

  /** The range of this dataset's values in view (what the y axis is fitted to), as last computed. */
  valueRange(): Range | null {
    const scale = this._cachedMeta.vScale;
    return scale ? this.getMinMax(scale) : null;
  }

  override update(mode: UpdateMode): void {
    const key = this.currentLayoutKey(mode);
    if (sameKey(this.layoutKey, key)) return;
    super.update(mode);
    this.layoutKey = key;
  }

  private currentLayoutKey(mode: UpdateMode): LayoutKey {
    const meta = this._cachedMeta;
    const dataset = this.getDataset() as unknown as Record<string, unknown>;
    const key: LayoutKey = [mode, this.index, this.chart.config.options, meta._parsed, meta._parsed.length, meta.data?.length, ...scaleKey(meta.xScale), ...scaleKey(meta.yScale)];
    // The dataset's own properties (colours, widths, label…), not its data; `_`-keys are the decimation's bookkeeping.
    for (const name of Object.keys(dataset)) if (name !== 'data' && !name.startsWith('_')) key.push(name, dataset[name]);
    return key;
  }
}
