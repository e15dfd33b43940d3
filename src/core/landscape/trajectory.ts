/**
 * A run's path through parameter space, kept for the landscape view while the run streams:
 * x₀ and the parameters after each step, decimated so a long run keeps at most `capacity`
 * points (10,000 by default, fewer for large dims so one path stays ≤ 2²⁰ values): points on
 * a stride of steps that doubles whenever the kept points fill up, the first and the latest
 * always kept — ../minimize/strideDecimation.ts, the rule a sweep cell's records are kept by
 * too, with x₀ as step 0. Costs the run nothing: it reads the record batches the run sends
 * anyway, and copies only the points it keeps and each batch's latest.
 *
 * Each point carries the loss at that point (the next step's recorded loss, or the final loss
 * for the last point) and the lr of the step that led there.
 */
import type { RecordBatch } from '../minimize/records';
import { StrideDecimation, type KeptEntries } from '../minimize/strideDecimation';

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
  /** The steps of the points kept on the stride (the latest point is held apart unless it is on the stride). */
  private readonly policy: StrideDecimation;
  /** The kept points, one entry per slot of the policy: the lr that led there, the loss at the point, its params (dim each). */
  private readonly lrs: Float64Array;
  private readonly losses: Float64Array;
  private readonly params: Float64Array;
  /** The latest point: its step, the lr that led there, the loss at it (NaN until known), its params. */
  private latest = 0;
  private latestLr = NaN;
  private latestLoss = NaN;
  private readonly latestParams: Float64Array;
  /** Moves a kept point's entries when the stride doubles. */
  private readonly entries: KeptEntries = {
    moveEntry: (from, to) => {
      const dim = this.dim;
      this.lrs[to] = this.lrs[from]!;
      this.losses[to] = this.losses[from]!;
      this.params.copyWithin(to * dim, from * dim, (from + 1) * dim);
    },
  };

  constructor(
    readonly dim: number,
    x0: ArrayLike<number>,
    capacity: number = trajectoryCapacity(dim),
  ) {
    this.policy = new StrideDecimation(capacity, 0);
    const slots = this.policy.slots;
    this.lrs = new Float64Array(slots);
    this.losses = new Float64Array(slots);
    this.params = new Float64Array(slots * dim);
    this.latestParams = Float64Array.from(x0);
    this.keep(0, NaN, NaN, this.latestParams);
  }

  /** Points the trajectory holds now. */
  get length(): number {
    return this.policy.kept + (this.policy.keeps(this.latest) ? 0 : 1);
  }

  /** The latest step seen. */
  get lastStep(): number {
    return this.latest;
  }

  /** Take in a batch of records (its params are required; a batch without them is ignored). */
  append(batch: RecordBatch): void {
    const { params, lr, loss } = batch;
    if (params === null || batch.dim !== this.dim) return;
    const dim = this.dim;
    const first = batch.firstStep;
    const end = first + batch.count;
    // The path goes on from the step after the latest: steps seen before are passed over, a batch after a gap ignored.
    const from = this.latest + 1;
    if (from < first || from >= end) return;
    // Record `step` measured its loss where it started: at the previous point.
    this.setLossAt(from - 1, loss[from - first]!);
    const policy = this.policy;
    for (let step = policy.nextOnStride(from); step < end; step = policy.nextOnStride(step + 1)) {
      const row = step - first;
      this.keep(step, lr[row]!, step + 1 < end ? loss[row + 1]! : NaN, params.subarray(row * dim, (row + 1) * dim));
    }
    const row = end - 1 - first;
    this.latest = end - 1;
    this.latestLr = lr[row]!;
    this.latestLoss = NaN;
    this.latestParams.set(params.subarray(row * dim, (row + 1) * dim));
  }

  /** The loss at the last point (f at the final parameters) once the run has ended. */
  finish(finalLoss: number): void {
    this.setLossAt(this.latest, finalLoss);
  }

  points(): TrajectoryPoints {
    const n = this.policy.kept;
    const dim = this.dim;
    const withLatest = !this.policy.keeps(this.latest);
    const steps = Array.from(this.policy.steps.subarray(0, n));
    const lrs = Array.from(this.lrs.subarray(0, n));
    const losses = Array.from(this.losses.subarray(0, n));
    const params = new Float64Array((n + (withLatest ? 1 : 0)) * dim);
    params.set(this.params.subarray(0, n * dim));
    if (withLatest) {
      steps.push(this.latest);
      lrs.push(this.latestLr);
      losses.push(this.latestLoss);
      params.set(this.latestParams, n * dim);
    }
    return { dim, steps, params, lrs, losses };
  }

  /** A trajectory holding `points` as they are (a run restored after a reload: it takes no more steps). */
  static fromPoints(points: TrajectoryPoints): Trajectory {
    const { dim, steps } = points;
    const n = steps.length;
    const t = new Trajectory(dim, points.params.subarray(0, dim), Math.max(2, n + 1));
    t.policy.restore(steps);
    for (let i = 0; i < n; i++) {
      t.lrs[i] = points.lrs[i] ?? NaN;
      t.losses[i] = points.losses[i] ?? NaN;
    }
    t.params.set(points.params.subarray(0, n * dim));
    const lastAt = n - 1;
    t.latest = steps[lastAt] ?? 0;
    t.latestLr = points.lrs[lastAt] ?? NaN;
    t.latestLoss = points.losses[lastAt] ?? NaN;
    t.latestParams.set(points.params.subarray(lastAt * dim, n * dim));
    return t;
  }

  private setLossAt(step: number, loss: number): void {
    if (this.latest === step) this.latestLoss = loss;
    if (this.policy.keeps(step)) this.losses[this.policy.kept - 1] = loss;
  }

  /** Keep a point on the stride, unless the stride doubles past it. */
  private keep(step: number, lr: number, loss: number, row: ArrayLike<number>): void {
    const slot = this.policy.take(step, this.entries);
    if (slot < 0) return;
    this.lrs[slot] = lr;
    this.losses[slot] = loss;
    this.params.set(row, slot * this.dim);
  }
}
