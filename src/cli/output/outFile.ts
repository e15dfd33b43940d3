/**
 * `--out PATH`: checked before anything runs (a long run must not end in "cannot write"), and
 * written so that nothing is lost when writing fails after all: the text then goes to stdout.
 */
import { accessSync, constants, statSync, writeFileSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { usageError } from '../args';
import type { CliIO } from '../io';

/** The absolute path of `--out given`; a usage error naming it when it cannot be written. */
export function checkOutPath(given: string, cwd: string): string {
  const file = path.resolve(cwd, given);
  const dir = path.dirname(file);
  const problem = (why: string): Error => usageError(`--out ${given}: ${why}; nothing was run`);
  const dirStat = statOrNull(dir);
  if (dirStat === null) throw problem(`no such directory ${dir}`);
  if (!dirStat.isDirectory()) throw problem(`${dir} is not a directory`);
  const fileStat = statOrNull(file);
  if (fileStat?.isDirectory()) throw problem('is a directory; give a file name');
  try {
    accessSync(fileStat ? file : dir, constants.W_OK);
  } catch {
    throw problem(fileStat ? 'the file is not writable' : `cannot create files in ${dir} (permission denied)`);
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
 * Write `text` to `file` and say so on stdout (`done`: e.g. "wrote csv (3 steps) to run.csv");
 * when writing fails, say why on stderr and print the text to stdout instead. False then.
 */
export function writeOut(io: CliIO, given: string, file: string, text: string, done: string): boolean {
  try {
    writeFileSync(file, text);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    io.err(`lrlab: could not write --out ${given} (${reason}); the output follows on stdout\n`);
    io.out(text);
    return false;
  }
  io.out(`${done} to ${given}\n`);
  return true;
}
