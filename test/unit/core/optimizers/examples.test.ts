/**
 * The two-step worked examples in each optimizer's TSDoc. The expected numbers were worked out
 * by hand where they are round, and otherwise in 60-digit decimal arithmetic straight from the
 * update rules (`/usr/bin/python3 scripts/golden/optimizers.py --examples`, no torch, no LR Lab);
 * they are the numbers the TSDoc shows.
 */
import assert from 'node:assert/strict';
import { assertCloseArray, optimizerFor } from './helpers';

interface Example {
  readonly config: Record<string, unknown>;
  readonly theta0: number[];
  readonly grads: [number[], number[]];
  /** θ₁ and θ₂. */
  readonly expected: [number[], number[]];
  /** State fields checked after each step (name → [after step 1, after step 2]). */
  readonly state?: Record<string, [number[], number[]]>;
}

// 1e-15 relative, with a 1e-18 absolute floor for small state entries: 1 − 0.999 is not exact
// in float64 (it is 0.0010000000000000009), which alone moves v = 0.001249 by ~1e-18.
const REL = 1e-15;
const ABS = 1e-18;

const EXAMPLES: Record<string, Example> = {
  'sgd, momentum 0.9': {
    config: { type: 'sgd', lr: 0.1, momentum: 0.9 },
    theta0: [1, -2],
    grads: [[0.5, -1], [0.25, 1]],
    expected: [[0.95, -1.9], [0.88, -1.91]],
    state: { momentumBuffer: [[0.5, -1], [0.7, 0.1]] },
  },
  'sgd, momentum 0.9, nesterov': {
    config: { type: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true },
    theta0: [1, -2],
    grads: [[0.5, -1], [0.25, 1]],
    expected: [[0.905, -1.81], [0.817, -1.919]],
  },
  'adagrad, lrDecay 1, eps 0': {
    config: { type: 'adagrad', lr: 0.1, lrDecay: 1, eps: 0 },
    theta0: [1, -2],
    grads: [[3, -4], [4, 3]],
    expected: [[0.9, -1.9], [0.86, -1.93]],
    state: { sum: [[9, 16], [25, 25]] },
  },
  'rmsprop, momentum 0.9, eps 0': {
    config: { type: 'rmsprop', lr: 0.01, momentum: 0.9, eps: 0 },
    theta0: [1, -2],
    grads: [[3, -4], [0.3, -0.4]],
    expected: [[0.9, -1.9], [0.8, -1.8]],
    state: { squareAvg: [[0.09, 0.16], [0.09, 0.16]], momentumBuffer: [[10, -10], [10, -10]] },
  },
  adam: {
    config: { type: 'adam', lr: 0.1 },
    theta0: [1, 2],
    grads: [[1, 1], [1, -1]],
    expected: [[0.900000001, 1.900000001], [0.800000002, 1.9052631588421053]],
    state: { expAvg: [[0.1, 0.1], [0.19, -0.01]], expAvgSq: [[0.001, 0.001], [0.001999, 0.001999]] },
  },
  adamw: {
    config: { type: 'adamw', lr: 0.1, weightDecay: 0.01 },
    theta0: [1, 2],
    grads: [[1, 1], [1, -1]],
    expected: [[0.899000001, 1.898000001], [0.798101001999, 1.9013651588411053]],
  },
  adadelta: {
    config: { type: 'adadelta', lr: 1 },
    theta0: [1, -2],
    grads: [[1, -2], [0.5, 1]],
    expected: [[0.9968377381511013, -1.9968377262926713], [0.9947526082891076, -1.9989228668635739]],
    state: { squareAvg: [[0.1, 0.4], [0.115, 0.46]], accDelta: [[9.99990000099999e-7, 9.9999750000625e-7], [1.3347676542277890e-6, 1.3347788700480271e-6]] },
  },
  adamax: {
    config: { type: 'adamax', lr: 0.1 },
    theta0: [1, -2],
    grads: [[2, -4], [-1, -8]],
    expected: [[0.9000000005, -1.90000000025], [0.8789262953211369, -1.8236842108717105]],
    state: { expAvg: [[0.2, -0.4], [0.08, -1.16]], expInf: [[2.00000001, 4.00000001], [1.99800000999, 8.00000001]] },
  },
  nadam: {
    config: { type: 'nadam', lr: 0.1 },
    theta0: [1, -2],
    grads: [[1, -2], [0.5, 1]],
    expected: [[0.894354823220913, -1.894354822692687], [0.8419624938466679, -1.9354657953566019]],
    state: { expAvg: [[0.1, -0.2], [0.14, -0.08]], expAvgSq: [[0.001, 0.004], [0.001249, 0.004996]] },
  },
};

/** μ₁, μ₂ and μ₁·μ₂ of the NAdam example (ψ = 4e-3), same provenance. */
const NADAM_MU = [0.4500734735912961, 0.4501469351862175];

describe('worked examples of the TSDoc', () => {
  for (const [name, ex] of Object.entries(EXAMPLES)) {
    it(`${name}: θ₁ and θ₂ as documented`, () => {
      const optimizer = optimizerFor(ex.config);
      const x = Float64Array.from(ex.theta0);
      const state = optimizer.init(x.length) as unknown as Record<string, unknown> & { step: number };
      for (let t = 0; t < 2; t++) {
        optimizer.step(x, Float64Array.from(ex.grads[t]!), state, ex.config.lr as number);
        assertCloseArray(x, ex.expected[t]!, REL, ABS, `${name}, θ${t + 1}`);
        for (const [field, values] of Object.entries(ex.state ?? {})) {
          assertCloseArray(state[field] as Float64Array, values[t]!, REL, ABS, `${name}, ${field} after step ${t + 1}`);
        }
        assert.equal(state.step, t + 1);
      }
    });
  }

  it('nadam: muProduct is μ₁ after step 1 and μ₁·μ₂ after step 2', () => {
    const optimizer = optimizerFor({ type: 'nadam', lr: 0.1 });
    const x = Float64Array.from([1, -2]);
    const state = optimizer.init(2) as unknown as { muProduct: number };
    assert.equal(state.muProduct, 1);
    optimizer.step(x, Float64Array.from([1, -2]), state as never, 0.1);
    assertCloseArray([state.muProduct], [NADAM_MU[0]!], REL, 0, 'muProduct after step 1');
    optimizer.step(x, Float64Array.from([0.5, 1]), state as never, 0.1);
    assertCloseArray([state.muProduct], [0.20259919474573697], REL, 0, 'muProduct after step 2');
    assertCloseArray([NADAM_MU[0]! * NADAM_MU[1]!], [0.20259919474573697], REL, 0, 'μ₁·μ₂');
  });
});
