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

  it('PyTorch defaults: totalIters 5, power 1', () => {
    assert.deepEqual(resolve({ type: 'polynomial' }), { type: 'polynomial', totalIters: 5, power: 1 });
    assertCloseAll(lrsOf({ type: 'polynomial' }, 1, 6), [1, 0.8, 0.6, 0.4, 0.2, 0]);
  });
});
