/**
 * Process groups: the harness spawns code-server `detached` (its own group, like `setsid`), so
 * one signal to `-pid` reaches the extension hosts, tsserver and file watchers it starts too.
 */

/** True while any process of the group is alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Sends a signal to the whole group; a group that is already gone is fine. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** SIGTERM, then SIGKILL if anything of the group is still alive after `graceMs`. */
export async function stopGroup(pgid: number, graceMs = 5_000): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(50);
  if (!groupAlive(pgid)) return;
  signalGroup(pgid, 'SIGKILL');
  const killDeadline = Date.now() + 2_000;
  while (groupAlive(pgid) && Date.now() < killDeadline) await sleep(50);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
