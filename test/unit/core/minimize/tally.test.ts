/** A run's numbers from every record: steps, best loss, steps to a target; in shared slots another thread reads. */
import assert from 'node:assert/strict';
import type { RecordBatch } from '../../../../src/core/minimize/records';
import { RunTally, TALLY_SLOTS } from '../../../../src/core/minimize/tally';

function batch(firstStep: number, loss: number[], fullLoss?: number[]): RecordBatch {
  const zeros = new Float64Array(loss.length);
  return { firstStep, count: loss.length, dim: 1, lr: zeros, loss: Float64Array.from(loss), gradNorm: zeros, params: null, ...(fullLoss ? { fullLoss: Float64Array.from(fullLoss) } : {}), metrics: {} };
}

describe('RunTally', () => {
  // The record of step k holds the loss where step k started (after k − 1 steps).
  const losses = [5, 4, 3, 2.5, 2, 1];

  it('counts steps to a target over every record (by hand: the loss 2.5 of step 4 is reached after 3 steps)', () => {
    const tally = new RunTally(2.5);
    tally.add(batch(1, losses.slice(0, 2)));
    tally.add(batch(3, losses.slice(2)));
    assert.equal(tally.steps, 6);
    assert.equal(tally.bestLoss, 1);
    assert.equal(tally.stepsToTarget(0.9, 6), 3);
  });

  it('counts all the steps when only the final loss reaches the target, null when nothing does or there is no target', () => {
    const reached = new RunTally(0.5);
    reached.add(batch(1, losses));
    assert.equal(reached.stepsToTarget(0.4, 6), 6);
    const never = new RunTally(0.5);
    never.add(batch(1, losses));
    assert.equal(never.stepsToTarget(0.6, 6), null);
    const none = new RunTally(null);
    none.add(batch(1, losses));
    assert.equal(none.stepsToTarget(0.4, 6), null);
  });

  it('takes the best of the full-data losses in mini-batch runs, never a single batch’s', () => {
    const tally = new RunTally(null);
    tally.add(batch(1, [3, 0.1, 2], [4, NaN, 2.5]));
    assert.equal(tally.bestLoss, 2.5);
  });

  it('writes its running answer to shared slots, from which another tally goes on exactly', () => {
    const slots = new Float64Array(new SharedArrayBuffer(TALLY_SLOTS * 8));
    const worker = new RunTally(2.5, slots);
    assert.deepEqual([...slots], [0, Infinity, -1]);
    worker.add(batch(1, losses.slice(0, 4)));
    assert.deepEqual([...slots], [4, 2.5, 3]);
    const host = RunTally.resume(slots, 2.5);
    host.add(batch(5, losses.slice(4)));
    assert.deepEqual([host.steps, host.bestLoss, host.stepsToTarget(null, 6)], [6, 1, 3]);
    // Not yet reached in the worker: the host's records find it.
    const early = new RunTally(1.5, slots);
    early.add(batch(1, losses.slice(0, 3)));
    const later = RunTally.resume(slots, 1.5);
    later.add(batch(4, losses.slice(3)));
    assert.equal(later.stepsToTarget(null, 6), 5);
  });
});
