/**
 * The accelerated steps (WebAssembly SIMD, helper threads for large arrays) against the scalar
 * kernels, which are the specification: same inputs, bit-identical parameters and state after
 * every step, for each branch of each kernel, odd sizes (a lone last element outside the SIMD
 * pairs) and sizes large enough to split the work across threads. The gradients change sign
 * from step to step, so Rprop's step sizes grow, shrink and skip, and Lion's signs flip.
 */
import * as assert from 'node:assert/strict';
import { createOptimizer, resolveOptimizerConfig, type OptimizerState } from '../../../../src/core/optimizers';
import { accelRunner, accelUnavailableReason, ACCEL_MIN_DIM } from '../../../../src/core/optimizers/accel';
import { PARALLEL_MIN_ELEMENTS, ParallelRunner } from '../../../../src/core/optimizers/accel/parallel';

const CONFIGS: Record<string, unknown>[] = [
  { type: 'adam' },
  { type: 'adam', lr: 0.01, betas: [0.8, 0.95], eps: 1e-6, weightDecay: 0.1 },
  { type: 'adam', amsgrad: true },
  { type: 'adam', amsgrad: true, weightDecay: 0.05 },
  { type: 'sgd', lr: 0.1 },
  { type: 'sgd', lr: 0.1, weightDecay: 0.01 },
  { type: 'sgd', lr: 0.1, momentum: 0.9 },
  { type: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0.3, weightDecay: 0.02 },
  { type: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true },
  { type: 'rmsprop' },
  { type: 'rmsprop', centered: true },
  { type: 'rmsprop', momentum: 0.9, weightDecay: 0.01 },
  { type: 'rmsprop', alpha: 0.9, centered: true, momentum: 0.5, eps: 1e-6 },
  // RAdam: steps 1–5 unrectified, step 6 rectified (ρ₆ ≈ 5.99 with β₂ = 0.999).
  { type: 'radam' },
  { type: 'radam', lr: 0.01, weightDecay: 0.1 },
  { type: 'radam', lr: 0.01, weightDecay: 0.1, decoupledWeightDecay: true, eps: 1e-4 },
  { type: 'rprop' },
  { type: 'rprop', lr: 0.1, etas: [0.3, 1.5], stepSizes: [1e-3, 0.2] },
  { type: 'asgd' },
  { type: 'asgd', lr: 0.05, t0: 2, weightDecay: 0.1, lambd: 0.01 },
  { type: 'lion' },
  { type: 'lion', lr: 0.01, betas: [0.5, 0.8], weightDecay: 0.1 },
  { type: 'sgdScheduleFree', lr: 0.1 },
  { type: 'sgdScheduleFree', lr: 0.1, momentum: 0.5, weightDecay: 0.1, warmupSteps: 3, r: 1 },
  { type: 'adamwScheduleFree' },
  { type: 'adamwScheduleFree', lr: 0.01, betas: [0.8, 0.95], weightDecay: 0.1, warmupSteps: 3, weightLrPower: 1 },
];

const SIZES = [ACCEL_MIN_DIM + 1, 1001, PARALLEL_MIN_ELEMENTS + 3];
const STEPS = 6;

/** A deterministic stream of values spanning several magnitudes and both signs (no PRNG needed). */
function fill(target: Float64Array, seed: number): void {
  for (let i = 0; i < target.length; i++) {
    const t = Math.sin(seed * 12.9898 + i * 78.233) * 43758.5453;
    const u = t - Math.floor(t);
    target[i] = (u - 0.5) * Math.pow(10, (i % 7) - 3);
  }
}

function bufferFields(state: OptimizerState): Record<string, Float64Array> {
  return Object.fromEntries(Object.entries(state).filter((e): e is [string, Float64Array] => e[1] instanceof Float64Array));
}

function assertBitIdentical(actual: Float64Array, expected: Float64Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const a = new BigUint64Array(actual.buffer.slice(actual.byteOffset, actual.byteOffset + actual.byteLength));
  const e = new BigUint64Array(expected.buffer.slice(expected.byteOffset, expected.byteOffset + expected.byteLength));
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== e[i]) assert.fail(`${what}[${i}]: accelerated ${actual[i]} vs scalar ${expected[i]}`);
  }
}

describe('core/optimizers/accel: accelerated steps are bit-identical to the scalar kernels', function () {
  this.timeout(60_000);

  before(async function () {
    const reason = accelUnavailableReason();
    // The build makes dist/accel.wasm and Node 20 has SIMD and shared memory: a missing fast path is a bug here.
    assert.equal(reason, null, `the accelerated path is unavailable: ${reason}`);
    // The largest size splits into chunks only once helper threads take them.
    const wanted = ParallelRunner.helperCount();
    assert.equal(await accelRunner()!.helpersReady(), wanted, 'helper threads started');
  });

  for (const raw of CONFIGS) {
    for (const dim of SIZES) {
      it(`${JSON.stringify(raw)} on ${dim} parameters, ${STEPS} steps`, () => {
        const config = resolveOptimizerConfig(raw);
        const fast = createOptimizer(config);
        const scalar = createOptimizer(config);
        const buffers = fast.allocate!(dim);
        try {
          assert.ok(buffers.params.buffer instanceof SharedArrayBuffer, 'allocate took the fast path (shared memory)');
          const params = new Float64Array(dim);
          const grad = new Float64Array(dim);
          const state = scalar.init(dim);
          fill(params, 1);
          buffers.params.set(params);
          for (let step = 1; step <= STEPS; step++) {
            fill(grad, step + 1);
            buffers.grad.set(grad);
            const lr = config.lr * (1 - step / (2 * STEPS));
            fast.step(buffers.params, buffers.grad, buffers.state, lr);
            scalar.step(params, grad, state, lr);
            assertBitIdentical(buffers.params, params, `params after step ${step}`);
            const fastFields = bufferFields(buffers.state);
            for (const [name, expected] of Object.entries(bufferFields(state))) {
              assertBitIdentical(fastFields[name]!, expected, `${name} after step ${step}`);
            }
            assert.equal(buffers.state.step, state.step, 'step count');
          }
        } finally {
          buffers.release();
        }
      });
    }
  }

  it('bind() on the allocated arrays runs the accelerated step, bit-identical to the scalar kernel; a wrong-length gradient is refused at bind time', () => {
    const config = resolveOptimizerConfig({ type: 'adam', amsgrad: true });
    const fast = createOptimizer(config);
    const scalar = createOptimizer(config);
    const dim = PARALLEL_MIN_ELEMENTS + 1;
    const buffers = fast.allocate!(dim);
    try {
      const step = fast.bind!(buffers.params, buffers.grad, buffers.state);
      const params = new Float64Array(dim);
      const grad = new Float64Array(dim);
      const state = scalar.init(dim);
      fill(params, 3);
      buffers.params.set(params);
      for (let k = 1; k <= 4; k++) {
        fill(grad, 10 + k);
        buffers.grad.set(grad);
        step(0.01 / k);
        scalar.step(params, grad, state, 0.01 / k);
      }
      assertBitIdentical(buffers.params, params, 'params after 4 bound steps');
      assert.throws(() => fast.bind!(buffers.params, new Float64Array(dim - 1), buffers.state), /gradient has/);
    } finally {
      buffers.release();
    }
  });

  it('steps on arrays it did not allocate take the scalar kernel (copies of the buffers are not updated in place by the fast path)', () => {
    const optimizer = createOptimizer(resolveOptimizerConfig({ type: 'adam' }));
    const buffers = optimizer.allocate!(64);
    try {
      const params = new Float64Array(64).fill(1);
      const grad = new Float64Array(64).fill(0.5);
      const state = optimizer.init(64);
      optimizer.step(params, grad, state, 0.001);
      // Adam's first step moves every parameter by lr·sign(grad) (up to eps).
      for (const v of params) assert.ok(Math.abs(v - (1 - 0.001)) < 1e-9);
      for (const v of buffers.params) assert.equal(v, 0);
    } finally {
      buffers.release();
    }
  });
});
