/** Sweep grids: lr ranges and lists, cells in heat-map order, each resolved as `lrlab run` resolves it. */
import assert from 'node:assert/strict';
import { resolveRunConfig } from '../../../../src/core/minimize/config';
import { logSpaced, parseLrGrid, sweepCells } from '../../../../src/core/sweep';
import { stepsToTarget, StepsToTarget } from '../../../../src/shared/stepsToTarget';

describe('sweep grid', () => {
  it('parses a:b:n into n log-spaced lrs, ends exact, 12 significant digits', () => {
    assert.deepEqual(parseLrGrid('1e-4:1:5'), [1e-4, 1e-3, 1e-2, 0.1, 1]);
    // 1e-4:1:9: half decades: 10^(−4 + k/2).
    assert.deepEqual(parseLrGrid('1e-4:1:9'), [1e-4, 0.000316227766017, 0.001, 0.00316227766017, 0.01, 0.0316227766017, 0.1, 0.316227766017, 1]);
    assert.deepEqual(parseLrGrid('0.5:0.5:1'), [0.5]);
    assert.deepEqual(parseLrGrid(' 0.1:0.001:3 '), [0.1, 0.01, 0.001]);
    assert.deepEqual(logSpaced(2, 8, 3), [2, 4, 8]);
  });

  it('parses a list or one value', () => {
    assert.deepEqual(parseLrGrid('0.003, 0.01,0.1'), [0.003, 0.01, 0.1]);
    assert.deepEqual(parseLrGrid('2e-3'), [0.002]);
  });

  it('refuses what is not an lr grid, saying what is expected', () => {
    assert.throws(() => parseLrGrid('0:1:5'), /both ends of a:b:n must be numbers > 0/);
    assert.throws(() => parseLrGrid('1e-4:1:0'), /the count n of a:b:n must be an integer ≥ 1/);
    assert.throws(() => parseLrGrid('1e-4:1:2.5'), /integer ≥ 1/);
    assert.throws(() => parseLrGrid('0.1,,0.2'), /"" is not a learning rate/);
    assert.throws(() => parseLrGrid('fast'), /"fast" is not a learning rate/);
    assert.throws(() => parseLrGrid('-0.1'), /is not a learning rate/);
  });

  it('orders cells optimizer, schedule, lr, seed and resolves each as a run', () => {
    const cells = sweepCells({
      lrs: [0.01, 0.1, 1],
      optimizers: [{ type: 'sgd', momentum: 0.9 }, { type: 'adam' }],
      schedules: [{ type: 'constant' }, { type: 'cosine' }],
      seeds: [0, 1],
      base: { iterations: 50 },
    });
    assert.equal(cells.length, 24);
    assert.deepEqual(cells.slice(0, 3).map((c) => [c.row, c.column, c.lr, c.seed]), [[0, 0, 0.01, 0], [0, 0, 0.01, 1], [0, 1, 0.1, 0]]);
    const last = cells[23]!;
    assert.deepEqual([last.index, last.row, last.column, last.lr, last.seed], [23, 3, 2, 1, 1]);
    assert.equal(last.config.optimizer.type, 'adam');
    assert.equal(last.config.schedule.type, 'cosine');
    // The same config lrlab run would resolve from --optimizer adam --lr 1 --schedule cosine --iterations 50 --seed 1.
    assert.deepEqual(last.config, resolveRunConfig({ optimizer: { type: 'adam', lr: 1 }, schedule: { type: 'cosine' }, iterations: 50, seed: 1 }));
    assert.equal(cells[0]!.config.optimizer.momentum, 0.9);
    // Horizons follow the run: cosine's tMax is the iterations.
    assert.equal(cells[2 * 3 * 2 - 1]!.config.schedule.tMax, 50);
  });

  it('names the cell whose config is wrong', () => {
    assert.throws(
      () => sweepCells({ lrs: [0.1], optimizers: [{ type: 'sgd', momentum: -1 }], schedules: [{ type: 'constant' }], seeds: [0], base: {} }),
      /sweep cell sgd · constant · lr 0\.1: .*momentum/,
    );
    assert.throws(() => sweepCells({ lrs: [], optimizers: [{ type: 'sgd' }], schedules: [{ type: 'constant' }], seeds: [0], base: {} }), /at least one lr/);
  });
});

describe('steps to a target loss', () => {
  it('counts the steps taken before the first loss at or below the target', () => {
    // Losses where steps 1, 2, 3, 4 start: 5 3 1 0.5 → 1 is reached after 2 steps.
    assert.equal(stepsToTarget(1, [5, 3, 1, 0.5], 0.2, 4), 2);
    assert.equal(stepsToTarget(10, [5, 3], 1, 2), 0);
    // Only the final loss (after all 4 steps) reaches it.
    assert.equal(stepsToTarget(0.3, [5, 3, 1, 0.5], 0.2, 4), 4);
    assert.equal(stepsToTarget(0.1, [5, 3, 1, 0.5], 0.2, 4), null);
    // Gaps (null: NaN on the wire) are skipped; chunks continue the count.
    const counter = new StepsToTarget(1);
    counter.add(1, [5, null]);
    counter.add(3, [0.9]);
    assert.equal(counter.finish(0.5, 3), 2);
  });
});
