/**
 * The mini-batch sampler: PyTorch's `DataLoader(data, batch_size, shuffle=True,
 * drop_last=False)` with a seeded generator. Each epoch is a fresh random permutation of the
 * data set cut into consecutive batches, so every item is used exactly once per epoch and the
 * last batch of an epoch holds the n mod batchSize leftovers (when that is not 0).
 * Deterministic per seed (xoroshiro128+ from pure-rand; the permutations differ from torch's,
 * whose generator is not reproducible here).
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { LrLabError } from '../errors';

/** A seeded xoroshiro128+ generator; integer seeds beyond 32 bits are folded in, not cut off. */
export function seededGenerator(seed: number): RandomGenerator {
  if (!Number.isSafeInteger(seed)) throw LrLabError.worded('invalidConfig', { id: 'seedInteger', args: [String(seed)] });
  const high = Math.floor(seed / 0x1_0000_0000) | 0;
  return xoroshiro128plus((seed | 0) ^ Math.imul(high, 0x9e3779b1));
}

export class BatchSampler<T> {
  private readonly data: readonly T[];
  private readonly order: Uint32Array;
  private readonly rng: RandomGenerator;
  /** Reused batch arrays: a full one and, when n mod batchSize ≠ 0, one for the epoch's last batch. */
  private readonly full: T[];
  private readonly last: T[];
  /** Position in `order` of the next batch; n means the epoch is over. */
  private position: number;
  private epochCount = 0;

  /**
   * `batchSize` items per batch (an integer ≥ 1; more than data.length means the whole data
   * set in each batch, as in DataLoader). Throws LrLabError('invalidConfig') on an empty
   * data set or a bad batch size.
   */
  constructor(data: readonly T[], batchSize: number, seed: number) {
    if (data.length === 0) throw LrLabError.worded('invalidConfig', { id: 'batchDataEmpty', args: [] });
    if (!Number.isInteger(batchSize) || batchSize < 1) throw LrLabError.worded('invalidConfig', { id: 'batchSizeAtLeastOne', args: [String(batchSize)] });
    const n = data.length;
    const size = Math.min(batchSize, n);
    this.data = data;
    this.order = new Uint32Array(n);
    for (let i = 0; i < n; i++) this.order[i] = i;
    this.rng = seededGenerator(seed);
    this.full = new Array<T>(size);
    this.last = new Array<T>(n % size);
    this.position = n;
  }

  /** Number of epochs started so far. */
  get epochs(): number {
    return this.epochCount;
  }

  /**
   * The next batch. The returned array is reused by later calls (the caller must not keep
   * or change it).
   */
  next(): readonly T[] {
    const { order, data } = this;
    const n = order.length;
    if (this.position >= n) this.shuffle();
    const start = this.position;
    const batch = n - start >= this.full.length ? this.full : this.last;
    const size = batch.length;
    for (let j = 0; j < size; j++) batch[j] = data[order[start + j]!]!;
    this.position = start + size;
    return batch;
  }

  /** Fisher–Yates over the previous permutation: a uniform new permutation for the epoch. */
  private shuffle(): void {
    const { order, rng } = this;
    for (let i = order.length - 1; i > 0; i--) {
      const j = uniformInt(rng, 0, i);
      const tmp = order[i]!;
      order[i] = order[j]!;
      order[j] = tmp;
    }
    this.position = 0;
    this.epochCount++;
  }
}
