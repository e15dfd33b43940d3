/**
 * Command-line parsing on node:util's parseArgs, with errors as one-line usage errors
 * (LrLabError 'usage') that name the flag, what it expects and what it got.
 */
import * as l10n from '@vscode/l10n';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LrLabError } from '../core/errors';
import { readNumberList } from '../shared/numberList';

type Options = NonNullable<ParseArgsConfig['options']>;

export function usageError(message: string): LrLabError {
  return new LrLabError('usage', message);
}

/**
 * Parse `args` for `lrlab <command>`. A value that starts with a minus sign and a digit
 * (`--x0 -1.2,1`, `--lr -1`) is taken as the flag's value, as people type it.
 */
export function parseCommand<O extends Options>(command: string, args: readonly string[], options: O) {
  const valued = new Set(Object.entries(options).filter(([, o]) => o.type === 'string').map(([name]) => `--${name}`));
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (valued.has(arg) && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  try {
    return parseArgs({ args: joined, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw usageError(l10n.t('{0} (see lrlab help {1})', describeParseError(e, options), command));
  }
}

function describeParseError(e: unknown, options: Options): string {
  const { code, message } = e as { code?: string; message?: string };
  const text = String(message ?? e);
  const flag = /'(--?[^' ]+)/.exec(text)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const name = flag?.replace(/^-+/, '').split('=')[0] ?? '';
      const close = Object.keys(options).filter((o) => name.length > 0 && editDistance(o, name) <= Math.min(2, Math.floor(o.length / 2)));
      const unknown = flag ?? text;
      return close.length ? l10n.t('unknown flag {0}; did you mean {1}?', unknown, close.map((o) => `--${o}`).join(l10n.t(' or '))) : l10n.t('unknown flag {0}', unknown);
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (flag === undefined) return /argument missing|ambiguous/.test(text) ? l10n.t('a flag needs a value') : l10n.t('a flag takes no value');
      return /argument missing|ambiguous/.test(text) ? l10n.t('{0} needs a value', flag) : l10n.t('{0} takes no value', flag);
    default:
      return text.split('\n')[0]!;
  }
}

/** A finite number from flag `name`. */
export function numberFlag(name: string, text: string, rule: { integer?: boolean; positive?: boolean } = {}): number {
  const value = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(value) || (rule.integer && !Number.isInteger(value)) || (rule.positive && !(value > 0))) {
    const flag = `--${name}`;
    const got = JSON.stringify(text);
    throw usageError(
      rule.integer
        ? rule.positive ? l10n.t('{0} must be a positive integer (got {1})', flag, got) : l10n.t('{0} must be an integer (got {1})', flag, got)
        : rule.positive ? l10n.t('{0} must be a number > 0 (got {1})', flag, got) : l10n.t('{0} must be a number (got {1})', flag, got),
    );
  }
  return value;
}

/**
 * Numbers separated by commas (`-1.2,1`), optionally in brackets (`[-1.2, 1]`), read as an
 * `@x0` tag is (shared/numberList.ts): a problem names the flag, the entry and why.
 */
export function numberListFlag(name: string, text: string, example = '-1.2,1', integers = false): number[] {
  const flag = `--${name}`;
  const read = readNumberList(text.trim().replace(/^\[(.*)\]$/s, '$1'), flag, `${flag} ${example}`, integers);
  if (read.problem !== null) throw LrLabError.worded('usage', read.problem);
  return read.values;
}

/** One of `choices` from flag `name`. */
export function choiceFlag<T extends string>(name: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) throw usageError(l10n.t('{0} must be one of {1} (got {2})', `--${name}`, choices.join(', '), JSON.stringify(text)));
  return text as T;
}

/** The single FILE positional of a command. */
export function filePositional(command: string, positionals: readonly string[]): string {
  if (positionals.length === 0) throw usageError(l10n.t('lrlab {0} needs a file: lrlab {0} FILE.ts (see lrlab help {0})', command));
  if (positionals.length > 1) throw usageError(l10n.t('lrlab {0} takes one file, got {1}: {2}', command, positionals.length, positionals.join(' ')));
  return positionals[0]!;
}

/** Levenshtein distance, for "did you mean" on short flag names. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
