import assert from 'node:assert/strict';
import { assertCloseAll, lrsOf, resolve } from './helpers';

describe('linear', () => {
  it('moves the factor from startFactor to endFactor over totalIters steps, then holds', () => {
    assertCloseAll(lrsOf({ type: 'linear', startFactor: 0.25, endFactor: 0.75, totalIters: 4 }, 1, 7), [0.25, 0.375, 0.5, 0.625, 0.75, 0.75, 0.75]);
  });

  it('PyTorch defaults: startFactor 1/3, endFactor 1, totalIters 5', () => {
    assert.deepEqual(resolve({ type: 'linear' }), { type: 'linear', startFactor: 1 / 3, endFactor: 1, totalIters: 5 });
    assertCloseAll(lrsOf({ type: 'linear' }, 3, 7), [1, 1 + 0.4, 1 + 0.8, 1 + 1.2, 1 + 1.6, 3, 3]);
  });

  it('ends exactly at endFactor: 0.1 → 0 over 3 steps gives 0, not −1.4e-17 as s + (e − s)·3/3 would', () => {
    assert.deepEqual(lrsOf({ type: 'linear', startFactor: 0.1, endFactor: 0, totalIters: 3 }, 1, 6).slice(3), [0, 0, 0]);
  });

  it('rejects factors outside [0, 1]', () => {
    assert.throws(() => resolve({ type: 'linear', endFactor: 1.5 }), /schedule linear\.endFactor must be a finite number in \[0, 1\] \(got 1\.5\)/);
  });
});
