import assert from 'node:assert/strict';
import { formatNumber } from '../../../../src/core/minimize/format';

describe('formatNumber', () => {
  it('formatNumber keeps six significant digits and drops float noise', () => {
    assert.equal(formatNumber(0.5), '0.5');
    assert.equal(formatNumber(1 / 3), '0.333333');
    assert.equal(formatNumber(42), '42');
    assert.equal(formatNumber(0.000123456789), '0.000123457');
  });

  it('formatNumber uses exponent form at ≥ 1e6 and < 1e-4', () => {
    assert.equal(formatNumber(1e12), '1e+12');
    assert.equal(formatNumber(-3.5e13), '-3.5e+13');
    assert.equal(formatNumber(1.2300000000000001e-9), '1.23e-9');
    assert.equal(formatNumber(123456789), '1.23457e+8');
  });

  it('formatNumber prints 0, NaN and infinities as they are', () => {
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(NaN), 'NaN');
    assert.equal(formatNumber(-Infinity), '-Infinity');
  });
});
