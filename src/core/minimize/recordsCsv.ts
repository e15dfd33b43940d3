/**
 * Records as CSV: `step,lr,loss,gradNorm[,fullLoss][,evaluations],p0,…[,a0,…],<metric>,…`, one
 * row per step, numbers in full precision; `fullLoss` (mini-batch runs) is empty on steps without
 * a full-data loss; `evaluations` (LBFGS) counts the objective's evaluations so far; a0… (ASGD)
 * is the averaged iterate. Shared by `lrlab run --format csv` and the panel's CSV export (which adds
 * run/label columns in front), so both write the same table.
 */
import type { RecordBatch } from './records';

/** Names of the metrics recorded in any batch, in order of appearance. */
export function metricNames(batches: readonly RecordBatch[]): string[] {
  const names = new Set<string>();
  for (const batch of batches) for (const name of Object.keys(batch.metrics)) names.add(name);
  return [...names];
}

/** A CSV field, quoted when it holds a comma, quote or line break. */
export function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** True when any batch has full-data losses (a mini-batch run). */
export function hasFullLoss(batches: readonly RecordBatch[]): boolean {
  return batches.some((b) => b.fullLoss !== undefined);
}

/** True when any batch counts the optimizer's evaluations (LBFGS). */
export function hasEvaluations(batches: readonly RecordBatch[]): boolean {
  return batches.some((b) => b.evaluations !== undefined);
}

/** True when any batch has an averaged iterate (ASGD). */
export function hasAveragedParams(batches: readonly RecordBatch[]): boolean {
  return batches.some((b) => b.averagedParams !== undefined);
}

export interface CsvLayout {
  /** Parameter columns p0 … p(dim−1); 0 for none. */
  readonly dim: number;
  /** A fullLoss column after gradNorm. */
  readonly fullLoss?: boolean;
  /** An evaluations column after the losses (LBFGS). */
  readonly evaluations?: boolean;
  /** Averaged-iterate columns a0 … a(dim−1) after the parameters (ASGD). */
  readonly averagedParams?: boolean;
  readonly metrics: readonly string[];
  /** Extra leading columns (e.g. run, label). */
  readonly prefixColumns?: readonly string[];
}

export function csvHeader(layout: CsvLayout): string {
  const columns = [
    ...(layout.prefixColumns ?? []),
    'step',
    'lr',
    'loss',
    'gradNorm',
    ...(layout.fullLoss ? ['fullLoss'] : []),
    ...(layout.evaluations ? ['evaluations'] : []),
    ...Array.from({ length: layout.dim }, (_, i) => `p${i}`),
    ...(layout.averagedParams ? Array.from({ length: layout.dim }, (_, i) => `a${i}`) : []),
    ...layout.metrics,
  ];
  return columns.map(csvCell).join(',');
}

/** One CSV line per record of `batch`; `prefix` fills the layout's prefix columns. Missing values are empty. */
export function csvRows(batch: RecordBatch, layout: CsvLayout, prefix: readonly string[] = []): string[] {
  const lead = prefix.map(csvCell);
  const lines: string[] = [];
  for (let i = 0; i < batch.count; i++) {
    const row = [...lead, String(batch.firstStep + i), String(batch.lr[i]), String(batch.loss[i]), String(batch.gradNorm[i])];
    if (layout.fullLoss) {
      const value = batch.fullLoss?.[i];
      row.push(value === undefined || Number.isNaN(value) ? '' : String(value));
    }
    if (layout.evaluations) row.push(batch.evaluations ? String(batch.evaluations[i]) : '');
    for (let j = 0; j < layout.dim; j++) row.push(batch.params && j < batch.dim ? String(batch.params[i * batch.dim + j]) : '');
    if (layout.averagedParams) for (let j = 0; j < layout.dim; j++) row.push(batch.averagedParams && j < batch.dim ? String(batch.averagedParams[i * batch.dim + j]) : '');
    for (const name of layout.metrics) {
      const column = batch.metrics[name];
      row.push(column ? String(column[i]) : '');
    }
    lines.push(row.join(','));
  }
  return lines;
}
