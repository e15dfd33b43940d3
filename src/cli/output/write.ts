/** Write a command's output to stdout, or to --out PATH with a one-line note of what was written. */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CliIO } from '../io';

export function writeOutput(io: CliIO, out: string | undefined, text: string, what: string): void {
  if (out === undefined) {
    io.out(text);
    return;
  }
  writeFileSync(path.resolve(io.cwd, out), text);
  io.out(`wrote ${what} to ${out}\n`);
}
