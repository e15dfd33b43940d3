/** `lrlab` under Ctrl+C, as a person presses it while a run is making steps. */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

const repoRoot = path.join(__dirname, '..', '..', '..');
const bin = path.join(repoRoot, 'bin', 'lrlab.js');

/** The line test/fixtures/slowAnnounced.ts prints when its 10th call of f begins (call k is step k's). */
export const TENTH_CALL = 'slowAnnounced: 10 calls';

/**
 * Run `node bin/lrlab.js …args` and send SIGINT once its stderr says `TENTH_CALL` (steps are being
 * made, however long starting took); resolves with how it exited and what it printed.
 */
export function lrlabInterrupted(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot });
  let stdout = '';
  let stderr = '';
  let pressed = false;
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
    if (!pressed && stderr.includes(TENTH_CALL)) {
      pressed = true;
      child.kill('SIGINT');
    }
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}
