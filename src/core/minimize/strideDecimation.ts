/**
 * Which steps of a streaming run a bounded record keeps — the one rule behind a sweep cell's
 * decimated records (./decimate.ts) and a run's landscape path (../landscape/trajectory.ts):
 * of a run whose steps count up from `first`, the steps on a stride (first, first + s,
 * first + 2s, …) while they fit in `capacity − 1` slots; a step on the stride that finds the
 * slots full doubles the stride first, and the kept steps off the doubled stride are dropped,
 * the rest moved to the front in order. The step itself is then kept if it is on the new
 * stride. The slot left over is the holder's, for the latest step (kept apart unless it is the
 * last one kept), so the first and the latest step are always among the `capacity`.
 *
 * The policy holds the kept steps; a holder keeps its values in its own layout, one entry per
 * slot, and moves them when told (`KeptEntries`). Nothing is allocated after construction.
 */

/** A holder's values, one entry per kept step, in the policy's slot order. */
export interface KeptEntries {
  /** Copy entry `from` over entry `to` (`to` < `from`): the stride doubled and the entries between were dropped. */
  moveEntry(from: number, to: number): void;
}

export class StrideDecimation {
  /** The most steps kept on the stride: capacity − 1 (≥ 1). */
  readonly slots: number;
  /** The kept steps, ascending: the first `kept` of them. */
  readonly steps: Float64Array;
  private count = 0;
  private every = 1;

  /** `capacity`: the most entries a holder keeps, the latest included (≥ 2: first and latest); `first`: the run's first step. */
  constructor(
    capacity: number,
    readonly first: number,
  ) {
    this.slots = Math.max(2, Math.floor(capacity)) - 1;
    this.steps = new Float64Array(this.slots);
  }

  /** How many steps are kept on the stride. */
  get kept(): number {
    return this.count;
  }

  /** Steps between two kept ones. */
  get stride(): number {
    return this.every;
  }

  /** The first step at or after `step` on the stride. */
  nextOnStride(step: number): number {
    const stride = this.every;
    return Math.ceil((step - this.first) / stride) * stride + this.first;
  }

  /**
   * Take `step` — on the stride, after every step taken before: the slot its entry goes in, or
   * −1 when the slots were full and the doubled stride passes over it. With full slots the
   * stride doubles first and `entries` moves the entries that stay to the front.
   */
  take(step: number, entries: KeptEntries): number {
    if (this.count === this.slots) {
      this.thin(entries);
      if ((step - this.first) % this.every !== 0) return -1;
    }
    const slot = this.count++;
    this.steps[slot] = step;
    return slot;
  }

  /** Whether `latest` (the latest step taken in) is the last kept, rather than held apart by the holder. */
  keeps(latest: number): boolean {
    return this.count > 0 && this.steps[this.count - 1] === latest;
  }

  /** Kept steps as they were saved (a run restored after a reload), on stride 1. */
  restore(steps: ArrayLike<number>): void {
    const count = Math.min(steps.length, this.slots);
    for (let i = 0; i < count; i++) this.steps[i] = steps[i]!;
    this.count = count;
    this.every = 1;
  }

  /** Double the stride and drop the kept steps off it. */
  private thin(entries: KeptEntries): void {
    const stride = (this.every *= 2);
    const steps = this.steps;
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      if ((steps[i]! - this.first) % stride !== 0) continue;
      if (kept !== i) {
        steps[kept] = steps[i]!;
        entries.moveEntry(i, kept);
      }
      kept++;
    }
    this.count = kept;
  }
}
