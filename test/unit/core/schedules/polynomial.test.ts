import assert from 'node:assert/strict';
import { polynomialLr } from '../../../../src/core/schedules/polynomial';
import { assertCloseAll, lrsOf, resolve } from './helpers';

describe('polynomial', () => {
  it('power 2 over 4 steps: 1, 9/16, 1/4, 1/16, then 0', () => {
    assertCloseAll(lrsOf({ type: 'polynomial', totalIters: 4, power: 2 }, 1, 7), [1, 9 / 16, 1 / 4, 1 / 16, 0, 0, 0]);
  });

  it('power 0.5 is a square root', () => {
    assert.equal(polynomialLr(2, 1, 4, 0.5), Math.SQRT1_2);
  });

  it("defaults: power 1 as PyTorch; totalIters is the run's length (a horizon), not PyTorch's 5", () => {
    assert.deepEqual(resolve({ type: 'polynomial' }, 1, 200), { type: 'polynomial', totalIters: 200, power: 1 });
    // A 200-step run decays all along: lr of step 6 is base · (1 − 5/200), not 0.
    assert.equal(lrsOf({ type: 'polynomial' }, 1, 200)[5], 1 - 5 / 200);
    // Over a 5-step run it is PyTorch's default decay.
    assertCloseAll(lrsOf({ type: 'polynomial' }, 1, 6, 5), [1, 0.8, 0.6, 0.4, 0.2, 0]);
  });
});
