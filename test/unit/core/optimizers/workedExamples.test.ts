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
};

describe('worked examples of the new optimizers’ TSDoc', () => {
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
