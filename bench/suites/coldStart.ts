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
 *
 * The same paths with esbuild-wasm (LRLAB_BUNDLER=wasm), the bundler a .vsix without this
 * machine's native binary falls back to, and the bundle time of every example with each: the
 * measurements behind shipping one package per platform (docs/ARCHITECTURE.md, "Packaging").
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { figure, type Check, type Suite, type SuiteOptions, type SuiteResult } from '../lib/result';

const ROOT = resolve(__dirname, '..', '..');
const FILE = join(ROOT, 'examples', 'rosenbrock.ts');
const EXAMPLES = join(ROOT, 'examples');

type BundlerKind = 'native' | 'wasm';
const WORKER = join(ROOT, 'dist', 'worker.js');

interface Probed {
  /** Which esbuild the probe ran. */
  readonly bundler: BundlerKind;
}
interface Phases extends Probed {
  readonly bundle: number;
  readonly worker: number;
  readonly emptyWorker: number;
}
interface PathTimes {
  readonly header: number;
  readonly firstBatch: number;
  readonly firstEvaluation: number;
}
interface Examples extends Probed {
  readonly first: number;
  readonly perFile: number[];
}
interface Shown extends Probed {
  readonly shown: PathTimes;
}
interface Path extends Probed {
  readonly cold: PathTimes;
  readonly warm: PathTimes;
  readonly warmBundle: number;
}

async function buildProbe(dir: string): Promise<string> {
  const esbuild = await import('esbuild');
  const outfile = join(dir, 'coldStart.js');
  await esbuild.build({ entryPoints: [join(ROOT, 'bench', 'probes', 'coldStart.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, external: ['esbuild', 'esbuild-wasm', 'typescript'], logLevel: 'error' });
  esbuild.stop();
  return outfile;
}

function probe<T extends Probed>(script: string, mode: 'phases' | 'path' | 'shown' | 'examples', bundler: BundlerKind): T {
  const target = mode === 'examples' ? EXAMPLES : FILE;
  const out = execFileSync(process.execPath, [script, mode, target, WORKER], { encoding: 'utf8', env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), LRLAB_BUNDLER: bundler }, timeout: 120_000 });
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
    // esbuild-wasm's runs take seconds each: fewer of them, still ≥ 5 in a full run.
    const wasmReps = options.quick ? 1 : 5;
    const dir = mkdtempSync(join(tmpdir(), 'lrlab-bench-cold-'));
    const phases: Phases[] = [];
    const paths: Path[] = [];
    const examples: Examples[] = [];
    const wasmPhases: Phases[] = [];
    const wasmPaths: Path[] = [];
    const wasmExamples: Examples[] = [];
    const wasmShown: Shown[] = [];
    try {
      const script = await buildProbe(dir);
      for (let rep = 0; rep < reps; rep++) {
        phases.push(probe<Phases>(script, 'phases', 'native'));
        paths.push(probe<Path>(script, 'path', 'native'));
        examples.push(probe<Examples>(script, 'examples', 'native'));
      }
      for (let rep = 0; rep < wasmReps; rep++) {
        wasmPhases.push(probe<Phases>(script, 'phases', 'wasm'));
        wasmPaths.push(probe<Path>(script, 'path', 'wasm'));
        wasmExamples.push(probe<Examples>(script, 'examples', 'wasm'));
        wasmShown.push(probe<Shown>(script, 'shown', 'wasm'));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const reached = (list: readonly Path[]) => list.every((p) => Number.isFinite(p.cold.firstBatch) && Number.isFinite(p.warm.firstBatch));
    const ran = (list: readonly Probed[], kind: BundlerKind) => list.every((p) => p.bundler === kind);
    const checks: Check[] = [
      { what: `${reps} cold runs of examples/rosenbrock.ts reached their first batch and ended at the iteration limit`, ok: paths.length === reps && reached(paths) },
      { what: `${wasmReps} cold runs with esbuild-wasm reached their first batch and ended at the iteration limit`, ok: wasmPaths.length === wasmReps && reached(wasmPaths) },
      { what: `${wasmReps} runs with esbuild-wasm started 1 s ahead (the extension's warm-up) reached their first batch`, ok: wasmShown.length === wasmReps && wasmShown.every((p) => Number.isFinite(p.shown.firstBatch)) },
      { what: 'each probe bundled with the esbuild it was asked for (native, then esbuild-wasm)', ok: ran([...phases, ...paths, ...examples], 'native') && ran([...wasmPhases, ...wasmPaths, ...wasmExamples, ...wasmShown], 'wasm') },
    ];
    const bar = { text: '< 300 ms', test: (ms: number) => ms < 300 };
    const perFile = (list: readonly Examples[]) => list.flatMap((e) => e.perFile);
    // Per repetition: the median example's bundle time with esbuild-wasm over the native one's.
    const exampleRatio = wasmExamples.map((w, i) => median(w.perFile) / median((examples[i] ?? examples[0]!).perFile));
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
        figure('examples.native.ms', `bundle one example (each of examples/*.ts), native esbuild, service running`, 'ms', perFile(examples)),
        figure('wasm.bundle.cold.ms', 'esbuild-wasm: bundle the file, first call in the process (starts its service: Node loads esbuild.wasm, Liftoff compiles what runs)', 'ms', wasmPhases.map((p) => p.bundle)),
        figure('wasm.total.cold.ms', 'esbuild-wasm: total startRun → first batch, fresh process', 'ms', wasmPaths.map((p) => p.cold.firstBatch), { goal: bar }),
        figure('wasm.total.shown.ms', "esbuild-wasm: total startRun → first batch, fresh process, the run 1 s after its objective was shown (the extension starts the bundler then)", 'ms', wasmShown.map((p) => p.shown.firstBatch)),
        figure('wasm.total.warm.ms', 'esbuild-wasm: total startRun → first batch, next run in the same process', 'ms', wasmPaths.map((p) => p.warm.firstBatch), { goal: bar }),
        figure('wasm.bundle.warm.ms', 'esbuild-wasm: bundle again, service running', 'ms', wasmPaths.map((p) => p.warmBundle)),
        figure('examples.wasm.ms', 'esbuild-wasm: bundle one example (each of examples/*.ts), service running', 'ms', perFile(wasmExamples)),
        figure('examples.ratio', 'bundle time of the examples: esbuild-wasm ÷ native (median example, per repetition)', '×', exampleRatio),
      ],
      notes: [
        'startRun starts the worker and bundles at the same time, so the total is about the slower of the two plus the first evaluation, not their sum.',
        `Every run gets a new worker thread (a run's worker is terminated at its end, which is how Stop and the time limit are enforced). An empty worker thread answers in ${fmt(median(phases.map((p) => p.emptyWorker)))} ms here, LR Lab's in ${fmt(median(phases.map((p) => p.worker)))} ms (loading dist/worker.js; it validates configs with zod's tree-shakable zod/mini). The extension keeps a spare worker started ahead (src/core/loader/spareWorker.ts, started when a run ends), so its next runs skip this; the warm figure includes it. The CLI makes one run per process and starts none.`,
        'Each repetition is a fresh node process running the probe bundled with esbuild (plain node, no tsx), so module loading and esbuild’s service start are counted as a user meets them.',
        `esbuild-wasm (LRLAB_BUNDLER=wasm; the fallback of a package without this machine's binary) starts its service as a second Node process that loads the 14 MB esbuild.wasm and compiles each function as it is first called, with V8's baseline compiler Liftoff only (esbuildApi.ts sets --no-wasm-tier-up --no-wasm-dynamic-tiering in it: V8's default, recompiling hot functions with TurboFan on background threads, cost ~0.7 s of CPU during the first bundle and made later bundles no faster): the first bundle of a process took ${fmt(median(wasmPhases.map((p) => p.bundle)))} ms against ${fmt(median(phases.map((p) => p.bundle)))} ms native, and each example bundled ${fmt(median(exampleRatio))}× slower once running. That cost is paid on every CLI run, so LR Lab ships one package per platform with its native binary and keeps esbuild-wasm for the universal package only. The extension starts the bundler as soon as a file with an objective is shown (its ▶ Run lens appears: warmBundler in src/core/loader/esbuildApi.ts), so a first run that comes a second later finds the service up: the 'shown' row. Node 20 offers no way to keep V8's compiled WebAssembly between processes (no code cache for wasm modules, module.enableCompileCache is Node 22's and for JavaScript only), and esbuild-wasm's Node API refuses a precompiled wasmModule (browser only).`,
      ],
    };
  },
};
