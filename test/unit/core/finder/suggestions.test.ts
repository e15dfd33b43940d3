/**
 * fastai's valley, steep and minimum (fastai/callback/schedule.py) on constructed curves; every
 * expected pick is worked out by hand in the comments, following fastai's statements.
 */
import assert from 'node:assert/strict';
import { minimum, steep, suggestionWindow, suggestLrs, valley } from '../../../../src/core/finder';

const LRS7 = [10, 20, 30, 40, 50, 60, 70];

describe('finder suggestions (fastai rules)', () => {
  it('valley: the longest decreasing subsequence, a third plus a sixth along it', () => {
    // losses 5 4 6 3 2 7 1: lds = 1 2 1 3 4 1 5; the longest (5: 5>4>3>2>1) ends at 6, so
    // max_end = 6, max_start = 6 − 5 = 1; sections = 5/3; idx = 1 + int(1.67) + int(0.83) = 2.
    const pick = valley(LRS7, [5, 4, 6, 3, 2, 7, 1]);
    assert.deepEqual(pick, { lr: 30, point: { lr: 30, loss: 6 } });
  });

  it('valley: a longer decreasing stretch later wins over an earlier one', () => {
    // 1 0.9 0.8 5 4 3 2 1.5 0.5: lds = 1 2 3 1 2 3 4 5 6 → max_end 8, lds 6, max_start 2;
    // sections = 2, idx = 2 + 2 + 1 = 5 → the 6th lr.
    const lrs = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    assert.equal(valley(lrs, [1, 0.9, 0.8, 5, 4, 3, 2, 1.5, 0.5])!.lr, 6);
  });

  it('valley: a 2-point falling curve reads index −1 from the end, as Python does', () => {
    // max_end = 1, lds 2 → max_start = −1; sections = 2/3 → idx = −1 → the last lr.
    assert.equal(valley([1e-3, 1e-2], [2, 1])!.lr, 1e-2);
    // A flat curve: no decrease, max_end = max_start = 0 → the first lr.
    assert.equal(valley([1, 2, 3], [1, 1, 1])!.lr, 1);
    assert.equal(valley([], []), null);
  });

  it('steep: the left end of the steepest fall per unit of log lr', () => {
    // Decades apart, so the slopes are the loss differences / ln 10: −1, −2, −0.5, −0.1 → index 1.
    const lrs = [1, 10, 100, 1000, 10000];
    assert.deepEqual(steep(lrs, [4, 3, 1, 0.5, 0.4]), { lr: 10, point: { lr: 10, loss: 3 } });
    // Uneven spacing: 1→2 falls 1 over ln 2 (−1.44 per unit of ln lr), 2→8 falls 2.5 over ln 4
    // (−1.80), 8→16 falls 0.4 over ln 2 (−0.58): the steepest starts at lr 2.
    assert.equal(steep([1, 2, 8, 16], [5, 4, 1.5, 1.1])!.lr, 2);
    assert.equal(steep([1], [1]), null);
  });

  it('minimum: the lr of the lowest loss ÷ 10, marked at the lowest point', () => {
    assert.deepEqual(minimum([1, 10, 100, 1000, 10000], [4, 3, 1, 0.5, 0.4]), { lr: 1000, point: { lr: 10000, loss: 0.4 } });
    // Ties: the first.
    assert.equal(minimum([1, 2, 3], [2, 1, 1])!.lr, 0.2);
    assert.equal(minimum([], []), null);
  });

  it('suggests from [numIt // 10 : −5], cut at the first NaN', () => {
    const n = 100;
    const lrs = Array.from({ length: n }, (_, i) => i + 1);
    const losses = lrs.map((x) => x);
    const window = suggestionWindow(lrs, losses, n);
    assert.equal(window.offset, 10);
    assert.deepEqual(window.lrs, lrs.slice(10, 95));
    // A test that stopped after 40 of 100 steps: [10 : 35].
    assert.deepEqual(suggestionWindow(lrs.slice(0, 40), losses.slice(0, 40), n).lrs, lrs.slice(10, 35));
    // Stopped after 12: nothing is left (fastai would raise; every suggestion is null).
    assert.deepEqual(suggestLrs(lrs.slice(0, 12), losses.slice(0, 12), n), { valley: null, steep: null, minimum: null });
    // numIt 37 → start 3; a NaN at index 20 cuts there.
    const withNaN = losses.slice(0, 37);
    withNaN[20] = NaN;
    assert.deepEqual(suggestionWindow(lrs.slice(0, 37), withNaN, 37).lrs, lrs.slice(3, 20));
  });

  it('puts the three together on a finder-shaped curve', () => {
    // 20 steps of numIt 20: window [2 : 15] = indices 2..14.
    const lrs = Array.from({ length: 20 }, (_, i) => 1e-4 * 10 ** (i / 4));
    const smoothed = [9, 9, 8.9, 8.7, 8.0, 6.5, 4.0, 2.5, 1.8, 1.5, 1.4, 1.45, 2, 4, 9, 20, 50, 90, 200, 400];
    const s = suggestLrs(lrs, smoothed, 20);
    // Window losses (indices 2..14): 8.9 8.7 8.0 6.5 4.0 2.5 1.8 1.5 1.4 1.45 2 4 9.
    // valley: the decreasing run 8.9 … 1.4 has 9 points ending at window index 8 → max_start
    // = 8 − 9 = −1; sections = 3 → idx = −1 + 3 + 1 = 3 → window index 3 = curve index 5.
    assert.equal(s.valley!.lr, lrs[5]);
    // steep: slopes ∝ differences (equal log spacing): −0.2 −0.7 −1.5 −2.5 −1.5 −0.7 −0.3 −0.1
    // +0.05 …: the steepest is 6.5 → 4.0, window index 3 → curve index 5.
    assert.equal(s.steep!.lr, lrs[5]);
    // minimum: 1.4 at curve index 10 → lrs[10] / 10.
    assert.equal(s.minimum!.lr, lrs[10]! / 10);
    assert.deepEqual(s.minimum!.point, { lr: lrs[10], loss: 1.4 });
  });
});
