/**
 * What a card draws of a run's series, when it is not the series itself: smoothed (TensorBoard's
 * debiased exponential moving average, the slider's weight) and/or on the epoch axis (x = step ÷
 * steps per epoch). Series only grow (runsModel appends), so a derived copy is extended by the
 * new points instead of recomputed; it is recomputed when the weight, the axis or the source
 * array changes (a restore or a clear gives a new one).
 */
import type { Point } from '../../runs/runsModel';

/** The smoothing weights the slider offers: 0 (off) to 0.99, as TensorBoard's. */
export const MAX_SMOOTHING = 0.99;

/**
 * TensorBoard's smoothing (tensorboard/plugins/scalar, `resmoothDataset`): an exponential moving
 * average started at 0 and divided by 1 − weight^n, so the first points are not pulled towards 0.
 */
export class DebiasedEma {
  private last = 0;
  private count = 0;

  constructor(private readonly weight: number) {}

  next(y: number): number {
    this.last = this.last * this.weight + (1 - this.weight) * y;
    this.count++;
    return this.last / (1 - Math.pow(this.weight, this.count));
  }
}

/** What the x axis counts. */
export type XAxis = 'step' | 'epoch';

/** How a series is drawn: its smoothing weight (0: none) and steps per x unit (1: the step axis). */
export interface SeriesView {
  readonly smoothing: number;
  readonly stepsPerUnit: number;
}

interface Derived {
  readonly source: Point[];
  readonly smoothing: number;
  readonly stepsPerUnit: number;
  readonly ema: DebiasedEma | null;
  readonly points: Point[];
}

/** Derived copies of series, by the caller's key (card × run × part). */
export class DerivedSeries {
  private readonly cache = new Map<string, Derived>();

  /** `source` as `view` draws it (the source itself when there is nothing to derive). */
  get(key: string, source: Point[], view: SeriesView): Point[] {
    if (view.smoothing <= 0 && view.stepsPerUnit === 1) {
      this.cache.delete(key);
      return source;
    }
    let d = this.cache.get(key);
    if (!d || d.source !== source || d.smoothing !== view.smoothing || d.stepsPerUnit !== view.stepsPerUnit || d.points.length > source.length) {
      d = { source, smoothing: view.smoothing, stepsPerUnit: view.stepsPerUnit, ema: view.smoothing > 0 ? new DebiasedEma(view.smoothing) : null, points: [] };
      this.cache.set(key, d);
    }
    const { points, ema, stepsPerUnit } = d;
    for (let i = points.length; i < source.length; i++) {
      const p = source[i]!;
      points.push({ x: stepsPerUnit === 1 ? p.x : p.x / stepsPerUnit, y: ema ? ema.next(p.y) : p.y });
    }
    return points;
  }

  /** Forget the copies of keys starting with `prefix` + "|" that are not in `keep`. */
  retain(keep: ReadonlySet<string>, prefix: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${prefix}|`) && !keep.has(key)) this.cache.delete(key);
  }
}

/**
 * Steps per epoch of a run: ⌈items ÷ batch size⌉ for a mini-batch objective (its batch size: the
 * run's, else the objective's, else all items), 1 for an objective without data (each step sees
 * everything); null when the page does not know (a run from before the panel knew).
 */
export function stepsPerEpoch(meta: { readonly config: Readonly<Record<string, unknown>>; readonly info?: { readonly dataItems?: number; readonly batchSize?: number; readonly stochastic: boolean } }): number | null {
  const info = meta.info;
  if (!info) return null;
  if (!info.stochastic) return 1;
  const items = info.dataItems;
  if (items === undefined || items < 1) return null;
  const configured = meta.config.batchSize;
  const size = typeof configured === 'number' && configured >= 1 ? configured : (info.batchSize ?? items);
  return Math.ceil(items / Math.min(size, items));
}
