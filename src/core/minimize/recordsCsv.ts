/**
 * Records as CSV: `step,lr,loss,gradNorm,p0,…,<metric>,…`, one row per step, numbers in full
 * precision. Shared by `lrlab run --format csv` and the panel's CSV export (which adds
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

export interface CsvLayout {
  /** Parameter columns p0 … p(dim−1); 0 for none. */
  readonly dim: number;
  readonly metrics: readonly string[];
  /** Extra leading columns (e.g. run, label). */
  readonly prefixColumns?: readonly string[];
}

export function csvHeader(layout: CsvLayout): string {
  const columns = [...(layout.prefixColumns ?? []), 'step', 'lr', 'loss', 'gradNorm', ...Array.from({ length: layout.dim }, (_, i) => `p${i}`), ...layout.metrics];
  return columns.map(csvCell).join(',');
}

/** One CSV line per record of `batch`; `prefix` fills the layout's prefix columns. Missing values are empty. */
export function csvRows(batch: RecordBatch, layout: CsvLayout, prefix: readonly string[] = []): string[] {
  const lead = prefix.map(csvCell);
  const lines: string[] = [];
  for (let i = 0; i < batch.count; i++) {
    const row = [...lead, String(batch.firstStep + i), String(batch.lr[i]), String(batch.loss[i]), String(batch.gradNorm[i])];
    for (let j = 0; j < layout.dim; j++) row.push(batch.params && j < batch.dim ? String(batch.params[i * batch.dim + j]) : '');
    for (const name of layout.metrics) {
      const column = batch.metrics[name];
      row.push(column ? String(column[i]) : '');
    }
    lines.push(row.join(','));
  }
  return lines;
}
