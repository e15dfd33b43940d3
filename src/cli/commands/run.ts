/** `lrlab run FILE.ts [flags]`: minimize an objective of FILE.ts and print the run. */
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startRun, type LoaderOutcome, type RunHeader } from '../../core/loader';
import { resolveRunConfig } from '../../core/minimize/config';
import type { RecordBatch } from '../../core/minimize/records';
import { choiceFlag, filePositional, numberFlag, parseCommand, usageError } from '../args';
import { rawRunConfig } from '../configFlags';
import { EXIT, exitCodeForStop } from '../exitCodes';
import type { CliIO } from '../io';
import { formatError } from '../output/paths';
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
  'time-limit': { type: 'string' },
  'memory-limit': { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const RUN_FORMATS = ['table', 'json', 'csv'] as const;

/** Limits from --time-limit (seconds) and --memory-limit (MiB). */
export function limitFlags(values: { 'time-limit'?: string | undefined; 'memory-limit'?: string | undefined }): { timeMs?: number; memoryMb?: number } {
  return {
    ...(values['time-limit'] !== undefined ? { timeMs: numberFlag('time-limit', values['time-limit'], { positive: true }) * 1000 } : {}),
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
  const loaded = header !== null;
  const text = format === 'json' ? runJson(report) : !loaded ? '' : format === 'csv' ? runCsv(report) : runTable(report);
  if (values.out !== undefined && text !== '') {
    const out = path.resolve(io.cwd, values.out);
    writeFileSync(out, text);
    io.out(`wrote ${format} (${outcome.steps} step${outcome.steps === 1 ? '' : 's'}, ${outcome.stopReason}) to ${values.out}\n`);
  } else {
    io.out(text);
  }
  if (outcome.stopReason === 'error' && outcome.error) io.err(`lrlab: ${formatError(outcome.error, io.cwd, outcome.detail)}\n`);
  return exitCodeForStop(outcome.stopReason);
}
