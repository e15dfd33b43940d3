/**
 * `lrlab run --format json`: one document
 *   { objective, config (resolved), stopReason, detail,
 *     summary: { finalLoss, bestLoss, steps, evaluations? (LBFGS), finalAveragedParams? (ASGD), wallTimeMs },
 *     error?, errors?, typeErrors?,
 *     records: [ { step, lr, loss, gradNorm, fullLoss?, evaluations?, params, averagedParams?, metrics? }, … ] }
 * `typeErrors` (the file's TypeScript errors, each { code, message, location }) only when it
 * has some.
 * `objective` is { name, file, form, dim, gradient ('user' | 'numeric'), hasGradient,
 * stochastic, hasMetrics, x0 } once the objective was loaded, else { name (null: the
 * file's only one), file }. Numbers that are not finite (a NaN final loss) are null.
 */
import { toRecords } from '../../core/minimize/records';
import type { RunReport } from './runReport';

export function runJson(report: RunReport): string {
  const { header, outcome } = report;
  const objective = header
    ? { ...header.objective, file: report.file, gradient: header.gradient, x0: header.x0 }
    : { name: report.requested, file: report.file };
  const records = report.batches.flatMap((batch) => toRecords(batch));
  const document = {
    objective,
    config: report.config,
    stopReason: outcome.stopReason,
    detail: outcome.detail,
    summary: {
      finalLoss: outcome.finalLoss,
      bestLoss: outcome.bestLoss,
      steps: outcome.steps,
      ...(outcome.evaluations !== undefined ? { evaluations: outcome.evaluations } : {}),
      ...(outcome.finalAveragedParams !== undefined ? { finalAveragedParams: outcome.finalAveragedParams } : {}),
      wallTimeMs: outcome.wallTimeMs,
    },
    ...(outcome.error ? { error: outcome.error } : {}),
    ...(outcome.errors ? { errors: outcome.errors } : {}),
    ...(report.typeErrors && report.typeErrors.length > 0 ? { typeErrors: report.typeErrors } : {}),
    records,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
