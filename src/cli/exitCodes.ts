/** The `lrlab` exit codes, one per way a command can end. */
import * as l10n from '@vscode/l10n';
import type { LrLabErrorCode } from '../core/errors';
import type { RunOutcome, StopReason } from '../core/minimize/records';
import { STDOUT_CLOSED_EXIT } from './io';

export const EXIT = {
  /** The run finished (maxIterations or converged); the other commands succeeded. */
  ok: 0,
  /** An error in the user's file or code (compile, load, objective, limits), or a failed gradient check. */
  error: 1,
  /** Bad command line or config: unknown flag or option, bad value, missing file, an --out that cannot be written, a config that does not fit the objective (x0 length, --objective, --batch-size). */
  usage: 2,
  diverged: 3,
  timeout: 4,
  /** Stopped by Ctrl+C (128 + SIGINT). */
  cancelled: 130,
  /** stdout was closed by its reader (`| head`): 128 + SIGPIPE, printed nothing more. */
  stdoutClosed: STDOUT_CLOSED_EXIT,
} as const;

/** How a run ended as an exit code: a config the worker found not to fit the objective (x0 length, objective name, batch size) is a usage error like any other. */
export function exitCodeForOutcome(outcome: Pick<RunOutcome, 'stopReason' | 'error'>): number {
  if (outcome.stopReason === 'error' && outcome.error) return exitCodeForError(outcome.error.code);
  return exitCodeForStop(outcome.stopReason);
}

export function exitCodeForStop(reason: StopReason): number {
  switch (reason) {
    case 'maxIterations':
    case 'converged':
      return EXIT.ok;
    case 'diverged':
      return EXIT.diverged;
    case 'timeout':
      return EXIT.timeout;
    case 'cancelled':
      return EXIT.cancelled;
    case 'error':
      return EXIT.error;
  }
}

export function exitCodeForError(code: LrLabErrorCode): number {
  if (code === 'usage' || code === 'invalidConfig') return EXIT.usage;
  if (code === 'timeout') return EXIT.timeout;
  if (code === 'cancelled') return EXIT.cancelled;
  return EXIT.error;
}

/** The exit codes as help text. */
/** The exit codes' table of --help, in the CLI's language. */
export const exitCodesHelp = (): string =>
  [
    `  0    ${l10n.t('finished (maxIterations or converged); other commands succeeded')}`,
    `  1    ${l10n.t('error in the objective file or its code (compile, load, exception, NaN, endless loop, memory), or a failed gradient check')}`,
    `  2    ${l10n.t('usage: unknown flag, bad value or config (also one that does not fit the objective), missing file, unwritable --out')}`,
    `  3    ${l10n.t('diverged')}`,
    `  4    ${l10n.t('timeout (--time-limit)')}`,
    `  130  ${l10n.t('cancelled (Ctrl+C)')}`,
    `  141  ${l10n.t('stdout closed by its reader (e.g. piped into head)')}`,
  ].join('\n');
