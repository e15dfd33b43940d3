/**
 * `lrlab run --format csv`: a header `step,lr,loss,gradNorm,p0,p1,…,<metric>,…` and one row
 * per step; numbers in full precision (NaN and ±Infinity as such).
 */
import { metricNames, type RunReport } from './runReport';

function cell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function runCsv(report: RunReport): string {
  const { batches } = report;
  const dim = report.header?.x0.length ?? batches[0]?.dim ?? 0;
  const withParams = batches.length === 0 ? report.config.recordParams : batches.every((b) => b.params !== null);
  const metrics = metricNames(batches);
  const columns = ['step', 'lr', 'loss', 'gradNorm', ...(withParams ? Array.from({ length: dim }, (_, i) => `p${i}`) : []), ...metrics];
  const lines = [columns.map(cell).join(',')];
  for (const batch of batches) {
    for (let i = 0; i < batch.count; i++) {
      const row: string[] = [String(batch.firstStep + i), String(batch.lr[i]), String(batch.loss[i]), String(batch.gradNorm[i])];
      if (withParams && batch.params) for (let j = 0; j < batch.dim; j++) row.push(String(batch.params[i * batch.dim + j]));
      for (const name of metrics) {
        const column = batch.metrics[name];
        row.push(column ? String(column[i]) : '');
      }
      lines.push(row.join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
