/**
 * `--out PATH`: checked before anything runs (a long run must not end in "cannot write"), and
 * written so that nothing is lost when writing fails after all: the text then goes to stdout.
 */
import { accessSync, constants, statSync, writeFileSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { usageError } from '../args';
import type { CliIO } from '../io';

/** The absolute path of `--out given`; a usage error naming it when it cannot be written. */
export function checkOutPath(given: string, cwd: string): string {
  const file = path.resolve(cwd, given);
  const dir = path.dirname(file);
  const problem = (why: string): Error => usageError(l10n.t('--out {0}: {1}; nothing was run', given, why));
  const dirStat = statOrNull(dir);
  if (dirStat === null) throw problem(l10n.t('no such directory {0}', dir));
  if (!dirStat.isDirectory()) throw problem(l10n.t('{0} is not a directory', dir));
  const fileStat = statOrNull(file);
  if (fileStat?.isDirectory()) throw problem(l10n.t('is a directory; give a file name'));
  try {
    accessSync(fileStat ? file : dir, constants.W_OK);
  } catch {
    throw problem(fileStat ? l10n.t('the file is not writable') : l10n.t('cannot create files in {0} (permission denied)', dir));
  }
  return file;
}

function statOrNull(p: string): Stats | null {
  try {
    return statSync(p, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null; // ENOTDIR and the like: not there as far as --out is concerned
  }
}

/**
 * Write `text` to `file` and say so on stdout (`format` and `what` it holds: "wrote csv (3 steps,
 * maxIterations) to run.csv"); when writing fails, say why on stderr and print the text to stdout
 * instead. False then.
 */
export function writeOut(io: CliIO, given: string, file: string, text: string, format: string, what: string): boolean {
  try {
    writeFileSync(file, text);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    io.err(`lrlab: ${l10n.t('could not write --out {0} ({1}); the output follows on stdout', given, reason)}\n`);
    io.out(text);
    return false;
  }
  io.out(`${l10n.t('wrote {0} ({1}) to {2}', format, what, given)}\n`);
  return true;
}

/** "3 steps, maxIterations": what a run's output holds (the stop reason is its name in the data). */
export function stepsAndReason(steps: number, stopReason: string): string {
  return steps === 1 ? l10n.t('1 step, {0}', stopReason) : l10n.t('{0} steps, {1}', steps, stopReason);
}
