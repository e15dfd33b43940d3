/**
 * The runs the panel shows and their series, stored the way chart.js consumes them
 * (`{x, y}` points, `parsing: false`). Appending a chunk costs O(chunk): points go on the end
 * of the run's arrays by index assignment, never by copying what is there. (Index assignment
 * also bypasses the `push` wrapper chart.js installs on arrays it listens to; chart.js
 * re-syncs from the arrays' lengths on its next update.)
 */
import type { GradientFallbackMessage, RunMeta, RunOutcomeMessage, RunSnapshot, SeriesChunk } from '../../src/shared/protocol';
import type { LastPoint } from '../../src/shared/runSummary';
import { tailStart } from './divergence';

export interface Point {
  x: number;
  y: number;
}

/**
 * Series keys: the three built-in series, `fullLoss` (mini-batch runs: the loss on all the data
 * every evalEvery steps, drawn on the loss card beside the batch loss) and `metric:<name>` per
 * reported metric.
 */
export type SeriesKey = string;
export const BUILTIN_SERIES = ['loss', 'lr', 'gradNorm'] as const;
export const FULL_LOSS = 'fullLoss';
export const metricKey = (name: string): SeriesKey => `metric:${name}`;

export interface Run {
  meta: RunMeta;
  outcome: RunOutcomeMessage | null;
  series: Map<SeriesKey, Point[]>;
  /** Last step received (0 before any data). */
  lastStep: number;
  /** Last finite loss received. */
  lastLoss: number | null;
  /** A diverged run: the step from which its exploding tail does not set the y range (./divergence.ts). */
  tailFrom: number | null;
}

/** The last point of a run's loss series. */
export function lastLossPoint(run: Run): LastPoint | null {
  const loss = run.series.get('loss');
  const last = loss?.[loss.length - 1];
  return last ? { step: last.x, loss: last.y } : null;
}

export class RunsModel {
  private readonly runs = new Map<string, Run>();
  /** Metric names in order of first appearance. */
  private readonly metricOrder: string[] = [];

  /** Runs in the order they started. */
  list(): Run[] {
    return [...this.runs.values()];
  }

  get(runId: string): Run | undefined {
    return this.runs.get(runId);
  }

  get size(): number {
    return this.runs.size;
  }

  get anyRunning(): boolean {
    for (const run of this.runs.values()) if (run.outcome === null) return true;
    return false;
  }

  /** Metric names some run reports (of `runs`, by default all), in order of first appearance. */
  metricNames(runs: readonly Run[] = this.list()): string[] {
    return this.metricOrder.filter((name) => runs.some((run) => run.series.has(metricKey(name))));
  }

  /** Replace everything with a snapshot (from `init`). */
  reset(snapshots: RunSnapshot[]): void {
    this.runs.clear();
    this.metricOrder.length = 0;
    for (const snap of snapshots) {
      const run = this.start(snap.meta);
      this.append(run.meta.id, snap.data);
      if (snap.outcome) this.finish(run.meta.id, snap.outcome);
    }
  }

  /** Runs back (an Undo of their clear): added with their data, every run then in the order they started. */
  restore(snapshots: RunSnapshot[]): void {
    for (const snap of snapshots) {
      const run = this.start(snap.meta);
      this.append(run.meta.id, snap.data);
      if (snap.outcome) this.finish(run.meta.id, snap.outcome);
    }
    const runs = [...this.runs.values()].sort((a, b) => a.meta.startedAt - b.meta.startedAt);
    this.runs.clear();
    for (const run of runs) this.runs.set(run.meta.id, run);
  }

  /** A new run (an id seen before starts over). */
  start(meta: RunMeta): Run {
    this.runs.delete(meta.id);
    const run: Run = { meta, outcome: null, series: new Map(), lastStep: 0, lastLoss: null, tailFrom: null };
    for (const key of BUILTIN_SERIES) run.series.set(key, []);
    this.runs.set(meta.id, run);
    return run;
  }

  /**
   * Append a chunk. Steps at or before the run's last step are dropped, so the series stay
   * sorted (chart.js is told the data is normalized); non-finite values are skipped.
   * Returns the series keys that changed, or null when the run is unknown.
   */
  append(runId: string, chunk: SeriesChunk): SeriesKey[] | null {
    const run = this.runs.get(runId);
    if (!run) return null;
    const firstStep = chunk.firstStep;
    const skip = Math.max(0, run.lastStep + 1 - firstStep);
    const changed: SeriesKey[] = [];
    const length = Math.max(chunk.lr.length, chunk.loss.length, chunk.gradNorm.length);
    if (appendValues(run.series.get('loss')!, chunk.loss, firstStep, skip)) changed.push('loss');
    if (appendValues(run.series.get('lr')!, chunk.lr, firstStep, skip)) changed.push('lr');
    if (appendValues(run.series.get('gradNorm')!, chunk.gradNorm, firstStep, skip)) changed.push('gradNorm');
    if (Array.isArray(chunk.fullLoss)) {
      let full = run.series.get(FULL_LOSS);
      if (!full) run.series.set(FULL_LOSS, (full = []));
      // The loss card draws it: a new full-data point changes that card.
      if (appendValues(full, chunk.fullLoss, firstStep, skip) && !changed.includes('loss')) changed.push('loss');
    }
    let metricLength = 0;
    for (const [name, values] of Object.entries(chunk.metrics ?? {})) {
      if (!Array.isArray(values)) continue;
      metricLength = Math.max(metricLength, values.length);
      const key = metricKey(name);
      let points = run.series.get(key);
      if (!points) {
        points = [];
        run.series.set(key, points);
        if (!this.metricOrder.includes(name)) this.metricOrder.push(name);
      }
      if (appendValues(points, values, firstStep, skip)) changed.push(key);
    }
    const last = firstStep + Math.max(length, metricLength) - 1;
    if (last > run.lastStep) run.lastStep = last;
    const loss = run.series.get('loss')!;
    if (loss.length) run.lastLoss = loss[loss.length - 1]!.y;
    return changed;
  }

  /** The run's exact gradient gave way to central differences from a step on. */
  gradientFallback(runId: string, fallback: GradientFallbackMessage): Run | undefined {
    const run = this.runs.get(runId);
    if (run) run.meta = { ...run.meta, gradientFallback: fallback };
    return run;
  }

  finish(runId: string, outcome: RunOutcomeMessage): Run | undefined {
    const run = this.runs.get(runId);
    if (!run) return undefined;
    run.outcome = outcome;
    run.tailFrom = outcome.stopReason === 'diverged' ? tailStart(run.series.get('loss')!) : null;
    return run;
  }

  remove(runIds: readonly string[]): void {
    for (const id of runIds) this.runs.delete(id);
  }

  /** Points of `key` over all runs (for tests and the charts' data attributes). */
  pointCount(key: SeriesKey, runIds?: ReadonlySet<string>): number {
    let n = 0;
    for (const run of this.runs.values()) if (!runIds || runIds.has(run.meta.id)) n += run.series.get(key)?.length ?? 0;
    return n;
  }
}

/** Append `values[skip..]` as points x = firstStep + i; returns whether anything was added. */
function appendValues(points: Point[], values: readonly unknown[], firstStep: number, skip: number): boolean {
  let n = points.length;
  const before = n;
  for (let i = skip, len = values.length; i < len; i++) {
    const y = values[i];
    if (typeof y === 'number' && Number.isFinite(y)) points[n++] = { x: firstStep + i, y };
  }
  return n !== before;
}
