import assert from 'node:assert/strict';
import { assertCloseAll, lrsOf, resolve } from './helpers';

describe('cyclic', () => {
  it('triangular: up from baseLr to maxLr in stepSizeUp steps and back down; the optimizer lr is not used', () => {
    assertCloseAll(lrsOf({ type: 'cyclic', baseLr: 1, maxLr: 3, stepSizeUp: 2, stepSizeDown: 2 }, 100, 9), [1, 2, 3, 2, 1, 2, 3, 2, 1]);
  });

  it('asymmetric: 3 steps up, 1 step down', () => {
    assertCloseAll(lrsOf({ type: 'cyclic', baseLr: 1, maxLr: 3, stepSizeUp: 3, stepSizeDown: 1 }, 1, 5), [1, 1 + 2 / 3, 1 + 4 / 3, 3, 1]);
  });

  it('triangular2 halves the height every cycle', () => {
    assertCloseAll(lrsOf({ type: 'cyclic', baseLr: 1, maxLr: 3, stepSizeUp: 2, mode: 'triangular2' }, 1, 11), [1, 2, 3, 2, 1, 1.5, 2, 1.5, 1, 1.25, 1.5]);
  });

  it('expRange scales the height by gamma^t', () => {
    assertCloseAll(lrsOf({ type: 'cyclic', baseLr: 1, maxLr: 3, stepSizeUp: 2, mode: 'expRange', gamma: 0.5 }, 1, 4), [1, 1 + 2 * 0.5 * 0.5, 1 + 2 * 0.25, 1 + 2 * 0.5 * 0.125]);
  });

  it('defaults: baseLr = optimizer lr, maxLr = 10 × it, stepSizeUp = ⌊run length / 4⌋ (two cycles in the run), stepSizeDown = stepSizeUp', () => {
    assert.deepEqual(resolve({ type: 'cyclic' }, 0.01, 200), { type: 'cyclic', baseLr: 0.01, maxLr: 0.1, stepSizeUp: 50, stepSizeDown: 50, mode: 'triangular', gamma: 1 });
    assert.equal(resolve({ type: 'cyclic' }, 0.01, 3).stepSizeUp, 1);
    // The lr reaches maxLr within the run (PyTorch's 2000 would leave a 200-step run at a tenth of the way).
    assert.equal(Math.max(...lrsOf({ type: 'cyclic' }, 0.01, 200)), 0.1);
    assert.equal(resolve({ type: 'cyclic', stepSizeUp: 7 }).stepSizeDown, 7);
    assert.equal(resolve({ type: 'cyclic', stepSizeUp: 7, stepSizeDown: 3 }).stepSizeDown, 3);
  });

  it('rejects maxLr ≤ 0, maxLr < baseLr and an unknown mode', () => {
    assert.throws(() => resolve({ type: 'cyclic', maxLr: 0 }), /schedule cyclic\.maxLr must be a finite number in \(0, ∞\) \(got 0\)/);
    assert.throws(() => resolve({ type: 'cyclic', baseLr: 0.5, maxLr: 0.2 }), /schedule cyclic\.maxLr must be ≥ baseLr \(got maxLr 0\.2 and baseLr 0\.5\)/);
    assert.throws(() => resolve({ type: 'cyclic', mode: 'exp_range' }), /schedule cyclic\.mode must be one of "triangular", "triangular2", "expRange" \(got "exp_range"\)/);
  });
});
