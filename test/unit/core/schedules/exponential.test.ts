import assert from 'node:assert/strict';
import { assertCloseAll, lrsOf, resolve } from './helpers';

describe('exponential', () => {
  it('multiplies by gamma every step: 2, 1, 0.5, 0.25', () => {
    assertCloseAll(lrsOf({ type: 'exponential', gamma: 0.5 }, 2, 4), [2, 1, 0.5, 0.25]);
  });

  it('defaults gamma to 0.99 (required in PyTorch)', () => {
    assert.deepEqual(resolve({ type: 'exponential' }), { type: 'exponential', gamma: 0.99 });
  });

  it('rejects gamma ≤ 0', () => {
    assert.throws(() => resolve({ type: 'exponential', gamma: 0 }), /schedule exponential\.gamma must be a finite number in \(0, ∞\) \(got 0\)/);
  });
});
