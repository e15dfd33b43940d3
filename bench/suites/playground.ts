/**
 * 8. Playground: the bars of issue 17, each measured as the user meets it.
 *  - sweep: 8 cells (4 lrs × SGD, Adam on examples/rosenbrock.ts, 2M steps each: ~0.5 s of a
 *    quiet core per cell) by runSweep with 2 warm workers (each cell's records decimated in its
 *    worker, as the panel asks for them), against the same sweep with 1
 *    (`jobs: 1`: the same code, serial); per repetition the ratio, the two taken in alternating
 *    order. Goal ≤ 0.6× on 2 cores. Beside it, a cell's records through the worker's decimator
 *    alone (RecordDecimator on 2M steps in the loop's batches): its cost on a sweep's hot path.
 *  - contour: f of Rosenbrock on the 200 × 200 grid computed (core/landscape's evaluateGrid, the
 *    worker's loop, timed here in the process) plus the page's isolines (d3-contour) and first
 *    draw of the landscape view in headless Chromium (its own data-contour-ms and data-draw-ms).
 *    Goal < 150 ms.
 *  - animation: Play on 5 paths of 10k points each; frames drawn per second of the animation,
 *    counted by the view (data-frames) over the wall time inside the page. Goal ≥ 30 fps.
 */
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { evaluateGrid } from '../../src/core/landscape';
import { RecordDecimator } from '../../src/core/minimize/decimate';
import { DEFAULT_BATCH_RECORDS } from '../../src/core/minimize/recordBuffer';
import { runSweep, sweepCells } from '../../src/core/sweep';
import { REPO_ROOT } from '../../test/harness/paths';
import { PanelHarness } from '../../test/webview/harness';
import { initMessage } from '../../test/webview/fixtures';
import { fixtureRun, landscapeMessages, ROSENBROCK, type FixtureRun } from '../../test/webview/playgroundFixtures';
import { figure, type Check, type Suite, type SuiteOptions, type SuiteResult } from '../lib/result';

const WORKER = join(REPO_ROOT, 'dist', 'worker.js');
const ROSENBROCK_FILE = join(REPO_ROOT, 'examples', 'rosenbrock.ts');

/** Wall time of the 8-cell sweep with `jobs` workers at a time, and each cell's own loop time (ms). */
async function sweepMs(iterations: number, jobs: number): Promise<{ ms: number; finished: number; cellMs: number[] }> {
  // lr ≤ 1e-3: below Rosenbrock's stability bound for SGD (2/1001.6 ≈ 0.002), so every cell runs all its steps.
  const cells = sweepCells({ lrs: [1e-4, 2e-4, 5e-4, 1e-3], optimizers: [{ type: 'sgd' }, { type: 'adam' }], schedules: [{ type: 'constant' }], seeds: [0], base: { iterations } });
  const started = performance.now();
  const outcomes = await runSweep({ file: ROSENBROCK_FILE, objective: 'rosenbrock', cells, jobs, workerPath: WORKER }).done;
  return { ms: performance.now() - started, finished: outcomes.filter((o) => o.steps === iterations).length, cellMs: outcomes.map((o) => o.wallTimeMs) };
}

/** A sweep cell's records as its worker keeps them: `steps` records of a 2-parameter run, in the loop's batches, through the decimator (10,000 kept, the panel's default) (ms). */
function decimateMs(steps: number): number {
  const size = DEFAULT_BATCH_RECORDS;
  const column = (width: number): Float64Array => Float64Array.from({ length: size * width }, (_, i) => i);
  const columns = { dim: 2, lr: column(1), loss: column(1), gradNorm: column(1), params: column(2), metrics: { accuracy: column(1) } };
  const started = performance.now();
  const decimator = new RecordDecimator(10_000);
  for (let from = 1; from <= steps; from += size) decimator.add({ firstStep: from, count: Math.min(size, steps - from + 1), ...columns });
  decimator.result();
  return performance.now() - started;
}

/** A pure-CPU loop (no memory traffic, no messages) in a thread of its own; resolves when it is done. */
function spinThread(iterations: number): Promise<void> {
  const source = `let x = 0; for (let i = 0; i < ${iterations}; i++) x = (x + i) % 7; require('node:worker_threads').parentPort.postMessage(x);`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, execArgv: [] });
    worker.once('message', () => void worker.terminate().then(() => resolve(), reject));
    worker.once('error', reject);
  });
}

/**
 * What the shared cores give right now: the same loop twice, one after the other and then on two
 * threads at once; wall time at once ÷ one after the other (0.5: two free cores; 1: one core's worth).
 */
async function machineRatio(iterations: number): Promise<number> {
  const serialStart = performance.now();
  await spinThread(iterations);
  await spinThread(iterations);
  const serialMs = performance.now() - serialStart;
  const parallelStart = performance.now();
  await Promise.all([spinThread(iterations), spinThread(iterations)]);
  return (performance.now() - parallelStart) / serialMs;
}

/** In the page: press Play on the landscape; resolve with frames per second of the animation. */
const PLAY = new Function(
  `const view = document.querySelector('[data-view="landscape"]');
  const play = [...view.querySelectorAll('button')].find((b) => b.textContent === 'Play');
  const frames0 = Number(view.dataset.frames);
  const started = performance.now();
  play.click();
  return new Promise((resolve) => {
    const check = () => {
      if (view.dataset.playing === 'false' && performance.now() > started + 100) resolve((Number(view.dataset.frames) - frames0) / ((performance.now() - started) / 1000));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });`,
) as () => Promise<number>;

export const playground: Suite = {
  id: 'playground',
  title: 'Playground: a sweep on 2 cores, the 200 × 200 contour, the landscape animation',
  async run(options: SuiteOptions): Promise<SuiteResult> {
    const reps = options.quick ? 1 : 5;
    const iterations = options.quick ? 20_000 : 2_000_000;
    const checks: Check[] = [];
    const serial: number[] = [];
    const parallel: number[] = [];
    const ratios: number[] = [];
    const cellMs: number[] = [];
    const machine: number[] = [];
    const load = [loadavg()[0]!];
    for (let rep = 0; rep < reps; rep++) {
      // Alternate which goes first, so that a load that changes during a repetition favours neither.
      const first = await sweepMs(iterations, rep % 2 === 0 ? 1 : 2);
      const second = await sweepMs(iterations, rep % 2 === 0 ? 2 : 1);
      const [one, two] = rep % 2 === 0 ? [first, second] : [second, first];
      machine.push(await machineRatio(options.quick ? 10_000_000 : 200_000_000));
      serial.push(one.ms);
      parallel.push(two.ms);
      ratios.push(two.ms / one.ms);
      cellMs.push(...one.cellMs);
      if (one.finished !== 8 || two.finished !== 8) checks.push({ what: 'every cell of the sweep ran its iterations', ok: false, detail: `${one.finished} and ${two.finished} of 8` });
    }
    load.push(loadavg()[0]!);
    const decimatedMs = Array.from({ length: options.quick ? 5 : 15 }, () => decimateMs(2_000_000));

    // The page: 5 runs of 10k points on Rosenbrock (x₀ and 9,998 steps each: 9,999 points, the most a trajectory keeps before it halves to 5,001), f on 200 × 200.
    const pathRuns: FixtureRun[] = [
      fixtureRun(ROSENBROCK, 'r0', 0, 'adam lr=0.01', { optimizer: { type: 'adam', lr: 0.01 }, iterations: 9_998 }),
      fixtureRun(ROSENBROCK, 'r1', 1, 'adam lr=0.003', { optimizer: { type: 'adam', lr: 0.003 }, iterations: 9_998 }),
      fixtureRun(ROSENBROCK, 'r2', 2, 'sgd lr=0.001', { optimizer: { type: 'sgd', lr: 0.001 }, iterations: 9_998 }),
      fixtureRun(ROSENBROCK, 'r3', 3, 'sgd lr=0.0005 momentum=0.9', { optimizer: { type: 'sgd', lr: 0.0005, momentum: 0.9 }, iterations: 9_998 }),
      fixtureRun(ROSENBROCK, 'r4', 4, 'rmsprop lr=0.001', { optimizer: { type: 'rmsprop', lr: 0.001 }, iterations: 9_998 }),
    ];
    const points = pathRuns.map((r) => r.trajectory.length);
    const gridMs: number[] = [];
    const pageMs: number[] = [];
    const totalMs: number[] = [];
    const fps: number[] = [];
    const harness = new PanelHarness();
    await harness.start();
    try {
      for (let rep = 0; rep < reps; rep++) {
        const panel = await harness.open({ viewport: { width: 1000, height: 1200 } });
        try {
          await panel.send(initMessage());
          const since = (await panel.posted()).length;
          for (const run of pathRuns) for (const message of run.messages) await panel.send(message);
          const ids = pathRuns.map((r) => r.meta.id);
          const [scene, grid] = landscapeMessages(ROSENBROCK, pathRuns, 0, 200);
          // What the worker does for this box, timed: 40,000 evaluations of f.
          const computed = evaluateGrid((x) => ROSENBROCK.f(x), { kind: 'axes', dim: 2, origin: new Float64Array(2), u: Float64Array.of(1, 0), v: Float64Array.of(0, 1), explained: null }, { box: scene.box!, nx: 200, ny: 200 });
          gridMs.push(computed.ms);
          // Answer the page's latest request for the five runs until the view is ready.
          let answered = -1;
          for (;;) {
            const found = (await (
              await panel.page.waitForFunction(
                ({ since, ids, answered }) => {
                  const w = globalThis as unknown as { __posted: Array<{ type: string; runIds?: string[]; requestId?: number }>; document: { querySelector(s: string): { dataset: Record<string, string> } | null } };
                  if (answered >= 0 && w.document.querySelector('[data-view="landscape"]')?.dataset.status === 'ready') return { ready: true };
                  const request = w.__posted.slice(since).filter((m) => m.type === 'landscape' && JSON.stringify(m.runIds) === JSON.stringify(ids)).at(-1);
                  return request && request.requestId !== answered ? { requestId: request.requestId! } : false;
                },
                { since, ids, answered },
              )
            ).jsonValue()) as { ready: true } | { requestId: number };
            if ('ready' in found) break;
            answered = found.requestId;
            await panel.send({ ...scene, requestId: answered });
            await panel.send({ ...grid, requestId: answered });
          }
          const hooks = await panel.page.locator('[data-view="landscape"]').evaluate((el) => ({ ...(el as unknown as { dataset: Record<string, string> }).dataset }));
          const drawn = Number(hooks.contourMs) + Number(hooks.drawMs);
          pageMs.push(drawn);
          totalMs.push(computed.ms + drawn);
          if (hooks.pathPoints !== points.join(',')) checks.push({ what: 'every path drawn with all its points', ok: false, detail: `${hooks.pathPoints} vs ${points.join(',')}` });
          if (Number(hooks.rings) < 10) checks.push({ what: 'isolines drawn', ok: false, detail: `${hooks.rings} rings` });
          fps.push(await panel.page.evaluate(PLAY));
          const problems = await panel.problems();
          if (problems.length > 0) checks.push({ what: 'the page reported no errors', ok: false, detail: problems.join('; ') });
        } finally {
          await panel.close();
        }
      }
    } finally {
      await harness.stop();
    }
    checks.push({ what: 'five paths of 9,999 points (all kept, none thinned)', ok: points.every((n) => n === 9_999), detail: points.join(', ') });
    return {
      id: this.id,
      title: this.title,
      checks,
      figures: [
        figure('sweep.cell.ms', `one cell: ${iterations} steps of SGD or Adam on Rosenbrock, its loop in the worker (serial sweeps)`, 'ms', cellMs),
        figure('sweep.serial.ms', `sweep of 8 cells × ${iterations} steps, 1 worker (jobs 1)`, 'ms', serial),
        figure('sweep.parallel.ms', 'the same sweep, 2 workers (jobs 2)', 'ms', parallel),
        figure('sweep.ratio', 'parallel ÷ serial (per repetition)', '×', ratios, { goal: { text: '≤ 0.6×', test: (r) => r <= 0.6 } }),
        figure('sweep.decimate.ms', 'a cell’s records through its worker’s decimator: 2M steps of a 2-parameter run with a metric, in the loop’s batches of 4,096, 10,000 kept', 'ms', decimatedMs),
        figure('machine.ratio', 'the machine in the same repetition: a pure-CPU loop twice, on 2 threads at once ÷ one after the other (0.5 = two free cores)', '×', machine),
        figure('contour.grid.ms', 'f of Rosenbrock on 200 × 200 points (the worker’s loop)', 'ms', gridMs),
        figure('contour.page.ms', 'isolines (d3-contour) and the first draw of the landscape in the page', 'ms', pageMs),
        figure('contour.total.ms', '200 × 200 contour of Rosenbrock computed and drawn', 'ms', totalMs, { goal: { text: '< 150 ms', test: (ms) => ms < 150 } }),
        figure('animation.fps', 'Play on 5 paths of 10k points: frames per second', 'fps', fps, { goal: { text: '≥ 30 fps', test: (v) => v >= 30 } }),
      ],
      notes: [
        `The sweep runs each cell in the loader’s worker, as lrlab sweep and the panel do: the file bundled once, a pool of warm workers (one per job) that run the cells one after another; each cell’s numbers are counted in its worker over every step and its records come back decimated (at most 10,000, the panel’s default), once, at its end — nothing per step reaches this thread. Serial is the same runSweep with jobs = 1, so both pay the same bundling and the same first worker start. Cells of ${iterations} steps so that the cells’ work, not the sweep’s fixed start, is what is divided among the cores. 1-minute load average ${load.map((l) => l.toFixed(2)).join(' → ')} over the sweeps (2 cores, shared).`,
        `The machine ratio is the floor for any parallel ratio at that moment: the other users of the 2 shared cores decide how much of the second core there is. Compare the sweep ratio with it, repetition by repetition (sweep ÷ machine): ${ratios.map((r, i) => `${r.toFixed(3)} ÷ ${machine[i]!.toFixed(3)}`).join(', ')}.`,
        'The contour total adds the grid’s compute time in this process to the page’s own measures; in the panel the grid is computed in a worker and cached per box.',
        'Headless Chromium paces requestAnimationFrame at the display rate (60 Hz), so 60 fps is the ceiling of the animation figure.',
      ],
    };
  },
};
