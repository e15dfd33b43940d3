/**
 * The host's record of every run shown in the panel: metadata, the streamed columns and
 * the outcome. The host is the source of truth; the webview gets snapshots and chunks.
 * Pure (no `vscode` import).
 */
import { Trajectory } from '../../core/landscape/trajectory';
import type { RecordBatch } from '../../core/minimize/records';
import type { GradientFallbackMessage, RunMeta, RunOutcomeMessage, RunSnapshot, SeriesChunk } from '../../shared/protocol';
import type { LastPoint } from '../../shared/runSummary';
import { Emitter } from '../events';
import { GrowableColumn } from './growable';

export interface StoredRun {
  meta: RunMeta;
  readonly firstStep: number;
  readonly lr: GrowableColumn;
  readonly loss: GrowableColumn;
  readonly gradNorm: GrowableColumn;
  /** Mini-batch runs: the loss on all the data where evaluated (NaN elsewhere); null for other runs. */
  fullLoss: GrowableColumn | null;
  readonly metrics: Map<string, GrowableColumn>;
  /** Parameters after each step, row-major (dim values per step); null when not recorded. */
  params: GrowableColumn | null;
  /** ASGD: the averaged iterate after each step, laid out like params (recorded with them); null for other runs. */
  averagedParams: GrowableColumn | null;
  /** L-BFGS: the objective's evaluations so far after each step; null for optimizers that evaluate once a step. */
  evaluations: GrowableColumn | null;
  /** The path through parameter space for the landscape: x₀ and the parameters after each step, decimated (≤ 10k points); null when parameters are not recorded. */
  trajectory: Trajectory | null;
  /** SHA-256 of the objective file's text the run ran on (a run set says whether the file changed since). */
  sourceSha256: string | null;
  outcome: RunOutcomeMessage | null;
  /** ASGD: the averaged iterate at the end of the run (kept here, not sent to the page: it is dim numbers). */
  finalAveragedParams: number[] | null;
}

/** What a run starts with besides its meta. */
export interface RunStart {
  /** Keep the parameters of every step (the exports' params). */
  readonly recordParams: boolean;
  /** The starting point (the landscape's paths start there); without it no path is kept. */
  readonly x0?: readonly number[];
  readonly sourceSha256?: string;
}

/** Plain-data form used for persistence across reloads. */
export interface PersistedRun {
  meta: RunMeta;
  data: SeriesChunk;
  params: number[] | null;
  /** ASGD (with params): the averaged iterate after each step. */
  averagedParams?: number[] | null;
  /** L-BFGS: evaluations so far after each step. */
  evaluations?: number[];
  outcome: RunOutcomeMessage | null;
  finalAveragedParams?: number[] | null;
  trajectory?: { steps: number[]; params: number[]; lrs: (number | null)[]; losses: (number | null)[] } | null;
  sourceSha256?: string | null;
}

function columnsToChunk(run: StoredRun): SeriesChunk {
  const metrics: Record<string, number[]> = {};
  for (const [name, col] of run.metrics) metrics[name] = col.toArray();
  return { firstStep: run.firstStep, lr: run.lr.toArray(), loss: run.loss.toArray(), gradNorm: run.gradNorm.toArray(), ...(run.fullLoss ? { fullLoss: run.fullLoss.toArray() } : {}), metrics };
}

/** A run as the page receives it. */
export function snapshotOf(run: StoredRun): RunSnapshot {
  return { meta: run.meta, data: columnsToChunk(run), outcome: run.outcome };
}

/** The whole run as one columnar batch (views, valid until the next append). */
export function toBatch(run: StoredRun): RecordBatch {
  const count = run.lr.length;
  const params = run.params && run.params.length === count * run.meta.dim ? run.params.view() : null;
  const averagedParams = params && run.averagedParams && run.averagedParams.length === params.length ? run.averagedParams.view() : null;
  const metrics: Record<string, Float64Array> = {};
  for (const [name, col] of run.metrics) metrics[name] = col.view();
  return {
    firstStep: run.firstStep,
    count,
    dim: run.meta.dim,
    lr: run.lr.view(),
    loss: run.loss.view(),
    gradNorm: run.gradNorm.view(),
    params,
    ...(run.evaluations && run.evaluations.length === count ? { evaluations: run.evaluations.view() } : {}),
    ...(averagedParams ? { averagedParams } : {}),
    ...(run.fullLoss ? { fullLoss: run.fullLoss.view() } : {}),
    metrics,
  };
}

/** Converts a worker batch into the chunk form sent to the webview. */
export function batchToChunk(batch: RecordBatch): SeriesChunk {
  const metrics: Record<string, number[]> = {};
  for (const [name, values] of Object.entries(batch.metrics)) metrics[name] = Array.from(values);
  return { firstStep: batch.firstStep, lr: Array.from(batch.lr), loss: Array.from(batch.loss), gradNorm: Array.from(batch.gradNorm), ...(batch.fullLoss ? { fullLoss: Array.from(batch.fullLoss) } : {}), metrics };
}

/** The last recorded loss of a run and its step (null before its first record). */
export function lastPointOf(run: StoredRun | undefined): LastPoint | null {
  const n = run?.loss.length ?? 0;
  return !run || n === 0 ? null : { step: run.firstStep + n - 1, loss: run.loss.view()[n - 1]! };
}

export class RunStore {
  private readonly runs = new Map<string, StoredRun>();
  private nextColor = 0;
  private readonly changed = new Emitter<void>();
  /** Fires when runs come or go or one finishes (not on every batch of records: those are the pages' to stream). */
  readonly onDidChange = this.changed.event;

  /** Colour index for a new run: cycles through the palette. */
  takeColorIndex(): number {
    return this.nextColor++;
  }

  add(meta: RunMeta, start: RunStart | boolean): StoredRun {
    const { recordParams, x0, sourceSha256 } = typeof start === 'boolean' ? { recordParams: start, x0: undefined, sourceSha256: undefined } : start;
    const run: StoredRun = {
      meta,
      firstStep: 1,
      lr: new GrowableColumn(),
      loss: new GrowableColumn(),
      gradNorm: new GrowableColumn(),
      fullLoss: null,
      metrics: new Map(),
      params: recordParams ? new GrowableColumn(256 * Math.max(1, meta.dim)) : null,
      averagedParams: null,
      evaluations: null,
      trajectory: recordParams && x0 !== undefined && x0.length === meta.dim ? new Trajectory(meta.dim, x0) : null,
      sourceSha256: sourceSha256 ?? null,
      outcome: null,
      finalAveragedParams: null,
    };
    this.runs.set(meta.id, run);
    this.changed.fire();
    return run;
  }

  /** Take in a run made elsewhere (a sweep cell the user overlays), under `meta`. */
  adopt(run: StoredRun, meta: RunMeta): StoredRun {
    const adopted: StoredRun = { ...run, meta };
    this.runs.set(meta.id, adopted);
    return adopted;
  }

  get(id: string): StoredRun | undefined {
    return this.runs.get(id);
  }

  list(): StoredRun[] {
    return [...this.runs.values()];
  }

  get size(): number {
    return this.runs.size;
  }

  /** Append a batch of records; metrics first seen later are back-filled with NaN. */
  append(id: string, batch: RecordBatch): void {
    const run = this.runs.get(id);
    if (!run) return;
    const before = run.lr.length;
    run.lr.append(batch.lr);
    run.loss.append(batch.loss);
    run.gradNorm.append(batch.gradNorm);
    if (batch.fullLoss) {
      if (!run.fullLoss) {
        run.fullLoss = new GrowableColumn();
        if (before) run.fullLoss.append(new Float64Array(before).fill(NaN));
      }
      run.fullLoss.append(batch.fullLoss);
    } else if (run.fullLoss) run.fullLoss.append(new Float64Array(batch.count).fill(NaN));
    for (const [name, values] of Object.entries(batch.metrics)) {
      let col = run.metrics.get(name);
      if (!col) {
        col = new GrowableColumn();
        if (before) col.append(new Float64Array(before).fill(NaN));
        run.metrics.set(name, col);
      }
      col.append(values);
    }
    for (const [name, col] of run.metrics) {
      if (!(name in batch.metrics)) col.append(new Float64Array(batch.count).fill(NaN));
    }
    if (run.params && batch.params) run.params.append(batch.params);
    // A run's optimizer adds these from its first batch on, or never.
    if (batch.averagedParams && run.params) (run.averagedParams ??= new GrowableColumn(256 * Math.max(1, run.meta.dim))).append(batch.averagedParams);
    if (batch.evaluations) (run.evaluations ??= new GrowableColumn()).append(batch.evaluations);
    run.trajectory?.append(batch);
  }

  /** The run's exact gradient gave way to central differences mid-run. */
  gradientFallback(id: string, fallback: GradientFallbackMessage): void {
    const run = this.runs.get(id);
    if (run) run.meta = { ...run.meta, gradientFallback: fallback };
  }

  /** The run ended: its outcome, and what the page need not see (ASGD's final averaged iterate). */
  finish(id: string, outcome: RunOutcomeMessage, finalAveragedParams: readonly number[] | null = null): void {
    const run = this.runs.get(id);
    if (!run) return;
    run.outcome = outcome;
    run.finalAveragedParams = finalAveragedParams === null ? null : [...finalAveragedParams];
    run.trajectory?.finish(outcome.finalLoss ?? NaN);
    this.changed.fire();
  }

  remove(ids: readonly string[]): string[] {
    return this.detach(ids).map((run) => run.meta.id);
  }

  clear(): string[] {
    return this.remove([...this.runs.keys()]);
  }

  /** Take runs out (all when no ids are given) and hand them over whole, so they can be put back. */
  detach(ids: readonly string[] = [...this.runs.keys()]): StoredRun[] {
    const taken: StoredRun[] = [];
    for (const id of ids) {
      const run = this.runs.get(id);
      if (run && this.runs.delete(id)) taken.push(run);
    }
    if (taken.length > 0) this.changed.fire();
    return taken;
  }

  /** Put detached runs back, every run in the order they started. */
  attach(runs: readonly StoredRun[]): void {
    const all = [...this.runs.values(), ...runs.filter((run) => !this.runs.has(run.meta.id))].sort((a, b) => a.meta.startedAt - b.meta.startedAt);
    this.runs.clear();
    for (const run of all) this.runs.set(run.meta.id, run);
    if (runs.length > 0) this.changed.fire();
  }

  snapshot(): RunSnapshot[] {
    return this.list().map(snapshotOf);
  }

  /** Finished runs as plain data; params (and ASGD's averaged iterate beside them) are dropped from runs bigger than `maxParamValues`. */
  toPersisted(maxParamValues = 2_000_000): PersistedRun[] {
    return this.list()
      .filter((run) => run.outcome !== null)
      .map((run) => {
        const keepParams = run.params !== null && run.params.length <= maxParamValues;
        return {
          meta: run.meta,
          data: columnsToChunk(run),
          params: keepParams ? run.params!.toArray() : null,
          ...(keepParams && run.averagedParams ? { averagedParams: run.averagedParams.toArray() } : {}),
          ...(run.evaluations ? { evaluations: run.evaluations.toArray() } : {}),
          outcome: run.outcome,
          ...(run.finalAveragedParams ? { finalAveragedParams: run.finalAveragedParams } : {}),
          trajectory: run.trajectory ? persistedTrajectory(run.trajectory) : null,
          sourceSha256: run.sourceSha256,
        };
      });
  }

  /** Restore runs saved by `toPersisted` (after a reload). Invalid entries are skipped. */
  restore(runs: readonly PersistedRun[]): void {
    for (const p of runs) {
      if (!p || !p.meta || typeof p.meta.id !== 'string' || this.runs.has(p.meta.id) || !p.data) continue;
      const run = this.add(p.meta, p.params !== null);
      const n = p.data.lr.length;
      run.lr.append(p.data.lr);
      run.loss.append(p.data.loss.slice(0, n));
      run.gradNorm.append(p.data.gradNorm.slice(0, n));
      if (Array.isArray(p.data.fullLoss)) {
        run.fullLoss = new GrowableColumn();
        run.fullLoss.append(p.data.fullLoss.slice(0, n).map((v) => (v === null ? NaN : v)));
      }
      for (const [name, values] of Object.entries(p.data.metrics ?? {})) {
        const col = new GrowableColumn();
        col.append(values.map((v) => (v === null ? NaN : v)));
        run.metrics.set(name, col);
      }
      if (run.params && p.params) run.params.append(p.params);
      if (run.params && p.params && Array.isArray(p.averagedParams) && p.averagedParams.length === p.params.length) {
        run.averagedParams = new GrowableColumn(p.averagedParams.length);
        run.averagedParams.append(p.averagedParams);
      }
      if (Array.isArray(p.evaluations) && p.evaluations.length === n) {
        run.evaluations = new GrowableColumn();
        run.evaluations.append(p.evaluations);
      }
      run.trajectory = restoredTrajectory(p.meta.dim, p.trajectory);
      run.sourceSha256 = typeof p.sourceSha256 === 'string' ? p.sourceSha256 : null;
      run.outcome = p.outcome;
      run.finalAveragedParams = Array.isArray(p.finalAveragedParams) ? p.finalAveragedParams : null;
      this.nextColor = Math.max(this.nextColor, p.meta.colorIndex + 1);
    }
  }
}

function persistedTrajectory(trajectory: Trajectory): NonNullable<PersistedRun['trajectory']> {
  const p = trajectory.points();
  return { steps: p.steps, params: Array.from(p.params), lrs: p.lrs, losses: p.losses };
}

/** A saved trajectory back (null when it is missing or does not fit the run). */
function restoredTrajectory(dim: number, saved: PersistedRun['trajectory']): Trajectory | null {
  if (!saved || !Array.isArray(saved.steps) || !Array.isArray(saved.params) || saved.steps.length === 0 || saved.params.length !== saved.steps.length * dim) return null;
  const n = saved.steps.length;
  const numbers = (values: readonly unknown[]): number[] => Array.from({ length: n }, (_, i) => (typeof values[i] === 'number' ? (values[i] as number) : NaN));
  return Trajectory.fromPoints({ dim, steps: numbers(saved.steps), params: Float64Array.from(saved.params, (v) => (typeof v === 'number' ? v : NaN)), lrs: numbers(saved.lrs ?? []), losses: numbers(saved.losses ?? []) });
}
