/**
 * Sweeps in the panel: lr (log-spaced) × optimizers × schedules × seeds on the playground's
 * objective, every cell a full run on a pool of the loader's workers (core/sweep), each cell's
 * numbers streamed to the heat map as it ends. A cell's numbers are counted in its worker over
 * every step; its records come back decimated to at most 10,000 (core/sweep). A cell that ran
 * no more steps than that has them all: they are kept (within a budget) so a click overlays the
 * cell as a run in the curves and the landscape at once. A longer cell's records are a
 * decimated copy, which the panel's runs cannot hold (their records are every step, for the
 * curves, exports and the compare table), so a click runs it again (the same config and seed
 * give the same run), as it does for a cell beyond the budget.
 */
import * as l10n from '@vscode/l10n';
import { localizedDetail } from '../../shared/engineText';
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import { thrownWords } from '../../core/errors';
import type { DecimatedRun, LoaderOutcome, RunHeader } from '../../core/loader';
import { MAX_TRAJECTORY_POINTS } from '../../core/landscape/trajectory';
import { sha256 } from '../../core/runSet/objectiveFile';
import { cellSummary, defaultJobs, logSpaced, recountConfig, recountedSteps, runSweep, sweepCells, type CellEnding, type CellSummary, type SweepCell, type SweepHandle, type SweepOptions } from '../../core/sweep';
import { stepsToTarget } from '../../shared/stepsToTarget';
import { withStepsToTarget } from '../../shared/sweepSteps';
import type { CellSummaryMessage, RawTypedConfig, RunMeta, StepsUnknown, SweepCellMessage, SweepStateMessage } from '../../shared/protocol';
import { Emitter } from '../events';
import type { PanelSink } from '../panel/pages';
import type { Logger } from '../runs/persistence';
import type { PrintSink } from '../recentLog';
import { labelOf, rowLabelOf } from '../runs/label';
import { toOutcomeMessage, type RunLauncher, type RunUi } from '../runs/RunLauncher';
import { batchToChunk, RunStore, toBatch } from '../runs/runStore';
import type { RunTarget } from '../runs/types';
import { settingsToLimits, type LrLabSettings } from '../settings';

export interface SweepRequest {
  readonly lrMin: number;
  readonly lrMax: number;
  readonly lrCount: number;
  readonly optimizers: readonly RawTypedConfig[];
  readonly schedules: readonly RawTypedConfig[];
  readonly seeds: readonly number[];
  readonly iterations: number;
  readonly targetLoss: number | null;
}

export interface SweepRoomDeps {
  readonly pages: PanelSink;
  /** The panel's runs: a cell the user overlays joins them. */
  readonly store: RunStore;
  readonly archive: { schedulePersist(): void };
  readonly launcher: Pick<RunLauncher, 'runConfig'>;
  readonly ui: Pick<RunUi, 'isTrusted' | 'explainRestricted' | 'openText' | 'objectiveRef' | 'showError'>;
  readonly log: Pick<Logger, 'info'> & PrintSink;
  settings(): LrLabSettings;
  showPanel(): Promise<unknown>;
  /** Cells at once (default: the cores of this machine). */
  readonly jobs?: number;
  /** core/sweep's runSweep (a fake in tests). */
  readonly start?: typeof runSweep;
  /** Record values the kept cells may hold together (default 16M float64 = 128 MB). */
  readonly keptValues?: number;
}

export type SweepCompletion = { readonly status: 'finished'; readonly sweep: SweepStateMessage } | { readonly status: 'refused'; readonly reason: string };

/** Counts of cells run again for a new target reach the pages at most this often (and once all are in). */
const RECOUNT_POST_MS = 250;

/** Record values (steps × columns) the kept cells may hold together: 16M float64 = 128 MB. */
const KEPT_VALUES_BUDGET = 16_000_000;

interface ActiveSweep {
  readonly state: SweepStateMessage;
  readonly target: RunTarget;
  readonly cells: readonly SweepCell[];
  /** The cells' runs (records within the budget; `null` columns when not kept). */
  readonly runs: RunStore;
  readonly kept: Set<number>;
  handle: SweepHandle | null;
  /** The file's text the cells ran (undefined: read from disk), for counting again. */
  readonly source: string | undefined;
  readonly limits: ReturnType<typeof settingsToLimits>;
  /** Cells running again to count the steps to a new target (setTargetLoss). */
  recount: SweepHandle | null;
}


export class SweepRoom implements vscode.Disposable {
  private current: ActiveSweep | null = null;
  private readonly finished = new Emitter<SweepCompletion>();
  readonly onDidFinish = this.finished.event;

  constructor(private readonly deps: SweepRoomDeps) {}

  /** The last sweep as the page shows it. */
  get state(): SweepStateMessage | null {
    return this.current?.state ?? null;
  }

  async sweep(target: RunTarget, request: SweepRequest): Promise<SweepCompletion> {
    const { deps } = this;
    await deps.showPanel();
    if (!deps.ui.isTrusted()) {
      deps.ui.explainRestricted();
      return this.complete({ status: 'refused', reason: l10n.t('Restricted Mode: a sweep runs your objective; trust the workspace to run it') });
    }
    const settings = deps.settings();
    let cells: SweepCell[];
    const lrs = logSpaced(Math.min(request.lrMin, request.lrMax), Math.max(request.lrMin, request.lrMax), request.lrCount);
    try {
      cells = sweepCells({
        lrs,
        optimizers: request.optimizers.map(({ lr: _ignored, ...optimizer }) => optimizer as RawTypedConfig),
        schedules: request.schedules,
        seeds: request.seeds,
        base: { iterations: request.iterations, gradient: settings.gradient, ...(settings.evalEvery > 0 ? { evalEvery: settings.evalEvery } : {}) },
      });
    } catch (e) {
      const reason = l10n.t('Sweep: {0}', thrownWords(e));
      deps.pages.post({ type: 'error', message: reason });
      return this.complete({ status: 'refused', reason });
    }
    this.cancel();
    const sweepId = randomUUID();
    const jobs = Math.max(1, Math.min(cells.length, deps.jobs ?? defaultJobs()));
    const rows = request.optimizers.flatMap((optimizer) => request.schedules.map((schedule) => ({ optimizer: optimizer.type, schedule: schedule.type, label: '' })));
    for (const cell of cells) if (rows[cell.row]!.label === '') rows[cell.row]!.label = rowLabelOf(cell.config);
    const state: SweepStateMessage = {
      sweepId,
      objective: deps.ui.objectiveRef(target),
      lrs,
      rows,
      seeds: [...request.seeds],
      iterations: request.iterations,
      targetLoss: request.targetLoss,
      cells: cells.map((cell) => ({ index: cell.index, row: cell.row, column: cell.column, lr: cell.lr, seed: cell.seed, status: 'waiting', summary: null, runId: null })),
      running: true,
      jobs,
    };
    const source = deps.ui.openText(target);
    const active: ActiveSweep = { state, target, cells, runs: new RunStore(), kept: new Set(), handle: null, source, limits: settingsToLimits(settings), recount: null };
    this.current = active;
    deps.pages.post({ type: 'sweepStarted', sweep: state });
    const sourceSha256 = source !== undefined ? sha256(source) : undefined;
    let keptValues = 0;
    /** Record values each kept cell holds against the budget. */
    const reserved = new Map<number, number>();
    const update = (cell: SweepCellMessage): void => {
      state.cells[cell.index] = cell;
      if (this.current === active) deps.pages.post({ type: 'sweepCell', sweepId, cell });
    };
    const handle = (deps.start ?? runSweep)(
      sweepOptions(active, { cells, jobs, limits: active.limits, targetLoss: request.targetLoss, maxPoints: MAX_TRAJECTORY_POINTS }),
      {
        onCellStart: (cell) => update({ ...state.cells[cell.index]!, status: 'running' }),
        onCellHeader: (cell, header) => {
          const dim = header.objective.dim ?? header.x0.length;
          const values = Math.min(cell.config.iterations, MAX_TRAJECTORY_POINTS) * (3 + (cell.config.recordParams ? dim : 0));
          const keep = keptValues + values <= (deps.keptValues ?? KEPT_VALUES_BUDGET);
          if (keep) {
            keptValues += values;
            reserved.set(cell.index, values);
            active.kept.add(cell.index);
          }
          active.runs.add(cellMeta(sweepId, cell, state.objective, header), { recordParams: keep && cell.config.recordParams, x0: header.x0, ...(sourceSha256 ? { sourceSha256 } : {}) });
        },
        onCellDone: (cell, outcome, run) => {
          const summary = cellSummary(cell, outcome, run.stepsToTarget);
          const id = cellRunId(sweepId, cell.index);
          if (active.kept.has(cell.index) && !keepWhole(active.runs, id, run, outcome.steps)) {
            active.kept.delete(cell.index);
            keptValues -= reserved.get(cell.index) ?? 0;
          }
          active.runs.finish(id, toOutcomeMessage(outcome));
          update({ ...state.cells[cell.index]!, status: 'done', summary: summaryMessage(summary) });
        },
        onOutput: this.logOutput(target),
      },
    );
    active.handle = handle;
    const outcomes = await handle.done;
    active.handle = null;
    state.running = false;
    if (this.current === active) deps.pages.post({ type: 'sweepFinished', sweepId });
    // The target changed while cells ran (those after it counted to the old one): count them all again.
    if (this.current === active && state.targetLoss !== request.targetLoss) await this.setTargetLoss(sweepId, state.targetLoss);
    this.report(target, outcomes);
    return this.complete({ status: 'finished', sweep: state });
  }

  /** Stop the sweep (or one cell of it). */
  cancel(index?: number): boolean {
    if (index === undefined) this.stopRecount();
    const handle = this.current?.handle;
    if (!handle) return false;
    if (index === undefined) handle.cancel();
    else handle.cancelCell(index);
    return true;
  }

  /**
   * Count each cell's steps to `target` (null: none) and tell the pages. A cell whose every
   * step is kept counts from its records at once; one whose records were decimated or not kept
   * runs again for exactly the steps it took (core/sweep/recount.ts: same config, seed and text,
   * capped there — so a cell stopped, timed out or failed counts too), counting them in its
   * worker, unless its best loss never reached the target (null, exactly). A run again that does
   * not reproduce the cell leaves it unknown, and says so (`stepsUnknown`). The pages hear at
   * once, with those cells 'counting', as counts come in, and once every count is in. Resolves
   * then (or when superseded).
   */
  async setTargetLoss(sweepId: string, target: number | null): Promise<void> {
    const active = this.current;
    if (!active || active.state.sweepId !== sweepId) return;
    this.stopRecount();
    active.state.targetLoss = target;
    const recount: SweepCell[] = [];
    const endings = new Map<number, CellEnding>();
    const unknown: (StepsUnknown | null)[] = active.state.cells.map(() => null);
    const steps = active.state.cells.map((cell) => {
      const run = active.runs.get(cellRunId(sweepId, cell.index));
      const summary = cell.summary;
      if (target === null || !summary) return null;
      if (run && active.kept.has(cell.index)) return stepsToTarget(target, run.loss.view(), summary.finalLoss, summary.steps);
      const config = recountConfig(active.cells[cell.index]!.config, summary, target);
      if (config === null) return null;
      unknown[cell.index] = 'counting';
      // While the sweep runs its cells, they are all counted again once it is done.
      if (active.handle !== null) return null;
      recount.push({ ...active.cells[cell.index]!, config });
      endings.set(cell.index, { steps: summary.steps, finalLoss: summary.finalLoss, bestLoss: summary.bestLoss });
      return null;
    });
    const post = (): void => {
      active.state.cells.forEach((cell, i) => {
        if (cell.summary) active.state.cells[i] = { ...cell, summary: withStepsToTarget(cell.summary, steps[i]!, unknown[i]!) };
      });
      if (this.current === active) this.deps.pages.post({ type: 'sweepSteps', sweepId, targetLoss: target, steps: [...steps], unknown: [...unknown] });
    };
    post();
    if (recount.length === 0) return;
    // A cell the time limit ended needs about that time again for its steps: the limit here only catches a hang.
    const limits = { ...active.limits, timeMs: 2 * active.limits.timeMs };
    // Counts reach the pages as they come (such a cell takes its time again), at most every RECOUNT_POST_MS.
    let pending: ReturnType<typeof setTimeout> | undefined;
    const handle = (this.deps.start ?? runSweep)(sweepOptions(active, { cells: recount, jobs: Math.min(recount.length, this.deps.jobs ?? defaultJobs()), limits, targetLoss: target, maxPoints: 2 }), {
      onCellDone: (cell, outcome, run) => {
        const counted = recountedSteps(endings.get(cell.index)!, outcome, run);
        steps[cell.index] = counted;
        unknown[cell.index] = counted === null ? 'notReproduced' : null;
        pending ??= setTimeout(() => {
          pending = undefined;
          if (active.recount === handle) post();
        }, RECOUNT_POST_MS);
      },
      onOutput: this.logOutput(active.target),
    });
    active.recount = handle;
    await handle.done;
    clearTimeout(pending);
    if (active.recount !== handle) return; // a newer target or sweep took over
    active.recount = null;
    post();
  }

  /** What a cell's code prints goes to the Output channel, with the cell's number. */
  private logOutput(target: RunTarget): (cell: SweepCell, text: string) => void {
    return (cell, text) => this.deps.log.print(`${target.objective} · sweep cell ${cell.index + 1}`, text);
  }

  private stopRecount(): void {
    const active = this.current;
    const handle = active?.recount;
    if (!active || !handle) return;
    active.recount = null;
    handle.cancel();
  }

  /**
   * Overlay cell `index` as a run of the panel (curves, landscape): its kept records at once,
   * else a run of its config again. Resolves with the run's id (null when nothing ran).
   */
  async showCell(sweepId: string, index: number): Promise<string | null> {
    const { deps } = this;
    const active = this.current;
    const cellState = active?.state.cells[index];
    if (!active || active.state.sweepId !== sweepId || !cellState) return null;
    if (cellState.runId && deps.store.get(cellState.runId)) return cellState.runId;
    if (cellState.status !== 'done') return null;
    const cell = active.cells[index]!;
    const kept = active.runs.get(cellRunId(sweepId, index));
    let runId: string | null;
    if (kept && active.kept.has(index) && kept.outcome) {
      runId = randomUUID();
      const meta: RunMeta = { ...kept.meta, id: runId, colorIndex: deps.store.takeColorIndex(), label: `${kept.meta.label} (sweep)`, startedAt: Date.now() };
      const run = deps.store.adopt(kept, meta);
      deps.pages.post({ type: 'runStarted', run: meta });
      if (run.lr.length > 0) deps.pages.postRunData(runId, batchToChunk(toBatch(run)));
      deps.pages.post({ type: 'runFinished', runId, outcome: run.outcome! });
      deps.archive.schedulePersist();
    } else {
      runId = (await deps.launcher.runConfig(active.target, cell.config, { progress: false })).runId;
    }
    if (runId === null) return null;
    const updated = { ...active.state.cells[index]!, runId };
    active.state.cells[index] = updated;
    deps.pages.post({ type: 'sweepCell', sweepId, cell: updated });
    return runId;
  }

  dispose(): void {
    this.cancel();
    this.finished.dispose();
  }

  private report(target: RunTarget, outcomes: readonly LoaderOutcome[]): void {
    const counts = new Map<string, number>();
    for (const o of outcomes) counts.set(o.stopReason, (counts.get(o.stopReason) ?? 0) + 1);
    this.deps.log.info(`${target.objective} · sweep of ${outcomes.length} cells: ${[...counts].map(([r, n]) => `${n} ${r}`).join(', ')}`);
    const failed = outcomes.find((o) => o.stopReason === 'error' && o.steps === 0 && o.error);
    if (failed?.error && outcomes.every((o) => o.stopReason === 'error' || /^not run/.test(o.detail))) this.deps.ui.showError(l10n.t('LR Lab: the sweep could not run: {0}', localizedDetail(failed.error.message, undefined, failed.error)));
  }

  private complete(completion: SweepCompletion): SweepCompletion {
    this.finished.fire(completion);
    return completion;
  }
}

/**
 * Keep a cell's records in its run when they are every step it took (it ran no more steps than a
 * cell keeps): true when kept. A cell stopped from outside sent none; a longer one, a decimated copy.
 */
function keepWhole(runs: RunStore, id: string, run: DecimatedRun, steps: number): boolean {
  const records = run.records;
  if (steps === 0) return true;
  if (records === null || records.count !== steps || records.steps[0] !== 1 || records.steps[records.count - 1] !== steps) return false;
  const { steps: _steps, ...columns } = records;
  runs.append(id, { firstStep: 1, ...columns });
  return true;
}

export function cellRunId(sweepId: string, index: number): string {
  return `${sweepId.slice(0, 8)}-cell-${index}`;
}

function cellMeta(sweepId: string, cell: SweepCell, objective: RunMeta['objective'], header: RunHeader): RunMeta {
  return {
    id: cellRunId(sweepId, cell.index),
    label: labelOf(cell.config),
    colorIndex: 0,
    objective,
    config: { ...cell.config } as unknown as RunMeta['config'],
    gradient: header.gradient,
    dim: header.objective.dim ?? header.x0.length,
    startedAt: Date.now(),
    info: { form: header.objective.form, hasGradient: header.objective.hasGradient, stochastic: header.objective.stochastic, hasMetrics: header.objective.hasMetrics, x0: header.x0 },
  };
}

/** runSweep's options for `cells` of the sweep: its file, objective and text, with these limits, target and records. */
function sweepOptions(active: Pick<ActiveSweep, 'target' | 'source'>, run: Pick<SweepOptions, 'cells' | 'jobs' | 'targetLoss' | 'maxPoints'> & { readonly limits: SweepOptions['limits'] }): SweepOptions {
  return { file: active.target.uri.fsPath, objective: active.target.objective, ...run, ...(active.source !== undefined ? { source: active.source } : {}) };
}

function summaryMessage(s: CellSummary): CellSummaryMessage {
  return { finalLoss: s.finalLoss, bestLoss: s.bestLoss, steps: s.steps, stepsToTarget: s.stepsToTarget, stopReason: s.stopReason, detail: s.detail, ms: s.ms };
}
