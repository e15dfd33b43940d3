import assert from 'node:assert/strict';
import type { Objective } from '../../../../src/core/objective';
import { assertClose, run } from './helpers';

/**
 * Mean squared distance to the batch items: f(x, B) = (1/|B|) Σ_{d∈B} (x − d)², exact grad.
 * Remembers every batch f and grad were given (copied), and whether they saw the same array;
 * calls given the data set itself (the loop's full-data evaluations and the final loss) are
 * counted apart, in `fullAt` (the x of each).
 */
function meanSquare(data: number[], batchSize?: number, withGrad = true) {
  const fBatches: number[][] = [];
  const gradBatches: number[][] = [];
  const fArrays: (readonly number[])[] = [];
  const fullAt: number[] = [];
  const objective: Objective<number> = {
    name: 'meanSquare',
    dim: 1,
    x0: Float64Array.of(0),
    data,
    ...(batchSize !== undefined ? { batchSize } : {}),
    f: (x, batch) => {
      if (batch === data) fullAt.push(x[0]!);
      else fBatches.push([...batch!]);
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
  return { objective: objective as Objective, fBatches, gradBatches, fArrays, fullAt };
}

const data10 = Array.from({ length: 10 }, (_, i) => i);

describe('minimize in mini-batch form', () => {
  it('draws batches of batchSize, each item once per epoch, with a partial last batch', () => {
    const { objective, fBatches, gradBatches } = meanSquare(data10);
    const { outcome } = run(objective, { optimizer: { type: 'sgd', lr: 0.01 }, iterations: 9, batchSize: 4, seed: 3 });
    assert.equal(outcome.steps, 9);
    const stepBatches = fBatches.slice(0, 9);
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
    const { objective, fArrays, fBatches, fullAt } = meanSquare(data10);
    const { outcome } = run(objective, { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 20, batchSize: 2 });
    assert.equal(fBatches.length, 20);
    // Full-data evaluations once an epoch (5 steps: steps 1, 6, 11, 16), then the final loss.
    assert.equal(fullAt.length, 5);
    assert.equal(fArrays[fArrays.length - 1], data10);
    const x = outcome.finalParams[0]!;
    assert.equal(fullAt[4], x);
    assertClose(outcome.finalLoss, data10.reduce((s, d) => s + (x - d) ** 2, 0) / 10, 1e-14);
  });

  describe('full-data losses (evalEvery)', () => {
    const fullLoss = (x: number): number => data10.reduce((s, d) => s + (x - d) ** 2, 0) / 10;

    it('records the loss on all the data every evalEvery steps, at the parameters the step starts from', () => {
      const { objective } = meanSquare(data10);
      const { records } = run(objective, { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 10, batchSize: 3, evalEvery: 4 });
      const evaluated = records.filter((r) => r.fullLoss !== undefined).map((r) => r.step);
      assert.deepEqual(evaluated, [1, 5, 9]);
      for (const step of evaluated) {
        const x = step === 1 ? 0 : records[step - 2]!.params![0]!;
        assert.equal(records[step - 1]!.fullLoss, fullLoss(x), `step ${step}`);
      }
    });

    it('evaluates once an epoch by default (⌈items / batch size⌉ steps)', () => {
      const { objective } = meanSquare(data10);
      const { records } = run(objective, { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 10, batchSize: 3 });
      assert.deepEqual(
        records.filter((r) => r.fullLoss !== undefined).map((r) => r.step),
        [1, 5, 9],
      );
    });

    it('bestLoss is the best full-data loss or the final one, never a single batch loss', () => {
      // Batches of one item: a batch loss reaches 0 whenever x sits on that item, far below any full-data loss (≥ 8.25).
      const { objective } = meanSquare(data10);
      const { outcome, records } = run(objective, { optimizer: { type: 'sgd', lr: 0.5 }, iterations: 30, batchSize: 1, evalEvery: 3 });
      const batchBest = Math.min(...records.map((r) => r.loss));
      const fullLosses = records.flatMap((r) => (r.fullLoss === undefined ? [] : [r.fullLoss]));
      assert.ok(batchBest < 8.25, `a batch loss ${batchBest} below every full-data loss`);
      assert.equal(outcome.bestLoss, Math.min(outcome.finalLoss, ...fullLosses));
      assert.ok(outcome.bestLoss >= 8.25, `bestLoss ${outcome.bestLoss} is a full-data loss`);
    });

    it('runs on all the data (no batch size, or one ≥ the data set) record no separate full-data loss', () => {
      for (const batchSize of [undefined, 10, 50]) {
        const { objective, fullAt } = meanSquare(data10);
        const { outcome, records } = run(objective, { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 5, ...(batchSize !== undefined ? { batchSize } : {}) });
        assert.ok(records.every((r) => r.fullLoss === undefined));
        assert.equal(fullAt.length, 1, 'only the final loss');
        assert.equal(outcome.bestLoss, Math.min(outcome.finalLoss, ...records.map((r) => r.loss)));
      }
    });

    it('a non-finite full-data loss ends the run like a non-finite batch loss', () => {
      const data = [1, 2, Number.NaN, 4];
      const { objective } = meanSquare(data);
      const { outcome } = run(objective, { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 5, batchSize: 1, seed: 0, evalEvery: 1 });
      assert.match(outcome.detail, /^f returned NaN on the whole data set at the starting point$/);
      assert.equal(outcome.stopReason, 'error');
    });
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
