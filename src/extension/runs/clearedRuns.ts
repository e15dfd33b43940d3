/**
 * The runs the last Clear removed, kept whole so "Undo" in the panel can put them back (data,
 * outcome and all). Only the last clear is kept: a new one replaces it.
 */
import type { StoredRun } from './runStore';

export class ClearedRuns {
  private last: StoredRun[] = [];

  keep(runs: readonly StoredRun[]): void {
    this.last = [...runs];
  }

  /** The runs of the last clear (and forget them); empty when there is nothing to undo. */
  takeBack(): StoredRun[] {
    const runs = this.last;
    this.last = [];
    return runs;
  }
}
