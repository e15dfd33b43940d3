/**
 * `lrlab sweep` output. json: {objective, iterations?, jobs, wallTimeMs, cells: [{optimizer,
 * schedule, lr, seed, finalLoss, bestLoss, steps, evaluations?, stopReason, ms, detail,
 * stepsToTarget?}]} in cell order (optimizer, schedule, lr, seed), evaluations for the optimizers
 * that evaluate the objective themselves (LBFGS: a step is up to maxIter evaluations); csv: one
 * row per cell (an evaluations column when a cell has them); table: final loss per
 * optimizer × schedule (rows) and lr (columns), cells that did not finish named instead of
 * given a number, then the best cell.
 */
import * as l10n from '@vscode/l10n';
import type { StopReason } from '../../core/minimize/records';
import type { CellSummary } from '../../core/sweep';
import { formatDuration, formatNumber } from '../../shared/format';
import { displayPath } from './paths';
import { labelledLine, renderTable } from './table';

export interface SweepReport {
  readonly file: string;
  readonly objective: string | null;
  readonly cells: readonly CellSummary[];
  readonly lrs: readonly number[];
  readonly rows: number;
  readonly seeds: number;
  readonly jobs: number;
  readonly target: number | null;
  readonly wallMs: number;
  readonly cwd: string;
}

export function sweepJson(report: SweepReport): string {
  const cells = report.cells.map((c) => ({
    optimizer: c.optimizer,
    schedule: c.schedule,
    lr: c.lr,
    seed: c.seed,
    finalLoss: c.finalLoss,
    bestLoss: c.bestLoss,
    steps: c.steps,
    ...(c.evaluations !== undefined ? { evaluations: c.evaluations } : {}),
    stopReason: c.stopReason,
    ms: c.ms,
    detail: c.detail,
    ...(report.target !== null ? { stepsToTarget: c.stepsToTarget } : {}),
  }));
  const document = { objective: { file: report.file, name: report.objective }, jobs: report.jobs, wallTimeMs: report.wallMs, ...(report.target !== null ? { targetLoss: report.target } : {}), cells };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function sweepCsv(report: SweepReport): string {
  const evaluations = report.cells.some((c) => c.evaluations !== undefined);
  const head = ['optimizer', 'schedule', 'lr', 'seed', 'finalLoss', 'bestLoss', 'steps', ...(evaluations ? ['evaluations'] : []), ...(report.target !== null ? ['stepsToTarget'] : []), 'stopReason', 'ms'];
  const rows = report.cells.map((c) =>
    [c.optimizer.type, c.schedule.type, c.lr, c.seed, c.finalLoss, c.bestLoss, c.steps, ...(evaluations ? [c.evaluations] : []), ...(report.target !== null ? [c.stepsToTarget] : []), c.stopReason, c.ms].map(csvField).join(','),
  );
  return `${head.join(',')}\n${rows.map((r) => `${r}\n`).join('')}`;
}

/** Why a cell has no number, in the CLI's language (the panel's run list says the same). */
const NOT_A_NUMBER: Partial<Record<StopReason, () => string>> = { diverged: () => l10n.t('diverged'), error: () => l10n.t('error'), timeout: () => l10n.t('timed out'), cancelled: () => l10n.t('stopped') };

/** What a cell shows: its number, or why it has none. */
function cellText(c: CellSummary, value: number | null, digits: (v: number) => string): string {
  const label = NOT_A_NUMBER[c.stopReason]?.();
  if (label && (c.stopReason !== 'timeout' || value === null)) return label;
  return value === null ? '—' : digits(value);
}

function rowLabel(c: CellSummary, seeds: number): string {
  return `${c.optimizer.type} · ${c.schedule.type}${seeds > 1 ? ` · ${l10n.t('seed {0}', c.seed)}` : ''}`;
}

function grid(report: SweepReport, value: (c: CellSummary) => string): string {
  const rows = new Map<string, string[]>();
  for (const c of report.cells) {
    const key = rowLabel(c, report.seeds);
    const row = rows.get(key) ?? [key, ...report.lrs.map(() => '')];
    row[c.column + 1] = value(c);
    rows.set(key, row);
  }
  return renderTable(['', ...report.lrs.map((lr) => l10n.t('lr {0}', formatNumber(lr)))], [...rows.values()], new Set([0]));
}

/** The table's line labels. */
const LABEL = { sweep: () => l10n.t('sweep'), best: () => l10n.t('best'), cells: () => l10n.t('cells') } as const;

/** A line: its label padded so the values start in one column (7, as the English labels have it). */
function labelled(label: string, value: string): string {
  return labelledLine(label, value, Object.values(LABEL).map((l) => l()), 7);
}

export function sweepTable(report: SweepReport): string {
  const n = report.cells.length;
  const cells = n === 1 ? l10n.t('1 cell') : l10n.t('{0} cells', n);
  const workers = report.jobs === 1 ? l10n.t('1 worker') : l10n.t('{0} workers', report.jobs);
  const ran = l10n.t('{0} on {1} in {2}', cells, workers, formatDuration(report.wallMs));
  const lines = [labelled(LABEL.sweep(), `${displayPath(report.file, report.cwd)}${report.objective ? ` › ${report.objective}` : ''} · ${ran}`), '', l10n.t('final loss'), grid(report, (c) => cellText(c, c.finalLoss, formatNumber))];
  if (report.target !== null) {
    const never = (c: CellSummary): string => (cellText(c, null, String) === '—' ? l10n.t('never') : cellText(c, null, String));
    lines.push('', l10n.t('steps to loss ≤ {0}', formatNumber(report.target)), grid(report, (c) => (c.stepsToTarget !== null ? String(c.stepsToTarget) : never(c))));
  }
  const finished = report.cells.filter((c) => (c.stopReason === 'maxIterations' || c.stopReason === 'converged') && c.finalLoss !== null);
  const best = finished.reduce<CellSummary | null>((b, c) => (b === null || c.finalLoss! < b.finalLoss! ? c : b), null);
  lines.push('');
  if (best) {
    const [label, lr, loss] = [rowLabel(best, report.seeds), formatNumber(best.lr), formatNumber(best.finalLoss!)];
    const text =
      best.evaluations !== undefined
        ? l10n.t('{0} · lr {1}: final loss {2} after {3} steps, {4} evaluations ({5})', label, lr, loss, best.steps, best.evaluations, best.stopReason)
        : l10n.t('{0} · lr {1}: final loss {2} after {3} steps ({4})', label, lr, loss, best.steps, best.stopReason);
    lines.push(labelled(LABEL.best(), text));
  }
  const counts = new Map<StopReason, number>();
  for (const c of report.cells) counts.set(c.stopReason, (counts.get(c.stopReason) ?? 0) + 1);
  lines.push(labelled(LABEL.cells(), [...counts].map(([reason, count]) => `${count} ${reason}`).join(' · ')));
  return `${lines.join('\n')}\n`;
}
