/**
 * Runs → CSV / JSON files (the panel's Export). The JSON of one run has the shape of
 * `lrlab run --format json` (objective, config, stopReason, detail, records), so exported
 * runs and CLI output can be processed by the same scripts. Pure.
 */
import type { StoredRun } from './runStore';

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function recordsOf(run: StoredRun): object[] {
  const n = run.lr.length;
  const dim = run.meta.dim;
  const lr = run.lr.view();
  const loss = run.loss.view();
  const gradNorm = run.gradNorm.view();
  const params = run.params?.view();
  const metrics = [...run.metrics].map(([name, col]) => [name, col.view()] as const);
  const out: object[] = [];
  for (let i = 0; i < n; i++) {
    const rec: Record<string, unknown> = { step: run.firstStep + i, lr: lr[i], loss: finiteOrNull(loss[i]!), gradNorm: finiteOrNull(gradNorm[i]!) };
    if (params && params.length >= (i + 1) * dim) rec.params = Array.from(params.subarray(i * dim, (i + 1) * dim));
    if (metrics.length) rec.metrics = Object.fromEntries(metrics.map(([name, values]) => [name, finiteOrNull(values[i]!)]));
    out.push(rec);
  }
  return out;
}

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
    records: recordsOf(run),
  };
}

export function runsToJson(runs: readonly StoredRun[]): string {
  return `${JSON.stringify({ runs: runs.map(runToJson) }, null, 2)}\n`;
}

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * All runs in one long table: run, label, step, lr, loss, gradNorm, one column per metric,
 * and p0…p(n−1) up to the largest dimension (empty where a run has fewer parameters).
 */
export function runsToCsv(runs: readonly StoredRun[]): string {
  const metricNames = [...new Set(runs.flatMap((r) => [...r.metrics.keys()]))];
  const maxDim = Math.max(0, ...runs.filter((r) => r.params).map((r) => r.meta.dim));
  const header = ['run', 'label', 'step', 'lr', 'loss', 'gradNorm', ...metricNames, ...Array.from({ length: maxDim }, (_, i) => `p${i}`)];
  const lines = [header.map(csvField).join(',')];
  for (const run of runs) {
    const n = run.lr.length;
    const dim = run.meta.dim;
    const lr = run.lr.view();
    const loss = run.loss.view();
    const gradNorm = run.gradNorm.view();
    const params = run.params?.view();
    const metricCols = metricNames.map((name) => run.metrics.get(name)?.view());
    for (let i = 0; i < n; i++) {
      const row = [csvField(run.meta.id), csvField(run.meta.label), String(run.firstStep + i), String(lr[i]), String(loss[i]), String(gradNorm[i])];
      for (const col of metricCols) row.push(col && Number.isFinite(col[i]!) ? String(col[i]) : '');
      for (let j = 0; j < maxDim; j++) row.push(params && j < dim && params.length >= (i + 1) * dim ? String(params[i * dim + j]) : '');
      lines.push(row.join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
