/** The finder's smoothing (fastai's AvgSmoothLoss) and stop rule, on hand-computed sequences. */
import assert from 'node:assert/strict';
import { divergenceThreshold, DivergenceWatch, SmoothedLoss, smoothLosses } from '../../../../src/core/finder';
import { assertCloseAll } from '../minimize/helpers';

describe('finder smoothing (debiased EMA, β 0.98)', () => {
  it('gives the first loss itself, then the β-weighted mean of the losses so far', () => {
    // smoothedₙ = Σ βⁿ⁻ⁱ·lossᵢ / Σ βⁿ⁻ⁱ (the debiasing divides by (1 − βⁿ) = (1 − β)·Σ βⁿ⁻ⁱ):
    // [1, 2, 3] → 1, (0.98·1 + 2) / 1.98, (0.9604·1 + 0.98·2 + 3) / (1 + 0.98 + 0.9604).
    assertCloseAll(smoothLosses([1, 2, 3]), [1, 2.98 / 1.98, 5.9204 / 2.9404], 1e-13);
  });

  it('streams the same values one loss at a time, and takes another β', () => {
    const s = new SmoothedLoss(0.5);
    assert.ok(Number.isNaN(s.value));
    // β 0.5: 4; (0.5·4 + 1) / 1.5 = 2; (0.25·4 + 0.5·1 + 7) / 1.75 = 8.5 / 1.75.
    assertCloseAll([s.add(4), s.add(1), s.add(7)], [4, 2, 8.5 / 1.75], 1e-15);
    assertCloseAll(smoothLosses([4, 1, 7], 0.5), [4, 2, 8.5 / 1.75], 1e-15);
  });

  it('keeps a constant loss constant', () => {
    assertCloseAll(smoothLosses(new Array(50).fill(0.37)), new Array(50).fill(0.37), 1e-12);
  });
});

describe('finder stop rule (smoothed loss above 4 × the best)', () => {
  it('stops at the first smoothed loss above 4 × the best so far, not at 4 × exactly', () => {
    const watch = new DivergenceWatch();
    const smoothed = [4, 3, 2, 5, 8, 8.1];
    const stops = smoothed.map((s) => watch.exceeded(s));
    assert.deepEqual(stops, [false, false, false, false, false, true]);
    assert.equal(watch.best, 2);
  });

  it('stops on a smoothed loss that is not finite', () => {
    for (const bad of [NaN, Infinity]) {
      const watch = new DivergenceWatch();
      assert.equal(watch.exceeded(1), false);
      assert.equal(watch.exceeded(bad), true, String(bad));
    }
  });

  it('reads the rule for a negative best as "risen by 3·|best|"', () => {
    assert.equal(divergenceThreshold(2), 8);
    assert.equal(divergenceThreshold(0), 0);
    assert.equal(divergenceThreshold(-1), 2);
    const watch = new DivergenceWatch();
    assert.deepEqual([-0.5, -1, 1.9, 2.1].map((s) => watch.exceeded(s)), [false, false, false, true]);
  });
});
