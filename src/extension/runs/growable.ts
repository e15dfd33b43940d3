/** An append-only Float64 column that grows by doubling (amortised O(1) per value). */
export class GrowableColumn {
  private buffer: Float64Array;
  private size = 0;

  constructor(initialCapacity = 256) {
    this.buffer = new Float64Array(Math.max(1, initialCapacity));
  }

  get length(): number {
    return this.size;
  }

  append(values: ArrayLike<number>): void {
    const needed = this.size + values.length;
    if (needed > this.buffer.length) {
      let capacity = this.buffer.length;
      while (capacity < needed) capacity *= 2;
      const next = new Float64Array(capacity);
      next.set(this.buffer.subarray(0, this.size));
      this.buffer = next;
    }
    this.buffer.set(values, this.size);
    this.size = needed;
  }

  /** A view of the values (valid until the next append). */
  view(): Float64Array {
    return this.buffer.subarray(0, this.size);
  }

  toArray(): number[] {
    return Array.from(this.view());
  }
}
