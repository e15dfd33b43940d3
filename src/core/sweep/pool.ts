/**
 * runSweep: every cell of a sweep as a full run on the loader's worker (the same worker, limits
 * and per-run cancel as `lrlab run`), `jobs` at a time — one per core by default. The file is
 * bundled once for all cells (plain, and transformed only if a cell's objective needs the exact
 * gradient, as a run alone does), and a pool of warm workers, one per job, runs the cells one
 * after another: a worker whose cell ended cleanly (a cell stopped after its step by Stop too) and
 * left it pristine takes the next cell; one terminated (limit, Stop stuck in user code, failure)
 * is replaced. Cells start in order; each one's
 * outcome is its run's, so a cell gives what `lrlab run` gives with the same config. Stop one
 * cell, or all (the cells not yet started end 'cancelled' with 0 steps). `done` resolves once
 * every worker of the sweep has stopped.
 *
 * A cell's records stay in its worker (streaming every step of two workers to this thread made
 * it the bottleneck): the worker counts the cell's numbers over every step and sends at most
 * `maxPoints` of its records, decimated, with its outcome (RunRequest.decimate).
 */
import { availableParallelism } from 'node:os';
import type { LrLabErrorCode } from '../errors';
import { SharedBundles } from '../loader/bundle';
import { errorOutcome, serializeError, type LoaderOutcome } from '../loader/outcome';
import { startRun, type DecimatedRun, type RunHandle, type RunHeader } from '../loader/run';
import { WorkerPool } from '../loader/workerPool';
import { MAX_TRAJECTORY_POINTS } from '../landscape/trajectory';
import type { RunLimits } from '../minimize/config';
import type { SweepCell } from './grid';

export interface SweepOptions {
  readonly file: string;
  readonly objective?: string;
  readonly cells: readonly SweepCell[];
  /** Cells running at once (default: the cores of this machine). */
  readonly jobs?: number;
  readonly limits?: Partial<RunLimits>;
  readonly source?: string;
  readonly workerPath?: string;
  /** Count each cell's steps to this loss (null or absent: none). */
  readonly targetLoss?: number | null;
  /** The most records of a cell kept (decimated in its worker; default 10,000, the rule for trajectories). */
  readonly maxPoints?: number;
  /** How the person gave the cells' x0, e.g. `--x0`: a wrong length names it (absent: "the run config x0"). */
  readonly pointName?: string;
}

export interface SweepListener {
  onCellStart?(cell: SweepCell): void;
  onCellHeader?(cell: SweepCell, header: RunHeader): void;
  /** A cell ended: its outcome, its decimated records and its steps to the target (counted over every step). */
  onCellDone?(cell: SweepCell, outcome: LoaderOutcome, run: DecimatedRun): void;
  onOutput?(cell: SweepCell, text: string, stream: 'stdout' | 'stderr'): void;
}

export interface SweepHandle {
  /** Every cell's outcome, in cell order (never rejects for the user's code). */
  readonly done: Promise<LoaderOutcome[]>;
  /** Stop every cell: running ones after their step under way (see RunHandle.cancel), the others never start. */
  cancel(): void;
  /** Stop one cell (running: after its step under way; waiting: it never starts). */
  cancelCell(index: number): void;
}

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/** A cell that fails before its first step for one of these reasons would fail in every cell: the sweep stops. */
const FILE_PROBLEMS: ReadonlySet<LrLabErrorCode> = new Set(['compileError', 'loadError', 'objectiveNotFound', 'invalidObjective', 'outOfMemory']);

export function runSweep(opts: SweepOptions, listener: SweepListener = {}): SweepHandle {
  const { cells } = opts;
  const jobs = Math.max(1, Math.min(cells.length, Math.floor(opts.jobs ?? defaultJobs())));
  const outcomes: (LoaderOutcome | undefined)[] = new Array(cells.length);
  const running = new Map<number, RunHandle>();
  const skipped = new Set<number>();
  let next = 0;
  let stopped: string | null = null;
  let settle!: (outcomes: LoaderOutcome[]) => void;
  const done = new Promise<LoaderOutcome[]>((resolve) => (settle = resolve));
  const started = Date.now();
  const bundles = new SharedBundles(opts.file, opts.source);
  const workers = new WorkerPool();
  let settled = false;

  const decimate = { maxPoints: opts.maxPoints ?? MAX_TRAJECTORY_POINTS, targetLoss: opts.targetLoss ?? null };
  const decimatedRuns: (DecimatedRun | undefined)[] = new Array(cells.length);
  const nothing: DecimatedRun = { records: null, stepsToTarget: null, steps: 0, bestLoss: NaN };

  const notRun = (index: number, why: string): void => {
    if (outcomes[index] !== undefined) return;
    const outcome: LoaderOutcome = { stopReason: 'cancelled', detail: why, steps: 0, finalLoss: NaN, bestLoss: NaN, finalParams: [], wallTimeMs: 0 };
    outcomes[index] = outcome;
    listener.onCellDone?.(cells[index]!, outcome, nothing);
  };

  const finishIfDone = (): void => {
    if (running.size > 0) return;
    if (next < cells.length && stopped === null) return;
    if (settled) return;
    settled = true;
    for (let i = 0; i < cells.length; i++) notRun(i, stopped ?? 'not run: the sweep was cancelled');
    void workers.close().then(() => settle(outcomes as LoaderOutcome[]));
  };

  const launch = (): void => {
    while (stopped === null && running.size < jobs && next < cells.length) {
      const index = next++;
      const cell = cells[index]!;
      if (skipped.has(index)) {
        notRun(index, 'not run: stopped before it started');
        continue;
      }
      listener.onCellStart?.(cell);
      let handle: RunHandle;
      try {
        handle = startRun(
          {
            file: opts.file,
            ...(opts.objective !== undefined ? { objective: opts.objective } : {}),
            config: cell.config,
            ...(opts.limits ? { limits: opts.limits } : {}),
            ...(opts.source !== undefined ? { source: opts.source } : {}),
            ...(opts.workerPath !== undefined ? { workerPath: opts.workerPath } : {}),
            ...(opts.pointName !== undefined ? { pointName: opts.pointName } : {}),
            bundles,
            workers,
            decimate,
          },
          {
            onHeader: (header) => listener.onCellHeader?.(cell, header),
            onDecimated: (run) => (decimatedRuns[index] = run),
            ...(listener.onOutput ? { onOutput: (text: string, stream: 'stdout' | 'stderr') => listener.onOutput!(cell, text, stream) } : {}),
          },
        );
      } catch (e) {
        outcomes[index] = errorOutcome(serializeError(e, 'loadError'), Date.now() - started);
        listener.onCellDone?.(cell, outcomes[index]!, nothing);
        stopped = `not run: ${outcomes[index]!.detail}`;
        break;
      }
      running.set(index, handle);
      void handle.done.then((outcome) => {
        running.delete(index);
        outcomes[index] = outcome;
        listener.onCellDone?.(cell, outcome, decimatedRuns[index] ?? nothing);
        decimatedRuns[index] = undefined;
        if (outcome.stopReason === 'error' && outcome.steps === 0 && outcome.error && FILE_PROBLEMS.has(outcome.error.code) && stopped === null) {
          stopped = `not run: ${outcome.error.message}`;
          for (const other of running.values()) other.cancel();
        }
        launch();
        finishIfDone();
      });
    }
    finishIfDone();
  };

  launch();
  return {
    done,
    cancel: () => {
      if (stopped === null) stopped = 'not run: the sweep was cancelled';
      for (const handle of running.values()) handle.cancel();
      finishIfDone();
    },
    cancelCell: (index) => {
      const handle = running.get(index);
      if (handle) handle.cancel();
      else if (outcomes[index] === undefined) skipped.add(index);
    },
  };
}
