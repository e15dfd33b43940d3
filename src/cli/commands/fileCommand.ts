/**
 * The start every `lrlab COMMAND FILE.ts …` shares: its flags parsed, `--help` answered, the
 * objective file (which must exist) and `--format` checked against the formats the command writes.
 */
import type { ParseArgsConfig } from 'node:util';
import { choiceFlag, parseCommand } from '../args';
import type { CliIO } from '../io';
import { commandHelp } from './help';
import { objectiveFile } from './run';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface FileCommandStart<O extends Options, F extends string> {
  readonly values: ReturnType<typeof parseCommand<O>>['values'];
  /** The objective file, absolute. */
  readonly file: string;
  readonly format: F;
}

/**
 * Parse `args` for `lrlab <command>`; null when it was `--help` (the help is printed: the command
 * is done). `formats[0]` is the default format.
 */
export function startFileCommand<O extends Options, F extends string>(command: string, args: readonly string[], options: O, io: CliIO, formats: readonly [F, ...F[]]): FileCommandStart<O, F> | null {
  const { values, positionals } = parseCommand(command, args, options);
  const common = values as { help?: unknown; format?: unknown };
  if (common.help === true) {
    io.out(commandHelp(command));
    return null;
  }
  const file = objectiveFile(command, positionals, io.cwd);
  const given = common.format;
  const format = choiceFlag('format', typeof given === 'string' ? given : formats[0], formats);
  return { values, file, format };
}
