import assert from 'node:assert/strict';
import { assertCloseAll, lrsOf, resolve } from './helpers';

describe('inverseTime', () => {
  it('base / (1 + decayRate · t / decaySteps)', () => {
    assertCloseAll(lrsOf({ type: 'inverseTime', decayRate: 0.5, decaySteps: 2 }, 1, 4), [1, 1 / 1.25, 1 / 1.5, 1 / 1.75]);
  });

  it('staircase uses ⌊t / decaySteps⌋', () => {
    assertCloseAll(lrsOf({ type: 'inverseTime', decayRate: 0.5, decaySteps: 2, staircase: true }, 1, 5), [1, 1, 1 / 1.5, 1 / 1.5, 1 / 2]);
  });

  it('defaults: decayRate 1, decaySteps 1, staircase false (lr = base / (1 + t))', () => {
    assert.deepEqual(resolve({ type: 'inverseTime' }), { type: 'inverseTime', decayRate: 1, decaySteps: 1, staircase: false });
    assertCloseAll(lrsOf({ type: 'inverseTime' }, 1, 4), [1, 1 / 2, 1 / 3, 1 / 4]);
  });

  it('rejects decaySteps ≤ 0', () => {
    assert.throws(() => resolve({ type: 'inverseTime', decaySteps: 0 }), /schedule inverseTime\.decaySteps must be a finite number in \(0, ∞\) \(got 0\)/);
  });
});
