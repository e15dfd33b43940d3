/**
 * A queue, oldest first, whose oldest items go cheaply (a head index; the array is compacted now
 * and then, not at every removal): for output held under a cap, which drops its oldest lines.
 */
export class OldestFirst<T> {
  private items: T[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** Removes and returns the oldest item (call only when size > 0). */
  shift(): T {
    const item = this.items[this.head]!;
    this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Every item, oldest first; the queue is empty after. */
  take(): T[] {
    const items = this.head === 0 ? this.items : this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return items;
  }
}
