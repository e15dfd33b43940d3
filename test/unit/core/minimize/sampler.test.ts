import assert from 'node:assert/strict';
import { BatchSampler, seededGenerator } from '../../../../src/core/minimize/sampler';

const items = (n: number) => Array.from({ length: n }, (_, i) => i);
/** The next `count` batches, copied (the sampler reuses its arrays). */
const draw = <T>(sampler: BatchSampler<T>, count: number): T[][] => Array.from({ length: count }, () => [...sampler.next()]);

describe('BatchSampler', () => {
  it('cuts each epoch into batches of batchSize and one partial last batch (drop_last=False)', () => {
    const batches = draw(new BatchSampler(items(10), 4, 0), 6);
    assert.deepEqual(
      batches.map((b) => b.length),
      [4, 4, 2, 4, 4, 2],
    );
  });

  it('uses every item exactly once per epoch', () => {
    const sampler = new BatchSampler(items(23), 5, 7);
    for (let epoch = 0; epoch < 20; epoch++) {
      const seen = draw(sampler, 5).flat();
      assert.deepEqual(
        [...seen].sort((p, q) => p - q),
        items(23),
        `epoch ${epoch}`,
      );
    }
    assert.equal(sampler.epochs, 20);
  });

  it('is deterministic per seed and differs for another seed', () => {
    const a = draw(new BatchSampler(items(50), 8, 42), 30);
    const b = draw(new BatchSampler(items(50), 8, 42), 30);
    const c = draw(new BatchSampler(items(50), 8, 43), 30);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it('reshuffles every epoch', () => {
    const sampler = new BatchSampler(items(20), 20, 1);
    const epochs = draw(sampler, 4);
    assert.equal(new Set(epochs.map((e) => e.join(','))).size, 4);
  });

  it('shuffles: over many epochs each item lands in each position about equally often', () => {
    // 5 items, 20 000 epochs: each (item, position) count is Binomial(20000, 1/5), sd ≈ 57.
    const n = 5;
    const epochs = 20_000;
    const sampler = new BatchSampler(items(n), n, 3);
    const counts = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let e = 0; e < epochs; e++) sampler.next().forEach((item, position) => counts[item]![position]!++);
    for (const row of counts) for (const count of row) assert.ok(Math.abs(count - epochs / n) < 6 * 57, `count ${count}`);
  });

  it('a batchSize above the data set size gives the whole (shuffled) data set each time', () => {
    const batches = draw(new BatchSampler(items(3), 10, 0), 2);
    assert.deepEqual(
      batches.map((b) => [...b].sort()),
      [items(3), items(3)],
    );
  });

  it('returns the data items themselves', () => {
    const data = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const batch = new BatchSampler(data, 3, 0).next();
    assert.ok(batch.every((item) => data.includes(item)));
  });

  it('rejects an empty data set and a batch size that is not a positive integer', () => {
    assert.throws(() => new BatchSampler([], 1, 0), /data set is empty/);
    assert.throws(() => new BatchSampler([1], 0, 0), /batchSize must be an integer ≥ 1 \(got 0\)/);
    assert.throws(() => new BatchSampler([1], 1.5, 0), /got 1\.5/);
  });
});

describe('seededGenerator', () => {
  it('seeds that differ only above 32 bits give different streams', () => {
    const stream = (seed: number) => {
      const g = seededGenerator(seed);
      return [g.next(), g.next(), g.next(), g.next()];
    };
    assert.deepEqual(stream(5), stream(5));
    assert.notDeepEqual(stream(5), stream(5 + 2 ** 32));
    assert.notDeepEqual(stream(-1), stream(2 ** 32 - 1));
  });

  it('rejects a seed that is not a safe integer', () => {
    assert.throws(() => seededGenerator(0.5), /seed must be an integer \(got 0\.5\)/);
  });
});
