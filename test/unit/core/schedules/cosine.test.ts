import assert from 'node:assert/strict';
import { cosineLr } from '../../../../src/core/schedules/cosine';
import { assertCloseAll, lrsOf, resolve } from './helpers';

describe('cosine', () => {
  const h = Math.SQRT1_2;
  it('half a cosine from base to etaMin over tMax = 4 steps', () => {
    assertCloseAll(lrsOf({ type: 'cosine', tMax: 4 }, 1, 5), [1, (1 + h) / 2, 0.5, (1 - h) / 2, 0]);
  });

  it('is not clamped after tMax: it rises again, as PyTorch does', () => {
    assertCloseAll(lrsOf({ type: 'cosine', tMax: 4 }, 1, 9).slice(5), [(1 - h) / 2, 0.5, (1 + h) / 2, 1]);
  });

  it('etaMin lifts the floor: etaMin + (base − etaMin)/2 at tMax/2', () => {
    assert.equal(cosineLr(2, 1, 4, 0.2), 0.2 + 0.8 * 0.5);
    assert.equal(cosineLr(4, 1, 4, 0.2), 0.2);
  });

  it('defaults: tMax = totalSteps, etaMin 0', () => {
    assert.deepEqual(resolve({ type: 'cosine' }, 1, 250), { type: 'cosine', tMax: 250, etaMin: 0 });
  });
});
