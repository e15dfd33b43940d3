import assert from 'node:assert/strict';
import { cosineWarmRestartsLr } from '../../../../src/core/schedules/cosineWarmRestarts';
import { assertCloseAll, lrsOf, resolve } from './helpers';

describe('cosineWarmRestarts', () => {
  const h = Math.SQRT1_2;
  it('tMult 2: cycles of 2, 4, 8 steps, each restarting at base', () => {
    const lrs = lrsOf({ type: 'cosineWarmRestarts', t0: 2, tMult: 2 }, 1, 11);
    assertCloseAll(lrs, [1, 0.5, 1, (1 + h) / 2, 0.5, (1 - h) / 2, 1, (1 + Math.cos(Math.PI / 8)) / 2, (1 + h) / 2, (1 + Math.cos((3 * Math.PI) / 8)) / 2, 0.5]);
  });

  it('tMult 1: the same cycle of t0 steps over and over', () => {
    assertCloseAll(lrsOf({ type: 'cosineWarmRestarts', t0: 3, etaMin: 0.1 }, 1, 7), [1, 0.1 + 0.9 * 0.75, 0.1 + 0.9 * 0.25, 1, 0.1 + 0.9 * 0.75, 0.1 + 0.9 * 0.25, 1]);
  });

  it('handles large t with tMult 1 and tMult 3', () => {
    assert.equal(cosineWarmRestartsLr(1_000_000, 1, 7, 1, 0), cosineWarmRestartsLr(1_000_000 % 7, 1, 7, 1, 0));
    // tMult 3, t0 1: restarts at 0, 1, 4, 13, 40, 121, …
    assert.equal(cosineWarmRestartsLr(121, 0.5, 1, 3, 0), 0.5);
  });

  it('defaults: t0 = max(1, ⌊totalSteps/4⌋), tMult 1, etaMin 0; tMult must be an integer', () => {
    assert.deepEqual(resolve({ type: 'cosineWarmRestarts' }, 1, 100), { type: 'cosineWarmRestarts', t0: 25, tMult: 1, etaMin: 0 });
    assert.equal(resolve({ type: 'cosineWarmRestarts' }, 1, 3).t0, 1);
    assert.throws(() => resolve({ type: 'cosineWarmRestarts', tMult: 1.5 }), /schedule cosineWarmRestarts\.tMult must be an integer in \[1, ∞\) \(got 1\.5\)/);
  });
});
