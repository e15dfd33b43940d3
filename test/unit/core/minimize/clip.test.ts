import assert from 'node:assert/strict';
import { clipGradNorm, clipGradValue, l2Norm } from '../../../../src/core/minimize/clip';

describe('clipGradNorm', () => {
  it('scales by maxNorm/(norm + 1e-6) when that is < 1 (torch.nn.utils.clip_grad_norm_)', () => {
    const g = Float64Array.of(3, 4);
    clipGradNorm(g, 5, 2);
    const coef = 2 / (5 + 1e-6);
    assert.deepEqual(Array.from(g), [3 * coef, 4 * coef]);
  });

  it('leaves g alone when the coefficient is ≥ 1, including norm = maxNorm − 1e-6', () => {
    const g = Float64Array.of(3, 4);
    clipGradNorm(g, 5, 5 + 1e-6);
    assert.deepEqual(Array.from(g), [3, 4]);
    clipGradNorm(g, 5, 100);
    assert.deepEqual(Array.from(g), [3, 4]);
  });

  it('at norm = maxNorm still scales by maxNorm/(maxNorm + 1e-6), as PyTorch does', () => {
    const g = Float64Array.of(1);
    clipGradNorm(g, 1, 1);
    assert.equal(g[0], 1 / (1 + 1e-6));
  });
});

describe('clipGradValue', () => {
  it('clamps each component to [−value, value] (torch.nn.utils.clip_grad_value_)', () => {
    const g = Float64Array.of(3, -0.5, -4, 1, -1, 0);
    clipGradValue(g, 1);
    assert.deepEqual(Array.from(g), [1, -0.5, -1, 1, -1, 0]);
  });
});

describe('l2Norm', () => {
  it('is √Σgᵢ²', () => {
    assert.equal(l2Norm(Float64Array.of(3, 4)), 5);
    assert.equal(l2Norm(Float64Array.of(0, 0)), 0);
    assert.equal(l2Norm(Float64Array.of(-2)), 2);
  });

  it('does not overflow or underflow', () => {
    const huge = l2Norm(Float64Array.of(3e200, 4e200));
    assert.ok(Math.abs(huge - 5e200) <= 1e-15 * 5e200, `${huge}`);
    const tiny = l2Norm(Float64Array.of(3e-200, 4e-200));
    assert.ok(Math.abs(tiny - 5e-200) <= 1e-15 * 5e-200, `${tiny}`);
  });

  it('is NaN with a NaN component and Infinity with an infinite one', () => {
    assert.ok(Number.isNaN(l2Norm(Float64Array.of(1, NaN))));
    assert.ok(Number.isNaN(l2Norm(Float64Array.of(Infinity, NaN))));
    assert.equal(l2Norm(Float64Array.of(1, -Infinity)), Infinity);
  });
});
