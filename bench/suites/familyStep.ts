/**
 * 1b. The step of the optimizers beyond torch.optim's eight classics on 10⁶ float64 parameters
 * (RAdam, Rprop, ASGD, L-BFGS per iteration, Lion, schedule-free SGD and AdamW, Adafactor,
 * Prodigy, D-Adaptation Adam), as minimize() runs it
 * (createOptimizer, allocate, bind), beside a hand-written loop with the same arithmetic for the
 * default options; and PyTorch (torch.optim, foreach, float64) where Debian's 1.13 has the
 * optimizer (RAdam, Rprop, ASGD).
 *
 * Every repetition times each contender once, in turn, so ratios come from runs made side by
 * side. The gradient is fixed (only the step is timed); the lr is constant.
 */
import { createOptimizer, resolveOptimizerConfig, type OptimizerState } from '../../src/core/optimizers';
import { accelRunner } from '../../src/core/optimizers/accel';
import { ParallelRunner } from '../../src/core/optimizers/accel/parallel';
import { fill } from '../lib/fill';
import { figure, ratios, type Check, type Figure, type Suite, type SuiteOptions, type SuiteResult } from '../lib/result';
import { callsFor, msPerCall } from '../lib/timing';
import { startTorch, torchName, type Torch } from '../lib/torch';
import {
  handAdafactor,
  handAdamwScheduleFree,
  handAsgd,
  handDAdaptAdam,
  handLbfgsIteration,
  handLbfgsMemory,
  handLion,
  handProdigy,
  handRadam,
  handRprop,
  handSgdScheduleFree,
  type HandDState,
} from './handLoops';

type Name = 'radam' | 'rprop' | 'asgd' | 'lbfgs' | 'lion' | 'sgdScheduleFree' | 'adamwScheduleFree' | 'adafactor' | 'prodigy' | 'dAdaptAdam';

interface Spec {
  readonly title: string;
  readonly raw: Record<string, unknown>;
  /** A fresh hand-written loop on plain arrays: step() advances it by one step. */
  hand(dim: number, lr: number): { params: Float64Array; grad: Float64Array; step(): void };
  /** The torch.optim class that torch_bench.py runs, when Debian's torch 1.13 has one. */
  readonly torch?: string;
  /**
   * Runs before every step of both contenders: a gradient that changes with the parameters
   * (LBFGS needs one: with a fixed gradient it keeps no curvature pair).
   */
  readonly gradient?: (params: Float64Array, grad: Float64Array) => void;
  /** Milliseconds of steps per contender and repetition, when one step is too long for the default (150 ms). */
  readonly budgetMs?: number;
}

/** The gradient of ½ Σ aᵢ xᵢ² with aᵢ = 1 + i mod 10: changes every step, the same for both contenders. */
function quadraticGradient(params: Float64Array, grad: Float64Array): void {
  for (let i = 0; i < params.length; i++) grad[i] = (1 + (i % 10)) * params[i]!;
}

const zeros = (n: number): Float64Array => new Float64Array(n);

const SPECS: Record<Name, Spec> = {
  radam: {
    title: 'RAdam',
    raw: { type: 'radam' },
    torch: 'radam',
    hand(dim, lr) {
      const [p, g, m, v] = [zeros(dim), zeros(dim), zeros(dim), zeros(dim)];
      let step = 0;
      return { params: p, grad: g, step: () => handRadam(p, g, m, v, lr, ++step) };
    },
  },
  rprop: {
    title: 'Rprop',
    raw: { type: 'rprop' },
    torch: 'rprop',
    hand(dim, lr) {
      const [p, g, prev, size] = [zeros(dim), zeros(dim), zeros(dim), zeros(dim).fill(lr)];
      return { params: p, grad: g, step: () => handRprop(p, g, prev, size) };
    },
  },
  asgd: {
    title: 'ASGD',
    raw: { type: 'asgd' },
    torch: 'asgd',
    hand(dim, lr) {
      const [p, g, ax] = [zeros(dim), zeros(dim), zeros(dim)];
      let step = 0;
      let eta = lr;
      let mu = 1;
      return {
        params: p,
        grad: g,
        step: () => {
          handAsgd(p, g, ax, eta, mu);
          step++;
          eta = lr / Math.pow(1 + 1e-4 * lr * step, 0.75);
          mu = 1 / Math.max(1, step - 1e6);
        },
      };
    },
  },
  lbfgs: {
    title: 'L-BFGS, one iteration (maxIter 1, historySize 10, no line search)',
    raw: { type: 'lbfgs', lr: 0.05, maxIter: 1, historySize: 10 },
    gradient: quadraticGradient,
    // An iteration takes ≈300 ms at 10⁶ parameters: a few per sample, not one.
    budgetMs: 1000,
    hand(dim, lr) {
      const [p, g] = [zeros(dim), zeros(dim)];
      const memory = handLbfgsMemory(dim, 10);
      return { params: p, grad: g, step: () => handLbfgsIteration(p, g, memory, lr) };
    },
  },
  sgdScheduleFree: {
    title: 'Schedule-free SGD',
    raw: { type: 'sgdScheduleFree', lr: 0.01 },
    hand(dim, lr) {
      const [y, g, z, x] = [zeros(dim), zeros(dim), zeros(dim), zeros(dim)];
      let weightSum = 0;
      let k = 0;
      return {
        params: y,
        grad: g,
        step: () => {
          if (k === 0) for (let i = 0; i < dim; i++) z[i] = x[i] = y[i]!;
          const weight = Math.pow(k + 1, 0) * Math.pow(lr, 2);
          weightSum += weight;
          handSgdScheduleFree(y, g, z, x, lr, weight / weightSum);
          k++;
        },
      };
    },
  },
  adamwScheduleFree: {
    title: 'Schedule-free AdamW',
    raw: { type: 'adamwScheduleFree' },
    hand(dim, lr) {
      const [y, g, z, x, v] = [zeros(dim), zeros(dim), zeros(dim), zeros(dim), zeros(dim)];
      let weightSum = 0;
      let k = 0;
      return {
        params: y,
        grad: g,
        step: () => {
          if (k === 0) for (let i = 0; i < dim; i++) z[i] = x[i] = y[i]!;
          const weight = Math.pow(k + 1, 0) * Math.pow(lr, 2);
          weightSum += weight;
          handAdamwScheduleFree(y, g, z, x, v, lr, weight / weightSum, k + 1);
          k++;
        },
      };
    },
  },
  lion: {
    title: 'Lion',
    raw: { type: 'lion' },
    hand(dim, lr) {
      const [p, g, m] = [zeros(dim), zeros(dim), zeros(dim)];
      return { params: p, grad: g, step: () => handLion(p, g, m, lr) };
    },
  },
  adafactor: {
    title: 'Adafactor (one vector)',
    raw: { type: 'adafactor' },
    hand(dim, lr) {
      const [p, g, v] = [zeros(dim), zeros(dim), zeros(dim)];
      let step = 0;
      return { params: p, grad: g, step: () => handAdafactor(p, g, v, lr, ++step) };
    },
  },
  prodigy: {
    title: 'Prodigy',
    raw: { type: 'prodigy' },
    hand(dim, lr) {
      const [p, g, m, v, s, p0] = [zeros(dim), zeros(dim), zeros(dim), zeros(dim), zeros(dim), zeros(dim)];
      const state: HandDState = { d: 1e-6, numerator: 0, dMax: 1e-6, step: 0 };
      return { params: p, grad: g, step: () => handProdigy(p, g, m, v, s, p0, state, lr) };
    },
  },
  dAdaptAdam: {
    title: 'D-Adaptation Adam',
    raw: { type: 'dAdaptAdam' },
    hand(dim, lr) {
      const [p, g, m, v, s] = [zeros(dim), zeros(dim), zeros(dim), zeros(dim), zeros(dim)];
      const state: HandDState = { d: 1e-6, numerator: 0, dMax: 1e-6, step: 0 };
      return { params: p, grad: g, step: () => handDAdaptAdam(p, g, m, v, s, state, lr) };
    },
  },
};

/**
 * LR Lab's step as minimize() runs it: allocate's arrays and the bound step (LBFGS's with a
 * closure, which one iteration without a line search never calls), after the spec's gradient.
 */
function lrlabStepper(name: Name, dim: number): { params: Float64Array; grad: Float64Array; state: OptimizerState; step(): void; release(): void } {
  const config = resolveOptimizerConfig(SPECS[name].raw);
  const optimizer = createOptimizer(config);
  const buffers = optimizer.allocate!(dim);
  const closure = optimizer.evaluates === 'closure' ? () => 0 : undefined;
  const bound = optimizer.bind!(buffers.params, buffers.grad, buffers.state, closure);
  const lr = config.lr;
  const gradient = SPECS[name].gradient;
  const { params, grad } = buffers;
  const step = gradient === undefined ? () => bound(lr) : () => (gradient(params, grad), bound(lr, 1));
  return { params, grad, state: buffers.state, step, release: () => buffers.release() };
}

/** The hand loop with the spec's gradient before each step. */
function handStepper(name: Name, dim: number): { params: Float64Array; grad: Float64Array; step(): void } {
  const hand = SPECS[name].hand(dim, resolveOptimizerConfig(SPECS[name].raw).lr);
  const gradient = SPECS[name].gradient;
  return gradient === undefined ? hand : { ...hand, step: () => (gradient(hand.params, hand.grad), hand.step()) };
}

/** Steps each contender takes before its first timing (both alike). */
const WARMUP_STEPS = 40;

/** A turn of the event loop, so that a compile finished in the background is installed. */
function settle(): Promise<void> {
  return new Promise((done) => setTimeout(done, 20));
}

export const familyStep: Suite = {
  id: 'familyStep',
  title: 'Newer optimizers’ step, 10⁶ float64 parameters',
  async run(options: SuiteOptions): Promise<SuiteResult> {
    const quick = options.quick;
    const dim = quick ? 32_771 : 1_000_000;
    const reps = quick ? 2 : 7;
    const budgetMs = quick ? 5 : 150;
    const checks: Check[] = [];
    const figures: Figure[] = [];
    // The accelerated steps use helper threads from 32k parameters on: wait until they are up.
    const helpers = (await accelRunner()?.helpersReady()) ?? 0;
    checks.push({ what: `helper threads started (${helpers} of ${ParallelRunner.helperCount()})`, ok: helpers === ParallelRunner.helperCount() });
    const torch = await startTorch();
    try {
      for (const name of Object.keys(SPECS) as Name[]) {
        checks.push(sameAsHand(name, quick ? 1001 : 10_007));
        const lrlab = lrlabStepper(name, dim);
        const hand = handStepper(name, dim);
        for (const [a, seed] of [[lrlab.params, 1], [lrlab.grad, 2], [hand.params, 1], [hand.grad, 2]] as const) fill(a, seed);
        const contenders: { key: string; measure(): Promise<number> }[] = [];
        for (const [key, step] of [['lrlab', lrlab.step], ['hand', hand.step]] as const) {
          let calls = 0;
          contenders.push({
            key,
            measure: async () => {
              if (calls === 0) {
                // Let V8 finish optimizing the whole function (not only its loops on-stack) before
                // timing: on a busy machine the background compile comes late, and a kernel timed
                // on its interim code reads up to 2× slower than the same code later.
                for (let i = 0; i < WARMUP_STEPS; i++) step();
                await settle();
                calls = callsFor(step, quick ? budgetMs : (SPECS[name].budgetMs ?? budgetMs));
              }
              return msPerCall(step, calls);
            },
          });
        }
        const torchName = SPECS[name].torch;
        if (torchName !== undefined && !('skipped' in torch)) contenders.push(torchContender(torch, torchName, dim, budgetMs));
        const samples = new Map<string, number[]>(contenders.map((c) => [c.key, []]));
        for (let rep = 0; rep < reps; rep++) for (const c of contenders) samples.get(c.key)!.push(await c.measure());
        lrlab.release();
        figures.push(...describe(name, dim, samples, torch));
      }
    } finally {
      if (!('skipped' in torch)) torch.close();
    }
    const notes = [
      `Each of ${reps} repetitions times every contender once, in turn (≈${budgetMs} ms of steps each; ${quick ? budgetMs : SPECS.lbfgs.budgetMs} ms for L-BFGS, whose iteration takes ≈300 ms), so the ratios are per repetition, side by side.`,
      `LR Lab: createOptimizer(config).allocate(dim) and the step bound to those arrays (optimizer.bind), as minimize() runs it, at the default options: the WebAssembly SIMD step on ${1 + ParallelRunner.helperCount()} thread(s) for the element-wise ones (RAdam, Rprop, ASGD, Lion, schedule-free SGD and AdamW), the TypeScript kernel for Adafactor, Prodigy, D-Adaptation and L-BFGS (they reduce over all parameters before moving any, and a parallel reduction would sum in another order than the scalar kernel): for those the figure compares the same JavaScript loops, so its ratio is 1 up to the machine’s noise.`,
      'Hand loop: the same arithmetic written out for the default options (constants inlined, no options object), checked bit for bit against LR Lab over 12 steps first. Adafactor, Prodigy and D-Adaptation make two or three passes per step (a norm or dot product must be complete before any parameter moves); so do their hand loops.',
      'L-BFGS is timed per iteration: one optimizer step with maxIter 1 and no line search (the newest curvature pair, the two-loop recursion over 10 pairs, the move), with the gradient of a diagonal quadratic recomputed before each step for both contenders (a fixed gradient gives no curvature pair); its evaluations are the objective’s cost, not the optimizer’s.',
      'PyTorch: torch.optim with foreach=True on one float64 tensor, one thread like LR Lab’s kernels here (RAdam, Rprop, ASGD: the ones Debian’s torch 1.13 has and that run without a closure).',
    ];
    return { id: this.id, title: this.title, figures, notes, checks };
  },
};

function torchContender(torch: Torch, name: string, dim: number, budgetMs: number): { key: string; measure(): Promise<number> } {
  let steps = 0;
  return {
    key: 'torch',
    measure: async () => {
      if (steps === 0) {
        const probe = await torch.ask<{ ms: number }>({ cmd: 'optimizer', optimizer: name, dim, threads: 1, steps: 3 });
        steps = Math.max(2, Math.round(budgetMs / probe.ms));
      }
      return (await torch.ask<{ ms: number }>({ cmd: 'optimizer', optimizer: name, dim, threads: 1, steps })).ms;
    },
  };
}

/** LR Lab's step and the hand loop agree bit for bit over 10 steps from the same arrays. */
function sameAsHand(name: Name, dim: number): Check {
  const lrlab = lrlabStepper(name, dim);
  const hand = handStepper(name, dim);
  fill(lrlab.params, 1);
  fill(hand.params, 1);
  let mismatch = '';
  for (let k = 0; k < 12 && mismatch === ''; k++) {
    fill(lrlab.grad, 100 + k);
    fill(hand.grad, 100 + k);
    lrlab.step();
    hand.step();
    for (let i = 0; i < dim; i++) {
      if (!Object.is(lrlab.params[i], hand.params[i])) {
        mismatch = `step ${k + 1}, parameter ${i}: LR Lab ${lrlab.params[i]}, hand ${hand.params[i]}`;
        break;
      }
    }
  }
  lrlab.release();
  return { what: `${name}: LR Lab's step equals the hand loop bit for bit (12 steps, ${dim} parameters)`, ok: mismatch === '', ...(mismatch ? { detail: mismatch } : {}) };
}

function describe(name: Name, dim: number, samples: Map<string, number[]>, torch: Torch | { skipped: string }): Figure[] {
  const title = SPECS[name].title;
  const size = dim === 1_000_000 ? '10⁶' : String(dim);
  const lrlab = samples.get('lrlab')!;
  const hand = samples.get('hand')!;
  const out: Figure[] = [
    figure(`${name}.lrlab`, `${title}: LR Lab, ${size} params`, 'ms/step', lrlab),
    figure(`${name}.hand`, `${title}: hand-written JS loop`, 'ms/step', hand),
    figure(`${name}.vsHand`, `${title}: LR Lab speed ÷ hand loop speed`, '×', ratios(hand, lrlab), { goal: { text: '≥ 0.95×', test: (m) => m >= 0.95 } }),
  ];
  if (SPECS[name].torch !== undefined) {
    const torchTimes = samples.get('torch') ?? null;
    out.push(figure(`${name}.torch`, `${title}: ${torchName(torch)} foreach, float64, 1 thread`, 'ms/step', torchTimes, 'skipped' in torch ? { note: torch.skipped } : {}));
    if (torchTimes) out.push(figure(`${name}.vsTorch`, `${title}: LR Lab speed ÷ ${torchName(torch)} speed`, '×', ratios(torchTimes, lrlab)));
  }
  return out;
}
