/**
 * `lrlab sweep FILE.ts --lr 1e-4:1:9 --optimizer sgd,adam --schedule constant,cosine`: every
 * cell of lr × optimizer × schedule (× seed) as a full run, `--jobs` at a time on worker
 * threads (one per core by default); a cell's numbers are those of `lrlab run` with its config.
 */
import * as l10n from '@vscode/l10n';
import { optimizerTypes } from '../../core/optimizers';
import { scheduleTypes } from '../../core/schedules';
import { cellSummary, defaultJobs, parseLrGrid, runSweep, sweepCells, type CellSummary, type RawTyped } from '../../core/sweep';
import { isLrLabError } from '../../core/errors';
import { GRADIENT_SOURCES } from '../../shared/defaults';
import { choiceFlag, numberFlag, numberListFlag, usageError } from '../args';
import { pointNamed, readJsonObject } from '../configFlags';
import { EXIT, exitCodeForOutcome } from '../exitCodes';
import { LIMIT_FLAGS, OUTPUT_FLAGS, START_FLAGS } from '../flagSets';
import { untilDone } from '../interrupt';
import type { CliIO } from '../io';
import { startFileCommand } from './fileCommand';
import { formatError } from '../output/paths';
import { sweepCsv, sweepJson, sweepTable } from '../output/sweep';
import { checkOutPath, writeOut } from '../output/outFile';
import { routeSweepSets, typeList } from '../sweepFlags';
import { limitFlags } from './run';
import { localizedDetail } from '../../shared/engineText';

const SWEEP_OPTIONS = {
  ...START_FLAGS,
  config: { type: 'string' },
  lr: { type: 'string' },
  optimizer: { type: 'string' },
  schedule: { type: 'string' },
  iterations: { type: 'string' },
  jobs: { type: 'string' },
  'target-loss': { type: 'string' },
  set: { type: 'string', multiple: true },
  ...LIMIT_FLAGS,
  ...OUTPUT_FLAGS,
} as const;

export async function sweepCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = startFileCommand('sweep', args, SWEEP_OPTIONS, io, ['table', 'json', 'csv']);
  if (parsed === null) return EXIT.ok;
  const { values, file, format } = parsed;
  if (values.lr === undefined) throw usageError(l10n.t('lrlab sweep needs --lr: a range a:b:n (n log-spaced values, e.g. --lr 1e-4:1:9) or a list (--lr 0.001,0.01,0.1)'));
  let lrs: number[];
  try {
    lrs = parseLrGrid(values.lr);
  } catch (e) {
    throw usageError(`--lr: ${isLrLabError(e) ? e.message : String(e)}`);
  }
  const base: Record<string, unknown> = values.config !== undefined ? readJsonObject(values.config, io.cwd) : {};
  const fromConfig = (key: 'optimizer' | 'schedule'): RawTyped | undefined => {
    const section = base[key];
    delete base[key];
    return section !== null && typeof section === 'object' && !Array.isArray(section) ? (section as RawTyped) : undefined;
  };
  const configOptimizer = fromConfig('optimizer');
  const configSchedule = fromConfig('schedule');
  const seedsFromConfig = base.seed;
  delete base.seed;
  const optimizers = (values.optimizer !== undefined ? typeList('optimizer', values.optimizer, optimizerTypes) : [configOptimizer?.type ?? 'adam']).map((type) => ({ ...(configOptimizer?.type === type ? configOptimizer : {}), type }));
  const schedules = (values.schedule !== undefined ? typeList('schedule', values.schedule, scheduleTypes) : [configSchedule?.type ?? 'constant']).map((type) => ({ ...(configSchedule?.type === type ? configSchedule : {}), type }));
  for (const o of optimizers) delete (o as Record<string, unknown>).lr;
  const seeds = values.seed !== undefined ? numberListFlag('seed', values.seed, '0,1,2', true) : [typeof seedsFromConfig === 'number' ? seedsFromConfig : 0];
  if (values.iterations !== undefined) base.iterations = numberFlag('iterations', values.iterations, { integer: true, positive: true });
  if (values.x0 !== undefined) base.x0 = numberListFlag('x0', values.x0);
  if (values['batch-size'] !== undefined) base.batchSize = numberFlag('batch-size', values['batch-size'], { integer: true, positive: true });
  if (values.gradient !== undefined) base.gradient = choiceFlag('gradient', values.gradient, GRADIENT_SOURCES);
  routeSweepSets(values.set ?? [], optimizers, schedules, base);
  const target = values['target-loss'] !== undefined ? numberFlag('target-loss', values['target-loss']) : null;
  const jobs = values.jobs !== undefined ? numberFlag('jobs', values.jobs, { integer: true, positive: true }) : defaultJobs();
  const cells = sweepCells({ lrs, optimizers, schedules, seeds, base });
  const out = values.out !== undefined ? checkOutPath(values.out, io.cwd) : undefined;

  const summaries: CellSummary[] = new Array(cells.length);
  const started = performance.now();
  const handle = runSweep(
    { file, ...(values.objective !== undefined ? { objective: values.objective } : {}), cells, jobs, limits: limitFlags(values), targetLoss: target, maxPoints: 2, ...pointNamed(values) },
    { onCellDone: (cell, outcome, run) => (summaries[cell.index] = cellSummary(cell, outcome, run.stepsToTarget)) },
  );
  const { value: outcomes, interrupted } = await untilDone(handle);
  const wallMs = performance.now() - started;
  const report = { file, objective: values.objective ?? null, cells: summaries, lrs, rows: optimizers.length * schedules.length, seeds: seeds.length, jobs, target, wallMs, cwd: io.cwd };
  const text = format === 'json' ? sweepJson(report) : format === 'csv' ? sweepCsv(report) : sweepTable(report);
  const written = out === undefined ? (io.out(text), true) : writeOut(io, values.out!, out, text, format, l10n.t('{0} cells', cells.length));
  const failed = outcomes.find((o) => o.stopReason === 'error' && o.error);
  if (failed?.error) io.err(`lrlab: ${formatError(failed.error, io.cwd, localizedDetail(failed.detail, failed.detailText, failed.error))}\n`);
  if (interrupted) return EXIT.cancelled;
  if (failed) return exitCodeForOutcome(failed);
  return written ? EXIT.ok : EXIT.error;
}
