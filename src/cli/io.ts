/** Where a command writes: stdout for results, stderr for one-line errors and notes. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** The working directory paths are shown relative to. */
  readonly cwd: string;
}

export const processIO: CliIO = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
};

/** Exit code when stdout was closed by its reader (`lrlab run … | head -2`): 128 + SIGPIPE, as a shell reports a tool SIGPIPE ended. */
export const STDOUT_CLOSED_EXIT = 141;

let guarded = false;

/**
 * A reader that stops reading (`| head -2`) makes the next write fail with EPIPE, emitted as an
 * 'error' event that would otherwise crash with a stack trace. End quietly instead, as other
 * command-line tools do (nothing is left to say to a reader that is gone); the run's worker
 * ends with the process. A failing stderr is ignored for the same reason.
 */
export function endQuietlyWhenOutputCloses(): void {
  if (guarded) return;
  guarded = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(STDOUT_CLOSED_EXIT);
    throw error;
  });
  process.stderr.on('error', () => undefined);
}
