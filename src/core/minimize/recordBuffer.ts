/**
 * Collects the loop's records into preallocated columns and hands them out as RecordBatch
 * values. Pushing a record allocates nothing (except the first time a metric name appears).
 */
import type { RecordBatch } from './records';

/** Default records per batch. */
export const DEFAULT_BATCH_RECORDS = 4096;
/** A batch's params column holds at most this many values (8 MiB of float64). */
const MAX_PARAM_VALUES = (8 * 1024 * 1024) / 8;

/**
 * Records per batch: `requested`, but fewer when recorded parameters would make a batch's
 * params column larger than 8 MiB (dim · records ≤ 2²⁰ values); at least 1.
 */
export function batchCapacity(requested: number, dim: number, recordParams: boolean): number {
  const cap = recordParams ? Math.floor(MAX_PARAM_VALUES / Math.max(1, dim)) : Infinity;
  return Math.max(1, Math.min(Math.floor(requested), cap));
}

export class RecordBuffer {
  private lr: Float64Array;
  private loss: Float64Array;
  private gradNorm: Float64Array;
  private params: Float64Array | null;
  /** Every metric name seen so far, in order of appearance; later batches keep the column (NaN when absent). */
  private readonly metricColumns = new Map<string, Float64Array>();
  private count = 0;
  private firstStep = 1;

  constructor(
    readonly capacity: number,
    readonly dim: number,
    recordParams: boolean,
  ) {
    this.lr = new Float64Array(capacity);
    this.loss = new Float64Array(capacity);
    this.gradNorm = new Float64Array(capacity);
    this.params = recordParams ? new Float64Array(capacity * dim) : null;
  }

  /** Records held, not yet taken. */
  get size(): number {
    return this.count;
  }

  /**
   * Write the metrics of the next record (call before its push). Each value goes into its
   * column; a name seen for the first time gets a new column, NaN in the rows before.
   */
  setMetrics(metrics: Readonly<Record<string, number>>): void {
    const i = this.count;
    for (const name in metrics) {
      let column = this.metricColumns.get(name);
      if (column === undefined) {
        column = new Float64Array(this.capacity).fill(NaN);
        this.metricColumns.set(name, column);
      }
      column[i] = metrics[name]!;
    }
  }

  /**
   * Append the record of the next step (steps are consecutive from 1); `params` is copied.
   * Returns true when the buffer is full (take it before pushing again).
   */
  push(lr: number, loss: number, gradNorm: number, params: Float64Array): boolean {
    const i = this.count;
    this.lr[i] = lr;
    this.loss[i] = loss;
    this.gradNorm[i] = gradNorm;
    const out = this.params;
    if (out !== null) {
      const dim = this.dim;
      const offset = i * dim;
      for (let j = 0; j < dim; j++) out[offset + j] = params[j]!;
    }
    this.count = i + 1;
    return this.count === this.capacity;
  }

  /**
   * Hand the held records over as a batch (null when there are none). The batch owns its
   * arrays, sized to its count, so the caller may transfer them to another thread: a full
   * buffer gives its own arrays and starts new ones, a partial one gives copies.
   */
  take(): RecordBatch | null {
    const count = this.count;
    if (count === 0) return null;
    const whole = count === this.capacity;
    const pick = (column: Float64Array, length: number): Float64Array => (whole ? column : column.slice(0, length));
    const metrics: [string, Float64Array][] = [];
    for (const [name, column] of this.metricColumns) metrics.push([name, pick(column, count)]);
    const batch: RecordBatch = {
      firstStep: this.firstStep,
      count,
      dim: this.dim,
      lr: pick(this.lr, count),
      loss: pick(this.loss, count),
      gradNorm: pick(this.gradNorm, count),
      params: this.params === null ? null : pick(this.params, count * this.dim),
      // fromEntries defines own properties, so a metric named "__proto__" stays a metric.
      metrics: Object.fromEntries(metrics),
    };
    if (whole) {
      this.lr = new Float64Array(this.capacity);
      this.loss = new Float64Array(this.capacity);
      this.gradNorm = new Float64Array(this.capacity);
      if (this.params !== null) this.params = new Float64Array(this.capacity * this.dim);
      for (const name of this.metricColumns.keys()) this.metricColumns.set(name, new Float64Array(this.capacity).fill(NaN));
    } else {
      for (const column of this.metricColumns.values()) column.fill(NaN, 0, count);
    }
    this.firstStep += count;
    this.count = 0;
    return batch;
  }
}
