import assert from 'node:assert/strict';
import { oneCycleLr } from '../../../../src/core/schedules/oneCycle';
import { assertClose, assertCloseAll, lrsOf, resolve } from './helpers';

describe('oneCycle', () => {
  // maxLr 1, divFactor 25, finalDivFactor 1e4: initial 0.04, min 4e-6.
  const initial = 0.04;
  const min = 4e-6;
  // PyTorch's linear anneal, (end − start)·p + start, loses the last bits of a tiny end value
  // (1 + (4e-6 − 1) ≠ 4e-6 exactly), so values are compared to 1e-15 of maxLr as well.
  const ABS = 1e-15;
  const cosBetween = (from: number, to: number, p: number) => to + ((from - to) * (1 + Math.cos(Math.PI * p))) / 2;

  it('two phases, cos: up to maxLr at step pctStart·T − 1, down to min at T − 1', () => {
    // T 8, pctStart 0.25: phase 1 is steps 0..1, phase 2 steps 1..7.
    const lrs = lrsOf({ type: 'oneCycle', maxLr: 1, totalSteps: 8, pctStart: 0.25 }, 0.5, 8);
    assertCloseAll(lrs, [initial, 1, cosBetween(1, min, 1 / 6), cosBetween(1, min, 2 / 6), cosBetween(1, min, 3 / 6), cosBetween(1, min, 4 / 6), cosBetween(1, min, 5 / 6), min], 1e-14, ABS);
    assertClose(lrs[4]!, (1 + min) / 2);
  });

  it('linear anneal', () => {
    const lrs = lrsOf({ type: 'oneCycle', maxLr: 1, totalSteps: 8, pctStart: 0.25, annealStrategy: 'linear' }, 0.5, 8);
    assertCloseAll(lrs, [initial, 1, 1 + (min - 1) / 6, 1 + ((min - 1) * 2) / 6, (1 + min) / 2, 1 + ((min - 1) * 4) / 6, 1 + ((min - 1) * 5) / 6, min], 1e-14, ABS);
  });

  it('threePhase: up until pctStart·T − 1, back to initial until 2·pctStart·T − 2, then down to min', () => {
    // T 12, pctStart 0.25: ends of phases at 2, 4, 11.
    const lrs = lrsOf({ type: 'oneCycle', maxLr: 1, totalSteps: 12, pctStart: 0.25, annealStrategy: 'linear', threePhase: true }, 0.5, 12);
    const down = (k: number) => initial + ((min - initial) * k) / 7;
    assertCloseAll(lrs, [initial, (initial + 1) / 2, 1, (1 + initial) / 2, initial, down(1), down(2), down(3), down(4), down(5), down(6), min], 1e-14, ABS);
  });

  it('holds the final lr after totalSteps (PyTorch raises)', () => {
    const lrs = lrsOf({ type: 'oneCycle', maxLr: 1, totalSteps: 8, pctStart: 0.25 }, 0.5, 12, 8);
    assert.deepEqual(lrs.slice(7), new Array<number>(5).fill(lrs[7]!));
    assertClose(lrs[11]!, min);
  });

  it('a zero-length first phase (pctStart·T = 1, where PyTorch divides by zero) starts at maxLr', () => {
    assert.equal(oneCycleLr(0, 2, 10, 0.1, 'cos', 25, 1e4, false), 2);
  });

  it('defaults: maxLr = base lr, totalSteps = run steps, PyTorch defaults otherwise', () => {
    assert.deepEqual(resolve({ type: 'oneCycle' }, 0.3, 120), {
      type: 'oneCycle',
      maxLr: 0.3,
      totalSteps: 120,
      pctStart: 0.3,
      annealStrategy: 'cos',
      divFactor: 25,
      finalDivFactor: 1e4,
      threePhase: false,
    });
  });

  it('rejects pctStart outside [0, 1] and an unknown annealStrategy', () => {
    assert.throws(() => resolve({ type: 'oneCycle', pctStart: 1.2 }), /schedule oneCycle\.pctStart must be a finite number in \[0, 1\] \(got 1\.2\)/);
    assert.throws(() => resolve({ type: 'oneCycle', annealStrategy: 'exp' }), /schedule oneCycle\.annealStrategy must be one of "cos", "linear" \(got "exp"\)/);
  });
});
