/** The landscape's box and contour levels, on hand-worked examples. */
import assert from 'node:assert/strict';
import { contourLevels, linearLevels, logLevels, pathsBox, sameBox } from '../../../../src/core/landscape';
import { assertCloseAll } from '../minimize/helpers';

const boxArray = (b: ReturnType<typeof pathsBox>) => [b!.xMin, b!.xMax, b!.yMin, b!.yMax];

describe('landscape box', () => {
  it('holds every path with 10% padding, square when the spans are alike', () => {
    // x 0…2, y 0…1: spans 2 and 1 (alike) → both 2, padded to 2.4 around the centre (1, 0.5).
    const box = pathsBox([{ xs: [0, 2], ys: [0, 0.5] }, { xs: [1], ys: [1] }]);
    assertCloseAll(boxArray(box), [-0.2, 2.2, -0.7, 1.7], 1e-15);
    assert.equal(box!.aspectLocked, true);
  });

  it('keeps each span when they are not alike (ratio above 4)', () => {
    // x 0…10, y 0…1 → padded 12 and 1.2.
    const box = pathsBox([{ xs: [0, 10], ys: [0, 1] }]);
    assertCloseAll(boxArray(box), [-1, 11, -0.1, 1.1], 1e-15);
    assert.equal(box!.aspectLocked, false);
  });

  it('gives a path that does not move a box, and skips points that are not finite', () => {
    // One point (3, 4): span max(1, 0.2·4) = 1 on both axes, padded to 1.2.
    assertCloseAll(boxArray(pathsBox([{ xs: [3, NaN], ys: [4, 1] }])), [2.4, 3.6, 3.4, 4.6], 1e-15);
    // Moves along x only: y borrows x's span.
    assertCloseAll(boxArray(pathsBox([{ xs: [0, 1], ys: [5, 5] }])), [-0.1, 1.1, 4.4, 5.6], 1e-15);
    assert.equal(pathsBox([{ xs: [NaN], ys: [1] }]), null);
    assert.equal(pathsBox([]), null);
  });

  it('knows the same box', () => {
    const a = { xMin: 0, xMax: 1, yMin: 0, yMax: 1 };
    assert.ok(sameBox(a, { ...a, xMax: 1 + 1e-14 }));
    assert.ok(!sameBox(a, { ...a, xMax: 1.001 }));
  });
});

describe('landscape contour levels', () => {
  it('are log-spaced nice numbers inside the range when f ≥ 0', () => {
    // 0.01…1000: {1, 1.5, 2, 3, 5, 7} per decade gives 29 > 24, {1, 2, 5} gives 14.
    assert.deepEqual(logLevels(0.01, 1000, 24), [0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500]);
    // One decade 1…10 with room for all: 1.5 2 3 5 7.
    assert.deepEqual(logLevels(1, 10, 24), [1.5, 2, 3, 5, 7]);
    const grid = contourLevels([0.01, 3, 1000, NaN, Infinity]);
    assert.equal(grid.scale, 'log');
    assert.deepEqual([grid.min, grid.max], [0.01, 1000]);
    assert.equal(grid.levels.length, 14);
  });

  it('go every 2, 5, 10 … decades when the range is huge', () => {
    // 1e-100…1e100 with at most 24 levels: every 10 decades from 1e-90 to 1e90 → 19.
    const levels = logLevels(1e-100, 1e100, 24);
    assert.equal(levels.length, 19);
    assert.equal(levels[0], 1e-90);
    assert.equal(levels[18], 1e90);
  });

  it('start just below the least positive value when the grid touches 0, and not 300 decades down', () => {
    // [0, 1, 100]: the lowest level is 1 itself; then 1.5 … 70 (12 levels).
    assert.deepEqual(contourLevels([0, 1, 100]).levels, [1, 1.5, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70]);
    // A value of 1e-300 beside 1: the floor is 1e-12 · max; 12 decades fit {1, 3} (23 levels).
    assert.equal(contourLevels([1e-300, 1]).levels[0], 3e-12);
  });

  it('are evenly spaced nice numbers when f takes negative values', () => {
    // −3…7, span 10, ≤ 24 levels: steps 0.1, 0.2, 0.25 give 99, 49, 39; 0.5 gives 19.
    const levels = linearLevels(-3, 7, 24);
    assert.equal(levels.length, 19);
    assert.deepEqual([levels[0], levels[1], levels[18]], [-2.5, -2, 6.5]);
    assert.equal(contourLevels([-3, 7]).scale, 'linear');
    assert.deepEqual(contourLevels([NaN]).levels, []);
    assert.deepEqual(contourLevels([2, 2]).levels, []);
  });

  it('are evenly spaced when f > 0 spans less than a decade (no nice log value may lie inside)', () => {
    // 1.01…1.02: no {1, 1.5, 2, 3, 5, 7}·10ᵏ inside; span 0.01, ≤ 24 levels: step 0.0005 gives 19.
    assert.deepEqual(logLevels(1.01, 1.02, 24), []);
    const narrow = contourLevels([1.01, 1.015, 1.02]);
    assert.equal(narrow.scale, 'linear');
    assert.equal(narrow.levels.length, 19);
    assert.deepEqual([narrow.levels[0], narrow.levels[18]], [1.0105, 1.0195]);
    // 1…10 is a decade: log.
    assert.equal(contourLevels([1, 10]).scale, 'log');
  });
});
