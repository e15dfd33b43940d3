/**
 * Runs → CSV / JSON files (the panel's Export), written by the same code as the CLI's output:
 * the JSON of one run has the shape of `lrlab run --format json` (objective, config,
 * stopReason, detail, summary, records) and the CSV the columns of `lrlab run --format csv`,
 * with the run's id and label in front. Pure.
 */
import { toRecords } from '../../core/minimize/records';
import { csvHeader, csvRows, metricNames } from '../../core/minimize/recordsCsv';
import { toBatch, type StoredRun } from './runStore';

/** One run in the `lrlab run --format json` shape. */
export function runToJson(run: StoredRun): object {
  return {
    objective: run.meta.objective.name,
    file: run.meta.objective.file,
    label: run.meta.label,
    config: run.meta.config,
    gradient: run.meta.gradient,
    stopReason: run.outcome?.stopReason ?? 'running',
    detail: run.outcome?.detail ?? '',
    summary: run.outcome ? { steps: run.outcome.steps, finalLoss: run.outcome.finalLoss, bestLoss: run.outcome.bestLoss, wallTimeMs: run.outcome.wallTimeMs } : null,
    ...(run.outcome?.error ? { error: run.outcome.error } : {}),
    records: toRecords(toBatch(run)),
  };
}

export function runsToJson(runs: readonly StoredRun[]): string {
  return `${JSON.stringify({ runs: runs.map(runToJson) }, null, 2)}\n`;
}

/** All runs in one long table: run, label, then the CLI's columns (parameters up to the largest dimension). */
export function runsToCsv(runs: readonly StoredRun[]): string {
  const batches = runs.map(toBatch);
  const dim = Math.max(0, ...batches.filter((b) => b.params).map((b) => b.dim));
  const layout = { dim, metrics: metricNames(batches), prefixColumns: ['run', 'label'] };
  const lines = [csvHeader(layout), ...batches.flatMap((batch, i) => csvRows(batch, layout, [runs[i]!.meta.id, runs[i]!.meta.label]))];
  return `${lines.join('\n')}\n`;
}
