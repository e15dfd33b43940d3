import assert from 'node:assert/strict';
import { gradientBasedLr } from '../../../../src/core/schedules/gradientBased';
import { lossBasedLr } from '../../../../src/core/schedules/lossBased';
import { assertCloseAll, lrsOf, resolve } from './helpers';

describe('lossBased', () => {
  it('base / √(1 + beta · loss)', () => {
    assert.equal(lossBasedLr(1, 3, 1), 0.5);
    assert.equal(lossBasedLr(2, 1, 5), 2 / Math.sqrt(6));
  });

  it('clamps a negative loss to 0', () => {
    assert.equal(lossBasedLr(0.7, 2, -4), 0.7);
  });

  it('reads each step’s observation', () => {
    const observations = [{ loss: 8, gradNorm: 0 }, { loss: 3, gradNorm: 0 }, { loss: 0, gradNorm: 0 }];
    assertCloseAll(lrsOf({ type: 'lossBased' }, 3, 3, 3, undefined, observations), [1, 1.5, 3]);
  });

  it('defaults beta to 1 and rejects a negative beta', () => {
    assert.deepEqual(resolve({ type: 'lossBased' }), { type: 'lossBased', beta: 1 });
    assert.throws(() => resolve({ type: 'lossBased', beta: -1 }), /schedule lossBased\.beta must be a finite number in \[0, ∞\) \(got -1\)/);
  });
});

describe('gradientBased', () => {
  it('base / (1 + beta · ‖g‖²)', () => {
    assert.equal(gradientBasedLr(1, 1, 3), 0.1);
    assert.equal(gradientBasedLr(1, 0, 3), 1);
    assert.equal(gradientBasedLr(0.5, 0.25, 2), 0.25);
  });

  it('reads each step’s observation', () => {
    const observations = [{ loss: 0, gradNorm: 1 }, { loss: 0, gradNorm: 0 }];
    assertCloseAll(lrsOf({ type: 'gradientBased', beta: 3 }, 1, 2, 2, undefined, observations), [0.25, 1]);
  });
});
