/** The sweep's pool of workers: every cell a real run on the built worker, in parallel, cancellable. */
import assert from 'node:assert/strict';
import { startRun, type DecimatedRun, type LoaderOutcome } from '../../../../src/core/loader';
import { toRecords, type RecordBatch, type RunRecord } from '../../../../src/core/minimize/records';
import { cellSummary, runSweep, sweepCells } from '../../../../src/core/sweep';
import { stepsToTarget } from '../../../../src/shared/stepsToTarget';
import { fixture, requireBuild, workerPath } from '../loader/fixtures';

describe('sweep pool', function () {
  this.timeout(60_000);
  before(requireBuild);

  it('runs every cell, two at a time, each exactly as the same run alone: its numbers, and its decimated records those of their steps', async () => {
    // 40 steps kept as at most 8 records: decimated (stride 8: steps 1, 9, 17, 25, 33 and the last, 40).
    const cells = sweepCells({ lrs: [0.01, 0.1, 0.4], optimizers: [{ type: 'sgd' }, { type: 'adam' }], schedules: [{ type: 'constant' }], seeds: [0], base: { iterations: 40 } });
    const target = 0.05;
    const runs = new Map<number, DecimatedRun>();
    let concurrent = 0;
    let most = 0;
    const { done } = runSweep(
      { file: fixture('quadraticBowl.ts'), cells, jobs: 2, workerPath, targetLoss: target, maxPoints: 8 },
      {
        onCellStart: () => (most = Math.max(most, ++concurrent)),
        onCellDone: (cell, _outcome, run) => {
          concurrent--;
          runs.set(cell.index, run);
        },
      },
    );
    const outcomes = await done;
    assert.equal(outcomes.length, 6);
    assert.equal(most, 2);
    for (const [i, cell] of cells.entries()) {
      const batches: RecordBatch[] = [];
      const expected = await startRun({ file: fixture('quadraticBowl.ts'), config: cell.config, workerPath }, { onBatch: (b) => batches.push(b) }).done;
      const full: RunRecord[] = batches.flatMap(toRecords);
      const got = outcomes[i]!;
      assert.deepEqual([got.stopReason, got.steps, got.finalLoss, got.bestLoss, got.finalParams], [expected.stopReason, expected.steps, expected.finalLoss, expected.bestLoss, expected.finalParams], `cell ${i}`);
      const run = runs.get(i)!;
      const summary = cellSummary(cell, got, run.stepsToTarget);
      const alone = cellSummary(cell, expected, stepsToTarget(target, full.map((r) => r.loss), expected.finalLoss, expected.steps));
      assert.deepEqual({ ...summary, ms: 0 }, { ...alone, ms: 0 }, `cell ${i}: its summary`);
      const records = run.records!;
      assert.deepEqual([...records.steps], [1, 9, 17, 25, 33, 40], `cell ${i}: the steps kept`);
      const kept = toRecords({ ...records, firstStep: 1 }).map((r, k) => ({ ...r, step: records.steps[k]! }));
      assert.deepEqual(kept, kept.map((r) => full[r.step - 1]), `cell ${i}: each kept record is that of its step`);
    }
    // sgd lr 0.4 on (x0−1)² + 2(x1+2)²: 1 − 0.4·4 = −0.6 per step on x1 → converges; lr 0.01 is slow.
    assert.ok(outcomes[0]!.finalLoss > outcomes[2]!.finalLoss);
  });

  it('summarises a cell: final and best loss, steps, steps to a target', async () => {
    const [cell] = sweepCells({ lrs: [0.1], optimizers: [{ type: 'sgd' }], schedules: [{ type: 'constant' }], seeds: [0], base: { iterations: 20 } });
    let run: DecimatedRun | undefined;
    const { done } = runSweep({ file: fixture('quadraticBowl.ts'), cells: [cell!], workerPath, targetLoss: 0.01 }, { onCellDone: (_c, _o, r) => (run = r) });
    const [outcome] = await done;
    const summary = cellSummary(cell!, outcome!, run!.stepsToTarget);
    // Plain GD lr 0.1: f after k steps = (0.8^k)² + 2·(2·0.6^k)² = 0.64^k + 8·0.36^k; ≤ 0.01 first at k = 11
    // (0.64^10 + 8·0.36^10 = 0.0115…, 0.64^11 + 8·0.36^11 = 0.00736…).
    assert.equal(summary.stepsToTarget, 11);
    assert.equal(summary.steps, 20);
    assert.equal(summary.stopReason, 'maxIterations');
    assert.equal(summary.lr, 0.1);
    // 20 steps, fewer than a cell keeps: every record.
    assert.deepEqual([...run!.records!.steps], Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('counts a stopped cell’s steps, best loss and steps to target from every step its worker took', async () => {
    // hangsLater: f of x² returns for 10,000 steps, then never; GD lr 1e-4 from 3: x after j steps = 3·0.9998^j.
    const [cell] = sweepCells({ lrs: [1e-4], optimizers: [{ type: 'sgd' }], schedules: [{ type: 'constant' }], seeds: [0], base: { iterations: 20_000 } });
    let run: DecimatedRun | undefined;
    const [outcome] = await runSweep({ file: fixture('hangsLater.ts'), cells: [cell!], workerPath, targetLoss: 1, limits: { evalTimeMs: 600 } }, { onCellDone: (_c, _o, r) => (run = r) }).done;
    assert.equal(outcome!.error?.code, 'evalTimeout');
    assert.equal(outcome!.steps, 10_000);
    // The same arithmetic as the run: the loss of step k is x², x after k − 1 steps.
    let x = 3;
    let reached: number | null = null;
    for (let j = 0; j < 10_000; j++) {
      if (reached === null && x * x <= 1) reached = j;
      if (j < 9_999) x -= 1e-4 * (2 * x);
    }
    // By hand: 9·0.9998^(2j) ≤ 1 from j = ⌈ln 9 / (−2 ln 0.9998)⌉ = 5493.
    assert.equal(reached, 5493);
    assert.equal(outcome!.bestLoss, x * x);
    assert.equal(run!.stepsToTarget, 5493);
    assert.equal(run!.records, null);
  });

  it('refuses a decimation it cannot follow, saying why', async () => {
    const [cell] = sweepCells({ lrs: [0.1], optimizers: [{ type: 'sgd' }], schedules: [{ type: 'constant' }], seeds: [0], base: { iterations: 5 } });
    const [outcome] = await runSweep({ file: fixture('quadraticBowl.ts'), cells: [cell!], workerPath, maxPoints: 1 }).done;
    assert.equal(outcome!.error?.code, 'invalidConfig');
    assert.match(outcome!.detail, /decimate\.maxPoints must be an integer ≥ 2 \(got 1\)/);
  });

  it('stops every cell on cancel; cells not started end cancelled with 0 steps', async () => {
    const cells = sweepCells({ lrs: [0.001, 0.002, 0.003, 0.004], optimizers: [{ type: 'sgd' }], schedules: [{ type: 'constant' }], seeds: [0], base: { iterations: 10_000_000 } });
    let handleCancel: () => void = () => undefined;
    const sweep = runSweep({ file: fixture('quadraticBowl.ts'), cells, jobs: 2, workerPath }, { onCellHeader: () => handleCancel() });
    handleCancel = () => sweep.cancel();
    const outcomes = await sweep.done;
    assert.deepEqual(outcomes.map((o) => o.stopReason), ['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    assert.deepEqual(outcomes.slice(2).map((o) => o.steps), [0, 0]);
    assert.match(outcomes[3]!.detail, /not run: the sweep was cancelled/);
  });

  it('stops one cell alone', async () => {
    const cells = sweepCells({ lrs: [0.001, 0.1], optimizers: [{ type: 'sgd' }], schedules: [{ type: 'constant' }], seeds: [0], base: { iterations: 10_000_000 } });
    const sweep = runSweep({ file: fixture('quadraticBowl.ts'), cells: [cells[0]!, { ...cells[1]!, config: { ...cells[1]!.config, iterations: 30 } }], jobs: 2, workerPath }, { onCellHeader: (cell) => cell.index === 0 && sweep.cancelCell(0) });
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
