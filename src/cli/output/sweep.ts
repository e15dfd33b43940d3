/**
 * `lrlab sweep` output. json: {objective, iterations?, jobs, wallTimeMs, cells: [{optimizer,
 * schedule, lr, seed, finalLoss, bestLoss, steps, evaluations?, stopReason, ms, detail,
 * stepsToTarget?}]} in cell order (optimizer, schedule, lr, seed), evaluations for the optimizers
 * that evaluate the objective themselves (LBFGS: a step is up to maxIter evaluations); csv: one
 * row per cell (an evaluations column when a cell has them); table: final loss per
 * optimizer × schedule (rows) and lr (columns), cells that did not finish named instead of
 * given a number, then the best cell.
 */
import type { StopReason } from '../../core/minimize/records';
import type { CellSummary } from '../../core/sweep';
import { formatDuration, formatNumber } from '../../shared/format';
import { displayPath } from './paths';
import { renderTable } from './table';

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

const NOT_A_NUMBER: Partial<Record<StopReason, string>> = { diverged: 'diverged', error: 'error', timeout: 'timed out', cancelled: 'stopped' };

/** What a cell shows: its number, or why it has none. */
function cellText(c: CellSummary, value: number | null, digits: (v: number) => string): string {
  const label = NOT_A_NUMBER[c.stopReason];
  if (label && (c.stopReason !== 'timeout' || value === null)) return label;
  return value === null ? '—' : digits(value);
}

function rowLabel(c: CellSummary, seeds: number): string {
  return `${c.optimizer.type} · ${c.schedule.type}${seeds > 1 ? ` · seed ${c.seed}` : ''}`;
}

function grid(report: SweepReport, value: (c: CellSummary) => string): string {
  const rows = new Map<string, string[]>();
  for (const c of report.cells) {
    const key = rowLabel(c, report.seeds);
    const row = rows.get(key) ?? [key, ...report.lrs.map(() => '')];
    row[c.column + 1] = value(c);
    rows.set(key, row);
  }
  return renderTable(['', ...report.lrs.map((lr) => `lr ${formatNumber(lr)}`)], [...rows.values()], new Set([0]));
}

export function sweepTable(report: SweepReport): string {
  const n = report.cells.length;
  const lines = [`sweep  ${displayPath(report.file, report.cwd)}${report.objective ? ` › ${report.objective}` : ''} · ${n} cell${n === 1 ? '' : 's'} on ${report.jobs} worker${report.jobs === 1 ? '' : 's'} in ${formatDuration(report.wallMs)}`, '', 'final loss', grid(report, (c) => cellText(c, c.finalLoss, formatNumber))];
  if (report.target !== null) lines.push('', `steps to loss ≤ ${formatNumber(report.target)}`, grid(report, (c) => (c.stepsToTarget !== null ? String(c.stepsToTarget) : cellText(c, null, String) === '—' ? 'never' : cellText(c, null, String))));
  const finished = report.cells.filter((c) => (c.stopReason === 'maxIterations' || c.stopReason === 'converged') && c.finalLoss !== null);
  const best = finished.reduce<CellSummary | null>((b, c) => (b === null || c.finalLoss! < b.finalLoss! ? c : b), null);
  lines.push('');
  if (best) lines.push(`best   ${rowLabel(best, report.seeds)} · lr ${formatNumber(best.lr)}: final loss ${formatNumber(best.finalLoss!)} after ${best.steps} steps${best.evaluations !== undefined ? `, ${best.evaluations} evaluations` : ''} (${best.stopReason})`);
  const counts = new Map<StopReason, number>();
  for (const c of report.cells) counts.set(c.stopReason, (counts.get(c.stopReason) ?? 0) + 1);
  lines.push(`cells  ${[...counts].map(([reason, count]) => `${count} ${reason}`).join(' · ')}`);
  return `${lines.join('\n')}\n`;
}
