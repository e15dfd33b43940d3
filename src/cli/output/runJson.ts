/** `lrlab run --format json`: the run's document (core/minimize/runDocument.ts says its shape). */
import { runDocument } from '../../core/minimize/runDocument';
import type { RunReport } from './runReport';

export function runJson(report: RunReport): string {
  const { header } = report;
  const document = runDocument({
    objective: header ? { loaded: true, info: header.objective, file: report.file, gradient: header.gradient, x0: header.x0 } : { loaded: false, name: report.requested, file: report.file },
    config: report.config,
    outcome: report.outcome,
    batches: report.batches,
    ...(report.typeErrors ? { typeErrors: report.typeErrors } : {}),
  });
  return `${JSON.stringify(document, null, 2)}\n`;
}
