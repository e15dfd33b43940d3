/**
 * Raw run and schedule configs from a JSON file plus command-line flags. Flags override the
 * file; `--set PATH=VALUE` (repeatable) comes last and reaches any option:
 *   --set momentum=0.9            an option of the optimizer (a bare name)
 *   --set schedule.tMax=50        an option of the schedule
 *   --set tolerance.gradNorm=1e-6 --set clip.maxNorm=1     run options by their config path
 * VALUE is JSON when it parses (0.9, true, [30, 80], null), else numbers separated by
 * commas (0.9,0.999 → [0.9, 0.999]), else the text itself (adam).
 */
import * as l10n from '@vscode/l10n';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LrLabError } from '../core/errors';
import { GRADIENT_SOURCES } from '../shared/defaults';
import { choiceFlag, numberFlag, numberListFlag, usageError } from './args';

type Raw = Record<string, unknown>;

/** Top-level keys of a run config (see resolveRunConfig); other `--set` names are optimizer options. */
const RUN_KEYS = new Set(['optimizer', 'schedule', 'iterations', 'tolerance', 'clip', 'seed', 'batchSize', 'evalEvery', 'x0', 'gradient', 'divergenceFactor', 'recordParams']);
/** What an optimizer or schedule section starts as when `--set` creates it. */
const SECTION_DEFAULTS: Readonly<Record<string, Raw>> = { optimizer: { type: 'adam' }, schedule: { type: 'constant' } };

/**
 * A JSON object from `file` (a config), or from the text itself when it starts with `{`
 * (inline: `--config '{"type": "cosine", "tMax": 50}'`). LrLabError('usage') naming the
 * file, line and column (inline: the column in the flag's value) when it is not one.
 */
export function readJsonObject(file: string, cwd: string): Raw {
  const inline = file.trimStart().startsWith('{');
  let text: string;
  if (inline) {
    text = file;
  } else {
    try {
      text = readFileSync(path.resolve(cwd, file), 'utf8');
    } catch (e) {
      throw usageError((e as NodeJS.ErrnoException).code === 'ENOENT' ? l10n.t('cannot read {0}: no such file', file) : l10n.t('cannot read {0}: {1}', file, (e as Error).message));
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const offset = jsonErrorOffset(text, (e as Error).message);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const found = offset < text.length ? l10n.t('unexpected {0}', JSON.stringify(text[offset])) : inline ? l10n.t('unexpected end') : l10n.t('unexpected end of file');
    if (inline) throw usageError(l10n.t('--config is not valid JSON: {0} at column {1} of {2}', found, column, text));
    throw new LrLabError('usage', l10n.t('not valid JSON: {0}', found), { file, line, column });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new LrLabError('usage', l10n.t('must hold a JSON object like {0}', '{"optimizer": {"type": "adam"}}'), inline ? undefined : { file, line: 1 });
  }
  return value as Raw;
}

/**
 * Where JSON.parse gave up: the position in its message when it gives one, else the first
 * syntax error TypeScript's JSON parser finds (loaded only on this error path).
 */
function jsonErrorOffset(text: string, message: string): number {
  const at = /position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  if (/end of JSON input/.test(message)) return text.length;
  try {
    const ts = require('typescript') as typeof import('typescript');
    const diagnostic = (ts.parseJsonText('config.json', text) as unknown as { parseDiagnostics?: { start?: number }[] }).parseDiagnostics?.[0];
    if (diagnostic?.start !== undefined) return diagnostic.start;
  } catch {
    // no position then
  }
  return 0;
}

/** VALUE of `--set PATH=VALUE`. */
export function parseSetValue(text: string): unknown {
  const trimmed = text.trim();
  try {
    return JSON.parse(trimmed);
  } catch {
    // not JSON: a list or a word
  }
  if (trimmed.includes(',')) {
    return trimmed.split(',').map((part) => {
      const item = part.trim();
      const n = Number(item);
      return item !== '' && Number.isFinite(n) ? n : item;
    });
  }
  return trimmed;
}

/**
 * Apply `--set PATH=VALUE` to `raw`. For run configs (`section` = 'optimizer') a PATH whose
 * first name is not a run option is an optimizer option; for a schedule config (`section`
 * null) PATH is relative to the schedule.
 */
export function applySet(raw: Raw, assignment: string, section: 'optimizer' | null): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw usageError(l10n.t('--set needs NAME=VALUE, e.g. --set momentum=0.9 or --set schedule.tMax=50 (got {0})', JSON.stringify(assignment)));
  const keys = assignment.slice(0, eq).trim().split('.');
  if (keys.some((k) => k === '')) throw usageError(l10n.t('--set {0}: empty name in {1}', assignment, JSON.stringify(assignment.slice(0, eq))));
  if (section !== null && !RUN_KEYS.has(keys[0]!)) keys.unshift(section);
  const value = parseSetValue(assignment.slice(eq + 1));
  let target = raw;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i]!;
    const next = target[key];
    if (next === undefined || next === null) {
      const created: Raw = i === 0 && section !== null ? { ...(SECTION_DEFAULTS[key] ?? {}) } : {};
      target[key] = created;
      target = created;
    } else if (typeof next === 'object' && !Array.isArray(next)) {
      target = next as Raw;
    } else {
      throw usageError(l10n.t('--set {0}: {1} is {2}, not an object with options', assignment, keys.slice(0, i + 1).join('.'), JSON.stringify(next)));
    }
  }
  target[keys[keys.length - 1]!] = value;
}

export interface RunConfigFlags {
  readonly config?: string | undefined;
  readonly optimizer?: string | undefined;
  readonly lr?: string | undefined;
  readonly schedule?: string | undefined;
  readonly iterations?: string | undefined;
  readonly x0?: string | undefined;
  readonly seed?: string | undefined;
  readonly 'batch-size'?: string | undefined;
  readonly 'eval-every'?: string | undefined;
  readonly gradient?: string | undefined;
  readonly set?: readonly string[] | undefined;
}

/** An object section of a raw config (a copy), or undefined. */
function section(raw: Raw, key: string): Raw | undefined {
  const value = raw[key];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Raw) } : undefined;
}

/**
 * The raw run config (for resolveRunConfig) of `--config RUN.json` and the flags:
 * `--optimizer T` of another type than the file's replaces the optimizer (PyTorch defaults;
 * `--lr` still applies), `--schedule T` of another type replaces the schedule with its
 * defaults; the same type keeps the file's options.
 */
/** The point flag a wrong-length x0 is named by, when --x0 gave it (see StartRunOptions.pointName); a `--set x0=…`, applied after it, is the config's x0. */
export function pointNamed(flags: { readonly x0?: string | undefined; readonly set?: readonly string[] | undefined }): { pointName?: string } {
  const setsX0 = (flags.set ?? []).some((assignment) => /^\s*x0\s*=/.test(assignment));
  return flags.x0 !== undefined && !setsX0 ? { pointName: '--x0' } : {};
}

export function rawRunConfig(flags: RunConfigFlags, cwd: string): Raw {
  const raw: Raw = flags.config !== undefined ? readJsonObject(flags.config, cwd) : {};
  if (flags.optimizer !== undefined) {
    const current = section(raw, 'optimizer');
    raw.optimizer = current && current.type === flags.optimizer ? current : { type: flags.optimizer };
  }
  if (flags.lr !== undefined) raw.optimizer = { ...(section(raw, 'optimizer') ?? SECTION_DEFAULTS.optimizer), lr: numberFlag('lr', flags.lr) };
  if (flags.schedule !== undefined) {
    const current = section(raw, 'schedule');
    raw.schedule = current && current.type === flags.schedule ? current : { type: flags.schedule };
  }
  if (flags.iterations !== undefined) raw.iterations = numberFlag('iterations', flags.iterations, { integer: true, positive: true });
  if (flags.x0 !== undefined) raw.x0 = numberListFlag('x0', flags.x0);
  if (flags.seed !== undefined) raw.seed = numberFlag('seed', flags.seed, { integer: true });
  if (flags['batch-size'] !== undefined) raw.batchSize = numberFlag('batch-size', flags['batch-size'], { integer: true, positive: true });
  if (flags['eval-every'] !== undefined) raw.evalEvery = numberFlag('eval-every', flags['eval-every'], { integer: true, positive: true });
  if (flags.gradient !== undefined) raw.gradient = choiceFlag('gradient', flags.gradient, GRADIENT_SOURCES);
  for (const assignment of flags.set ?? []) applySet(raw, assignment, 'optimizer');
  return raw;
}
