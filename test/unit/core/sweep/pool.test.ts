/** The sweep's pool of workers: every cell a real run on the built worker, in parallel, cancellable. */
import assert from 'node:assert/strict';
import { startRun, type LoaderOutcome } from '../../../../src/core/loader';
import type { RecordBatch } from '../../../../src/core/minimize/records';
import { CellTracker, runSweep, sweepCells } from '../../../../src/core/sweep';
import { fixture, requireBuild, workerPath } from '../loader/fixtures';

describe('sweep pool', function () {
  this.timeout(60_000);
  before(requireBuild);

  it('runs every cell, two at a time, each exactly as the same run alone', async () => {
    const cells = sweepCells({ lrs: [0.01, 0.1, 0.4], optimizers: [{ type: 'sgd' }, { type: 'adam' }], schedules: [{ type: 'constant' }], seeds: [0], base: { iterations: 40 } });
    const batches = new Map<number, RecordBatch[]>();
    let concurrent = 0;
    let most = 0;
    const { done } = runSweep(
      { file: fixture('quadraticBowl.ts'), cells, jobs: 2, workerPath },
      {
        onCellStart: () => (most = Math.max(most, ++concurrent)),
        onCellBatch: (cell, batch) => batches.set(cell.index, [...(batches.get(cell.index) ?? []), batch]),
        onCellDone: () => concurrent--,
      },
    );
    const outcomes = await done;
    assert.equal(outcomes.length, 6);
    assert.equal(most, 2);
    for (const [i, cell] of cells.entries()) {
      const alone = startRun({ file: fixture('quadraticBowl.ts'), config: cell.config, workerPath });
      const expected = await alone.done;
      const got = outcomes[i]!;
      assert.deepEqual([got.stopReason, got.steps, got.finalLoss, got.bestLoss, got.finalParams], [expected.stopReason, expected.steps, expected.finalLoss, expected.bestLoss, expected.finalParams], `cell ${i}`);
      assert.equal(batches.get(i)!.reduce((n, b) => n + b.count, 0), got.steps);
    }
    // sgd lr 0.4 on (x0−1)² + 2(x1+2)²: 1 − 0.4·4 = −0.6 per step on x1 → converges; lr 0.01 is slow.
    assert.ok(outcomes[0]!.finalLoss > outcomes[2]!.finalLoss);
  });

  it('summarises a cell: final and best loss, steps, steps to a target', async () => {
    const [cell] = sweepCells({ lrs: [0.1], optimizers: [{ type: 'sgd' }], schedules: [{ type: 'constant' }], seeds: [0], base: { iterations: 20 } });
    const tracker = new CellTracker(cell!, 0.01);
    const { done } = runSweep({ file: fixture('quadraticBowl.ts'), cells: [cell!], workerPath }, { onCellBatch: (_, b) => tracker.add(b) });
    const [outcome] = await done;
    const summary = tracker.summary(outcome!);
    // Plain GD lr 0.1: f after k steps = (0.8^k)² + 2·(2·0.6^k)² = 0.64^k + 8·0.36^k; ≤ 0.01 first at k = 11
    // (0.64^10 + 8·0.36^10 = 0.0115…, 0.64^11 + 8·0.36^11 = 0.00736…).
    assert.equal(summary.stepsToTarget, 11);
    assert.equal(summary.steps, 20);
    assert.equal(summary.stopReason, 'maxIterations');
    assert.equal(summary.lr, 0.1);
  });

  it('stops every cell on cancel; cells not started end cancelled with 0 steps', async () => {
    const cells = sweepCells({ lrs: [0.001, 0.002, 0.003, 0.004], optimizers: [{ type: 'sgd' }], schedules: [{ type: 'constant' }], seeds: [0], base: { iterations: 10_000_000 } });
    let handleCancel: () => void = () => undefined;
    const sweep = runSweep({ file: fixture('quadraticBowl.ts'), cells, jobs: 2, workerPath }, { onCellBatch: () => handleCancel() });
    handleCancel = () => sweep.cancel();
    const outcomes = await sweep.done;
    assert.deepEqual(outcomes.map((o) => o.stopReason), ['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    assert.deepEqual(outcomes.slice(2).map((o) => o.steps), [0, 0]);
    assert.match(outcomes[3]!.detail, /not run: the sweep was cancelled/);
  });

  it('stops one cell alone', async () => {
    const cells = sweepCells({ lrs: [0.001, 0.1], optimizers: [{ type: 'sgd' }], schedules: [{ type: 'constant' }], seeds: [0], base: { iterations: 10_000_000 } });
    const sweep = runSweep({ file: fixture('quadraticBowl.ts'), cells: [cells[0]!, { ...cells[1]!, config: { ...cells[1]!.config, iterations: 30 } }], jobs: 2, workerPath }, { onCellBatch: (cell) => cell.index === 0 && sweep.cancelCell(0) });
    const outcomes: LoaderOutcome[] = await sweep.done;
    assert.equal(outcomes[0]!.stopReason, 'cancelled');
    assert.equal(outcomes[1]!.stopReason, 'maxIterations');
  });

  it('stops at once when the file cannot load, saying why for every cell', async () => {
    const cells = sweepCells({ lrs: [0.1, 0.2, 0.3], optimizers: [{ type: 'sgd' }], schedules: [{ type: 'constant' }], seeds: [0], base: { iterations: 5 } });
    const outcomes = await runSweep({ file: fixture('syntaxError.ts'), cells, jobs: 1, workerPath }).done;
    assert.equal(outcomes[0]!.stopReason, 'error');
    assert.equal(outcomes[0]!.error!.code, 'compileError');
    assert.match(outcomes[2]!.detail, /^not run: /);
  });
});
