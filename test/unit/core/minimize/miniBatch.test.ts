import assert from 'node:assert/strict';
import type { Objective } from '../../../../src/core/objective';
import { assertClose, run } from './helpers';

/**
 * Mean squared distance to the batch items: f(x, B) = (1/|B|) Σ_{d∈B} (x − d)², exact grad.
 * Remembers every batch f and grad were given (copied), and whether they saw the same array.
 */
function meanSquare(data: number[], batchSize?: number, withGrad = true) {
  const fBatches: number[][] = [];
  const gradBatches: number[][] = [];
  const fArrays: (readonly number[])[] = [];
  const objective: Objective<number> = {
    name: 'meanSquare',
    dim: 1,
    x0: Float64Array.of(0),
    data,
    ...(batchSize !== undefined ? { batchSize } : {}),
    f: (x, batch) => {
      fBatches.push([...batch!]);
      fArrays.push(batch!);
      return batch!.reduce((s, d) => s + (x[0]! - d) ** 2, 0) / batch!.length;
    },
    ...(withGrad
      ? {
          grad: (x: Float64Array, out: Float64Array, batch?: readonly number[]) => {
            gradBatches.push([...batch!]);
            out[0] = batch!.reduce((s, d) => s + 2 * (x[0]! - d), 0) / batch!.length;
          },
        }
      : {}),
  };
  return { objective: objective as Objective, fBatches, gradBatches, fArrays };
}

const data10 = Array.from({ length: 10 }, (_, i) => i);

describe('minimize in mini-batch form', () => {
  it('draws batches of batchSize, each item once per epoch, with a partial last batch', () => {
    const { objective, fBatches, gradBatches } = meanSquare(data10);
    const { outcome } = run(objective, { optimizer: { type: 'sgd', lr: 0.01 }, iterations: 9, batchSize: 4, seed: 3 });
    assert.equal(outcome.steps, 9);
    const stepBatches = fBatches.slice(0, 9); // the last f call is the final loss
    assert.deepEqual(
      stepBatches.map((b) => b.length),
      [4, 4, 2, 4, 4, 2, 4, 4, 2],
    );
    for (let epoch = 0; epoch < 3; epoch++) {
      const items = stepBatches.slice(3 * epoch, 3 * epoch + 3).flat();
      assert.deepEqual(
        items.sort((p, q) => p - q),
        data10,
        `epoch ${epoch}`,
      );
    }
    assert.deepEqual(gradBatches, stepBatches, 'grad sees the batch f saw');
  });

  it('is deterministic per seed and differs for another seed', () => {
    const batchesFor = (seed: number) => {
      const probe = meanSquare(data10);
      run(probe.objective, { optimizer: { type: 'sgd', lr: 0.01 }, iterations: 12, batchSize: 3, seed });
      return probe.fBatches;
    };
    assert.deepEqual(batchesFor(11), batchesFor(11));
    assert.notDeepEqual(batchesFor(11), batchesFor(12));
  });

  it("uses the objective's batchSize when the config has none, and the whole data set when neither has one", () => {
    const own = meanSquare(data10, 5);
    run(own.objective, { iterations: 2 });
    assert.deepEqual(
      own.fBatches.slice(0, 2).map((b) => b.length),
      [5, 5],
    );
    const whole = meanSquare(data10);
    run(whole.objective, { iterations: 2 });
    assert.deepEqual(
      whole.fBatches.slice(0, 2).map((b) => b.length),
      [10, 10],
    );
  });

  it('computes the final loss once on the whole data set', () => {
    const { objective, fArrays } = meanSquare(data10);
    const { outcome, records } = run(objective, { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 20, batchSize: 2 });
    assert.equal(fArrays.length, 21);
    assert.equal(fArrays[20], data10);
    const x = outcome.finalParams[0]!;
    assertClose(outcome.finalLoss, data10.reduce((s, d) => s + (x - d) ** 2, 0) / 10, 1e-14);
    assert.equal(outcome.bestLoss, Math.min(outcome.finalLoss, ...records.map((r) => r.loss)));
  });

  it('finite differences use the same batch as the loss of the step', () => {
    const { objective, fBatches } = meanSquare(data10, 3, false);
    const { records } = run(objective, { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 4 });
    // Per step: 1 loss call + 2 finite-difference calls, all on one batch.
    for (let k = 0; k < 4; k++) {
      const [loss, plus, minus] = fBatches.slice(3 * k, 3 * k + 3);
      assert.deepEqual(plus, loss, `step ${k + 1}`);
      assert.deepEqual(minus, loss, `step ${k + 1}`);
      // The recorded gradient norm is |mean of 2(x − d)| over that batch, at the step's start.
      const x = k === 0 ? 0 : records[k - 1]!.params![0]!;
      assertClose(records[k]!.gradNorm, Math.abs(loss!.reduce((s, d) => s + 2 * (x - d), 0) / loss!.length), 1e-8, `gradNorm of step ${k + 1}`);
    }
  });
});
