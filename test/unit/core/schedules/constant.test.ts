import assert from 'node:assert/strict';
import { constantLr } from '../../../../src/core/schedules/constant';
import { lrsOf, resolve } from './helpers';

describe('constant', () => {
  it('constantLr(baseLr) is the base lr', () => {
    assert.equal(constantLr(0.03), 0.03);
  });

  it('gives the base lr at every step', () => {
    assert.deepEqual(lrsOf({ type: 'constant' }, 0.25, 4), [0.25, 0.25, 0.25, 0.25]);
  });

  it('has no options (it is not torch ConstantLR)', () => {
    assert.deepEqual(resolve({ type: 'constant' }), { type: 'constant' });
    assert.throws(() => resolve({ type: 'constant', factor: 0.5 }), /unknown option "factor" for schedule constant; valid options: \(none\)/);
  });
});
