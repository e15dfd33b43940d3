/**
 * `lrlab find-lr FILE.ts`: the learning-rate range test (fastai's lr_find) on an objective of
 * FILE.ts — one step per lr of an exponential ramp, the smoothed loss, why it stopped and
 * fastai's valley / steep / minimum suggestions.
 */
import { resolveFinderConfig, type FinderResult } from '../../core/finder';
import { startFinder } from '../../core/loader';
import { GRADIENT_SOURCES } from '../../shared/defaults';
import { choiceFlag, numberFlag, numberListFlag } from '../args';
import { applySet, pointNamed } from '../configFlags';
import { EXIT, exitCodeForOutcome } from '../exitCodes';
import { LIMIT_FLAGS, OUTPUT_FLAGS, START_FLAGS } from '../flagSets';
import { untilDone } from '../interrupt';
import type { CliIO } from '../io';
import { startFileCommand } from './fileCommand';
import { findLrCsv, findLrJson, findLrTable } from '../output/findLr';
import { checkOutPath, stepsAndReason, writeOut } from '../output/outFile';
import { formatError } from '../output/paths';
import { limitFlags } from './run';
import { localizedDetail } from '../../shared/engineText';

const FIND_LR_OPTIONS = {
  ...START_FLAGS,
  optimizer: { type: 'string' },
  set: { type: 'string', multiple: true },
  'start-lr': { type: 'string' },
  'end-lr': { type: 'string' },
  'num-it': { type: 'string' },
  ...LIMIT_FLAGS,
  ...OUTPUT_FLAGS,
} as const;

export async function findLrCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = startFileCommand('find-lr', args, FIND_LR_OPTIONS, io, ['table', 'json', 'csv']);
  if (parsed === null) return EXIT.ok;
  const { values, file, format } = parsed;
  const raw: Record<string, unknown> = { optimizer: { type: values.optimizer ?? 'adam' } };
  for (const assignment of values.set ?? []) applySet(raw, assignment, 'optimizer');
  if (values['start-lr'] !== undefined) raw.startLr = numberFlag('start-lr', values['start-lr'], { positive: true });
  if (values['end-lr'] !== undefined) raw.endLr = numberFlag('end-lr', values['end-lr'], { positive: true });
  if (values['num-it'] !== undefined) raw.numIt = numberFlag('num-it', values['num-it'], { integer: true, positive: true });
  if (values.seed !== undefined) raw.seed = numberFlag('seed', values.seed, { integer: true });
  if (values.x0 !== undefined) raw.x0 = numberListFlag('x0', values.x0);
  if (values['batch-size'] !== undefined) raw.batchSize = numberFlag('batch-size', values['batch-size'], { integer: true, positive: true });
  if (values.gradient !== undefined) raw.gradient = choiceFlag('gradient', values.gradient, GRADIENT_SOURCES);
  const config = resolveFinderConfig(raw);
  const out = values.out !== undefined ? checkOutPath(values.out, io.cwd) : undefined;

  const handle = startFinder({ file, ...(values.objective !== undefined ? { objective: values.objective } : {}), config, limits: limitFlags(values), ...pointNamed(values) });
  const { result } = (await untilDone(handle)).value;
  const text = format === 'json' ? findLrJson(result) : format === 'csv' ? findLrCsv(result) : findLrTable(result, file, io.cwd, values.objective ?? null);
  const written = out === undefined ? (io.out(text), true) : writeOut(io, values.out!, out, text, format, stepsAndReason(result.lrs.length, result.stopReason));
  if (result.error) io.err(`lrlab: ${formatError(result.error, io.cwd, localizedDetail(result.detail, result.detailText, result.error))}\n`);
  const code = exitCodeForFinder(result);
  return code === EXIT.ok && !written ? EXIT.error : code;
}

/** A range test that ran its ramp or stopped at its rule succeeded; the others end as a run would. */
function exitCodeForFinder(result: FinderResult): number {
  return result.stopReason === 'numIt' || result.stopReason === 'diverged' ? EXIT.ok : exitCodeForOutcome({ stopReason: result.stopReason, ...(result.error ? { error: result.error } : {}) });
}
