/** The sweep's warm workers: a worker serves the next cell only when its cell ended cleanly and left it as a new one. */
import assert from 'node:assert/strict';
import { startRun, type LoaderOutcome } from '../../../../src/core/loader';
import { WorkerPool } from '../../../../src/core/loader/workerPool';
import type { RunConfig } from '../../../../src/core/minimize/config';
import { runSweep, sweepCells } from '../../../../src/core/sweep';
import { fixture, requireBuild, workerPath } from '../loader/fixtures';

function config(overrides: { lr?: number; iterations?: number } = {}): RunConfig {
  return sweepCells({ lrs: [overrides.lr ?? 0.1], optimizers: [{ type: 'adam' }], schedules: [{ type: 'constant' }], seeds: [0], base: { iterations: overrides.iterations ?? 50 } })[0]!.config;
}

const numbers = (o: LoaderOutcome): unknown[] => [o.stopReason, o.steps, o.finalLoss, o.bestLoss, o.finalParams];

describe('sweep: warm workers', function () {
  this.timeout(60_000);
  before(requireBuild);
  let pool: WorkerPool;
  beforeEach(() => (pool = new WorkerPool()));
  afterEach(() => pool.close());

  it('runs requests one after another in one worker, each giving what a run in a new worker gives', async () => {
    const lrs = [0.01, 0.1, 0.3];
    const warm: LoaderOutcome[] = [];
    for (const lr of lrs) warm.push(await startRun({ file: fixture('quadraticBowl.ts'), config: config({ lr }), workerPath, workers: pool }).done);
    assert.deepEqual([pool.started, pool.reused], [1, 2]);
    for (const [i, lr] of lrs.entries()) {
      const alone = await startRun({ file: fixture('quadraticBowl.ts'), config: config({ lr }), workerPath }).done;
      assert.deepEqual(numbers(warm[i]!), numbers(alone), `lr ${lr}`);
    }
  });

  it('replaces a worker the user code left a timer running in', async () => {
    for (let i = 0; i < 2; i++) assert.equal((await startRun({ file: fixture('leavesTimer.ts'), config: config(), workerPath, workers: pool }).done).stopReason, 'maxIterations');
    assert.deepEqual([pool.started, pool.reused], [2, 0]);
  });

  it('replaces a worker whose global object the user code changed: every request starts as in a new worker', async () => {
    const starts: number[][] = [];
    for (let i = 0; i < 2; i++) {
      const outcome = await startRun({ file: fixture('countsLoads.ts'), config: config({ iterations: 1 }), workerPath, workers: pool }, { onHeader: (h) => starts.push(h.x0) }).done;
      assert.equal(outcome.stopReason, 'maxIterations');
    }
    assert.deepEqual(starts, [
      [1, 0],
      [1, 0],
    ]);
    assert.deepEqual([pool.started, pool.reused], [2, 0]);
  });

  it('keeps a worker whose run Stop ended after its step (it answered as after a clean end): the next request runs there', async () => {
    const run = startRun({ file: fixture('slow.ts'), config: config({ iterations: 1_000_000 }), workerPath, workers: pool }, { onBatch: () => run.cancel() });
    const stopped = await run.done;
    assert.equal(stopped.stopReason, 'cancelled');
    assert.ok(Number.isFinite(stopped.finalLoss), 'the worker answered with its final loss');
    const next = await startRun({ file: fixture('quadraticBowl.ts'), config: config(), workerPath, workers: pool }).done;
    assert.equal(next.stopReason, 'maxIterations');
    assert.deepEqual([pool.started, pool.reused], [1, 1]);
  });

  it('replaces a worker Stop had to terminate (stuck in the user code); the next request runs in a new one', async () => {
    const run = startRun({ file: fixture('hangsAnnounced.ts'), config: config({ iterations: 1000 }), workerPath, workers: pool }, { onOutput: (text) => text.includes('hangsAnnounced: stuck') && run.cancel() });
    const stopped = await run.done;
    assert.equal(stopped.stopReason, 'cancelled');
    assert.equal(stopped.steps, 20);
    const next = await startRun({ file: fixture('quadraticBowl.ts'), config: config(), workerPath, workers: pool }).done;
    assert.equal(next.stopReason, 'maxIterations');
    assert.deepEqual([pool.started, pool.reused], [2, 0]);
  });

  it("a sweep's time limit counts for each cell from its own start", async () => {
    // One worker: the second cell starts after the first used up its whole limit.
    const [long, short] = sweepCells({ lrs: [0.001], optimizers: [{ type: 'sgd' }], schedules: [{ type: 'constant' }], seeds: [0, 1], base: { iterations: 30 } });
    const cells = [{ ...long!, config: { ...long!.config, iterations: 1_000_000_000 } }, short!];
    const outcomes = await runSweep({ file: fixture('slow.ts'), cells, jobs: 1, limits: { timeMs: 4000 }, workerPath }).done;
    assert.deepEqual(
      outcomes.map((o) => o.stopReason),
      ['timeout', 'maxIterations'],
    );
    assert.equal(outcomes[1]!.steps, 30);
  });
});
