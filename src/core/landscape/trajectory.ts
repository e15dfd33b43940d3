/**
 * A run's path through parameter space, kept for the landscape view while the run streams:
 * x₀ and the parameters after each step, decimated so a long run keeps at most `capacity`
 * points (10,000 by default, fewer for large dims so one path stays ≤ 2²⁰ values): points on
 * a stride of steps that doubles whenever the kept points fill up, the first and the latest
 * always kept. Costs the run nothing (it reads the record batches the run sends anyway).
 *
 * Each point carries the loss at that point (the next step's recorded loss, or the final loss
 * for the last point) and the lr of the step that led there.
 */
import type { RecordBatch } from '../minimize/records';

export const MAX_TRAJECTORY_POINTS = 10_000;
/** Values (points × dim) one trajectory may hold. */
const MAX_TRAJECTORY_VALUES = 1 << 20;

/** Points a trajectory of `dim` parameters keeps (≥ 2: first and last). */
export function trajectoryCapacity(dim: number): number {
  return Math.max(2, Math.min(MAX_TRAJECTORY_POINTS, Math.floor(MAX_TRAJECTORY_VALUES / Math.max(1, dim))));
}

/** Kept points, columnar: step k (0 = x₀), params row-major (dim per point), lr of step k (NaN at 0), loss at the point (NaN until known). */
export interface TrajectoryPoints {
  readonly dim: number;
  readonly steps: number[];
  readonly params: Float64Array;
  readonly lrs: number[];
  readonly losses: number[];
}

export class Trajectory {
  private readonly capacity: number;
  /** Kept points on the stride (the latest point is held apart unless it is on the stride). */
  private steps: number[] = [];
  private lrs: number[] = [];
  private losses: number[] = [];
  private params: Float64Array;
  private stride = 1;
  private last: { step: number; lr: number; loss: number; params: Float64Array };

  constructor(
    readonly dim: number,
    x0: ArrayLike<number>,
    capacity: number = trajectoryCapacity(dim),
  ) {
    this.capacity = Math.max(2, capacity);
    this.params = new Float64Array((this.capacity - 1) * dim);
    const start = Float64Array.from(x0);
    this.last = { step: 0, lr: NaN, loss: NaN, params: start };
    this.keep(0, NaN, start);
  }

  /** Points the trajectory holds now. */
  get length(): number {
    return this.steps.length + (this.lastIsKept ? 0 : 1);
  }

  /** The latest step seen. */
  get lastStep(): number {
    return this.last.step;
  }

  /** Take in a batch of records (its params are required; a batch without them is ignored). */
  append(batch: RecordBatch): void {
    const { params } = batch;
    if (params === null || batch.dim !== this.dim) return;
    const dim = this.dim;
    for (let i = 0; i < batch.count; i++) {
      const step = batch.firstStep + i;
      if (step !== this.last.step + 1) continue; // a step seen before (or a gap): ignore
      // Record `step` measured its loss where it started: at the previous point.
      this.setLossAt(step - 1, batch.loss[i]!);
      const row = params.subarray(i * dim, (i + 1) * dim);
      if (step % this.stride === 0) this.keep(step, batch.lr[i]!, row);
      this.last = { step, lr: batch.lr[i]!, loss: NaN, params: Float64Array.from(row) };
    }
  }

  /** The loss at the last point (f at the final parameters) once the run has ended. */
  finish(finalLoss: number): void {
    this.setLossAt(this.last.step, finalLoss);
  }

  points(): TrajectoryPoints {
    const n = this.steps.length;
    const kept = this.params.subarray(0, n * this.dim);
    if (this.lastIsKept) return { dim: this.dim, steps: [...this.steps], params: kept.slice(), lrs: [...this.lrs], losses: [...this.losses] };
    const params = new Float64Array((n + 1) * this.dim);
    params.set(kept);
    params.set(this.last.params, n * this.dim);
    return { dim: this.dim, steps: [...this.steps, this.last.step], params, lrs: [...this.lrs, this.last.lr], losses: [...this.losses, this.last.loss] };
  }

  /** A trajectory holding `points` as they are (a run restored after a reload: it takes no more steps). */
  static fromPoints(points: TrajectoryPoints): Trajectory {
    const n = points.steps.length;
    const t = new Trajectory(points.dim, points.params.subarray(0, points.dim), Math.max(2, n + 1));
    t.steps = [...points.steps];
    t.lrs = [...points.lrs];
    t.losses = [...points.losses];
    t.params.set(points.params.subarray(0, n * points.dim));
    const lastAt = n - 1;
    t.last = { step: points.steps[lastAt] ?? 0, lr: points.lrs[lastAt] ?? NaN, loss: points.losses[lastAt] ?? NaN, params: points.params.slice(lastAt * points.dim, n * points.dim) };
    return t;
  }

  private get lastIsKept(): boolean {
    return this.steps[this.steps.length - 1] === this.last.step;
  }

  private setLossAt(step: number, loss: number): void {
    if (this.last.step === step) this.last.loss = loss;
    const at = this.steps.length - 1;
    if (this.steps[at] === step) this.losses[at] = loss;
  }

  /** Keep a point on the stride; when the kept points are full, double the stride and drop those off it. */
  private keep(step: number, lr: number, row: ArrayLike<number>): void {
    if (this.steps.length === this.capacity - 1) this.thin();
    if (step % this.stride !== 0) return;
    const at = this.steps.length;
    this.steps.push(step);
    this.lrs.push(lr);
    this.losses.push(NaN);
    this.params.set(row, at * this.dim);
  }

  private thin(): void {
    this.stride *= 2;
    const dim = this.dim;
    let kept = 0;
    for (let i = 0; i < this.steps.length; i++) {
      if (this.steps[i]! % this.stride !== 0) continue;
      this.steps[kept] = this.steps[i]!;
      this.lrs[kept] = this.lrs[i]!;
      this.losses[kept] = this.losses[i]!;
      if (kept !== i) this.params.copyWithin(kept * dim, i * dim, (i + 1) * dim);
      kept++;
    }
    this.steps.length = kept;
    this.lrs.length = kept;
    this.losses.length = kept;
  }
}
