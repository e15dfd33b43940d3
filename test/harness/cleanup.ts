/**
 * Stops what a test run started on every way out: a normal end, a failure, Ctrl+C (SIGINT),
 * SIGTERM/SIGHUP and an uncaught error. Each resource registers an async stop (graceful) and a
 * sync one (last resort, run from `process.on('exit')`, where nothing async can happen).
 */

interface Cleanup {
  readonly name: string;
  readonly stop: () => Promise<void>;
  readonly kill: () => void;
}

const active = new Set<Cleanup>();
let hooked = false;
let exiting = false;

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/** True once a signal asked this process to stop: failures after it are the interruption's, not worth keeping logs for. */
export function interrupted(): boolean {
  return exiting;
}

/** Registers a resource; returns the function to call once it has been stopped normally. */
export function registerCleanup(name: string, stop: () => Promise<void>, kill: () => void): () => void {
  hookProcess();
  const entry: Cleanup = { name, stop, kill };
  active.add(entry);
  return () => active.delete(entry);
}

/** Stops every registered resource (newest first), each at most `timeoutMs`. */
export async function runCleanups(timeoutMs = 10_000): Promise<void> {
  // Entries stay registered until stopped, so an exit half-way still kills the rest (process 'exit').
  const entries = [...active].reverse();
  for (const entry of entries) {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        entry.stop(),
        new Promise<void>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
        }),
      ]);
    } catch (err) {
      console.error(`[harness] stopping ${entry.name} failed (${(err as Error).message}); killing it`);
      try {
        entry.kill();
      } catch {
        // already gone
      }
    } finally {
      clearTimeout(timer);
      active.delete(entry);
    }
  }
}

function exitAfterCleanup(code: number): void {
  if (exiting) {
    // A second signal while stopping: kill what is left right away.
    for (const entry of active) entry.kill();
    process.exit(code);
  }
  exiting = true;
  void runCleanups().finally(() => process.exit(code));
}

function hookProcess(): void {
  if (hooked) return;
  hooked = true;
  for (const [signal, code] of Object.entries(SIGNAL_EXIT_CODES)) {
    process.on(signal, () => {
      console.error(`[harness] ${signal}: stopping what this run started (${[...active].map((e) => e.name).join(', ') || 'nothing'})`);
      exitAfterCleanup(code);
    });
  }
  // Only when nobody else handles it: mocha listens while it runs, to fail the current test.
  process.on('uncaughtException', (err) => {
    if (process.listenerCount('uncaughtException') > 1) return;
    console.error('[harness] uncaught exception:', err);
    exitAfterCleanup(1);
  });
  process.on('unhandledRejection', (reason) => {
    if (process.listenerCount('unhandledRejection') > 1) return;
    console.error('[harness] unhandled rejection:', reason);
    exitAfterCleanup(1);
  });
  process.on('exit', () => {
    for (const entry of active) {
      try {
        entry.kill();
      } catch {
        // already gone
      }
    }
  });
}
