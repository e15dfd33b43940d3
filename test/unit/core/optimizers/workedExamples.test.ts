/**
 * The worked examples in the TSDoc of the optimizers beyond torch.optim's eight classics. The
 * expected numbers were computed in 60-digit decimal arithmetic straight from each method's
 * update rule (`/usr/bin/python3 scripts/golden/reference.py --examples`: no torch, no LR Lab)
 * and rounded to float64; where they are round (Rprop, Lion) they were also worked out by hand.
 * They are the numbers the TSDoc shows.
 */
import assert from 'node:assert/strict';
import { assertCloseArray, optimizerFor } from './helpers';

interface Example {
  readonly config: Record<string, unknown>;
  readonly theta0: number[];
  readonly grads: number[][];
  /** θ after each step. */
  readonly expected: number[][];
  /** State fields after each step: buffers (arrays) or scalars. */
  readonly state?: Record<string, (number[] | number)[]>;
}

// Rounding of the float64 arithmetic against the exact decimal values.
const REL = 1e-14;
const ABS = 1e-18;

const EXAMPLES: Record<string, Example> = {
  'radam (lr 0.1): two unrectified steps (ρ₁ = 1, ρ₂ ≈ 2, both ≤ 5)': {
    config: { type: 'radam', lr: 0.1 },
    theta0: [1, 2],
    grads: [[1, 1], [1, -1]],
    expected: [[0.9, 1.9], [0.8, 1.9052631578947368]],
    state: { expAvg: [[0.1, 0.1], [0.19, -0.01]] },
  },
  'rprop (lr 0.1): growth, a sign flip, a skipped step': {
    config: { type: 'rprop', lr: 0.1 },
    theta0: [1, -2],
    grads: [[2, -4], [1, 3], [0.5, 1]],
    expected: [[0.9, -1.9], [0.78, -1.9], [0.636, -1.95]],
    state: { stepSize: [[0.1, 0.1], [0.12, 0.05], [0.144, 0.05]], prev: [[2, -4], [1, 0], [0.5, 1]] },
  },
  'lion (lr 0.1)': {
    config: { type: 'lion', lr: 0.1 },
    theta0: [1, -2],
    grads: [[3, -0.5], [-1, -1]],
    expected: [[0.9, -1.9], [1, -1.8]],
    state: { expAvg: [[0.03, -0.005], [0.0197, -0.01495]] },
  },
  'adafactor (lr 0.01), one vector block': {
    config: { type: 'adafactor', lr: 0.01 },
    theta0: [1, -2],
    grads: [[1, 1], [2, -1]],
    expected: [[0.9841886116991581, -2.015811388300842], [0.966885567420452, -2.0015349413917085]],
    state: { variance: [[1, 1], [2.7230475324955523, 1]] },
  },
  'prodigy (d0 0.01), the same gradient three times': {
    config: { type: 'prodigy', d0: 0.01 },
    theta0: [1, -2],
    grads: [[1, -2], [1, -2], [1, -2]],
    expected: [[0.968377233398313, -1.9683772283983154], [0.925881331550351, -1.925881319034313], [0.8482647112326238, -1.8482646708125718]],
    state: { d: [0.01, 0.015815339791410483, 0.048224077758054824] },
  },
  'dAdaptAdam (defaults), the same gradient three times': {
    config: { type: 'dAdaptAdam' },
    theta0: [1, -2],
    grads: [[1, -2], [1, -2], [1, -2]],
    expected: [[0.9999968377233398, -1.9999968377228399], [0.9999925881326023, -1.9999925881316272], [0.9999605753869697, -1.9999605753830707]],
    state: { d: [1e-6, 1.5815339791410483e-5, 4.1478442495550765e-5] },
  },
  'asgd (lr 0.1, t0 0): averaging from step 3 (μ = 1/2)': {
    config: { type: 'asgd', lr: 0.1, t0: 0 },
    theta0: [1, -2],
    grads: [[1, -2], [0.5, 1], [1, 1]],
    expected: [[0.89999, -1.79998], [0.8499813751642175, -1.8999612503415597], [0.7499743754517113, -1.9999407510402951]],
    state: {
      ax: [[0.89999, -1.79998], [0.8499813751642175, -1.8999612503415597], [0.7999778753079644, -1.9499510006909273]],
      eta: [0.09999925000656244, 0.09999850002624952, 0.09999775005906088],
      mu: [1, 0.5, 1 / 3],
    },
  },
  'sgdScheduleFree (lr 0.1): y in params, x the model': {
    config: { type: 'sgdScheduleFree', lr: 0.1 },
    theta0: [1, -2],
    grads: [[1, -2], [0.5, 1]],
    expected: [[0.9, -1.8], [0.8725, -1.855]],
    state: { z: [[0.9, -1.8], [0.85, -1.9]], x: [[0.9, -1.8], [0.875, -1.85]] },
  },
  'adamwScheduleFree (lr 0.1): y in params, x the model': {
    config: { type: 'adamwScheduleFree', lr: 0.1 },
    theta0: [1, -2],
    grads: [[1, -2], [0.5, 1]],
    expected: [[0.900000001, -1.9000000005], [0.865209725634492, -1.934790276085574]],
    state: { z: [[0.900000001, -1.9000000005], [0.8367449548808945, -1.9632550470192256]], x: [[0.900000001, -1.9000000005], [0.8683724779404473, -1.9316275237596128]] },
  },
};

describe('worked examples of the new optimizers’ TSDoc', () => {
  it('lbfgs (lr 1, maxIter 2, maxEval 3, no line search) on ½(θ₁² + 10θ₂²): one step of two iterations, two evaluations', () => {
    const optimizer = optimizerFor({ type: 'lbfgs', lr: 1, maxIter: 2, maxEval: 3 });
    const x = Float64Array.from([1, 1]);
    const grad = new Float64Array(2);
    const closure = (): number => {
      grad[0] = x[0]!;
      grad[1] = 10 * x[1]!;
      return 0.5 * (x[0]! * x[0]! + 10 * x[1]! * x[1]!);
    };
    const state = optimizer.init(2) as unknown as { funcEvals: number; nIter: number; t: number };
    optimizer.step(x, grad, state as never, 1, closure(), closure);
    assertCloseArray(x, [0.8083007883027881, -0.008083007883027881], REL, ABS, 'θ after the step');
    assert.equal(state.funcEvals, 2);
    assert.equal(state.nIter, 2);
    assert.equal(state.t, 1);
  });

  for (const [name, ex] of Object.entries(EXAMPLES)) {
    it(`${name}: θ after each step as documented`, () => {
      const optimizer = optimizerFor(ex.config);
      const lr = optimizer.config.lr;
      const x = Float64Array.from(ex.theta0);
      const state = optimizer.init(x.length) as unknown as Record<string, unknown> & { step: number };
      ex.grads.forEach((g, t) => {
        optimizer.step(x, Float64Array.from(g), state as never, lr);
        assertCloseArray(x, ex.expected[t]!, REL, ABS, `${name}, θ${t + 1}`);
        for (const [field, values] of Object.entries(ex.state ?? {})) {
          const want = values[t]!;
          const got = state[field];
          if (typeof want === 'number') assertCloseArray([got as number], [want], REL, 0, `${name}, ${field} after step ${t + 1}`);
          else assertCloseArray(got as Float64Array, want, REL, ABS, `${name}, ${field} after step ${t + 1}`);
        }
        assert.equal(state.step, t + 1);
      });
    });
  }
});
