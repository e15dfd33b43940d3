/**
 * 2. Small objectives: minimize() on the 2-parameter Rosenbrock function with its analytic
 * gradient, Adam (lr 1e-3), 10⁵ steps with every record kept (step, lr, loss, gradient norm,
 * parameters after the step), against a hand-written loop that computes and keeps the same
 * columns in preallocated arrays, and against PyTorch (torch.optim.Adam on a 2-element float64
 * tensor, gradient written out and by autograd).
 *
 * Each repetition runs LR Lab, the hand loop and PyTorch once, in turn, so ratios are side by
 * side. The objective is the engine's own form (f and grad on Float64Array), as the loader's
 * adapter hands a user's functions to the loop; the worker's copy of x for user code is left
 * out on both sides.
 */
import { minimize, resolveRunConfig, type RecordBatch } from '../../src/core/minimize';
import type { Objective } from '../../src/core/objective';
import { figure, ratios, type Check, type Suite, type SuiteOptions, type SuiteResult } from '../lib/result';
import { startTorch, type Torch } from '../lib/torch';
import { handAdam } from './handLoops';

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
function handLoop(objective: Objective, steps: number, out: Columns): void {
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
    handAdam(x, g, m, v, LR, k);
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
function compare(batches: readonly RecordBatch[], hand: Columns, steps: number, whose: string): Check {
  let row = 0;
  let worst = '';
  for (const batch of batches) {
    for (let i = 0; i < batch.count && worst === ''; i++, row++) {
      const same = batch.lr[i] === hand.lr[row] && batch.loss[i] === hand.loss[row] && batch.gradNorm[i] === hand.gradNorm[row] && batch.params![2 * i] === hand.params[2 * row] && batch.params![2 * i + 1] === hand.params[2 * row + 1];
      if (!same) worst = `step ${row + 1}: LR Lab loss ${batch.loss[i]}, x (${batch.params![2 * i]}, ${batch.params![2 * i + 1]}); ${whose} loss ${hand.loss[row]}, x (${hand.params[2 * row]}, ${hand.params[2 * row + 1]})`;
    }
  }
  const ok = worst === '' && row === steps;
  return { what: `minimize keeps ${steps} records equal, bit for bit, to ${whose}'s (lr, loss, gradient norm, parameters)`, ok, ...(ok ? {} : { detail: worst || `${row} records` }) };
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
    const inlinedMs: number[] = [];
    const torchAnalytic: number[] = [];
    const torchAutograd: number[] = [];

    // Warm all three up until the JIT has settled (full-length runs), then check that they compute the same thing.
    const warmups = options.quick ? 2 : 10;
    for (let i = 0; i < warmups; i++) {
      handLoop(rosenbrock, steps, hand);
      inlinedLoop(steps, hand);
      runLrLab(steps);
    }
    const { batches } = runLrLab(steps);
    handLoop(rosenbrock, steps, hand);
    checks.push(compare(batches, hand, steps, 'the hand loop'));
    inlinedLoop(steps, hand);
    checks.push(compare(batches, hand, steps, 'the inlined loop'));

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
    const lrlabRate = perSecond(lrlabMs);
    return {
      id: this.id,
      title: this.title,
      checks,
      figures: [
        figure('lrlab.ms', `LR Lab minimize, ${steps} steps`, 'ms', lrlabMs),
        figure('hand.ms', `hand-written loop (f and grad called, Float64Array Adam), ${steps} steps, same columns kept`, 'ms', handMs),
        figure('inlined.ms', `fully inlined loop (this objective only, state in locals), ${steps} steps, same columns kept`, 'ms', inlinedMs),
        figure('vsHand', 'LR Lab time ÷ hand loop time', '×', ratios(lrlabMs, handMs), { goal: { text: '≤ 1.3×', test: (m) => m <= 1.3 } }),
        figure('vsInlined', 'LR Lab time ÷ fully inlined loop time', '×', ratios(lrlabMs, inlinedMs)),
        figure('lrlab.stepsPerSecond', 'LR Lab steps per second', 'steps/s', lrlabRate),
        figure('torch.analytic.stepsPerSecond', 'PyTorch Adam, gradient written out', 'steps/s', torchAnalytic.length ? torchAnalytic : null, skipped),
        figure('torch.autograd.stepsPerSecond', 'PyTorch Adam, autograd', 'steps/s', torchAutograd.length ? torchAutograd : null, skipped),
        figure('vsTorchAnalytic', 'LR Lab steps/s ÷ PyTorch (gradient written out)', '×', torchAnalytic.length ? ratios(lrlabRate, torchAnalytic) : null, skipped),
        figure('vsTorchAutograd', 'LR Lab steps/s ÷ PyTorch (autograd)', '×', torchAutograd.length ? ratios(lrlabRate, torchAutograd) : null, skipped),
      ],
      notes: [
        `Adam (lr ${LR}, PyTorch's defaults otherwise) from (−1.2, 1), constant schedule. LR Lab: minimize() with recordParams on, every batch kept in memory (4096 records per batch); it also checks each step for non-finite values, divergence and the clock (deadline, cancel), which the hand loop does not.`,
        'The hand loop calls the same f and grad, runs Adam written out on Float64Arrays (no options, no state object) and writes lr, loss, gradient norm and the parameters of every step into arrays allocated once; the inlined loop also writes the objective into the loop and keeps the moments in local variables. Checks confirm all three produce the same numbers bit for bit.',
        `PyTorch: ${torchSteps} steps per repetition in one process kept running, 1 thread, loss.item() kept per step; "written out" sets x.grad by hand under no_grad, "autograd" calls loss.backward().`,
      ],
    };
  },
};
