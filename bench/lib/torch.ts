/**
 * PyTorch as a benchmark contender: bench/torch/torch_bench.py run by Debian's python3 (the
 * one with torch), kept running and driven by JSON lines, so its runs interleave with ours.
 * When `import torch` fails there, `startTorch` says why and the suites report it as skipped.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const PYTHON = '/usr/bin/python3';
const SCRIPT = join(__dirname, '..', 'torch', 'torch_bench.py');

export interface Torch {
  readonly version: string;
  /** One command; resolves with its answer (rejects when PyTorch reported an error). */
  ask<T>(command: Record<string, unknown>): Promise<T>;
  close(): void;
}

/** PyTorch, or the reason it cannot be used. */
export async function startTorch(): Promise<Torch | { skipped: string }> {
  const probe = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 60_000 });
  if (probe.error) return { skipped: `${PYTHON} cannot be run (${probe.error.message})` };
  if (probe.status !== 0) return { skipped: `\`import torch\` fails in ${PYTHON}: ${lastLine(probe.stderr)}` };
  const child: ChildProcessWithoutNullStreams = spawn(PYTHON, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1' } });
  const lines = createInterface({ input: child.stdout });
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const torch: Torch = {
    version: probe.stdout.trim(),
    ask<T>(command: Record<string, unknown>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const onExit = (): void => reject(new Error(`PyTorch exited: ${lastLine(stderr)}`));
        child.once('exit', onExit);
        waiting.push((line) => {
          child.off('exit', onExit);
          const answer = JSON.parse(line) as T & { error?: string };
          if (answer.error) reject(new Error(`PyTorch: ${answer.error}`));
          else resolve(answer);
        });
        child.stdin.write(`${JSON.stringify(command)}\n`);
      });
    },
    close() {
      child.stdin.end(`${JSON.stringify({ cmd: 'quit' })}\n`);
    },
  };
  await torch.ask({ cmd: 'info' });
  return torch;
}

/**
 * How result labels name PyTorch: with its version ("PyTorch 1.13.0"; Debian's build reports
 * 1.13.0a0), so a row never compares with an unnamed PyTorch. Only 1.13 is reachable from
 * these machines (Debian's python3-torch); no newer one can be installed here.
 */
export function torchName(torch: Torch | { skipped: string }): string {
  return 'skipped' in torch ? 'PyTorch' : `PyTorch ${torch.version.replace(/a\d+$/, '')}`;
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] ?? '(no output)';
}
