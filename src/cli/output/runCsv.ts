/**
 * `lrlab run --format csv`: a header `step,lr,loss,gradNorm[,fullLoss][,evaluations],p0,p1,…[,a0,…],<metric>,…`
 * and one row per step; numbers in full precision (NaN and ±Infinity as such).
 */
import { csvHeader, csvRows, hasAveragedParams, hasEvaluations, hasFullLoss, metricNames } from '../../core/minimize/recordsCsv';
import type { RunReport } from './runReport';

export function runCsv(report: RunReport): string {
  const { batches } = report;
  const dim = report.header?.x0.length ?? batches[0]?.dim ?? 0;
  const withParams = batches.length === 0 ? report.config.recordParams : batches.every((b) => b.params !== null);
  const layout = {
    dim: withParams ? dim : 0,
    fullLoss: hasFullLoss(batches),
    evaluations: hasEvaluations(batches),
    averagedParams: withParams && hasAveragedParams(batches),
    metrics: metricNames(batches),
  };
  const lines = [csvHeader(layout), ...batches.flatMap((batch) => csvRows(batch, layout))];
  return `${lines.join('\n')}\n`;
}
