/**
 * Counting a cell's steps to a new target by running it again (core/sweep/recount.ts): the run
 * again is capped at the steps the cell took, and only believed when it reproduced the cell.
 * Outcomes here are made by hand; test/unit/extension/sweep/sweepRoom.test.ts runs real cells.
 */
import assert from 'node:assert/strict';
import type { DecimatedRun, LoaderOutcome } from '../../../../src/core/loader';
import { resolveRunConfig } from '../../../../src/core/minimize/config';
import { recountConfig, recountedSteps, type CellEnding } from '../../../../src/core/sweep';

const CONFIG = resolveRunConfig({ optimizer: { type: 'sgd', lr: 0.1 }, schedule: { type: 'cosine' }, iterations: 1000, seed: 7 });

function outcome(o: Partial<LoaderOutcome>): LoaderOutcome {
  return { stopReason: 'maxIterations', detail: '', steps: 0, finalLoss: NaN, bestLoss: NaN, finalParams: [], wallTimeMs: 1, ...o };
}

const run = (r: Partial<DecimatedRun>): DecimatedRun => ({ records: null, stepsToTarget: null, steps: 0, bestLoss: NaN, ...r });

describe('sweep recount', () => {
  describe('recountConfig', () => {
    it('a cell that took k steps runs again for exactly k, everything else as it was (the schedule resolved for its own iterations)', () => {
      const stopped: CellEnding = { steps: 37, finalLoss: 0.5, bestLoss: 0.25 };
      const config = recountConfig(CONFIG, stopped, 1)!;
      assert.equal(config.iterations, 37);
      assert.deepEqual({ ...config, iterations: CONFIG.iterations }, CONFIG);
      assert.equal(config.schedule.type, 'cosine');
      assert.equal((config.schedule as unknown as { tMax: number }).tMax, 1000, "cosine's tMax stays the cell's 1000 steps: the same lrs");
      assert.equal(recountConfig(CONFIG, stopped, 0.25)!.iterations, 37, 'the best loss exactly at the target reaches it');
    });

    it('no run when the answer is known without one: best loss above the target (never reached), no best loss, no step', () => {
      assert.equal(recountConfig(CONFIG, { steps: 37, finalLoss: 0.5, bestLoss: 0.25 }, 0.2), null);
      assert.equal(recountConfig(CONFIG, { steps: 37, finalLoss: null, bestLoss: null }, 1), null);
      assert.equal(recountConfig(CONFIG, { steps: 0, finalLoss: null, bestLoss: null }, 1), null);
    });
  });

  describe('recountedSteps', () => {
    // A cell stopped after 37 steps with its final loss (a Stop or the loop's time limit).
    const stopped: CellEnding = { steps: 37, finalLoss: 0.5, bestLoss: 0.25 };

    it('a stopped cell that reached the target at step j < k gets j, from a run again that reproduced it', () => {
      const again = outcome({ steps: 37, finalLoss: 0.5, bestLoss: 0.25 });
      assert.equal(recountedSteps(stopped, again, run({ steps: 37, bestLoss: 0.25, stepsToTarget: 12 })), 12);
      assert.equal(recountedSteps(stopped, again, run({ steps: 37, bestLoss: 0.5, stepsToTarget: 37 })), 37, 'only its final loss reached it: all k steps');
    });

    it('a run again that did not reproduce the cell gets null: other final or best loss, other steps, an impossible count', () => {
      const counted = run({ steps: 37, bestLoss: 0.25, stepsToTarget: 12 });
      assert.equal(recountedSteps(stopped, outcome({ steps: 37, finalLoss: 0.5000000001, bestLoss: 0.25 }), counted), null);
      assert.equal(recountedSteps(stopped, outcome({ steps: 37, finalLoss: 0.5, bestLoss: 0.2500000001 }), counted), null);
      assert.equal(recountedSteps(stopped, outcome({ steps: 20, finalLoss: 0.5, bestLoss: 0.25 }), { ...counted, steps: 20 }), null, 'ended early (a time limit, a failure)');
      assert.equal(recountedSteps(stopped, outcome({ steps: 37, finalLoss: 0.5, bestLoss: 0.25 }), { ...counted, stepsToTarget: null }), null, 'its best reached the target, so must the count');
      assert.equal(recountedSteps(stopped, outcome({ steps: 37, finalLoss: 0.5, bestLoss: 0.25 }), { ...counted, stepsToTarget: 38 }), null);
    });

    it('a cell without a final loss (its worker stopped, or f failed at the end) is matched on its records: steps and least recorded loss', () => {
      const failed: CellEnding = { steps: 10_000, finalLoss: null, bestLoss: 0.125 };
      // The run again computes a final loss the cell never had (lower than its records): its tally still matches.
      const again = outcome({ steps: 10_000, finalLoss: 0.1, bestLoss: 0.1 });
      assert.equal(recountedSteps(failed, again, run({ steps: 10_000, bestLoss: 0.125, stepsToTarget: 55 })), 55);
      // Or it was stopped in that final evaluation, as the cell was.
      assert.equal(recountedSteps(failed, outcome({ stopReason: 'error', steps: 10_000, bestLoss: 0.125 }), run({ steps: 10_000, bestLoss: 0.125, stepsToTarget: 55 })), 55);
      assert.equal(recountedSteps(failed, again, run({ steps: 10_000, bestLoss: 0.126, stepsToTarget: 55 })), null, 'other records');
      assert.equal(recountedSteps(failed, outcome({ steps: 9_999, bestLoss: 0.125 }), run({ steps: 9_999, bestLoss: 0.125, stepsToTarget: 55 })), null, 'fewer steps');
    });
  });
});
