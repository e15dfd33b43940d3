/**
 * 3. Cold start: from "run this file" to the first batch of records for a small objective
 * file (examples/rosenbrock.ts), as the CLI and a fresh extension host meet it: bundling with
 * esbuild (its service starts with the first call), starting the worker thread (loading
 * dist/worker.js), then the objective's first evaluation and steps.
 *
 * Each repetition is a fresh node process running bench/probes/coldStart.ts (bundled with
 * esbuild here and run with plain node, no tsx): once to time the phases one by one from cold,
 * once for the whole path as startRun takes it (bundling and the worker start overlap) and
 * again warm, as an extension's next run in the same process.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { figure, type Check, type Suite, type SuiteOptions, type SuiteResult } from '../lib/result';

const ROOT = resolve(__dirname, '..', '..');
const FILE = join(ROOT, 'examples', 'rosenbrock.ts');
const WORKER = join(ROOT, 'dist', 'worker.js');

interface Phases {
  readonly bundle: number;
  readonly worker: number;
  readonly emptyWorker: number;
}
interface PathTimes {
  readonly header: number;
  readonly firstBatch: number;
  readonly firstEvaluation: number;
}
interface Path {
  readonly cold: PathTimes;
  readonly warm: PathTimes;
  readonly warmBundle: number;
}

async function buildProbe(dir: string): Promise<string> {
  const esbuild = await import('esbuild');
  const outfile = join(dir, 'coldStart.js');
  await esbuild.build({ entryPoints: [join(ROOT, 'bench', 'probes', 'coldStart.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, external: ['esbuild', 'typescript'], logLevel: 'error' });
  esbuild.stop();
  return outfile;
}

function probe<T>(script: string, mode: 'phases' | 'path'): T {
  const out = execFileSync(process.execPath, [script, mode, FILE, WORKER], { encoding: 'utf8', env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') }, timeout: 60_000 });
  return JSON.parse(out.trim()) as T;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function fmt(ms: number): string {
  return Number.isFinite(ms) ? ms.toFixed(ms < 10 ? 1 : 0) : '?';
}

export const coldStart: Suite = {
  id: 'coldStart',
  title: 'Cold start: run a file → first batch of records',
  async run(options: SuiteOptions): Promise<SuiteResult> {
    const reps = options.quick ? 1 : 9;
    const dir = mkdtempSync(join(tmpdir(), 'lrlab-bench-cold-'));
    const phases: Phases[] = [];
    const paths: Path[] = [];
    try {
      const script = await buildProbe(dir);
      for (let rep = 0; rep < reps; rep++) {
        phases.push(probe<Phases>(script, 'phases'));
        paths.push(probe<Path>(script, 'path'));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const checks: Check[] = [{ what: `${reps} cold runs of examples/rosenbrock.ts reached their first batch and ended at the iteration limit`, ok: paths.length === reps && paths.every((p) => Number.isFinite(p.cold.firstBatch) && Number.isFinite(p.warm.firstBatch)) }];
    const bar = { text: '< 300 ms', test: (ms: number) => ms < 300 };
    return {
      id: this.id,
      title: this.title,
      checks,
      figures: [
        figure('bundle.cold.ms', 'bundle the file with esbuild, first call in the process (starts its service)', 'ms', phases.map((p) => p.bundle)),
        figure('worker.cold.ms', 'start the worker thread (load dist/worker.js) until it answers', 'ms', phases.map((p) => p.worker)),
        figure('worker.empty.ms', 'an empty worker thread (an echo, nothing to load) until it answers', 'ms', phases.map((p) => p.emptyWorker)),
        figure('header.cold.ms', 'startRun → objective loaded and evaluated in the worker (header)', 'ms', paths.map((p) => p.cold.header)),
        figure('firstEvaluation.cold.ms', 'header → first batch (first evaluations and steps, the batch posted back)', 'ms', paths.map((p) => p.cold.firstEvaluation)),
        figure('total.cold.ms', 'total: startRun → first batch, fresh process', 'ms', paths.map((p) => p.cold.firstBatch), { goal: bar }),
        figure('total.warm.ms', 'total: startRun → first batch, next run in the same process (extension: esbuild running, spare worker)', 'ms', paths.map((p) => p.warm.firstBatch), { goal: bar }),
        figure('bundle.warm.ms', 'bundle again, esbuild service running', 'ms', paths.map((p) => p.warmBundle)),
      ],
      notes: [
        'startRun starts the worker and bundles at the same time, so the total is about the slower of the two plus the first evaluation, not their sum.',
        `Every run gets a new worker thread (a run's worker is terminated at its end, which is how Stop and the time limit are enforced). An empty worker thread answers in ${fmt(median(phases.map((p) => p.emptyWorker)))} ms here, LR Lab's in ${fmt(median(phases.map((p) => p.worker)))} ms (loading dist/worker.js; it validates configs with zod's tree-shakable zod/mini). The extension keeps a spare worker started ahead (src/core/loader/spareWorker.ts, started when a run ends), so its next runs skip this; the warm figure includes it. The CLI makes one run per process and starts none.`,
        'Each repetition is a fresh node process running the probe bundled with esbuild (plain node, no tsx), so module loading and esbuild’s service start are counted as a user meets them.',
      ],
    };
  },
};
