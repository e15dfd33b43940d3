import assert from 'node:assert/strict';
import { batchCapacity, RecordBuffer } from '../../../../src/core/minimize/recordBuffer';
import type { Objective } from '../../../../src/core/objective';
import { quadratic, run } from './helpers';

describe('record batches', () => {
  describe('from minimize', () => {
    it('flush by count: batches of maxBatchRecords, then a final partial one; together every step once', () => {
      const { outcome, batches, records } = run(
        quadratic([1, 2], [1, 1]),
        { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 30 },
        { maxBatchRecords: 7, flushIntervalMs: 1e9 },
      );
      assert.equal(outcome.steps, 30);
      assert.deepEqual(
        batches.map((b) => [b.firstStep, b.count]),
        [
          [1, 7],
          [8, 7],
          [15, 7],
          [22, 7],
          [29, 2],
        ],
      );
      assert.deepEqual(
        records.map((r) => r.step),
        Array.from({ length: 30 }, (_, i) => i + 1),
      );
      for (const b of batches) {
        assert.equal(b.dim, 2);
        assert.equal(b.lr.length, b.count);
        assert.equal(b.loss.length, b.count);
        assert.equal(b.gradNorm.length, b.count);
        assert.equal(b.params!.length, 2 * b.count);
      }
      // Each batch owns its buffers (they can be transferred): no two share one.
      const buffers = batches.flatMap((b) => [b.lr.buffer, b.loss.buffer, b.gradNorm.buffer, b.params!.buffer]);
      assert.equal(new Set(buffers).size, buffers.length);
      assert.deepEqual(records.at(-1)!.params, outcome.finalParams);
    });

    it('flush by time: with a 0 ms interval every clock check flushes; the concatenation is still every step', () => {
      const { batches, records } = run(quadratic([1], [1]), { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 500 }, { flushIntervalMs: 0 });
      assert.ok(batches.length > 1, `${batches.length} batches`);
      assert.deepEqual(
        records.map((r) => r.step),
        Array.from({ length: 500 }, (_, i) => i + 1),
      );
      let next = 1;
      for (const b of batches) {
        assert.equal(b.firstStep, next);
        assert.ok(b.count > 0);
        next += b.count;
      }
    });

    it('a batch taken while running is not changed by later steps', () => {
      const kept: Float64Array[] = [];
      const copies: number[][] = [];
      run(
        quadratic([1], [1]),
        { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 50 },
        {
          maxBatchRecords: 8,
          flushIntervalMs: 0,
          onBatch: (b) => {
            kept.push(b.loss);
            copies.push(Array.from(b.loss));
          },
        },
      );
      kept.forEach((loss, i) => assert.deepEqual(Array.from(loss), copies[i]));
    });

    it('keeps a metric column in later batches, NaN where the metric was not returned', () => {
      let step = 0;
      const objective: Objective = { ...quadratic([1], [1]), metrics: (): Record<string, number> => (++step <= 2 ? { early: step } : {}) };
      const { batches } = run(objective, { iterations: 6 }, { maxBatchRecords: 3, flushIntervalMs: 1e9 });
      assert.equal(batches.length, 2);
      assert.deepEqual(Array.from(batches[0]!.metrics.early!), [1, 2, NaN]);
      assert.deepEqual(Array.from(batches[1]!.metrics.early!), [NaN, NaN, NaN]);
    });

    it('holds fewer records per batch when dim is large, so params stay within 8 MiB', () => {
      const dim = 300_000;
      const objective: Objective = { name: 'wide', dim, x0: new Float64Array(dim), f: () => 1, grad: (_x, out) => void out.fill(0) };
      const { batches } = run(objective, { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 7 }, { flushIntervalMs: 1e9 });
      assert.deepEqual(
        batches.map((b) => b.count),
        [3, 3, 1],
      );
      const { batches: noParams } = run(objective, { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 7, recordParams: false }, { flushIntervalMs: 1e9 });
      assert.deepEqual(
        noParams.map((b) => b.count),
        [7],
      );
    });
  });

  describe('batchCapacity', () => {
    it('is the requested count, capped at 2²⁰ / dim records when params are recorded, at least 1', () => {
      assert.equal(batchCapacity(4096, 2, true), 4096);
      assert.equal(batchCapacity(4096, 1000, true), 1048);
      assert.equal(batchCapacity(4096, 1000, false), 4096);
      assert.equal(batchCapacity(4096, 5_000_000, true), 1);
      assert.equal(batchCapacity(0, 2, true), 1);
    });
  });

  describe('RecordBuffer', () => {
    it('write fills a row, setMetrics the metrics of a row; take(count) hands over rows 0 … count − 1 and starts new columns', () => {
      const buffer = new RecordBuffer(2, 1, true);
      const x = Float64Array.of(5);
      buffer.write(0, 0.1, 3, 4, x);
      x[0] = 6;
      buffer.setMetrics(1, { m: 9 });
      buffer.write(1, 0.2, 2, 1, x);
      const batch = buffer.take(2)!;
      assert.deepEqual(
        { ...batch, lr: [...batch.lr], loss: [...batch.loss], gradNorm: [...batch.gradNorm], params: [...batch.params!], metrics: { m: [...batch.metrics.m!] } },
        { firstStep: 1, count: 2, dim: 1, lr: [0.1, 0.2], loss: [3, 2], gradNorm: [4, 1], params: [5, 6], metrics: { m: [NaN, 9] } },
      );
      assert.equal(buffer.take(0), null);
      buffer.write(0, 0.3, 1, 1, x);
      const next = buffer.take(1)!;
      assert.equal(next.firstStep, 3);
      assert.deepEqual([...batch.lr], [0.1, 0.2], 'the first batch is untouched');
      assert.deepEqual([...next.metrics.m!], [NaN]);
    });

    it('a partial take gives copies and clears its metric rows for the next batch', () => {
      const buffer = new RecordBuffer(4, 2, true);
      buffer.setMetrics(0, { m: 1 });
      buffer.write(0, 0.5, 7, 8, Float64Array.of(1, 2));
      const first = buffer.take(1)!;
      assert.equal(first.lr.length, 1);
      assert.deepEqual([...first.params!], [1, 2]);
      buffer.write(0, 0.25, 6, 5, Float64Array.of(3, 4));
      const second = buffer.take(1)!;
      assert.deepEqual({ firstStep: second.firstStep, lr: [...second.lr], params: [...second.params!], m: [...second.metrics.m!] }, { firstStep: 2, lr: [0.25], params: [3, 4], m: [NaN] });
      assert.deepEqual({ lr: [...first.lr], params: [...first.params!], m: [...first.metrics.m!] }, { lr: [0.5], params: [1, 2], m: [1] }, 'the first batch is untouched');
    });

    it('lend(count) hands rows 0 … count − 1 as views of its columns while read runs, then reuses them', () => {
      const buffer = new RecordBuffer(4, 1, true);
      buffer.setMetrics(1, { m: 2 });
      buffer.write(0, 0.1, 3, 4, Float64Array.of(5));
      buffer.write(1, 0.2, 2, 1, Float64Array.of(6));
      const seen: unknown[] = [];
      let lent: Float64Array | null = null;
      buffer.lend(2, (batch) => {
        seen.push({ firstStep: batch.firstStep, count: batch.count, loss: [...batch.loss], params: [...batch.params!], m: [...batch.metrics.m!] });
        lent = batch.loss;
      });
      assert.deepEqual(seen, [{ firstStep: 1, count: 2, loss: [3, 2], params: [5, 6], m: [NaN, 2] }]);
      buffer.write(0, 0.3, 9, 1, Float64Array.of(7));
      assert.equal(lent![0], 9, 'the lent batch was a view: its row is written over');
      const next: unknown[] = [];
      buffer.lend(1, (batch) => next.push({ firstStep: batch.firstStep, m: [...batch.metrics.m!] }));
      assert.deepEqual(next, [{ firstStep: 3, m: [NaN] }]);
      buffer.lend(0, () => assert.fail('nothing to lend'));
    });

    it('minimize with lendBatches gives the same records as with batches handed over', () => {
      const config = { optimizer: { type: 'adam', lr: 0.05 }, iterations: 300 };
      const bowl = quadratic([1, 4], [3, -2]);
      const given = run(bowl, config, { maxBatchRecords: 64 });
      const copied: number[] = [];
      const lent = run(bowl, config, { maxBatchRecords: 64, lendBatches: true, onBatch: (b) => copied.push(...b.loss) });
      assert.deepEqual(copied, given.records.map((r) => r.loss));
      assert.deepEqual(lent.outcome.finalParams, given.outcome.finalParams);
    });

    it('a metric named __proto__ stays an own metric column', () => {
      const buffer = new RecordBuffer(4, 1, false);
      buffer.setMetrics(0, JSON.parse('{"__proto__": 3}') as Record<string, number>);
      buffer.write(0, 1, 1, 1, Float64Array.of(0));
      const batch = buffer.take(1)!;
      assert.deepEqual(Object.keys(batch.metrics), ['__proto__']);
      assert.deepEqual([...batch.metrics['__proto__']!], [3]);
    });
  });
});
