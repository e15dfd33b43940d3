import assert from 'node:assert/strict';
import { multiStepLr } from '../../../../src/core/schedules/multiStep';
import { assertCloseAll, lrsOf, resolve } from './helpers';

describe('multiStep', () => {
  it('multiplies by gamma at each milestone (bisect_right): milestones [2, 5]', () => {
    assertCloseAll(lrsOf({ type: 'multiStep', milestones: [2, 5], gamma: 0.5 }, 1, 7), [1, 1, 0.5, 0.5, 0.5, 0.25, 0.25]);
  });

  it('a milestone at 0 already applies at step 0, as in PyTorch', () => {
    assert.equal(multiStepLr(0, 1, [0, 3], 0.1), 0.1);
  });

  it('no milestones is a constant', () => {
    assert.equal(multiStepLr(100, 0.3, [], 0.1), 0.3);
  });

  it('defaults: gamma 0.1, milestones [⌊T/2⌋, ⌊3T/4⌋] deduplicated and ≥ 1', () => {
    assert.deepEqual(resolve({ type: 'multiStep' }, 1, 100), { type: 'multiStep', milestones: [50, 75], gamma: 0.1 });
    assert.deepEqual(resolve({ type: 'multiStep' }, 1, 3).milestones, [1, 2]);
    assert.deepEqual(resolve({ type: 'multiStep' }, 1, 2).milestones, [1]);
    assert.deepEqual(resolve({ type: 'multiStep' }, 1, 1).milestones, [1]);
  });

  it('rejects milestones that are not strictly increasing or not integers', () => {
    assert.throws(() => resolve({ type: 'multiStep', milestones: [5, 5] }), /schedule multiStep\.milestones must be strictly increasing \(got \[5,5\]\)/);
    assert.throws(() => resolve({ type: 'multiStep', milestones: [1.5] }), /schedule multiStep\.milestones\[0\] must be an integer/);
  });
});
