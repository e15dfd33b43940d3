/**
 * Compare's "best lr of a quick sweep": before a comparison, each optimizer asked for it runs
 * at 11 lrs around its PyTorch default (core/sweep/bestLr.ts), with the comparison's own
 * schedule, steps and options, two cells at a time in the sweep's warm workers; the comparison
 * then runs it at the lr that ended cleanly with the lowest final loss. No records come back
 * (the cells' numbers are counted in their workers), so the sweep costs its steps and nothing
 * on this thread. No `vscode` import: the workbench comes in through `QuickSweepDeps`.
 */
import * as l10n from '@vscode/l10n';
import type { RunConfig } from '../../core/minimize/config';
import { bestLr, defaultJobs, endedCleanly, quickSweepLrs, runSweep, type LrTrial, type SweepCell } from '../../core/sweep';
import { formatNumber, PANEL_NUMBER } from '../../shared/format';
import type { Logger } from '../runs/persistence';
import type { RunUi } from '../runs/RunLauncher';
import type { RunTarget } from '../runs/types';
import { settingsToLimits, type LrLabSettings } from '../settings';

export interface QuickSweepDeps {
  readonly ui: Pick<RunUi, 'openText' | 'withProgress'>;
  settings(): LrLabSettings;
  readonly log: Logger;
  /** core/sweep's runSweep (tests pass one with the built worker). */
  readonly start?: typeof runSweep;
  readonly jobs?: number;
}

/** An optimizer to sweep: its type, its PyTorch default lr (the sweep's centre) and its run config at a given lr (null: that lr makes no valid run). */
export interface SweepSubject {
  readonly type: string;
  readonly defaultLr: number;
  configAt(lr: number): RunConfig | null;
}

/** What the quick sweep found for one optimizer. */
export interface SweptLr {
  readonly type: string;
  /** The best lr, or null when no lr ended cleanly. */
  readonly lr: number | null;
  readonly finalLoss: number | null;
  /** The lrs tried, in order. */
  readonly tried: readonly number[];
  readonly trials: readonly LrTrial[];
}

/**
 * Sweep each subject's lrs (a progress notification with Cancel); resolves to each one's best,
 * in the subjects' order, or undefined when the user cancelled.
 */
export async function sweepBestLrs(deps: QuickSweepDeps, target: RunTarget, subjects: readonly SweepSubject[]): Promise<SweptLr[] | undefined> {
  const cells: SweepCell[] = [];
  const tried = subjects.map((subject, row) => {
    const lrs: number[] = [];
    quickSweepLrs(subject.defaultLr).forEach((lr, column) => {
      const config = subject.configAt(lr);
      if (config === null) return;
      lrs.push(lr);
      cells.push({ index: cells.length, row, column, lr, seed: config.seed, config });
    });
    return lrs;
  });
  const trials: LrTrial[][] = subjects.map(() => []);
  let cancelled = false;
  let handle: ReturnType<typeof runSweep> | undefined;
  let done = 0;
  const settings = deps.settings();
  const source = deps.ui.openText(target);
  const steps = cells[0]?.config.iterations ?? 0;
  const title = l10n.t('Compare: the best lr of a quick sweep ({0} lrs × {1} steps for each optimizer)', Math.max(0, ...tried.map((t) => t.length)), steps);
  await deps.ui.withProgress(
    title,
    () => {
      cancelled = true;
      handle?.cancel();
    },
    async (report) => {
      if (cells.length === 0) return;
      handle = (deps.start ?? runSweep)(
        { file: target.uri.fsPath, objective: target.objective, cells, jobs: deps.jobs ?? defaultJobs(), limits: settingsToLimits(settings), maxPoints: 2, ...(source !== undefined ? { source } : {}) },
        {
          onCellDone: (cell, outcome) => {
            trials[cell.row]!.push({ lr: cell.lr, stopReason: outcome.stopReason, finalLoss: Number.isFinite(outcome.finalLoss) ? outcome.finalLoss : null });
            done++;
            report(done / cells.length, l10n.t('{0} at lr {1}', subjects[cell.row]!.type, formatNumber(cell.lr, PANEL_NUMBER)));
          },
        },
      );
      if (cancelled) handle.cancel();
      await handle.done;
    },
  );
  if (cancelled) return undefined;
  return subjects.map((subject, row) => {
    const rowTrials = [...trials[row]!].sort((a, b) => a.lr - b.lr);
    const best = bestLr(rowTrials);
    deps.log.info(`[${target.objective} · compare] ${subject.type}: ${rowTrials.map((t) => `lr ${formatNumber(t.lr, PANEL_NUMBER)} → ${endedCleanly(t.stopReason) ? formatNumber(t.finalLoss ?? NaN, PANEL_NUMBER) : t.stopReason}`).join(', ')}`);
    return { type: subject.type, lr: best?.lr ?? null, finalLoss: best?.finalLoss ?? null, tried: tried[row]!, trials: rowTrials };
  });
}
