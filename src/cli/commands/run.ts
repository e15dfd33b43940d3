/** `lrlab run FILE.ts [flags]`: minimize an objective of FILE.ts and print the run. */
import * as l10n from '@vscode/l10n';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { startRun, type GradientFallback, type RunHeader } from '../../core/loader';
import { errorOutcome } from '../../core/loader/outcome';
import { startTypecheck, type TypeProblem } from '../../core/loader/typecheck';
import { resolveRunConfig, type RunConfig, type RunLimits } from '../../core/minimize/config';
import type { RecordBatch } from '../../core/minimize/records';
import { choiceFlag, filePositional, numberFlag, parseCommand, usageError } from '../args';
import { pointNamed, rawRunConfig } from '../configFlags';
import { EXIT, exitCodeForOutcome } from '../exitCodes';
import { LIMIT_FLAGS } from '../flagSets';
import type { CliIO } from '../io';
import { checkOutPath, stepsAndReason, writeOut } from '../output/outFile';
import { cliLanguageInUse } from '../l10n';
import { untilDone } from '../interrupt';
import { fallbackNote } from '../output/gradientSource';
import { displayPath, formatError } from '../output/paths';
import { runCsv } from '../output/runCsv';
import { runJson } from '../output/runJson';
import type { RunReport } from '../output/runReport';
import { runTable } from '../output/runTable';
import { stepTrace } from '../output/stepTrace';
import { commandHelp } from './help';
import { runSetCommand } from './runSet';
import { localizedDetail } from '../../shared/engineText';

export const RUN_OPTIONS = {
  objective: { type: 'string' },
  config: { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  schedule: { type: 'string' },
  iterations: { type: 'string' },
  x0: { type: 'string' },
  seed: { type: 'string' },
  'batch-size': { type: 'string' },
  gradient: { type: 'string' },
  set: { type: 'string', multiple: true },
  'eval-every': { type: 'string' },
  'trace-state': { type: 'string' },
  ...LIMIT_FLAGS,
  format: { type: 'string' },
  out: { type: 'string' },
  'no-typecheck': { type: 'boolean' },
  strict: { type: 'boolean' },
  runs: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const RUN_FORMATS = ['table', 'json', 'csv'] as const;

/** Limits from --time-limit and --eval-time-limit (seconds) and --memory-limit (MiB). */
export function limitFlags(values: { 'time-limit'?: string | undefined; 'eval-time-limit'?: string | undefined; 'memory-limit'?: string | undefined }): Partial<RunLimits> {
  return {
    ...(values['time-limit'] !== undefined ? { timeMs: numberFlag('time-limit', values['time-limit'], { positive: true }) * 1000 } : {}),
    ...(values['eval-time-limit'] !== undefined ? { evalTimeMs: numberFlag('eval-time-limit', values['eval-time-limit'], { positive: true }) * 1000 } : {}),
    ...(values['memory-limit'] !== undefined ? { memoryMb: numberFlag('memory-limit', values['memory-limit'], { integer: true, positive: true }) } : {}),
  };
}

/** The objective file, which must exist (a missing file is a usage error). */
export function objectiveFile(command: string, positionals: readonly string[], cwd: string): string {
  const given = filePositional(command, positionals);
  const file = path.resolve(cwd, given);
  if (!existsSync(file)) throw usageError(l10n.t('cannot read {0}: no such file', given));
  return file;
}

export async function runCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand('run', args, RUN_OPTIONS);
  if (values.help) {
    io.out(commandHelp('run'));
    return EXIT.ok;
  }
  if (values.runs !== undefined) return runSetCommand(values, positionals, io, limitFlags(values));
  const file = objectiveFile('run', positionals, io.cwd);
  const format = choiceFlag('format', values.format ?? 'table', RUN_FORMATS);
  const config = resolveRunConfig(rawRunConfig(values, io.cwd));
  const limits = limitFlags(values);
  // --trace-state N: the run starts paused and is stepped N times, each step printed (stderr), then resumed.
  const traced = values['trace-state'] === undefined ? 0 : numberFlag('trace-state', values['trace-state'], { integer: true, positive: true });

  const out = values.out !== undefined ? checkOutPath(values.out, io.cwd) : undefined;

  // The type checker runs in its own thread beside the run; --strict waits for it first.
  const typecheck = values['no-typecheck'] ? null : checkTypes(file);
  if (values.strict && typecheck !== null) {
    const problems = await typecheck;
    if (problems.length > 0) return refuseTypeErrors(problems, { file, requested: values.objective ?? null, config, format, out, given: values.out, io });
  }

  let header: RunHeader | null = null;
  const batches: RecordBatch[] = [];
  const fallbacks: GradientFallback[] = [];
  const handle = startRun(
    { file, ...(values.objective !== undefined ? { objective: values.objective } : {}), config, limits, ...pointNamed(values), ...(traced > 0 ? { stepping: 'paused' as const } : {}) },
    {
      onHeader: (h) => (header = h),
      onPaused: (inspection) => {
        if (inspection.step > 0) io.err(stepTrace(inspection));
        if (inspection.step < traced) handle.step();
        else handle.resume();
      },
      onBatch: (b) => batches.push(b),
      onGradientFallback: (fallback) => {
        fallbacks.push(fallback);
        io.err(`lrlab: ${l10n.t('note: {0}', fallbackNote(fallback, io.cwd))}\n`);
      },
    },
  );
  const { value: outcome } = await untilDone(handle);

  // A file that does not compile has its errors reported as such; its type errors would only repeat them.
  const typeErrors = typecheck === null || outcome.error?.code === 'compileError' ? [] : await typecheck;
  for (const problem of typeErrors) io.err(`lrlab: ${l10n.t('warning: {0}', describeTypeProblem(problem, io.cwd))}\n`);

  const report: RunReport = { file, requested: values.objective ?? null, config, header, batches, outcome, fallbacks, cwd: io.cwd, typeErrors };
  const text = format === 'json' ? runJson(report) : header === null && (format === 'csv' || outcome.stopReason === 'error') ? '' : format === 'csv' ? runCsv(report) : runTable(report);
  let written = true;
  if (out !== undefined && text !== '') written = writeOut(io, values.out!, out, text, format, stepsAndReason(outcome.steps, outcome.stopReason));
  else io.out(text);
  const ending = endingLine(report, format, out !== undefined);
  if (ending !== null) io.err(`lrlab: ${ending}\n`);
  const code = exitCodeForOutcome(outcome);
  return code === EXIT.ok && !written ? EXIT.error : code;
}

/** The type checker's problems; a checker that could not run is a warning that says why, not a failed run. */
async function checkTypes(file: string): Promise<TypeProblem[]> {
  try {
    return await startTypecheck(file, { locale: cliLanguageInUse() });
  } catch (e) {
    return [{ code: 'TS0', message: l10n.t('could not type-check the file: {0}', e instanceof Error ? e.message : String(e)), location: { file, line: 1, column: 1 } }];
  }
}

/** `file:line:col: message (TS2322)`. */
function describeTypeProblem(problem: TypeProblem, cwd: string): string {
  return formatError(problem, cwd, `${problem.message} (${problem.code})`);
}

/** --strict and the file has type errors: each at its place, and no run (exit 1). */
function refuseTypeErrors(
  problems: readonly TypeProblem[],
  context: { file: string; requested: string | null; config: RunConfig; format: (typeof RUN_FORMATS)[number]; out: string | undefined; given: string | undefined; io: CliIO },
): number {
  const { io } = context;
  for (const problem of problems) io.err(`lrlab: ${describeTypeProblem(problem, io.cwd)}\n`);
  const first = problems[0]!;
  const where = displayPath(context.file, io.cwd);
  const detail = problems.length === 1 ? l10n.t('1 type error in {0} (--strict runs only a file without them)', where) : l10n.t('{0} type errors in {1} (--strict runs only a file without them)', problems.length, where);
  const outcome = errorOutcome({ code: 'typeError', message: detail, location: first.location }, 0);
  if (context.format === 'json') {
    const text = runJson({ file: context.file, requested: context.requested, config: context.config, header: null, batches: [], outcome, cwd: io.cwd, typeErrors: problems });
    if (context.out !== undefined) writeOut(io, context.given!, context.out, text, 'json', stepsAndReason(0, 'error'));
    else io.out(text);
  }
  io.err(`lrlab: ${detail}\n`);
  return EXIT.error;
}

/**
 * The one stderr line of a run that did not finish: an error at its file:line:col always; any
 * other early ending (timeout, divergence, cancel) too when stdout carries data (json, csv or
 * --out) rather than the table, which says it on its `stopped` line. A file that never finished
 * loading prints no table or CSV rows (there are none), so this line is what says so.
 */
function endingLine(report: RunReport, format: (typeof RUN_FORMATS)[number], toFile: boolean): string | null {
  const { outcome, cwd } = report;
  if (outcome.stopReason === 'error' && outcome.error) return formatError(outcome.error, cwd, localizedDetail(outcome.detail, outcome.detailText, outcome.error));
  if (outcome.stopReason === 'maxIterations' || outcome.stopReason === 'converged') return null;
  if (format === 'table' && !toFile) return null;
  return `${displayPath(report.file, cwd)}: ${outcome.stopReason}: ${outcome.detail}`;
}
