/**
 * Flavours: each library's version of an optimizer, checked against that library's formula.
 * Expected θ after two steps (θ₀ = [1, −2], g₁ = [0.5, −1], g₂ = [0.1, 0.3], lr 0.1) come from
 * the library formulas written out by hand in 50-digit decimals (Python's decimal module; no
 * LR Lab, no library: the script is the comment block of each case's source, kept in
 * test/unit/core/optimizers/flavorsReference.py). TF.js's own optimizers (the devDependency,
 * float32 CPU backend) check the tfjs flavours again, to float32's precision.
 */
import assert from 'node:assert/strict';
import { createOptimizer, flavorsOf, resolveOptimizerConfig } from '../../../../src/core/optimizers';
import { isLrLabError } from '../../../../src/core/errors';
import { assertCloseArray, optimizerFor } from './helpers';

const THETA0 = [1, -2];
const GRADS = [
  [0.5, -1],
  [0.1, 0.3],
];

function twoSteps(raw: Record<string, unknown>): number[][] {
  const optimizer = optimizerFor(raw);
  const params = Float64Array.from(THETA0);
  const state = optimizer.init(params.length);
  return GRADS.map((g) => {
    optimizer.step(params, Float64Array.from(g), state, optimizer.config.lr);
    return Array.from(params);
  });
}

const CASES: Record<string, { config: Record<string, unknown>; expected: number[][] }> = {
  'adam keras: ε-hat form, ε 1e-7': { config: { type: 'adam', flavor: 'keras', lr: 0.1 }, expected: [[0.9000006324515321, -1.900000316226766], [0.8196970328698234, -1.8572155867270153]] },
  'adam keras: decoupled weight decay 0.1': {
    config: { type: 'adam', flavor: 'keras', lr: 0.1, weightDecay: 0.1 },
    expected: [[0.890000632451532, -1.880000316226766], [0.800797026545308, -1.8184155835647475]],
  },
  'adam tfjs: PyTorch form, ε 1e-7': { config: { type: 'adam', flavor: 'tfjs', lr: 0.1 }, expected: [[0.900000019999996, -1.900000009999999], [0.8196959444343853, -1.8572151566462751]] },
  'adam optax: AMSGrad over the bias-corrected v̂': {
    config: { type: 'adam', flavor: 'optax', lr: 0.1, amsgrad: true },
    expected: [[0.900000002, -1.900000001], [0.8421052663157894, -1.8684210539473685]],
  },
  'adagrad keras: ε inside the root, sum from 0.1': { config: { type: 'adagrad', flavor: 'keras', lr: 0.1 }, expected: [[0.9154845866007779, -1.9046537454093613], [0.8988179222489256, -1.9321546991647054]] },
  'adagrad keras: decoupled weight decay 0.1': {
    config: { type: 'adagrad', flavor: 'keras', lr: 0.1, weightDecay: 0.1 },
    expected: [[0.905484586600778, -1.8846537454093613], [0.8797630763829178, -1.8933081617106118]],
  },
  'adagrad tfjs': { config: { type: 'adagrad', flavor: 'tfjs', lr: 0.1 }, expected: [[0.9154845866007779, -1.9046537454093613], [0.8988179222489256, -1.9321546991647054]] },
  'adagrad optax': { config: { type: 'adagrad', flavor: 'optax', lr: 0.1 }, expected: [[0.9154845866007779, -1.9046537454093613], [0.8988179222489256, -1.9321546991647054]] },
  'rmsprop keras: ε inside the root, ρ 0.9': { config: { type: 'rmsprop', flavor: 'keras', lr: 0.1 }, expected: [[0.6837728664367967, -1.6837723920969265], [0.6185401979242166, -1.779118602866846]] },
  'rmsprop keras: momentum 0.9 (lr inside the buffer), centered': {
    config: { type: 'rmsprop', flavor: 'keras', lr: 0.1, momentum: 0.9, centered: true },
    expected: [[0.6666674074049382, -1.6666668518516976], [0.29678258894823845, -1.463795553848024]],
  },
  'rmsprop tfjs: centered subtracts ε': {
    config: { type: 'rmsprop', flavor: 'tfjs', lr: 0.1, centered: true },
    expected: [[0.6666659259234567, -1.6666664814813272], [0.5967800994804283, -1.7637951186230612]],
  },
  'rmsprop optax: momentum 0.5 as optax.trace after the lr': {
    config: { type: 'rmsprop', flavor: 'optax', lr: 0.1, momentum: 0.5 },
    expected: [[0.6837722972286963, -1.683772249794549], [0.4604256524170165, -1.6210046288009157]],
  },
  'adadelta keras: PyTorch order, ρ 0.95, ε 1e-7': { config: { type: 'adadelta', flavor: 'keras', lr: 0.1 }, expected: [[0.9998585792094448, -1.999858578785184], [0.9998183779396659, -1.9999174135397362]] },
  // By hand: v = u = 0 at step 1, so Δ = √ε/√ε·g = g; at step 2 the previous v and u are equal (0.05·g₁²), so Δ = g again.
  'adadelta tfjs: the previous v (first steps are SGD steps here)': { config: { type: 'adadelta', flavor: 'tfjs', lr: 0.1 }, expected: [[0.95, -1.9], [0.94, -1.93]] },
  'nadam keras: μₜ = β₁(1 − ½·0.96ᵗ)': { config: { type: 'nadam', flavor: 'keras', lr: 0.1 }, expected: [[0.8937212409248748, -1.893721230297], [0.8666038573274287, -1.91618535950706]] },
  'nadam optax: no μ schedule': { config: { type: 'nadam', flavor: 'optax', lr: 0.1 }, expected: [[0.8526315818947368, -1.8526315804210527], [0.7873592492291916, -1.847026921825988]] },
};

describe('optimizer flavours', () => {
  for (const [name, { config, expected }] of Object.entries(CASES)) {
    it(`${name}: two steps as the library's formula gives them`, () => {
      const got = twoSteps(config);
      got.forEach((theta, k) => assertCloseArray(theta, expected[k]!, 1e-14, 1e-15, `${name}, θ${k + 1}`));
    });
  }

  it('each flavour differs from PyTorch in its rule or in its defaults', () => {
    for (const type of ['adam', 'adagrad', 'rmsprop', 'adadelta', 'nadam']) {
      for (const flavor of flavorsOf(type).slice(1)) {
        // The flavour's own defaults for every option the config leaves out, the same numbers for PyTorch.
        // Optax's Adam differs only in AMSGrad.
        const extra = type === 'adam' && flavor === 'optax' ? { amsgrad: true } : {};
        const { flavor: _f, ...options } = resolveOptimizerConfig({ type, flavor, lr: 0.1, ...extra });
        const pytorch = twoSteps({ ...options })[1]!;
        const library = twoSteps({ ...options, flavor })[1]!;
        const ruleDiffers = pytorch.some((p, i) => Math.abs(p - library[i]!) > 1e-9);
        const defaultsDiffer = JSON.stringify(options) !== JSON.stringify(resolveOptimizerConfig({ type, lr: 0.1, ...extra }));
        assert.ok(ruleDiffers || defaultsDiffer, `${type} ${flavor}: PyTorch's rule and defaults — a flavour must differ in one`);
      }
    }
  });

  it('resolves with the library defaults, keeps explicit values, and drops "pytorch"', () => {
    assert.deepEqual(resolveOptimizerConfig({ type: 'adagrad', flavor: 'keras' }), { type: 'adagrad', flavor: 'keras', lr: 1e-3, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0.1, eps: 1e-7 });
    assert.equal(resolveOptimizerConfig({ type: 'adagrad', flavor: 'keras', eps: 1e-10 }).eps, 1e-10);
    assert.deepEqual(resolveOptimizerConfig({ type: 'adam', flavor: 'pytorch' }), resolveOptimizerConfig({ type: 'adam' }));
    const keras = resolveOptimizerConfig({ type: 'rmsprop', flavor: 'keras' });
    assert.deepEqual(resolveOptimizerConfig(keras), keras);
    assert.deepEqual(flavorsOf('adam'), ['pytorch', 'keras', 'tfjs', 'optax']);
    assert.deepEqual(flavorsOf('sgd'), ['pytorch']);
  });

  it('refuses an unknown flavour, a library without that optimizer, and options the library lacks', () => {
    const message = (raw: object): string => {
      try {
        resolveOptimizerConfig(raw);
      } catch (e) {
        assert.ok(isLrLabError(e) && e.code === 'invalidConfig');
        return e.message;
      }
      return assert.fail(`${JSON.stringify(raw)} resolved`);
    };
    assert.match(message({ type: 'adam', flavor: 'jax' }), /unknown flavor "jax"; adam has "pytorch", "keras", "tfjs", "optax"/);
    assert.match(message({ type: 'nadam', flavor: 'tfjs' }), /TF\.js's version of nadam is not modelled; nadam has "pytorch", "keras", "optax"/);
    assert.match(message({ type: 'adam', flavor: 'tfjs', amsgrad: true }), /optimizer adam \(flavor tfjs\)\.amsgrad must be false: tf\.train\.adam has no AMSGrad \(got true\)/);
    assert.match(message({ type: 'nadam', flavor: 'keras', momentumDecay: 0.004 }), /momentumDecay must be 1: Keras hard-codes/);
  });

  it('a flavour runs on the scalar kernel even with the accelerated sizes', () => {
    const optimizer = createOptimizer(resolveOptimizerConfig({ type: 'adam', flavor: 'keras', lr: 0.1 }));
    const buffers = optimizer.allocate!(4096);
    buffers.grad.fill(0.5);
    buffers.params.fill(1);
    optimizer.step(buffers.params, buffers.grad, buffers.state, 0.1);
    buffers.release();
    assertCloseArray([buffers.params[0]!, buffers.params[4095]!], [0.9000006324515321, 0.9000006324515321], 1e-14, 0, 'θ₁ with g = 0.5');
  });
});

describe('tfjs flavours against TF.js itself (float32)', function () {
  this.timeout(60_000);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tf = require('@tensorflow/tfjs') as typeof import('@tensorflow/tfjs');
  before(async () => {
    await tf.setBackend('cpu');
  });
  const cases: Record<string, { config: Record<string, unknown>; make: () => import('@tensorflow/tfjs').Optimizer }> = {
    adam: { config: { type: 'adam', flavor: 'tfjs', lr: 0.1 }, make: () => tf.train.adam(0.1, 0.9, 0.999, 1e-7) },
    adagrad: { config: { type: 'adagrad', flavor: 'tfjs', lr: 0.1 }, make: () => tf.train.adagrad(0.1, 0.1) },
    'rmsprop centered, momentum 0.5': { config: { type: 'rmsprop', flavor: 'tfjs', lr: 0.1, centered: true, momentum: 0.5 }, make: () => tf.train.rmsprop(0.1, 0.9, 0.5, 1e-7, true) },
    adadelta: { config: { type: 'adadelta', flavor: 'tfjs', lr: 0.1 }, make: () => tf.train.adadelta(0.1, 0.95, 1e-7) },
  };
  for (const [name, { config, make }] of Object.entries(cases)) {
    it(`${name}: the same two steps as tf.train`, () => {
      const x = tf.variable(tf.tensor1d(THETA0, 'float32'));
      const optimizer = make();
      const ours = twoSteps(config);
      GRADS.forEach((g, k) => {
        optimizer.applyGradients([{ name: x.name, tensor: tf.tensor1d(g, 'float32') }]);
        assertCloseArray(ours[k]!, Array.from(x.dataSync()), 2e-6, 1e-7, `${name}, θ${k + 1} vs TF.js`);
      });
      optimizer.dispose();
      x.dispose();
    });
  }
});
