/** `lrlab run --format json`: the run's document (core/minimize/runDocument.ts says its shape). */
import { runDocument } from '../../core/minimize/runDocument';
import type { RunReport } from './runReport';

/** The document of a run as `lrlab run --format json` prints it (also each entry of `lrlab run --runs … --format json`). */
export function runReportDocument(report: RunReport): ReturnType<typeof runDocument> {
  const { header } = report;
  return runDocument({
    objective: header
      ? { loaded: true, info: header.objective, file: report.file, gradient: header.gradient, gradientReason: header.gradientReason, ...(header.gradientLocation ? { gradientLocation: header.gradientLocation } : {}), x0: header.x0 }
      : { loaded: false, name: report.requested, file: report.file },
    config: report.config,
    outcome: report.outcome,
    batches: report.batches,
    ...(report.typeErrors ? { typeErrors: report.typeErrors } : {}),
    ...(report.fallbacks ? { gradientFallbacks: report.fallbacks } : {}),
  });
}

export function runJson(report: RunReport): string {
  return `${JSON.stringify(runReportDocument(report), null, 2)}\n`;
}
