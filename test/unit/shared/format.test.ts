import assert from 'node:assert/strict';
import { formatDefault, formatDuration, formatNumber, formatVector, LABEL_NUMBER, PANEL_DURATION, PANEL_NUMBER, REPORT_DURATION, TICK_NUMBER } from '../../../src/shared/format';

describe('formatNumber', () => {
  describe('REPORT_NUMBER (CLI tables, outcome sentences)', () => {
    it('formatNumber keeps six significant digits and drops float noise', () => {
      assert.equal(formatNumber(0.5), '0.5');
      assert.equal(formatNumber(1 / 3), '0.333333');
      assert.equal(formatNumber(42), '42');
      assert.equal(formatNumber(0.000123456789), '0.000123457');
      assert.equal(formatNumber(24.2), '24.2');
      assert.equal(formatNumber(232.86820482), '232.868');
    });

    it('formatNumber uses exponent form at ≥ 1e6 and < 1e-4', () => {
      assert.equal(formatNumber(1e12), '1e+12');
      assert.equal(formatNumber(-3.5e13), '-3.5e+13');
      assert.equal(formatNumber(1.2300000000000001e-9), '1.23e-9');
      assert.equal(formatNumber(123456789), '1.23457e+8');
      assert.equal(formatNumber(1.2426607e-5), '1.24266e-5');
    });

    it('formatNumber prints 0, NaN and infinities as they are', () => {
      assert.equal(formatNumber(0), '0');
      assert.equal(formatNumber(NaN), 'NaN');
      assert.equal(formatNumber(-Infinity), '-Infinity');
    });

    it('formatNumber takes other digits; formatVector formats each entry', () => {
      assert.equal(formatNumber(Math.PI, undefined, 10), '3.141592654');
      assert.equal(formatNumber(Math.PI, undefined, 1), '3');
      assert.equal(formatNumber(5e-7, undefined, 1), '5e-7');
      assert.equal(formatVector([-1.2, 1, 1 / 3]), '[-1.2, 1, 0.333333]');
    });
  });

  describe('LABEL_NUMBER (legends, status bar)', () => {
    it('formatNumber is short and exact enough for legends', () => {
      assert.equal(formatNumber(0.01, LABEL_NUMBER), '0.01');
      assert.equal(formatNumber(200, LABEL_NUMBER), '200');
      assert.equal(formatNumber(123456, LABEL_NUMBER), '123456');
      assert.equal(formatNumber(1e-4, LABEL_NUMBER), '1e-4');
      assert.equal(formatNumber(2.5e-5, LABEL_NUMBER), '2.5e-5');
      assert.equal(formatNumber(0.123456, LABEL_NUMBER), '0.1235');
      assert.equal(formatNumber(12345.6, LABEL_NUMBER), '12350');
      assert.equal(formatNumber(2e6, LABEL_NUMBER), '2e6');
    });
  });

  describe('PANEL_NUMBER and TICK_NUMBER (the page)', () => {
    it('formatNumber shows 4 significant digits, exponents outside [1e-3, 1e5)', () => {
      const expected: Array<[number | null, string]> = [
        [0.0123, '0.0123'], [1.23456, '1.235'], [2, '2'], [0.00012346, '1.235e-4'], [123456, '1.235e5'], [12345.6, '1.235e4'],
        [-0.5, '-0.5'], [0, '0'], [null, '—'], [Number.NaN, '—'], [Infinity, '∞'], [-Infinity, '−∞'],
      ];
      for (const [value, text] of expected) assert.equal(formatNumber(value, PANEL_NUMBER), text, String(value));
    });

    it('ticks use 3 significant digits', () => {
      assert.equal(formatNumber(0.05, TICK_NUMBER), '0.05');
      assert.equal(formatNumber(100, TICK_NUMBER), '100');
      assert.equal(formatNumber(1e-6, TICK_NUMBER), '1e-6');
      assert.equal(formatNumber(250000, TICK_NUMBER), '2.5e5');
    });
  });
});

describe('formatDuration', () => {
  const cases = (style: typeof REPORT_DURATION, expected: Array<[number, string]>) => {
    for (const [ms, text] of expected) assert.equal(formatDuration(ms, style), text, `${ms} ms`);
  };

  it('REPORT_DURATION: µs, ms and s with 3 significant digits', () => {
    assert.equal(formatDuration(0.5), '500 µs');
    cases(REPORT_DURATION, [[12.34, '12.3 ms'], [4567, '4.57 s'], [4500, '4.5 s'], [123_456, '123 s']]);
  });

  it('PANEL_DURATION: whole ms, seconds with fixed decimals, minutes', () => {
    cases(PANEL_DURATION, [[12.34, '12 ms'], [842, '842 ms'], [4500, '4.50 s'], [12_345, '12.3 s'], [123_456, '2 min 3 s']]);
  });

  it('a negative or non-finite duration is empty', () => {
    cases(REPORT_DURATION, [[-1, '']]);
    cases(PANEL_DURATION, [[Number.NaN, '']]);
  });
});

describe('formatDefault', () => {
  it('formatDefault writes a default for a placeholder, "auto" when the run derives it', () => {
    assert.equal(formatDefault(null), 'auto');
    assert.equal(formatDefault(1e-3), '0.001');
    assert.equal(formatDefault([0.9, 0.999]), '0.9, 0.999');
    assert.equal(formatDefault([null, 1e-3]), 'null, 0.001', 'a pair with PyTorch’s None (Adafactor’s eps)');
    assert.equal(formatDefault(false), 'false');
    assert.equal(formatDefault({ type: 'constant' }), '{"type":"constant"}');
  });
});
