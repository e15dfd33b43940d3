import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startRun } from '../../../../src/core/loader';
import { keepSpareWorker, spareWorker } from '../../../../src/core/loader/spareWorker';
import { resolveRunConfig } from '../../../../src/core/minimize/config';
import { fixture, requireBuild, workerPath } from './fixtures';

async function runOnce(file: string, memoryMb = 256) {
  const handle = startRun({ file, config: resolveRunConfig({ optimizer: { type: 'sgd', lr: 0.1 }, iterations: 5 }), workerPath, limits: { memoryMb } });
  return handle.done;
}

/** True once `worker` has exited; false if it has not within a bound only a hang reaches. */
function exitOf(worker: Worker): Promise<boolean> {
  return new Promise((resolve) => {
    const bound = setTimeout(() => resolve(false), 10_000);
    worker.once('exit', () => {
      clearTimeout(bound);
      resolve(true);
    });
  });
}

describe('loader: the spare worker started ahead of the next run', function () {
  this.timeout(20_000);
  before(requireBuild);
  afterEach(() => keepSpareWorker(false));

  it('is off by default: a run leaves no worker behind', async () => {
    keepSpareWorker(false);
    const outcome = await runOnce(fixture('quadraticBowl.ts'));
    assert.equal(outcome.stopReason, 'maxIterations');
    assert.equal(spareWorker(), null);
  });

  it('when on, a run ends by starting a spare, and the next run with the same limits takes exactly that worker', async () => {
    keepSpareWorker(true);
    await runOnce(fixture('quadraticBowl.ts'));
    const spare = spareWorker();
    assert.ok(spare !== null, 'a spare after the first run');
    const exited = exitOf(spare);
    const second = await runOnce(fixture('quadraticBowl.ts'));
    assert.equal(second.stopReason, 'maxIterations');
    assert.equal(second.steps, 5);
    // The spare ran the second run and was terminated at its end like any run's worker; a new spare waits.
    assert.ok(await exited, 'the taken spare was terminated after its run');
    assert.ok(spareWorker() !== null && spareWorker() !== spare, 'a fresh spare for the run after');
  });

  it('a run with other limits gets a new worker (the spare is replaced), and runs user code in a fresh thread each time', async () => {
    keepSpareWorker(true);
    // Module state in the user's file: a fresh thread evaluates it anew each run.
    const dir = mkdtempSync(path.join(tmpdir(), 'lrlab-spare-'));
    const file = path.join(dir, 'counter.ts');
    writeFileSync(file, ['let calls = 0;', 'export const counter = {', '  x0: [1],', '  f: (x: readonly number[]) => { calls++; if (calls > 30) throw new Error(`module state leaked: ${calls} calls`); return x[0] * x[0]; },', '};', ''].join('\n'));
    for (let i = 0; i < 3; i++) assert.equal((await runOnce(file)).stopReason, 'maxIterations');
    await runOnce(file);
    const spare = spareWorker();
    assert.ok(spare !== null);
    const exited = exitOf(spare);
    assert.equal((await runOnce(file, 300)).stopReason, 'maxIterations');
    assert.ok(await exited, 'the mismatched spare was terminated');
  });

  it('turning it off terminates the waiting spare', async () => {
    keepSpareWorker(true);
    await runOnce(fixture('quadraticBowl.ts'));
    const spare = spareWorker()!;
    const exit = new Promise((resolve) => spare.once('exit', resolve));
    keepSpareWorker(false);
    await exit;
    assert.equal(spareWorker(), null);
  });
});
