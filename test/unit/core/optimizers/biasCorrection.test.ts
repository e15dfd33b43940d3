/**
 * Adam's and AdamW's kernels skip Math.pow for the bias corrections once t·(1 − β) ≥ 39, where
 * 1 − βᵗ rounds to exactly 1. These tests hold the shortcut to that claim: the identity itself
 * for many β over long ranges of t, and whole runs of the kernels against the same update with
 * Math.pow on every step (PyTorch's formula as written), bit for bit past both thresholds.
 */
import assert from 'node:assert/strict';
import { adamStep, adamwStep, createOptimizer, resolveOptimizerConfig, type AdamOptions, type AdamState } from '../../../../src/core/optimizers';

/** The step from which the kernels use 1 for 1 − βᵗ (the first t with t·(1 − β) ≥ 39). */
function shortcutFrom(beta: number): number {
  let t = Math.max(1, Math.floor(39 / (1 - beta)) - 2);
  while (t * (1 - beta) < 39) t++;
  return t;
}

describe('optimizers: the bias corrections of adam and adamw without Math.pow', () => {
  const betas = [0, 0.1, 0.3, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 0.9995, 0.9999, 0.123456789, 0.876543211, 0.99937];

  it('1 − βᵗ is exactly 1 for every t with t·(1 − β) ≥ 39 (50000 steps from the first, then every decade to 10⁹)', () => {
    for (const beta of betas) {
      const from = shortcutFrom(beta);
      for (let t = from; t < from + 50_000; t++) {
        if (1 - Math.pow(beta, t) !== 1) assert.fail(`β = ${beta}, t = ${t}: 1 − βᵗ = ${1 - Math.pow(beta, t)}`);
      }
      for (let t = from; t < 1e9; t = Math.ceil(t * 1.37) + 1) assert.equal(1 - Math.pow(beta, t), 1, `β = ${beta}, t = ${t}`);
    }
  });

  it('the threshold is not loose for the default betas: 1 − βᵗ is below 1 a few dozen steps before it', () => {
    assert.equal(shortcutFrom(0.9), 391); // 1 − 0.9 is 0.09999999999999998 in float64
    assert.ok(1 - Math.pow(0.9, 350) < 1);
    assert.equal(shortcutFrom(0.999), 39_000);
    assert.ok(1 - Math.pow(0.999, 36_000) < 1);
  });

  /** adamStep as PyTorch writes it: Math.pow on every step (the kernel before the shortcut). */
  function reference(params: Float64Array, grad: Float64Array, state: AdamState, lr: number, options: AdamOptions, decoupled: boolean): void {
    const [beta1, beta2] = options.betas;
    const step = state.step + 1;
    const stepSize = lr / (1 - Math.pow(beta1, step));
    const biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
    const decay = 1 - lr * options.weightDecay;
    for (let i = 0; i < params.length; i++) {
      let g = grad[i]!;
      if (!decoupled && options.weightDecay !== 0) g += options.weightDecay * params[i]!;
      const m = beta1 * state.expAvg[i]! + (1 - beta1) * g;
      let v = beta2 * state.expAvgSq[i]! + (1 - beta2) * g * g;
      state.expAvg[i] = m;
      state.expAvgSq[i] = v;
      if (options.amsgrad) {
        v = Math.max(state.maxExpAvgSq[i]!, v);
        state.maxExpAvgSq[i] = v;
      }
      const update = (stepSize * m) / (Math.sqrt(v) / biasCorrection2Sqrt + options.eps);
      params[i] = decoupled ? params[i]! * decay - update : params[i]! - update;
    }
    state.step = step;
  }

  const runs: [string, Record<string, unknown>, number][] = [
    ['adam', { type: 'adam', lr: 1e-3 }, 40_000],
    ['adam', { type: 'adam', lr: 0.01, betas: [0.5, 0.99], weightDecay: 0.01, amsgrad: true }, 5_000],
    ['adamw', { type: 'adamw', lr: 1e-3 }, 40_000],
    ['adamw', { type: 'adamw', lr: 0.01, betas: [0.8, 0.995], weightDecay: 0.1, amsgrad: true }, 9_000],
  ];
  for (const [type, raw, steps] of runs) {
    it(`${type} ${JSON.stringify(raw)}: ${steps} steps equal the Math.pow-every-step update bit for bit`, () => {
      const config = resolveOptimizerConfig(raw);
      const options = config as unknown as AdamOptions;
      const kernel = type === 'adam' ? adamStep : adamwStep;
      const dim = 3;
      const state = createOptimizer(config).init(dim) as AdamState;
      const expected = createOptimizer(config).init(dim) as AdamState;
      const params = Float64Array.of(1.5, -0.25, 3);
      const expectedParams = params.slice();
      const grad = new Float64Array(dim);
      for (let k = 1; k <= steps; k++) {
        // Gradients of changing sign and size, and a changing lr (a schedule's).
        for (let i = 0; i < dim; i++) grad[i] = Math.sin(k * (i + 1) * 0.37) * Math.pow(10, (k % 5) - 2);
        const lr = options.lr * (1 + 0.5 * Math.cos(k / 100));
        kernel(params, grad, state as never, lr, options as never);
        reference(expectedParams, grad, expected, lr, options, type === 'adamw');
        for (let i = 0; i < dim; i++) {
          if (!Object.is(params[i], expectedParams[i])) assert.fail(`step ${k}, parameter ${i}: kernel ${params[i]} vs Math.pow every step ${expectedParams[i]}`);
        }
      }
      assert.deepEqual(Array.from(state.expAvgSq), Array.from(expected.expAvgSq));
    });
  }
});
