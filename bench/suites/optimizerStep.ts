/**
 * 1. Optimizer step throughput on 10⁶ float64 parameters: LR Lab's adam, sgd (momentum 0.9)
 * and rmsprop as minimize() runs them (createOptimizer, allocate, step), against a hand-written
 * loop with the same arithmetic, TF.js (its WebAssembly backend, its fastest that installs here,
 * and its CPU backend; float32), PyTorch (torch.optim, foreach=True, float64) with the same
 * number of threads — and the machine's memory bandwidth (bench/lib/stream.ts: STREAM's triad
 * in WebAssembly SIMD on 1 and 2 threads over arrays of the same size), which bounds a step
 * that must read and write its arrays: LR Lab's time is reported as a multiple of the time the
 * step's bytes take at that bandwidth.
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
import { startTorch, torchName, type Torch } from '../lib/torch';
import { StreamBench } from '../lib/stream';
import { handAdam, handRmsprop, handSgd } from './handLoops';

type Name = 'adam' | 'sgd' | 'rmsprop';

/**
 * `arrays`: float64 arrays of `dim` values a step must read or write once each — Adam reads
 * params, grad, expAvg, expAvgSq and writes params and both moments (7); SGD with momentum and
 * RMSprop read params, grad and one buffer and write params and the buffer (5).
 */
const CONFIGS: Record<Name, { raw: Record<string, unknown>; title: string; tfjs: string; arrays: number }> = {
  adam: { raw: { type: 'adam', lr: 1e-3 }, title: 'Adam', tfjs: 'tf.train.adam(1e-3)', arrays: 7 },
  sgd: { raw: { type: 'sgd', lr: 1e-3, momentum: 0.9 }, title: 'SGD, momentum 0.9', tfjs: 'tf.train.momentum(1e-3, 0.9)', arrays: 5 },
  rmsprop: { raw: { type: 'rmsprop', lr: 1e-2 }, title: 'RMSprop', tfjs: 'tf.train.rmsprop(1e-2, 0.99, 0, 1e-8)', arrays: 5 },
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
    const backends = await loadTfjsBackends();
    const stream = await StreamBench.create(dim);
    await stream.startHelper();
    const triad = stream.measure('triad', 1, quick ? 5 : 50);
    checks.push({ what: `the STREAM kernels compute what they say (triad a = b + 3c: ${stream.element('a', 5)} = ${stream.element('b', 5)} + 3 × ${stream.element('c', 5)})`, ok: triad > 0 && stream.element('a', 5) === stream.element('b', 5) + 3 * stream.element('c', 5) });
    const bandwidth = { copy1: [] as number[], copy2: [] as number[], triad1: [] as number[], triad2: [] as number[] };
    try {
      for (const name of Object.keys(CONFIGS) as Name[]) {
        checks.push(...bitIdentity(name, quick ? 32_771 : 100_003, runner));
        const contenders = makeContenders(name, dim, budgetMs, quick, runner, torch, backends, threads);
        // The bandwidth is measured in every repetition too, beside the steps it bounds.
        contenders.push({ key: 'triad2', measure: async () => stream.measure('triad', 2, budgetMs) }, { key: 'triad1', measure: async () => stream.measure('triad', 1, budgetMs) });
        const samples = new Map<string, number[]>(contenders.map((c) => [c.key, []]));
        for (let rep = 0; rep < reps; rep++) {
          for (const c of contenders) samples.get(c.key)!.push(await c.measure());
        }
        bandwidth.triad1.push(...samples.get('triad1')!);
        bandwidth.triad2.push(...samples.get('triad2')!);
        figures.push(...describe(name, dim, samples, threads, torch, backends));
      }
      for (let rep = 0; rep < reps; rep++) {
        bandwidth.copy1.push(stream.measure('copy', 1, budgetMs));
        bandwidth.copy2.push(stream.measure('copy', 2, budgetMs));
      }
    } finally {
      if (!('skipped' in torch)) torch.close();
      await stream.close();
    }
    figures.push(
      figure('stream.copy1', `memory bandwidth, STREAM copy (WebAssembly SIMD), 1 thread, ${dim === 1_000_000 ? '10⁶' : dim}-element float64 arrays`, 'GB/s', bandwidth.copy1),
      figure('stream.copy2', 'memory bandwidth, STREAM copy, 2 threads', 'GB/s', bandwidth.copy2),
      figure('stream.triad1', 'memory bandwidth, STREAM triad, 1 thread', 'GB/s', bandwidth.triad1),
      figure('stream.triad2', 'memory bandwidth, STREAM triad, 2 threads', 'GB/s', bandwidth.triad2),
    );
    notes.push(
      `Each of ${reps} repetitions times every contender once, in turn (≈${budgetMs} ms of steps each; TF.js's CPU backend 2 steps, PyTorch as many as fill ≈${budgetMs} ms), so the ratios are per repetition, side by side.`,
      `LR Lab: createOptimizer(config).allocate(dim) and optimizer.step(params, grad, state, lr), as minimize() runs it: WebAssembly SIMD (f64x2) on the calling thread${threads > 1 ? ` plus ${threads - 1} helper thread(s), ${threads} threads in all` : ''}; "1 thread" turns the helpers off; "scalar" is the TypeScript kernel on ordinary arrays (the path before the fast one, and the fallback).`,
      'Hand loop: the same arithmetic written out for the default options (constants inlined, no options object).',
      "With the second core busy (others' processes: the run's load average is in the header), both 2-thread figures suffer — a helper thread that is descheduled holding a chunk makes LR Lab's caller wait for it, and PyTorch's thread pool can take many times its 1-thread time — so on a loaded machine the 1-thread rows and their ratio are the comparison to read.",
      'Memory bound: STREAM copy and triad (a = b + s·c) in WebAssembly SIMD over arrays of the same size (bench/lib/stream.ts), bytes counted as STREAM counts them; "× the memory-bound time" is the step\'s time divided by the time its arrays take to move once at the triad bandwidth of the same repetition (Adam: 7 arrays of 8 MB, SGD and RMSprop: 5) — 1× would be a step that only moves memory.',
      `PyTorch (1.13: Debian's python3-torch; no newer PyTorch is reachable from these machines): torch.optim with foreach=True on one float64 tensor, torch.set_num_threads(${threads}) (the threads LR Lab uses) and 1. TF.js 4.22 in float32 (its only float type), applyGradients with a fixed gradient: @tensorflow/tfjs-backend-wasm (XNNPACK, SIMD, ${threads > 1 ? 'its thread pool where the platform allows' : 'one thread'}) and the pure-JavaScript CPU backend. ${backends.nodeNote}`,
    );
    return { id: this.id, title: this.title, figures, notes, checks };
  },
};

type Tf = typeof import('@tensorflow/tfjs');

/** TF.js with each backend that loads here: WebAssembly (its fastest on a CPU without the native addon) and plain JavaScript. */
interface TfjsBackends {
  readonly wasm: Tf | { skipped: string };
  readonly cpu: Tf | { skipped: string };
  /** What became of @tensorflow/tfjs-node (the native TensorFlow addon). */
  readonly nodeNote: string;
}

/** Where `npm install @tensorflow/tfjs-node` leaves this machine: its install script downloads libtensorflow from outside the npm registry. */
const TFJS_NODE_NOTE =
  "@tensorflow/tfjs-node (native libtensorflow) is not compared: its install script downloads the TensorFlow C library from Google's storage, outside the npm registry, which these machines cannot reach (npm install fails with ENOTFOUND), so it does not install from the registry alone.";

async function loadTfjsBackends(): Promise<TfjsBackends> {
  // TF.js greets Node users on the console; the suite's output stays readable without it.
  const { log, warn } = console;
  console.log = console.warn = () => undefined;
  try {
    let tf: Tf;
    try {
      tf = await import('@tensorflow/tfjs');
      await tf.setBackend('cpu');
      tf.tensor1d([1]).dispose(); // the greeting comes with the first kernel
    } catch (e) {
      const skipped = { skipped: `@tensorflow/tfjs does not load: ${e instanceof Error ? e.message : String(e)}` };
      return { wasm: skipped, cpu: skipped, nodeNote: TFJS_NODE_NOTE };
    }
    let wasm: Tf | { skipped: string };
    try {
      const backend = await import('@tensorflow/tfjs-backend-wasm');
      // The .wasm files ship in the package; in Node they are read from its dist/ folder.
      backend.setWasmPaths(`${require('node:path').dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`);
      wasm = (await tf.setBackend('wasm')) ? tf : { skipped: 'the wasm backend did not initialise' };
    } catch (e) {
      wasm = { skipped: `@tensorflow/tfjs-backend-wasm does not load: ${e instanceof Error ? e.message : String(e)}` };
    }
    return { wasm, cpu: tf, nodeNote: TFJS_NODE_NOTE };
  } finally {
    console.log = log;
    console.warn = warn;
  }
}

function makeContenders(name: Name, dim: number, budgetMs: number, quick: boolean, runner: ReturnType<typeof accelRunner>, torch: Torch | { skipped: string }, tf: TfjsBackends, threads: number): Contender[] {
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

  // Hand loop on ordinary arrays.
  const p = new Float64Array(dim);
  const g = new Float64Array(dim);
  const a = new Float64Array(dim);
  const b = new Float64Array(dim);
  fill(p, 1);
  fill(g, 2);
  let step = 0;
  if (name === 'adam') contenders.push(timed('hand', () => handAdam(p, g, a, b, lr, ++step)));
  else if (name === 'sgd') contenders.push(timed('hand', () => handSgd(p, g, a, lr, step++ === 0)));
  else contenders.push(timed('hand', () => handRmsprop(p, g, a, lr)));

  if (!('skipped' in tf.wasm)) contenders.push(tfjsContender(tf.wasm, 'wasm', name, dim, budgetMs, quick));
  if (!('skipped' in tf.cpu)) contenders.push(tfjsContender(tf.cpu, 'cpu', name, dim, budgetMs, quick));
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

/**
 * TF.js's optimizer on one float32 variable of `dim` values with a fixed gradient, on `backend`
 * (each contender switches to its backend before it is timed; tensors are made on it). The CPU
 * backend takes ~0.1–0.2 s a step, so it gets 2 steps; the WebAssembly one as many as fill the budget.
 */
function tfjsContender(tf: Tf, backend: 'wasm' | 'cpu', name: Name, dim: number, budgetMs: number, quick: boolean): Contender {
  let prepared: { step: () => void; calls: number } | null = null;
  const prepare = async (): Promise<{ step: () => void; calls: number }> => {
    await tf.setBackend(backend);
    const values = new Float64Array(dim);
    fill(values, 1);
    const variable = tf.variable(tf.tensor1d(Float32Array.from(values)), true, `p_${name}_${backend}`);
    fill(values, 2);
    const grad = tf.tensor1d(Float32Array.from(values));
    const optimizer = name === 'adam' ? tf.train.adam(1e-3) : name === 'sgd' ? tf.train.momentum(1e-3, 0.9) : tf.train.rmsprop(1e-2, 0.99, 0, 1e-8);
    const step = (): void => optimizer.applyGradients([{ name: variable.name, tensor: grad }]);
    step(); // warm: kernels compiled, slots made
    const calls = backend === 'cpu' ? (quick ? 1 : 2) : callsFor(step, budgetMs);
    return { step, calls };
  };
  return {
    key: `tfjs.${backend}`,
    measure: async () => {
      if (tf.getBackend() !== backend) await tf.setBackend(backend);
      prepared ??= await prepare();
      return msPerCall(prepared.step, prepared.calls);
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

function describe(name: Name, dim: number, samples: Map<string, number[]>, threads: number, torch: Torch | { skipped: string }, tf: TfjsBackends): Figure[] {
  const title = CONFIGS[name].title;
  const pytorch = torchName(torch);
  const size = dim === 1_000_000 ? '10⁶' : String(dim);
  const get = (key: string): number[] | null => samples.get(key) ?? null;
  const lrlab = get('lrlab')!;
  const out: Figure[] = [
    figure(`${name}.lrlab`, `${title}: LR Lab (${threads} thread${threads > 1 ? 's' : ''}), ${size} params`, 'ms/step', lrlab),
    figure(`${name}.lrlab1`, `${title}: LR Lab, 1 thread`, 'ms/step', get('lrlab1')),
    figure(`${name}.scalar`, `${title}: LR Lab scalar kernel (fallback)`, 'ms/step', get('scalar')),
    figure(`${name}.hand`, `${title}: hand-written JS loop`, 'ms/step', get('hand')),
    figure(`${name}.tfjs.wasm`, `${title}: TF.js 4.22 WebAssembly backend (${CONFIGS[name].tfjs}, float32)`, 'ms/step', get('tfjs.wasm'), 'skipped' in tf.wasm ? { note: tf.wasm.skipped } : {}),
    figure(`${name}.tfjs`, `${title}: TF.js 4.22 CPU backend (${CONFIGS[name].tfjs}, float32)`, 'ms/step', get('tfjs.cpu'), 'skipped' in tf.cpu ? { note: tf.cpu.skipped } : {}),
    figure(`${name}.torch`, `${title}: ${pytorch} foreach, float64, ${threads} thread${threads > 1 ? 's' : ''}`, 'ms/step', get('torch'), 'skipped' in torch ? { note: torch.skipped } : {}),
    figure(`${name}.torch1`, `${title}: ${pytorch} foreach, float64, 1 thread`, 'ms/step', get('torch1'), 'skipped' in torch ? { note: torch.skipped } : {}),
    figure(`${name}.vsHand`, `${title}: LR Lab speed ÷ hand loop speed`, '×', ratios(get('hand')!, lrlab), { goal: { text: '≥ 0.95×', test: (m) => m >= 0.95 } }),
  ];
  const torchTimes = get('torch');
  out.push(
    figure(`${name}.vsTorch`, `${title}: LR Lab speed ÷ ${pytorch} speed (${threads} threads each)`, '×', torchTimes ? ratios(torchTimes, lrlab) : null, {
      goal: { text: `> 1× (faster than ${pytorch})`, test: (m) => m > 1 },
      ...('skipped' in torch ? { note: `PyTorch skipped: ${torch.skipped}` } : {}),
    }),
  );
  const torch1 = get('torch1');
  const lrlab1 = get('lrlab1');
  if (torch1 && lrlab1) out.push(figure(`${name}.vsTorch1`, `${title}: LR Lab speed ÷ ${pytorch} speed, 1 thread each`, '×', ratios(torch1, lrlab1)));
  const wasm = get('tfjs.wasm');
  if (wasm) out.push(figure(`${name}.vsTfjsWasm`, `${title}: LR Lab speed ÷ TF.js WebAssembly speed`, '×', ratios(wasm, lrlab)));
  // The memory bound: the step's arrays moved once at the triad bandwidth of the same repetition.
  const bytes = CONFIGS[name].arrays * 8 * dim;
  const boundMs = (gbPerS: number[]): number[] => gbPerS.map((gb) => (bytes / (gb * 1e9)) * 1000);
  const triad2 = get('triad2');
  const triad1 = get('triad1');
  if (triad2) {
    out.push(
      figure(`${name}.vsMemory`, `${title}: LR Lab time ÷ memory-bound time (${CONFIGS[name].arrays} arrays of ${(8 * dim) / 1e6} MB at the triad bandwidth, ${threads} threads)`, '×', ratios(lrlab, boundMs(triad2))),
    );
  }
  if (triad1 && lrlab1) out.push(figure(`${name}.vsMemory1`, `${title}: LR Lab time ÷ memory-bound time, 1 thread`, '×', ratios(lrlab1, boundMs(triad1))));
  return out.filter((f) => f.value !== null || f.note !== undefined);
}
