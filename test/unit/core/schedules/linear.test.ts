import assert from 'node:assert/strict';
import { assertCloseAll, lrsOf, resolve } from './helpers';

describe('linear', () => {
  it('moves the factor from startFactor to endFactor over totalIters steps, then holds', () => {
    assertCloseAll(lrsOf({ type: 'linear', startFactor: 0.25, endFactor: 0.75, totalIters: 4 }, 1, 7), [0.25, 0.375, 0.5, 0.625, 0.75, 0.75, 0.75]);
  });

  it("defaults: PyTorch's startFactor 1/3 and endFactor 1; totalIters is the run's length (a horizon), not PyTorch's 5", () => {
    assert.deepEqual(resolve({ type: 'linear' }, 1, 200), { type: 'linear', startFactor: 1 / 3, endFactor: 1, totalIters: 200 });
    // Over a 5-step run the ramp is PyTorch's default one: base/3 up to base in 5 steps.
    assertCloseAll(lrsOf({ type: 'linear' }, 3, 7, 5), [1, 1 + 0.4, 1 + 0.8, 1 + 1.2, 1 + 1.6, 3, 3]);
  });

  it('ends exactly at endFactor: 0.1 → 0 over 3 steps gives 0, not −1.4e-17 as s + (e − s)·3/3 would', () => {
    assert.deepEqual(lrsOf({ type: 'linear', startFactor: 0.1, endFactor: 0, totalIters: 3 }, 1, 6).slice(3), [0, 0, 0]);
  });

  it('rejects factors outside [0, 1]', () => {
    assert.throws(() => resolve({ type: 'linear', endFactor: 1.5 }), /schedule linear\.endFactor must be a finite number in \[0, 1\] \(got 1\.5\)/);
  });
});
