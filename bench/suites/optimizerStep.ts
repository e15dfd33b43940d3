/**
 * 1. Optimizer step throughput on 10⁶ float64 parameters: LR Lab's adam, sgd (momentum 0.9)
 * and rmsprop as minimize() runs them (createOptimizer, allocate, step), against a hand-written
 * loop with the same arithmetic, the memory-bound floor, TF.js's CPU backend (float32) and
 * PyTorch (torch.optim, foreach=True, float64) with the same number of threads.
 *
 * Every repetition times each contender once, in turn, so ratios come from runs made side by
 * side. The gradient is fixed (only the step is timed); the lr is constant.
 */
import { createOptimizer, resolveOptimizerConfig, type Optimizer, type OptimizerBuffers } from '../../src/core/optimizers';
import { accelRunner, accelUnavailableReason } from '../../src/core/optimizers/accel';
import { ParallelRunner } from '../../src/core/optimizers/accel/parallel';
import { fill } from '../lib/fill';
import { figure, ratios, type Check, type Figure, type Suite, type SuiteOptions, type SuiteResult } from '../lib/result';
import { callsFor, msPerCall } from '../lib/timing';
import { startTorch, type Torch } from '../lib/torch';
import { floorAdam, floorTwoState, handAdam, handRmsprop, handSgd } from './handLoops';

type Name = 'adam' | 'sgd' | 'rmsprop';

const CONFIGS: Record<Name, { raw: Record<string, unknown>; title: string; tfjs: string }> = {
  adam: { raw: { type: 'adam', lr: 1e-3 }, title: 'Adam', tfjs: 'tf.train.adam(1e-3)' },
  sgd: { raw: { type: 'sgd', lr: 1e-3, momentum: 0.9 }, title: 'SGD, momentum 0.9', tfjs: 'tf.train.momentum(1e-3, 0.9)' },
  rmsprop: { raw: { type: 'rmsprop', lr: 1e-2 }, title: 'RMSprop', tfjs: 'tf.train.rmsprop(1e-2, 0.99, 0, 1e-8)' },
};

interface Contender {
  readonly key: string;
  /** ms per step over one timed repetition. */
  measure(): Promise<number>;
}

export const optimizerStep: Suite = {
  id: 'optimizerStep',
  title: 'Optimizer step, 10⁶ float64 parameters',
  async run(options: SuiteOptions): Promise<SuiteResult> {
    const quick = options.quick;
    // Quick: just above the parallel threshold, odd (the padding lane), to exercise every path.
    const dim = quick ? 32_771 : 1_000_000;
    const reps = quick ? 2 : 7;
    const budgetMs = quick ? 5 : 150;
    const threads = 1 + ParallelRunner.helperCount();
    const checks: Check[] = [];
    const figures: Figure[] = [];
    const notes: string[] = [];

    const unavailable = accelUnavailableReason();
    checks.push({ what: 'the accelerated path is available', ok: unavailable === null, ...(unavailable ? { detail: unavailable } : {}) });
    const runner = accelRunner();
    const helpers = runner ? await runner.helpersReady() : 0;
    checks.push({ what: `helper threads started (${helpers} of ${ParallelRunner.helperCount()})`, ok: helpers === ParallelRunner.helperCount() });

    const torch = await startTorch();
    const tf = await loadTfjs();
    try {
      for (const name of Object.keys(CONFIGS) as Name[]) {
        checks.push(...bitIdentity(name, quick ? 32_771 : 100_003, runner));
        const contenders = makeContenders(name, dim, budgetMs, quick, runner, torch, tf, threads);
        const samples = new Map<string, number[]>(contenders.map((c) => [c.key, []]));
        for (let rep = 0; rep < reps; rep++) {
          for (const c of contenders) samples.get(c.key)!.push(await c.measure());
        }
        figures.push(...describe(name, dim, samples, threads, torch, tf));
      }
    } finally {
      if (!('skipped' in torch)) torch.close();
    }
    notes.push(
      `Each of ${reps} repetitions times every contender once, in turn (≈${budgetMs} ms of steps each; TF.js 2 steps, PyTorch as many as fill ≈${budgetMs} ms), so the ratios are per repetition, side by side.`,
      `LR Lab: createOptimizer(config).allocate(dim) and optimizer.step(params, grad, state, lr), as minimize() runs it: WebAssembly SIMD (f64x2) on the calling thread${threads > 1 ? ` plus ${threads - 1} helper thread(s), ${threads} threads in all` : ''}; "1 thread" turns the helpers off; "scalar" is the TypeScript kernel on ordinary arrays (the path before the fast one, and the fallback).`,
      'Hand loop: the same arithmetic written out for the default options (constants inlined, no options object); floor: a loop reading and writing the same arrays with one addition per element.',
      `PyTorch: torch.optim with foreach=True on one float64 tensor, torch.set_num_threads(${threads}) (the threads LR Lab uses) and 1; TF.js: @tensorflow/tfjs CPU backend, float32 (its only float type), applyGradients with a fixed gradient.`,
    );
    return { id: this.id, title: this.title, figures, notes, checks };
  },
};

type Tf = typeof import('@tensorflow/tfjs');

async function loadTfjs(): Promise<Tf | { skipped: string }> {
  try {
    // TF.js greets Node users on the console once; the suite's output stays readable without it.
    const { log, warn } = console;
    console.log = console.warn = () => undefined;
    try {
      const tf = await import('@tensorflow/tfjs');
      await tf.setBackend('cpu');
      await tf.ready();
      tf.tensor1d([1]).dispose(); // the greeting comes with the first kernel
      return tf;
    } finally {
      console.log = log;
      console.warn = warn;
    }
  } catch (e) {
    return { skipped: `@tensorflow/tfjs does not load: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function makeContenders(name: Name, dim: number, budgetMs: number, quick: boolean, runner: ReturnType<typeof accelRunner>, torch: Torch | { skipped: string }, tf: Tf | { skipped: string }, threads: number): Contender[] {
  const config = resolveOptimizerConfig(CONFIGS[name].raw);
  const lr = config.lr;
  const contenders: Contender[] = [];
  const timed = (key: string, step: () => void, before?: () => void, after?: () => void): Contender => {
    let calls = 0;
    return {
      key,
      measure: async () => {
        before?.();
        try {
          if (calls === 0) calls = callsFor(step, budgetMs);
          return msPerCall(step, calls);
        } finally {
          after?.();
        }
      },
    };
  };

  // LR Lab as minimize() uses it.
  const optimizer = createOptimizer(config);
  const fast = optimizer.allocate!(dim);
  fill(fast.params, 1);
  fill(fast.grad, 2);
  const lrlabStep = (): void => optimizer.step(fast.params, fast.grad, fast.state, lr);
  contenders.push(timed('lrlab', lrlabStep));
  if (runner && threads > 1) {
    contenders.push(
      timed(
        'lrlab1',
        lrlabStep,
        () => (runner.parallel = false),
        () => (runner.parallel = true),
      ),
    );
  }
  // The scalar kernel on ordinary arrays.
  const scalar = plainBuffers(optimizer, dim);
  contenders.push(timed('scalar', () => optimizer.step(scalar.params, scalar.grad, scalar.state, lr)));

  // Hand loop and floor on ordinary arrays.
  const p = new Float64Array(dim);
  const g = new Float64Array(dim);
  const a = new Float64Array(dim);
  const b = new Float64Array(dim);
  fill(p, 1);
  fill(g, 2);
  let step = 0;
  if (name === 'adam') {
    contenders.push(timed('hand', () => handAdam(p, g, a, b, lr, ++step)));
    contenders.push(timed('floor', () => floorAdam(p, g, a, b)));
  } else if (name === 'sgd') {
    contenders.push(timed('hand', () => handSgd(p, g, a, lr, step++ === 0)));
    contenders.push(timed('floor', () => floorTwoState(p, g, a)));
  } else {
    contenders.push(timed('hand', () => handRmsprop(p, g, a, lr)));
    contenders.push(timed('floor', () => floorTwoState(p, g, a)));
  }

  if (!('skipped' in tf)) contenders.push(tfjsContender(tf, name, dim, quick ? 1 : 2));
  if (!('skipped' in torch)) {
    const torchContender = (key: string, torchThreads: number): Contender => {
      let steps = 0;
      return {
        key,
        measure: async () => {
          if (steps === 0) {
            const probe = await torch.ask<{ ms: number }>({ cmd: 'optimizer', optimizer: name, dim, threads: torchThreads, steps: 3 });
            steps = Math.max(2, Math.round(budgetMs / probe.ms));
          }
          return (await torch.ask<{ ms: number }>({ cmd: 'optimizer', optimizer: name, dim, threads: torchThreads, steps })).ms;
        },
      };
    };
    contenders.push(torchContender('torch', threads));
    if (threads > 1) contenders.push(torchContender('torch1', 1));
  }
  return contenders;
}

function plainBuffers(optimizer: Optimizer, dim: number): OptimizerBuffers {
  const buffers = { params: new Float64Array(dim), grad: new Float64Array(dim), state: optimizer.init(dim), release: () => undefined };
  fill(buffers.params, 1);
  fill(buffers.grad, 2);
  return buffers;
}

function tfjsContender(tf: Tf, name: Name, dim: number, steps: number): Contender {
  const values = new Float64Array(dim);
  fill(values, 1);
  const variable = tf.variable(tf.tensor1d(Float32Array.from(values)), true, `p_${name}`);
  fill(values, 2);
  const grad = tf.tensor1d(Float32Array.from(values));
  const optimizer = name === 'adam' ? tf.train.adam(1e-3) : name === 'sgd' ? tf.train.momentum(1e-3, 0.9) : tf.train.rmsprop(1e-2, 0.99, 0, 1e-8);
  const step = (): void => optimizer.applyGradients([{ name: variable.name, tensor: grad }]);
  let warm = false;
  return {
    key: 'tfjs',
    measure: async () => {
      if (!warm) {
        step();
        warm = true;
      }
      return msPerCall(step, steps);
    },
  };
}

/**
 * The accelerated step (with and without helper threads) equals the scalar kernel bit for bit
 * over 10 steps with changing lr, from the same parameters and gradients (Object.is per element).
 */
function bitIdentity(name: Name, dim: number, runner: ReturnType<typeof accelRunner>): Check[] {
  const config = resolveOptimizerConfig({ ...CONFIGS[name].raw });
  const optimizer = createOptimizer(config);
  const results: Check[] = [];
  for (const parallel of [true, false]) {
    if (runner) runner.parallel = parallel;
    const fast = optimizer.allocate!(dim);
    const plain = plainBuffers(optimizer, dim);
    fill(fast.params, 1);
    const grad = new Float64Array(dim);
    let mismatch = -1;
    for (let k = 0; k < 10 && mismatch < 0; k++) {
      fill(grad, 100 + k);
      fast.grad.set(grad);
      plain.grad.set(grad);
      const lr = config.lr * (1 + k / 10);
      optimizer.step(fast.params, fast.grad, fast.state, lr);
      optimizer.step(plain.params, plain.grad, plain.state, lr);
      for (let i = 0; i < dim; i++) {
        if (!Object.is(fast.params[i], plain.params[i])) {
          mismatch = i;
          break;
        }
      }
    }
    fast.release();
    results.push({ what: `${name}: accelerated step ${parallel ? '(helper threads on)' : '(one thread)'} is bit-identical to the scalar kernel (10 steps, ${dim} parameters)`, ok: mismatch < 0, ...(mismatch >= 0 ? { detail: `first difference at parameter ${mismatch}` } : {}) });
  }
  if (runner) runner.parallel = true;
  return results;
}

function describe(name: Name, dim: number, samples: Map<string, number[]>, threads: number, torch: Torch | { skipped: string }, tf: Tf | { skipped: string }): Figure[] {
  const title = CONFIGS[name].title;
  const size = dim === 1_000_000 ? '10⁶' : String(dim);
  const get = (key: string): number[] | null => samples.get(key) ?? null;
  const lrlab = get('lrlab')!;
  const out: Figure[] = [
    figure(`${name}.lrlab`, `${title}: LR Lab (${threads} thread${threads > 1 ? 's' : ''}), ${size} params`, 'ms/step', lrlab),
    figure(`${name}.lrlab1`, `${title}: LR Lab, 1 thread`, 'ms/step', get('lrlab1')),
    figure(`${name}.scalar`, `${title}: LR Lab scalar kernel (fallback)`, 'ms/step', get('scalar')),
    figure(`${name}.hand`, `${title}: hand-written JS loop`, 'ms/step', get('hand')),
    figure(`${name}.floor`, `${title}: memory-bound floor (JS)`, 'ms/step', get('floor')),
    figure(`${name}.tfjs`, `${title}: TF.js CPU (${CONFIGS[name].tfjs}, float32)`, 'ms/step', get('tfjs'), 'skipped' in tf ? { note: tf.skipped } : {}),
    figure(`${name}.torch`, `${title}: PyTorch foreach, float64, ${threads} thread${threads > 1 ? 's' : ''}`, 'ms/step', get('torch'), 'skipped' in torch ? { note: torch.skipped } : {}),
    figure(`${name}.torch1`, `${title}: PyTorch foreach, float64, 1 thread`, 'ms/step', get('torch1'), 'skipped' in torch ? { note: torch.skipped } : {}),
    figure(`${name}.vsHand`, `${title}: LR Lab speed ÷ hand loop speed`, '×', ratios(get('hand')!, lrlab), { goal: { text: '≥ 0.95×', test: (m) => m >= 0.95 } }),
  ];
  const torchTimes = get('torch');
  out.push(
    figure(`${name}.vsTorch`, `${title}: LR Lab speed ÷ PyTorch speed (${threads} threads each)`, '×', torchTimes ? ratios(torchTimes, lrlab) : null, {
      goal: { text: '> 1× (faster than PyTorch)', test: (m) => m > 1 },
      ...('skipped' in torch ? { note: `PyTorch skipped: ${torch.skipped}` } : {}),
    }),
  );
  const torch1 = get('torch1');
  const lrlab1 = get('lrlab1');
  if (torch1 && lrlab1) out.push(figure(`${name}.vsTorch1`, `${title}: LR Lab speed ÷ PyTorch speed, 1 thread each`, '×', ratios(torch1, lrlab1)));
  out.push(figure(`${name}.vsFloor`, `${title}: LR Lab time ÷ JS floor time`, '×', ratios(lrlab, get('floor')!)));
  return out.filter((f) => f.value !== null || f.note !== undefined);
}
