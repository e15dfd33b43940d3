/**
 * One cold start, in a fresh process (bench/suites/coldStart.ts bundles this file with esbuild
 * and runs it with plain node, as the CLI and a fresh extension host run the loader):
 *
 *   node coldStart.js phases FILE WORKER.js  →  {"bundle", "worker", "emptyWorker"}: each phase from cold, one after
 *                                               the other, and an empty worker thread for comparison
 *   node coldStart.js path FILE WORKER.js    →  {"cold", "warm", "warmBundle"}: startRun to its header and first
 *                                               batch in a fresh process (bundling and worker start overlap, as
 *                                               startRun does them), then again warm, as an extension's next run
 *                                               (esbuild's service running, a spare worker started ahead)
 *   node coldStart.js shown FILE WORKER.js   →  {"shown"}: startRun to its header and first batch in a fresh process
 *                                               whose bundler was started 1 s before (warmBundler), as the extension
 *                                               starts it when a file with an objective is shown
 *   node coldStart.js examples DIR           →  {"first", "perFile"}: the first bundle in the process (the service
 *                                               starts), then each objective file of DIR bundled once
 *
 * Times in milliseconds, on one JSON line, with "bundler": which esbuild ran ("native" or "wasm";
 * LRLAB_BUNDLER chooses, see src/core/loader/esbuildApi.ts).
 */
import { Worker } from 'node:worker_threads';
import { readdirSync } from 'node:fs';
import { bundleObjectiveFile, bundler, keepSpareWorker, startRun, warmBundler } from '../../src/core/loader';
import { resolveRunConfig } from '../../src/core/minimize/config';

const [mode, file, given] = process.argv.slice(2) as [string, string, string];
const workerPath = require('node:path').resolve(given) as string;
/** From the objective shown (its lens) to Run in the 'shown' mode: a person reads the lens, then clicks. */
const SHOWN_TO_RUN_MS = 1000;

/** Worker start: a new worker thread loads worker.js and answers a message (one of another protocol version, which it refuses at once). */
function workerStart(): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerPath);
    worker.once('message', () => {
      resolve(performance.now() - started);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.postMessage({ version: -1 });
  });
}

/** An empty worker thread (no script to load beyond an echo), until it answers: what any worker costs before LR Lab's code. */
function emptyWorkerStart(): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const worker = new Worker("require('node:worker_threads').parentPort.once('message', (m) => require('node:worker_threads').parentPort.postMessage(m));", { eval: true });
    worker.once('message', () => {
      resolve(performance.now() - started);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.postMessage(0);
  });
}

/** startRun to its header (objective loaded and evaluated in the worker) and to its first batch of records. */
function firstBatch(): Promise<{ header: number; firstBatch: number; firstEvaluation: number }> {
  const config = resolveRunConfig({ optimizer: { type: 'adam', lr: 0.01 }, iterations: 200 });
  const started = performance.now();
  let header = NaN;
  let batch = NaN;
  return new Promise((resolve, reject) => {
    const handle = startRun(
      { file, config, workerPath },
      {
        onHeader: () => (header = performance.now() - started),
        onBatch: () => {
          if (Number.isNaN(batch)) batch = performance.now() - started;
        },
      },
    );
    handle.done.then((outcome) => {
      if (outcome.stopReason !== 'maxIterations') reject(new Error(`the run ended with ${outcome.stopReason}: ${outcome.detail}`));
      else resolve({ header, firstBatch: batch, firstEvaluation: batch - header });
    }, reject);
  });
}

/** The first bundle of the process, then each objective file of `dir` once. */
async function bundleExamples(dir: string): Promise<{ first: number; perFile: number[] }> {
  const files = readdirSync(dir).filter((name) => /\.ts$/.test(name)).sort().map((name) => require('node:path').join(dir, name) as string);
  const started = performance.now();
  await bundleObjectiveFile(files[0]!);
  const first = performance.now() - started;
  const perFile: number[] = [];
  for (const each of files) {
    const t = performance.now();
    await bundleObjectiveFile(each);
    perFile.push(performance.now() - t);
  }
  return { first, perFile };
}

async function main(): Promise<void> {
  const write = async (result: object) => process.stdout.write(`${JSON.stringify({ ...result, bundler: (await bundler()).kind })}\n`);
  if (mode === 'examples') {
    await write(await bundleExamples(file));
    return;
  }
  if (mode === 'phases') {
    const bundleStarted = performance.now();
    await bundleObjectiveFile(file);
    const bundle = performance.now() - bundleStarted;
    const worker = await workerStart();
    const emptyWorker = await emptyWorkerStart();
    await write({ bundle, worker, emptyWorker });
    return;
  }
  if (mode === 'shown') {
    // The extension starts the bundler when the ▶ Run lens of an objective appears; a person clicks it a moment later.
    warmBundler();
    await new Promise((resolve) => setTimeout(resolve, SHOWN_TO_RUN_MS));
    await write({ shown: await firstBatch() });
    return;
  }
  // As the extension does: a spare worker is started when a run ends, ready for the next one,
  // which comes a moment later (here 300 ms; a person takes longer).
  keepSpareWorker(true);
  const cold = await firstBatch();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const warm = await firstBatch();
  keepSpareWorker(false);
  const warmBundleStarted = performance.now();
  await bundleObjectiveFile(file);
  const warmBundle = performance.now() - warmBundleStarted;
  await write({ cold, warm, warmBundle });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
