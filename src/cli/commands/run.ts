/** `lrlab run FILE.ts [flags]`: minimize an objective of FILE.ts and print the run. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { startRun, type LoaderOutcome, type RunHeader } from '../../core/loader';
import { resolveRunConfig, type RunLimits } from '../../core/minimize/config';
import type { RecordBatch } from '../../core/minimize/records';
import { choiceFlag, filePositional, numberFlag, parseCommand, usageError } from '../args';
import { rawRunConfig } from '../configFlags';
import { EXIT, exitCodeForOutcome } from '../exitCodes';
import type { CliIO } from '../io';
import { checkOutPath, writeOut } from '../output/outFile';
import { displayPath, formatError } from '../output/paths';
import { runCsv } from '../output/runCsv';
import { runJson } from '../output/runJson';
import type { RunReport } from '../output/runReport';
import { runTable } from '../output/runTable';
import { commandHelp } from './help';

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
  'time-limit': { type: 'string' },
  'eval-time-limit': { type: 'string' },
  'memory-limit': { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
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
  if (!existsSync(file)) throw usageError(`cannot read ${given}: no such file`);
  return file;
}

export async function runCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand('run', args, RUN_OPTIONS);
  if (values.help) {
    io.out(commandHelp('run'));
    return EXIT.ok;
  }
  const file = objectiveFile('run', positionals, io.cwd);
  const format = choiceFlag('format', values.format ?? 'table', RUN_FORMATS);
  const config = resolveRunConfig(rawRunConfig(values, io.cwd));
  const limits = limitFlags(values);

  const out = values.out !== undefined ? checkOutPath(values.out, io.cwd) : undefined;

  let header: RunHeader | null = null;
  const batches: RecordBatch[] = [];
  const handle = startRun({ file, ...(values.objective !== undefined ? { objective: values.objective } : {}), config, limits }, { onHeader: (h) => (header = h), onBatch: (b) => batches.push(b) });
  const cancel = (): void => handle.cancel();
  process.on('SIGINT', cancel);
  let outcome: LoaderOutcome;
  try {
    outcome = await handle.done;
  } finally {
    process.off('SIGINT', cancel);
  }

  const report: RunReport = { file, requested: values.objective ?? null, config, header, batches, outcome, cwd: io.cwd };
  const text = format === 'json' ? runJson(report) : header === null && (format === 'csv' || outcome.stopReason === 'error') ? '' : format === 'csv' ? runCsv(report) : runTable(report);
  let written = true;
  if (out !== undefined && text !== '') written = writeOut(io, values.out!, out, text, `wrote ${format} (${outcome.steps} step${outcome.steps === 1 ? '' : 's'}, ${outcome.stopReason})`);
  else io.out(text);
  const ending = endingLine(report, format, out !== undefined);
  if (ending !== null) io.err(`lrlab: ${ending}\n`);
  const code = exitCodeForOutcome(outcome);
  return code === EXIT.ok && !written ? EXIT.error : code;
}

/**
 * The one stderr line of a run that did not finish: an error at its file:line:col always; any
 * other early ending (timeout, divergence, cancel) too when stdout carries data (json, csv or
 * --out) rather than the table, which says it on its `stopped` line. A file that never finished
 * loading prints no table or CSV rows (there are none), so this line is what says so.
 */
function endingLine(report: RunReport, format: (typeof RUN_FORMATS)[number], toFile: boolean): string | null {
  const { outcome, cwd } = report;
  if (outcome.stopReason === 'error' && outcome.error) return formatError(outcome.error, cwd, outcome.detail);
  if (outcome.stopReason === 'maxIterations' || outcome.stopReason === 'converged') return null;
  if (format === 'table' && !toFile) return null;
  return `${displayPath(report.file, cwd)}: ${outcome.stopReason}: ${outcome.detail}`;
}
