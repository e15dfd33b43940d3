/**
 * 2. Small objectives: Adam (lr 1e-3) on the 2-parameter Rosenbrock function with its analytic
 * gradient, every record kept (step, lr, loss, gradient norm, parameters after the step).
 *
 * The user's path, measured first: examples/rosenbrock.ts run as a user runs it — `startRun` in
 * the process (bundle, worker thread, the adapter's number[] copies of x, the user's f and grad,
 * records streamed back), the extension's way with its spare worker and running esbuild, and
 * `lrlab run FILE.ts` as a fresh process — against a hand loop that imports the same file and
 * calls the same f and grad on a number[] (Adam on Float64Array moments, the same columns kept
 * in arrays allocated once). The engine alone: minimize() on the engine's form of the objective
 * (f and grad on Float64Array) against the same hand loop on that form, a fully inlined loop, and
 * PyTorch (torch.optim.Adam on a 2-element float64 tensor, gradient written out and by autograd).
 *
 * Each repetition runs every contender once, in turn, so ratios are side by side.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { keepSpareWorker, startRun } from '../../src/core/loader';
import { minimize, resolveRunConfig, type RecordBatch } from '../../src/core/minimize';
import type { Objective } from '../../src/core/objective';
import { rosenbrock as userRosenbrock } from '../../examples/rosenbrock';
import { figure, ratios, type Check, type Suite, type SuiteOptions, type SuiteResult } from '../lib/result';
import { startTorch, torchName, type Torch } from '../lib/torch';
import { biasCorrection, handAdam } from './handLoops';

const LR = 1e-3;

const rosenbrock: Objective = {
  name: 'rosenbrock',
  dim: 2,
  x0: Float64Array.of(-1.2, 1),
  f(p) {
    const x = p[0]!;
    const y = p[1]!;
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
  },
  grad(p, out) {
    const x = p[0]!;
    const y = p[1]!;
    out[0] = -2 * (1 - x) - 400 * x * (y - x * x);
    out[1] = 200 * (y - x * x);
  },
};

interface Columns {
  readonly lr: Float64Array;
  readonly loss: Float64Array;
  readonly gradNorm: Float64Array;
  /** x and y after each step, interleaved. */
  readonly params: Float64Array;
}

/**
 * The loop a person would write for any objective: its f and grad called as functions on
 * Float64Arrays, Adam's update written out for PyTorch's defaults (handAdam, the optimizer
 * benchmark's hand loop), the gradient norm, and every column kept in arrays allocated once.
 */
function handLoop(objective: Objective, steps: number, out: Columns, shortcut = false): void {
  const dim = objective.dim;
  const x = Float64Array.from(objective.x0);
  const g = new Float64Array(dim);
  const m = new Float64Array(dim);
  const v = new Float64Array(dim);
  for (let k = 1; k <= steps; k++) {
    const i = k - 1;
    const loss = objective.f(x);
    objective.grad!(x, g);
    let sum = 0;
    for (let j = 0; j < dim; j++) sum += g[j]! * g[j]!;
    out.lr[i] = LR;
    out.loss[i] = loss;
    out.gradNorm[i] = Math.sqrt(sum);
    handAdam(x, g, m, v, LR, k, shortcut);
    out.params.set(x, i * dim);
  }
}

/**
 * The same with everything inlined for this one objective (the loss and gradient of two
 * scalars, the moments in locals): the ceiling for a 2-parameter problem, which no engine that
 * calls a user's f and grad reaches.
 */
function inlinedLoop(steps: number, out: Columns): void {
  let x = -1.2;
  let y = 1;
  let m0 = 0;
  let m1 = 0;
  let v0 = 0;
  let v1 = 0;
  for (let k = 1; k <= steps; k++) {
    const r = y - x * x;
    const loss = (1 - x) ** 2 + 100 * r ** 2;
    const g0 = -2 * (1 - x) - 400 * x * r;
    const g1 = 200 * r;
    const i = k - 1;
    out.lr[i] = LR;
    out.loss[i] = loss;
    out.gradNorm[i] = Math.sqrt(g0 * g0 + g1 * g1);
    m0 = 0.9 * m0 + (1 - 0.9) * g0;
    m1 = 0.9 * m1 + (1 - 0.9) * g1;
    v0 = 0.999 * v0 + (1 - 0.999) * g0 * g0;
    v1 = 0.999 * v1 + (1 - 0.999) * g1 * g1;
    const stepSize = LR / (1 - Math.pow(0.9, k));
    const bc2 = Math.sqrt(1 - Math.pow(0.999, k));
    x -= (stepSize * m0) / (Math.sqrt(v0) / bc2 + 1e-8);
    y -= (stepSize * m1) / (Math.sqrt(v1) / bc2 + 1e-8);
    out.params[2 * i] = x;
    out.params[2 * i + 1] = y;
  }
}

/**
 * The hand loop a user writes around their own functions: f(x) and grad(x) on a number[] (the
 * user's grad returns a new array, as written), Adam's update (PyTorch's defaults) on x in place,
 * and the same columns kept in arrays allocated once. `shortcut`: Math.pow skipped once 1 − βᵗ
 * is exactly 1, as LR Lab's Adam does.
 */
function userHandLoop(steps: number, out: Columns, shortcut = false): void {
  const x = [-1.2, 1];
  const m = [0, 0];
  const v = [0, 0];
  for (let k = 1; k <= steps; k++) {
    const i = k - 1;
    const loss = userRosenbrock.f(x);
    const g = userRosenbrock.grad(x);
    out.lr[i] = LR;
    out.loss[i] = loss;
    out.gradNorm[i] = Math.sqrt(g[0]! * g[0]! + g[1]! * g[1]!);
    const bc1 = biasCorrection(0.9, k, shortcut);
    const bc2 = Math.sqrt(biasCorrection(0.999, k, shortcut));
    const stepSize = LR / bc1;
    for (let j = 0; j < 2; j++) {
      const gj = g[j]!;
      m[j] = 0.9 * m[j]! + (1 - 0.9) * gj;
      v[j] = 0.999 * v[j]! + (1 - 0.999) * gj * gj;
      x[j] = x[j]! - (stepSize * m[j]!) / (Math.sqrt(v[j]!) / bc2 + 1e-8);
    }
    out.params[2 * i] = x[0]!;
    out.params[2 * i + 1] = x[1]!;
  }
}

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'rosenbrock.ts');

/** startRun on examples/rosenbrock.ts in this process: ms from the call to `done`, the worker's own loop time, and the records. */
async function runUserPath(steps: number): Promise<{ ms: number; loopMs: number; batches: RecordBatch[] }> {
  const config = resolveRunConfig({ optimizer: { type: 'adam', lr: LR }, iterations: steps });
  const batches: RecordBatch[] = [];
  const started = performance.now();
  const outcome = await startRun({ file: EXAMPLE, config }, { onBatch: (batch) => batches.push(batch) }).done;
  const ms = performance.now() - started;
  if (outcome.stopReason !== 'maxIterations') throw new Error(`startRun stopped with ${outcome.stopReason}: ${outcome.detail}`);
  return { ms, loopMs: outcome.wallTimeMs, batches };
}

/** `lrlab run examples/rosenbrock.ts` as a fresh process (table output, discarded): its wall time in ms. */
function runCli(steps: number, typecheck: boolean): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'bin', 'lrlab.js'), 'run', EXAMPLE, '--optimizer', 'adam', '--lr', String(LR), '--iterations', String(steps), ...(typecheck ? [] : ['--no-typecheck'])], { encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`lrlab run failed (${r.status}): ${r.stderr}`);
  return ms;
}

function runLrLab(steps: number): { ms: number; batches: RecordBatch[] } {
  const config = resolveRunConfig({ optimizer: { type: 'adam', lr: LR }, iterations: steps });
  const batches: RecordBatch[] = [];
  const started = performance.now();
  const outcome = minimize(rosenbrock, config, { onBatch: (batch) => batches.push(batch) });
  const ms = performance.now() - started;
  if (outcome.stopReason !== 'maxIterations') throw new Error(`minimize stopped with ${outcome.stopReason}: ${outcome.detail}`);
  return { ms, batches };
}

/** LR Lab's records against the hand loop's: same count, and (same arithmetic) the same numbers bit for bit. */
function compare(batches: readonly RecordBatch[], hand: Columns, steps: number, whose: string, subject = 'minimize'): Check {
  let row = 0;
  let worst = '';
  for (const batch of batches) {
    for (let i = 0; i < batch.count && worst === ''; i++, row++) {
      const same = batch.lr[i] === hand.lr[row] && batch.loss[i] === hand.loss[row] && batch.gradNorm[i] === hand.gradNorm[row] && batch.params![2 * i] === hand.params[2 * row] && batch.params![2 * i + 1] === hand.params[2 * row + 1];
      if (!same) worst = `step ${row + 1}: LR Lab loss ${batch.loss[i]}, x (${batch.params![2 * i]}, ${batch.params![2 * i + 1]}); ${whose} loss ${hand.loss[row]}, x (${hand.params[2 * row]}, ${hand.params[2 * row + 1]})`;
    }
  }
  const ok = worst === '' && row === steps;
  return { what: `${subject} keeps ${steps} records equal, bit for bit, to ${whose}'s (lr, loss, gradient norm, parameters)`, ok, ...(ok ? {} : { detail: worst || `${row} records` }) };
}

export const minimizeSuite: Suite = {
  id: 'minimize',
  title: 'Small objectives: minimize on Rosenbrock (analytic gradient), every record kept',
  async run(options: SuiteOptions): Promise<SuiteResult> {
    const steps = options.quick ? 5_000 : 100_000;
    const reps = options.quick ? 2 : 15;
    const hand: Columns = { lr: new Float64Array(steps), loss: new Float64Array(steps), gradNorm: new Float64Array(steps), params: new Float64Array(2 * steps) };
    const checks: Check[] = [];
    const lrlabMs: number[] = [];
    const handMs: number[] = [];
    const handShortcutMs: number[] = [];
    const inlinedMs: number[] = [];
    const torchAnalytic: number[] = [];
    const torchAutograd: number[] = [];

    // Warm all three up until the JIT has settled (full-length runs), then check that they compute the same thing.
    const warmups = options.quick ? 2 : 10;
    for (let i = 0; i < warmups; i++) {
      handLoop(rosenbrock, steps, hand);
      handLoop(rosenbrock, steps, hand, true);
      inlinedLoop(steps, hand);
      runLrLab(steps);
    }
    const { batches } = runLrLab(steps);
    handLoop(rosenbrock, steps, hand);
    checks.push(compare(batches, hand, steps, 'the hand loop'));
    handLoop(rosenbrock, steps, hand, true);
    checks.push(compare(batches, hand, steps, 'the hand loop with the Math.pow shortcut'));
    inlinedLoop(steps, hand);
    checks.push(compare(batches, hand, steps, 'the inlined loop'));

    // The user's path: 10⁶ steps, so the loop (not the ~10–40 ms start) is what is compared.
    const userSteps = options.quick ? 20_000 : 1_000_000;
    const userReps = options.quick ? 1 : 7;
    const userHand: Columns = { lr: new Float64Array(userSteps), loss: new Float64Array(userSteps), gradNorm: new Float64Array(userSteps), params: new Float64Array(2 * userSteps) };
    const userMs: number[] = [];
    const userLoopMs: number[] = [];
    const userHandMs: number[] = [];
    const userHandShortcutMs: number[] = [];
    const cliMs: number[] = [];
    const cliTypecheckMs: number[] = [];
    keepSpareWorker(true);
    try {
      for (let i = 0; i < (options.quick ? 1 : 3); i++) {
        userHandLoop(userSteps, userHand);
        userHandLoop(userSteps, userHand, true);
        await runUserPath(userSteps);
      }
      const first = await runUserPath(userSteps);
      userHandLoop(userSteps, userHand);
      checks.push(compare(first.batches, userHand, userSteps, 'the hand loop around the user functions', 'startRun on examples/rosenbrock.ts'));
      userHandLoop(userSteps, userHand, true);
      checks.push(compare(first.batches, userHand, userSteps, 'the same hand loop with the Math.pow shortcut', 'startRun on examples/rosenbrock.ts'));
      for (let rep = 0; rep < userReps; rep++) {
        const run = await runUserPath(userSteps);
        userMs.push(run.ms);
        userLoopMs.push(run.loopMs);
        const started = performance.now();
        userHandLoop(userSteps, userHand);
        userHandMs.push(performance.now() - started);
        const shortcutStarted = performance.now();
        userHandLoop(userSteps, userHand, true);
        userHandShortcutMs.push(performance.now() - shortcutStarted);
        cliMs.push(runCli(userSteps, false));
        if (!options.quick) cliTypecheckMs.push(runCli(userSteps, true));
      }
    } finally {
      keepSpareWorker(false);
    }

    const torch: Torch | { skipped: string } = await startTorch();
    // PyTorch takes ~60 µs a step: fewer steps give its rate just as well.
    const torchSteps = options.quick ? 500 : 20_000;
    try {
      for (let rep = 0; rep < reps; rep++) {
        lrlabMs.push(runLrLab(steps).ms);
        let started = performance.now();
        handLoop(rosenbrock, steps, hand);
        handMs.push(performance.now() - started);
        started = performance.now();
        handLoop(rosenbrock, steps, hand, true);
        handShortcutMs.push(performance.now() - started);
        started = performance.now();
        inlinedLoop(steps, hand);
        inlinedMs.push(performance.now() - started);
        if (!('skipped' in torch)) {
          torchAnalytic.push((await torch.ask<{ stepsPerSecond: number }>({ cmd: 'rosenbrock', mode: 'analytic', steps: torchSteps, threads: 1 })).stepsPerSecond);
          torchAutograd.push((await torch.ask<{ stepsPerSecond: number }>({ cmd: 'rosenbrock', mode: 'autograd', steps: torchSteps, threads: 1 })).stepsPerSecond);
        }
      }
    } finally {
      if (!('skipped' in torch)) torch.close();
    }

    const perSecond = (ms: number[]): number[] => ms.map((t) => (steps / t) * 1000);
    const skipped = 'skipped' in torch ? { note: `PyTorch skipped: ${torch.skipped}` } : {};
    const pytorch = torchName(torch);
    const lrlabRate = perSecond(lrlabMs);
    return {
      id: this.id,
      title: this.title,
      checks,
      figures: [
        figure('user.startRun.ms', `user path: startRun(examples/rosenbrock.ts) in the process, call → done, ${userSteps} steps (spare worker, esbuild running)`, 'ms', userMs),
        figure('user.loop.ms', 'user path: the same run, its loop in the worker (outcome.wallTimeMs)', 'ms', userLoopMs),
        figure('user.hand.ms', `hand loop importing examples/rosenbrock.ts: its f and grad on a number[], Adam written out, ${userSteps} steps, same columns kept`, 'ms', userHandMs),
        figure('user.vsHand', 'user path: startRun time ÷ hand loop time', '×', ratios(userMs, userHandMs), { goal: { text: '≤ 1.5×', test: (m) => m <= 1.5 } }),
        figure('user.loop.vsHand', "user path: the worker's loop ÷ hand loop time", '×', ratios(userLoopMs, userHandMs)),
        figure('user.handShortcut.ms', 'the same hand loop, Math.pow skipped once 1 − βᵗ is exactly 1 (as LR Lab’s Adam does)', 'ms', userHandShortcutMs),
        figure('user.vsHandShortcut', 'user path: startRun time ÷ that hand loop’s time (the overhead beyond the arithmetic)', '×', ratios(userMs, userHandShortcutMs)),
        figure('user.cli.ms', `lrlab run examples/rosenbrock.ts --iterations ${userSteps} --no-typecheck, a fresh process (table output)`, 'ms', cliMs),
        figure('user.cli.vsHand', 'lrlab run --no-typecheck time ÷ hand loop time', '×', ratios(cliMs, userHandMs)),
        figure('user.cliTypecheck.ms', `lrlab run examples/rosenbrock.ts --iterations ${userSteps} (the type check beside the run)`, 'ms', cliTypecheckMs.length ? cliTypecheckMs : null),
        figure('lrlab.ms', `LR Lab minimize (engine form), ${steps} steps`, 'ms', lrlabMs),
        figure('hand.ms', `hand-written loop (f and grad called, Float64Array Adam), ${steps} steps, same columns kept`, 'ms', handMs),
        figure('inlined.ms', `fully inlined loop (this objective only, state in locals), ${steps} steps, same columns kept`, 'ms', inlinedMs),
        figure('vsHand', 'engine: minimize time ÷ hand loop time (engine form)', '×', ratios(lrlabMs, handMs), { goal: { text: '≤ 1.3×', test: (m) => m <= 1.3 } }),
        figure('hand.shortcut.ms', `the same hand loop, Math.pow skipped once 1 − βᵗ is exactly 1 (as LR Lab’s Adam does), ${steps} steps`, 'ms', handShortcutMs),
        figure('vsHandShortcut', 'engine: minimize time ÷ that hand loop’s time (the overhead beyond the arithmetic)', '×', ratios(lrlabMs, handShortcutMs)),
        figure('vsInlined', 'LR Lab time ÷ fully inlined loop time', '×', ratios(lrlabMs, inlinedMs)),
        figure('lrlab.stepsPerSecond', 'LR Lab steps per second', 'steps/s', lrlabRate),
        figure('torch.analytic.stepsPerSecond', `${pytorch} Adam, gradient written out`, 'steps/s', torchAnalytic.length ? torchAnalytic : null, skipped),
        figure('torch.autograd.stepsPerSecond', `${pytorch} Adam, autograd`, 'steps/s', torchAutograd.length ? torchAutograd : null, skipped),
        figure('vsTorchAnalytic', `LR Lab steps/s ÷ ${pytorch} (gradient written out)`, '×', torchAnalytic.length ? ratios(lrlabRate, torchAnalytic) : null, skipped),
        figure('vsTorchAutograd', `LR Lab steps/s ÷ ${pytorch} (autograd)`, '×', torchAutograd.length ? ratios(lrlabRate, torchAutograd) : null, skipped),
      ],
      notes: [
        `User path: startRun on examples/rosenbrock.ts (object form; its grad returns a new array each call, as written) with keepSpareWorker on (the extension's setting: the next run's worker is started ahead), ${userSteps} steps, every record streamed back to this thread and kept; the goal is set here, on what a user runs. The hand loop imports the same file and calls the same functions. lrlab run is a whole process: Node's start, loading the CLI, bundling, a worker, the run and printing the table; with the type check (the default) it also waits for the checker, which runs beside the run in its own thread.`,
        `Adam (lr ${LR}, PyTorch's defaults otherwise) from (−1.2, 1), constant schedule. Engine: minimize() with recordParams on, every batch kept in memory (4096 records per batch); it also checks each step for non-finite values, divergence and the clock (deadline, cancel), which the hand loop does not.`,
        'The hand loop calls the same f and grad, runs Adam written out on Float64Arrays (no options, no state object) and writes lr, loss, gradient norm and the parameters of every step into arrays allocated once; the inlined loop also writes the objective into the loop and keeps the moments in local variables. Checks confirm all three produce the same numbers bit for bit.',
        "Adam's bias corrections 1 − βᵗ cost two Math.pow calls a step as PyTorch writes them (V8's pow takes tens of ns: more than the rest of a 2-parameter step). LR Lab's kernel skips them once t·(1 − β) ≥ 39, where 1 − βᵗ rounds to exactly 1 (β₁ = 0.9: from step 391, β₂ = 0.999: from step 39000; same numbers, checked above); the hand loops are written as PyTorch's formula, with the pow on every step. So the goal ratios above include that shortcut; the rows 'that hand loop' time the hand loops with the same shortcut, whose ratios are LR Lab's overhead beyond the arithmetic.",
        `PyTorch 1.13 (Debian's python3-torch; no newer PyTorch is reachable from these machines): ${torchSteps} steps per repetition in one process kept running, 1 thread, loss.item() kept per step; "written out" sets x.grad by hand under no_grad, "autograd" calls loss.backward().`,
      ],
    };
  },
};
