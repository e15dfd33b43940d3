import assert from 'node:assert/strict';
import { plateauInitialState, plateauReport } from '../../../../src/core/schedules/plateau';
import { lrsOf, resolve } from './helpers';

describe('plateau', () => {
  const flat = (n: number) => new Array<number>(n).fill(1);

  it('cuts after more than patience bad reports: patience 1, factor 0.5, a flat metric', () => {
    // Report 0 sets best; reports 1, 2 are bad → cut after report 2, so step index 3 uses 0.5.
    assert.deepEqual(lrsOf({ type: 'plateau', patience: 1, factor: 0.5 }, 1, 8, 8, flat(8)), [1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.125]);
  });

  it('improvements reset the bad count', () => {
    const metrics = [3, 2, 2, 2, 2, 1, 1, 1, 1];
    assert.deepEqual(lrsOf({ type: 'plateau', patience: 1, factor: 0.5 }, 1, 9, 9, metrics), [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25]);
  });

  it('cooldown: bad reports right after a cut do not count', () => {
    assert.deepEqual(lrsOf({ type: 'plateau', patience: 1, factor: 0.5, cooldown: 2 }, 1, 9, 9, flat(9)), [1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25]);
  });

  it('never goes below minLr, and skips cuts smaller than eps', () => {
    assert.deepEqual(lrsOf({ type: 'plateau', patience: 0, factor: 0.1, minLr: 0.3 }, 1, 5, 5, flat(5)), [1, 1, 0.3, 0.3, 0.3]);
    assert.deepEqual(lrsOf({ type: 'plateau', patience: 0, factor: 0.5, eps: 0.6 }, 1, 5, 5, flat(5)), [1, 1, 1, 1, 1]);
  });

  it('mode max: a rising metric is never bad; abs threshold: a gain must beat best + threshold', () => {
    assert.deepEqual(lrsOf({ type: 'plateau', mode: 'max', patience: 0 }, 1, 4, 4, [1, 2, 3, 4]), [1, 1, 1, 1]);
    assert.deepEqual(lrsOf({ type: 'plateau', mode: 'max', patience: 0, factor: 0.5, threshold: 0.5, thresholdMode: 'abs' }, 1, 4, 4, [1, 1.4, 2, 2.4]), [1, 1, 0.5, 0.5]);
  });

  it('rel threshold in min mode: better means metric < best · (1 − threshold)', () => {
    const s = plateauInitialState(1, 'min');
    plateauReport(s, 100, 'min', 0.5, 5, 0.1, 'rel', 0, 0, 1e-8);
    plateauReport(s, 91, 'min', 0.5, 5, 0.1, 'rel', 0, 0, 1e-8);
    assert.deepEqual(s, { lr: 1, best: 100, numBadEpochs: 1, cooldownCounter: 0 });
    plateauReport(s, 89, 'min', 0.5, 5, 0.1, 'rel', 0, 0, 1e-8);
    assert.deepEqual(s, { lr: 1, best: 89, numBadEpochs: 0, cooldownCounter: 0 });
  });

  it('starts from the worst best for its mode', () => {
    assert.deepEqual(plateauInitialState(0.1, 'min'), { lr: 0.1, best: Infinity, numBadEpochs: 0, cooldownCounter: 0 });
    assert.equal(plateauInitialState(0.1, 'max').best, -Infinity);
  });

  it('PyTorch defaults; factor must be < 1', () => {
    assert.deepEqual(resolve({ type: 'plateau' }), {
      type: 'plateau',
      mode: 'min',
      factor: 0.1,
      patience: 10,
      threshold: 1e-4,
      thresholdMode: 'rel',
      cooldown: 0,
      minLr: 0,
      eps: 1e-8,
    });
    assert.throws(() => resolve({ type: 'plateau', factor: 1 }), /schedule plateau\.factor must be a finite number in \[0, 1\) \(got 1\)/);
  });
});
