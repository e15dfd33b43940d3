/** The `lrlab` exit codes, one per way a command can end. */
import type { LrLabErrorCode } from '../core/errors';
import type { StopReason } from '../core/minimize/records';

export const EXIT = {
  /** The run finished (maxIterations or converged); the other commands succeeded. */
  ok: 0,
  /** An error in the user's file or code (compile, load, objective, limits), or a failed gradient check. */
  error: 1,
  /** Bad command line or config: unknown flag or option, bad value, missing file. */
  usage: 2,
  diverged: 3,
  timeout: 4,
  /** Stopped by Ctrl+C (128 + SIGINT). */
  cancelled: 130,
} as const;

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
export const EXIT_CODES_HELP = [
  '  0    finished (maxIterations or converged); other commands succeeded',
  '  1    error in the objective file or its code, or a failed gradient check',
  '  2    usage: unknown flag, bad value or config, missing file',
  '  3    diverged',
  '  4    timeout (--time-limit)',
  '  130  cancelled (Ctrl+C)',
].join('\n');
