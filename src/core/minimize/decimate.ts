/**
 * A run's records decimated as they stream: at most `capacity` records kept, those on a stride
 * of steps (steps 1, 1 + s, 1 + 2s, …) that doubles whenever the kept records fill up, and the
 * last record always (the first, step 1, is on every stride) — ./strideDecimation.ts, the rule
 * a landscape trajectory keeps too, applied to every column of the records: a sweep cell's
 * worker keeps its records this way and sends them once, at the end, instead of every step's.
 * Cost per batch: the kept rows, and a copy of its last row (it may be the run's last), copied
 * value by value into arrays allocated once (no view or array per row). Nothing of a batch is
 * kept: it may be lent.
 */
import type { RecordBatch } from './records';
import { StrideDecimation, type KeptEntries } from './strideDecimation';

/** Records as a batch holds them, each at its own step (`steps`, ascending), not necessarily consecutive. */
export interface DecimatedRecords extends Omit<RecordBatch, 'firstStep'> {
  readonly steps: Float64Array;
}

/** lr, loss, gradNorm, params, fullLoss, evaluations, averagedParams: the columns before the metrics'. */
const BUILTIN_COLUMNS = 7;

/** One kept column: `width` values per record, read from each batch by `of`; `last`: the latest record's values. */
interface KeptColumn {
  readonly width: number;
  readonly values: Float64Array;
  readonly last: Float64Array;
  readonly of: (batch: RecordBatch) => Float64Array | null | undefined;
}

export class RecordDecimator {
  readonly capacity: number;
  /** The steps of the records kept on the stride (the latest record is held apart, in each column's `last`, unless it is on the stride). */
  private readonly policy: StrideDecimation;
  private dim = 0;
  private columns: KeptColumn[] | null = null;
  /** Moves a kept record's row in every column when the stride doubles. */
  private readonly rows: KeptEntries = {
    moveEntry: (from, to) => {
      for (const { values, width } of this.columns!) if (values.length > 0) values.copyWithin(to * width, from * width, (from + 1) * width);
    },
  };
  private readonly metrics = new Map<string, KeptColumn>();
  /** The latest step taken (0: none yet). */
  private latest = 0;

  /** `capacity`: the most records kept (≥ 2: first and last). */
  constructor(capacity: number) {
    this.capacity = Math.max(2, Math.floor(capacity));
    this.policy = new StrideDecimation(this.capacity, 1);
  }

  /** The latest step taken (0: none yet). */
  get lastStep(): number {
    return this.latest;
  }

  /** Take a batch of records (consecutive with those taken before). */
  add(batch: RecordBatch): void {
    if (batch.count === 0) return;
    const columns = this.columns ?? this.open(batch);
    for (const name of Object.keys(batch.metrics)) if (!this.metrics.has(name)) this.addMetric(name);
    const policy = this.policy;
    const first = batch.firstStep;
    const end = first + batch.count;
    for (let step = policy.nextOnStride(first); step < end; step = policy.nextOnStride(step + 1)) {
      const slot = policy.take(step, this.rows);
      if (slot >= 0) this.keep(columns, batch, step - first, slot);
    }
    for (const column of columns) if (column.values.length > 0) copyRow(column, batch, batch.count - 1, column.last, 0);
    this.latest = first + batch.count - 1;
  }

  /** The kept records and the last one, or null before any record. */
  result(): DecimatedRecords | null {
    const columns = this.columns;
    const lastStep = this.latest;
    if (lastStep === 0 || columns === null) return null;
    const kept = this.policy.kept;
    const withLast = !this.policy.keeps(lastStep);
    const count = kept + (withLast ? 1 : 0);
    const out = (column: KeptColumn): Float64Array => {
      const values = new Float64Array(count * column.width);
      values.set(column.values.subarray(0, kept * column.width));
      if (withLast) values.set(column.last, kept * column.width);
      return values;
    };
    const steps = new Float64Array(count);
    steps.set(this.policy.steps.subarray(0, kept));
    if (withLast) steps[count - 1] = lastStep;
    const [lr, loss, gradNorm, params, fullLoss, evaluations, averagedParams] = columns.slice(0, BUILTIN_COLUMNS).map((c) => (c.values.length === 0 ? null : out(c)));
    return {
      steps,
      count,
      dim: this.dim,
      lr: lr!,
      loss: loss!,
      gradNorm: gradNorm!,
      params: params ?? null,
      ...(fullLoss ? { fullLoss } : {}),
      ...(evaluations ? { evaluations } : {}),
      ...(averagedParams ? { averagedParams } : {}),
      metrics: Object.fromEntries([...this.metrics].map(([name, column]) => [name, out(column)])),
    };
  }

  /** The columns the run records, from its first batch (an absent one keeps no values). */
  private open(batch: RecordBatch): KeptColumn[] {
    this.dim = batch.dim;
    const slots = this.policy.slots;
    const column = (width: number, present: boolean, of: KeptColumn['of']): KeptColumn => ({ width, values: new Float64Array(present ? slots * width : 0), last: new Float64Array(width), of });
    this.columns = [
      column(1, true, (b) => b.lr),
      column(1, true, (b) => b.loss),
      column(1, true, (b) => b.gradNorm),
      column(batch.dim, batch.params !== null, (b) => b.params),
      column(1, batch.fullLoss !== undefined, (b) => b.fullLoss),
      column(1, batch.evaluations !== undefined, (b) => b.evaluations),
      column(batch.dim, batch.averagedParams !== undefined, (b) => b.averagedParams),
    ];
    return this.columns;
  }

  /** A metric first reported now: NaN in the records kept before. */
  private addMetric(name: string): void {
    const values = new Float64Array(this.policy.slots).fill(NaN);
    const column: KeptColumn = { width: 1, values, last: Float64Array.of(NaN), of: (b) => (Object.hasOwn(b.metrics, name) ? b.metrics[name] : undefined) };
    this.metrics.set(name, column);
    this.columns!.push(column);
  }

  /** Row `row` of `batch` into slot `slot` of every column. */
  private keep(columns: readonly KeptColumn[], batch: RecordBatch, row: number, slot: number): void {
    for (const column of columns) if (column.values.length > 0) copyRow(column, batch, row, column.values, slot * column.width);
  }
}

/** Row `row` of `column` in `batch` into `into` from index `at` (NaN when the batch lacks the column). */
function copyRow(column: KeptColumn, batch: RecordBatch, row: number, into: Float64Array, at: number): void {
  const width = column.width;
  const source = column.of(batch);
  if (!source) {
    into.fill(NaN, at, at + width);
    return;
  }
  const from = row * width;
  for (let i = 0; i < width; i++) into[at + i] = source[from + i]!;
}
