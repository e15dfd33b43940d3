/**
 * Collects the loop's records into preallocated columns and hands them out as RecordBatch
 * values. Writing a record allocates nothing (except the first time a metric name appears).
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

/**
 * The columns of the batch being filled. The loop keeps the row count itself (a local, not a
 * field it would store and reload every step): it writes row 0, 1, … and takes the batch when
 * `capacity` rows are written, or earlier when a flush is due.
 */
export class RecordBuffer {
  private lr: Float64Array;
  private loss: Float64Array;
  private gradNorm: Float64Array;
  private params: Float64Array | null;
  /** Every metric name seen so far, in order of appearance; later batches keep the column (NaN when absent). */
  private readonly metricColumns = new Map<string, Float64Array>();
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

  /**
   * Write the metrics of row `row` (0 ≤ row < capacity). Each value goes into its column; a
   * name seen for the first time gets a new column, NaN in the other rows.
   */
  setMetrics(row: number, metrics: Readonly<Record<string, number>>): void {
    for (const name in metrics) {
      let column = this.metricColumns.get(name);
      if (column === undefined) {
        column = new Float64Array(this.capacity).fill(NaN);
        this.metricColumns.set(name, column);
      }
      column[row] = metrics[name]!;
    }
  }

  /** Write the record of row `row` (0 ≤ row < capacity); `params` (length dim) is copied. */
  write(row: number, lr: number, loss: number, gradNorm: number, params: Float64Array): void {
    this.lr[row] = lr;
    this.loss[row] = loss;
    this.gradNorm[row] = gradNorm;
    const out = this.params;
    if (out !== null) {
      const dim = this.dim;
      const offset = row * dim;
      for (let j = 0; j < dim; j++) out[offset + j] = params[j]!;
    }
  }

  /**
   * Hand rows 0 … count − 1 over as a batch of the next `count` steps (null when count is 0),
   * and start again at row 0. The batch owns its arrays, sized to its count, so the caller may
   * transfer them to another thread: a full buffer gives its own arrays and starts new ones, a
   * partial one gives copies.
   */
  take(count: number): RecordBatch | null {
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
    return batch;
  }
}
