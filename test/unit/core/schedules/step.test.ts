import assert from 'node:assert/strict';
import { stepLr } from '../../../../src/core/schedules/step';
import { assertCloseAll, lrsOf, resolve } from './helpers';

describe('step', () => {
  it('multiplies by gamma every stepSize steps: 1, 1, 1, 0.5, 0.5, 0.5, 0.25', () => {
    assertCloseAll(lrsOf({ type: 'step', stepSize: 3, gamma: 0.5 }, 1, 7), [1, 1, 1, 0.5, 0.5, 0.5, 0.25]);
  });

  it('stepLr(t, …) is base · gamma^⌊t/stepSize⌋', () => {
    assert.equal(stepLr(9, 2, 4, 0.5), 2 * 0.25);
  });

  it('defaults: gamma 0.1 (PyTorch), stepSize max(1, ⌊totalSteps/3⌋)', () => {
    assert.deepEqual(resolve({ type: 'step' }, 1, 10), { type: 'step', stepSize: 3, gamma: 0.1 });
    assert.equal(resolve({ type: 'step' }, 1, 2).stepSize, 1);
  });

  it('rejects a negative gamma and a zero stepSize', () => {
    assert.throws(() => resolve({ type: 'step', gamma: -0.5 }), /schedule step\.gamma must be a finite number in \(0, ∞\) \(got -0\.5\)/);
    assert.throws(() => resolve({ type: 'step', stepSize: 0 }), /schedule step\.stepSize must be an integer in \[1, ∞\) \(got 0\)/);
  });
});
