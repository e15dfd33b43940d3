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
 * The columns being filled, as another thread sees them (see SharedRecordSpace). Row r holds
 * the record of step `cursor[0] + r` once its loss is not NaN (a recorded loss never is: a
 * NaN loss ends the run before its record). `fullLoss` is NaN on rows without a full-data
 * evaluation.
 */
export interface OpenColumns {
  /** [0]: the step of row 0. */
  readonly cursor: Float64Array;
  /** Parameters per row of `params`. */
  readonly dim: number;
  readonly lr: Float64Array;
  readonly loss: Float64Array;
  readonly gradNorm: Float64Array;
  readonly params: Float64Array | null;
  readonly fullLoss: Float64Array | null;
  readonly evaluations: Float64Array | null;
  readonly averagedParams: Float64Array | null;
  readonly metrics: Readonly<Record<string, Float64Array>>;
}

/** Columns some optimizers add (see RecordBatch). */
export interface ExtraColumns {
  /** LBFGS: objective evaluations so far. */
  readonly evaluations?: boolean;
  /** ASGD: the averaged iterate (kept only when params are). */
  readonly averagedParams?: boolean;
}

/**
 * Columns that someone outside the loop can read while the loop runs: the loader keeps the
 * records made before an objective call that never returns, whose thread is then terminated
 * before it could hand them over. `column` gives memory that reader sees (a SharedArrayBuffer);
 * `opened` is told the columns whenever they change (at the start and when a metric appears).
 */
export interface SharedRecordSpace {
  column(length: number): Float64Array;
  opened(columns: OpenColumns): void;
}

/**
 * The columns of the batch being filled. The loop keeps the row count itself (a local, not a
 * field it would store and reload every step): it writes row 0, 1, … and takes the batch when
 * `capacity` rows are written, or earlier when a flush is due.
 *
 * With a SharedRecordSpace the columns live in shared memory for the whole run: a batch is
 * always a copy of its rows, and rows handed out are marked unwritten again (loss = NaN).
 */
export class RecordBuffer {
  private lr: Float64Array;
  private loss: Float64Array;
  private gradNorm: Float64Array;
  private params: Float64Array | null;
  /** Loss on the whole data set, on the rows where the loop evaluated it (mini-batch runs); else null. */
  private fullLoss: Float64Array | null;
  private evaluations: Float64Array | null;
  private averagedParams: Float64Array | null;
  /** Every metric name seen so far, in order of appearance; later batches keep the column (NaN when absent). */
  private readonly metricColumns = new Map<string, Float64Array>();
  private firstStep = 1;
  private readonly cursor: Float64Array | null;

  constructor(
    readonly capacity: number,
    readonly dim: number,
    recordParams: boolean,
    private readonly shared: SharedRecordSpace | null = null,
    withFullLoss = false,
    extra: ExtraColumns = {},
  ) {
    this.lr = this.column(capacity);
    this.loss = this.column(capacity);
    this.gradNorm = this.column(capacity);
    this.params = recordParams ? this.column(capacity * dim) : null;
    this.fullLoss = withFullLoss ? this.column(capacity).fill(NaN) : null;
    this.evaluations = extra.evaluations ? this.column(capacity) : null;
    this.averagedParams = extra.averagedParams && recordParams ? this.column(capacity * dim) : null;
    this.cursor = shared === null ? null : shared.column(1);
    if (shared !== null) {
      this.loss.fill(NaN);
      this.cursor![0] = 1;
      this.announce();
    }
  }

  private column(length: number): Float64Array {
    return this.shared === null ? new Float64Array(length) : this.shared.column(length);
  }

  private announce(): void {
    this.shared!.opened({
      cursor: this.cursor!,
      dim: this.dim,
      lr: this.lr,
      loss: this.loss,
      gradNorm: this.gradNorm,
      params: this.params,
      fullLoss: this.fullLoss,
      evaluations: this.evaluations,
      averagedParams: this.averagedParams,
      metrics: Object.fromEntries(this.metricColumns),
    });
  }

  /**
   * Write the metrics of row `row` (0 ≤ row < capacity). Each value goes into its column; a
   * name seen for the first time gets a new column, NaN in the other rows.
   */
  setMetrics(row: number, metrics: Readonly<Record<string, number>>): void {
    for (const name in metrics) {
      let column = this.metricColumns.get(name);
      if (column === undefined) {
        column = this.column(this.capacity).fill(NaN);
        this.metricColumns.set(name, column);
        if (this.shared !== null) this.announce();
      }
      column[row] = metrics[name]!;
    }
  }

  /** The evaluations so far after row `row`'s step (optimizers that evaluate the objective themselves). */
  setEvaluations(row: number, count: number): void {
    this.evaluations![row] = count;
  }

  /** The averaged iterate after row `row`'s step (ASGD), copied; nothing when params are not recorded. */
  setAveragedParams(row: number, values: Float64Array): void {
    const out = this.averagedParams;
    if (out === null) return;
    const dim = this.dim;
    const offset = row * dim;
    for (let j = 0; j < dim; j++) out[offset + j] = values[j]!;
  }

  /** The loss on the whole data set at the parameters row `row`'s step starts from (mini-batch runs). */
  setFullLoss(row: number, value: number): void {
    this.fullLoss![row] = value;
  }

  /**
   * Write the record of row `row` (0 ≤ row < capacity); `params` (length dim) is copied. The
   * loss goes last: a reader of shared columns takes a row whose loss is set as complete.
   */
  write(row: number, lr: number, loss: number, gradNorm: number, params: Float64Array): void {
    this.lr[row] = lr;
    this.gradNorm[row] = gradNorm;
    const out = this.params;
    if (out !== null) {
      const dim = this.dim;
      const offset = row * dim;
      for (let j = 0; j < dim; j++) out[offset + j] = params[j]!;
    }
    this.loss[row] = loss;
  }

  /**
   * Hand rows 0 … count − 1 over as a batch of the next `count` steps (null when count is 0),
   * and start again at row 0. The batch owns its arrays, sized to its count, so the caller may
   * transfer them to another thread: a full buffer gives its own arrays and starts new ones, a
   * partial one (or any, with shared columns) gives copies. `read` gets the batch before the rows
   * are released: shared columns still hold them until it has returned (the worker posts the
   * batch there, so a worker terminated at any point has either posted the rows or still has them).
   */
  take(count: number, read?: (batch: RecordBatch) => void): RecordBatch | null {
    if (count === 0) return null;
    const whole = count === this.capacity && this.shared === null;
    const batch = this.batchOf(count, whole ? (column) => column : (column, length) => column.slice(0, length));
    read?.(batch);
    if (whole) {
      this.lr = new Float64Array(this.capacity);
      this.loss = new Float64Array(this.capacity);
      this.gradNorm = new Float64Array(this.capacity);
      if (this.params !== null) this.params = new Float64Array(this.capacity * this.dim);
      if (this.fullLoss !== null) this.fullLoss = new Float64Array(this.capacity).fill(NaN);
      if (this.evaluations !== null) this.evaluations = new Float64Array(this.capacity);
      if (this.averagedParams !== null) this.averagedParams = new Float64Array(this.capacity * this.dim);
      for (const name of this.metricColumns.keys()) this.metricColumns.set(name, new Float64Array(this.capacity).fill(NaN));
      this.advance(count, false);
    } else {
      this.advance(count, true);
    }
    return batch;
  }

  /**
   * Lend rows 0 … count − 1 to `read` as a batch whose arrays are views of the columns (no copy,
   * nothing allocated but the batch object), then start again at row 0: `read` must be done with
   * the batch when it returns (the rows are written over next).
   */
  lend(count: number, read: (batch: RecordBatch) => void): void {
    if (count === 0) return;
    read(this.batchOf(count, (column, length) => column.subarray(0, length)));
    this.advance(count, true);
  }

  private batchOf(count: number, pick: (column: Float64Array, length: number) => Float64Array): RecordBatch {
    const metrics: [string, Float64Array][] = [];
    for (const [name, column] of this.metricColumns) metrics.push([name, pick(column, count)]);
    return {
      firstStep: this.firstStep,
      count,
      dim: this.dim,
      lr: pick(this.lr, count),
      loss: pick(this.loss, count),
      gradNorm: pick(this.gradNorm, count),
      params: this.params === null ? null : pick(this.params, count * this.dim),
      ...(this.fullLoss !== null ? { fullLoss: pick(this.fullLoss, count) } : {}),
      ...(this.evaluations !== null ? { evaluations: pick(this.evaluations, count) } : {}),
      ...(this.averagedParams !== null ? { averagedParams: pick(this.averagedParams, count * this.dim) } : {}),
      // fromEntries defines own properties, so a metric named "__proto__" stays a metric.
      metrics: Object.fromEntries(metrics),
    };
  }

  /** The first `count` rows were handed over: the next step goes to row 0 (`reuse`: of the same columns, whose rows are marked unwritten again). */
  private advance(count: number, reuse: boolean): void {
    if (reuse) {
      for (const column of this.metricColumns.values()) column.fill(NaN, 0, count);
      this.fullLoss?.fill(NaN, 0, count);
      if (this.shared !== null) this.loss.fill(NaN, 0, count);
    }
    this.firstStep += count;
    if (this.cursor !== null) this.cursor[0] = this.firstStep;
  }
}

/**
 * The complete rows of shared columns (see OpenColumns) as a batch of copies, or null when
 * there are none. Read them only once the writing thread has stopped.
 */
export function completeRows(columns: OpenColumns): RecordBatch | null {
  const { loss } = columns;
  let count = 0;
  while (count < loss.length && !Number.isNaN(loss[count]!)) count++;
  if (count === 0) return null;
  const { dim } = columns;
  return {
    firstStep: columns.cursor[0]!,
    count,
    dim,
    lr: columns.lr.slice(0, count),
    loss: loss.slice(0, count),
    gradNorm: columns.gradNorm.slice(0, count),
    params: columns.params === null ? null : columns.params.slice(0, count * dim),
    ...(columns.fullLoss !== null ? { fullLoss: columns.fullLoss.slice(0, count) } : {}),
    ...(columns.evaluations !== null ? { evaluations: columns.evaluations.slice(0, count) } : {}),
    ...(columns.averagedParams !== null ? { averagedParams: columns.averagedParams.slice(0, count * dim) } : {}),
    metrics: Object.fromEntries(Object.entries(columns.metrics).map(([name, column]) => [name, column.slice(0, count)])),
  };
}
