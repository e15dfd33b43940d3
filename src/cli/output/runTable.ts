/**
 * `lrlab run` (default format): what ran (objective, optimizer and its options, schedule,
 * gradient source), a table of selected steps (the first five, evenly spaced ones, the
 * last) and how the run ended. For the optimizers that set their own step size (Prodigy,
 * D-Adaptation) the lr column is the one they used, d·lr, and a line says the lr they found.
 */
import { formatDuration, formatNumber, formatVector } from '../../shared/format';
import { fallbackNote, fallbackReason, gradientName } from './gradientSource';
import { formatConfig } from './options';
import { displayPath } from './paths';
import { hasAveragedParams, hasEvaluations, hasFullLoss } from '../../core/minimize/recordsCsv';
import { optimizerDefinitions, type OptimizerType } from '../../core/optimizers';
import { locateStep, metricNames, recordedSteps, type RunReport } from './runReport';
import { renderTable } from './table';

/** Parameters are listed up to this dimension; above it the table shows ‖x‖. */
const MAX_LISTED_PARAMS = 4;
/** Metric columns shown at most. */
const MAX_METRIC_COLUMNS = 3;

/** The steps the table shows: 1…head, `middle` evenly spaced ones, and the last. */
export function selectSteps(total: number, head = 5, middle = 10): number[] {
  const steps = new Set<number>();
  for (let s = 1; s <= Math.min(head, total); s++) steps.add(s);
  if (total > head) {
    for (let k = 1; k <= middle; k++) steps.add(Math.round(head + (k * (total - head)) / (middle + 1)));
    steps.add(total);
  }
  return [...steps].filter((s) => s >= 1 && s <= total).sort((a, b) => a - b);
}

export function runTable(report: RunReport): string {
  const { header, config, outcome, batches } = report;
  const lines: string[] = [];
  if (header) {
    const o = header.objective;
    const where = `${displayPath(report.file, report.cwd)}${o.line !== undefined ? `:${o.line}` : ''}`;
    const dim = header.x0.length;
    lines.push(`${o.name}  ${where} · ${o.form} form · ${dim} parameter${dim === 1 ? '' : 's'}${o.stochastic ? ' · mini-batches' : ''} · gradient: ${gradientName(header.gradient)}`);
    const why = fallbackReason({ source: header.gradient, reason: header.gradientReason, ...(header.gradientLocation ? { location: header.gradientLocation } : {}) }, report.cwd);
    if (why !== null) lines.push(`gradient   not exact: ${why}`);
    lines.push(`optimizer  ${formatConfig(config.optimizer)}`);
    lines.push(`schedule   ${formatConfig(config.schedule)}`);
    const extras = [`${config.iterations} iterations`, `seed ${config.seed}`];
    if (config.batchSize !== null) extras.push(`batch size ${config.batchSize}`);
    if (config.clip !== null) extras.push(`clip ${'maxNorm' in config.clip ? `maxNorm=${formatNumber(config.clip.maxNorm)}` : `value=${formatNumber(config.clip.value)}`}`);
    lines.push(`run        ${extras.join(' · ')} · x0 ${dim <= MAX_LISTED_PARAMS ? formatVector(header.x0) : `(${dim} values)`}`);
    lines.push('');
  }

  const total = recordedSteps(batches);
  const miniBatch = hasFullLoss(batches);
  const setsOwnStepSize = optimizerDefinitions[config.optimizer.type as OptimizerType]?.effectiveLr !== undefined;
  if (total > 0) {
    const dim = batches[0]!.dim;
    const hasParams = batches.every((b) => b.params !== null);
    const metrics = metricNames(batches).slice(0, MAX_METRIC_COLUMNS);
    const losses = miniBatch ? ['batch loss', 'loss (all data)'] : ['loss'];
    const evaluations = hasEvaluations(batches);
    const averaged = hasParams && hasAveragedParams(batches);
    const head = [
      'step',
      setsOwnStepSize ? 'd·lr' : 'lr',
      ...losses,
      'gradNorm',
      ...(evaluations ? ['evaluations'] : []),
      ...metrics,
      ...(hasParams ? [dim <= MAX_LISTED_PARAMS ? 'params (after the step)' : '‖x‖ (after the step)'] : []),
      ...(averaged ? [dim <= MAX_LISTED_PARAMS ? 'averaged iterate' : '‖averaged‖'] : []),
    ];
    const rows: string[][] = [];
    for (const step of miniBatch ? snapToFullLoss(selectSteps(total), batches, total) : selectSteps(total)) {
      const at = locateStep(batches, step);
      if (!at) continue;
      const { batch, row } = at;
      const full = batch.fullLoss?.[row];
      const fullCell = miniBatch ? [full === undefined || Number.isNaN(full) ? '' : formatNumber(full)] : [];
      const cells = [String(step), formatNumber(batch.lr[row]!), formatNumber(batch.loss[row]!), ...fullCell, formatNumber(batch.gradNorm[row]!)];
      if (evaluations) cells.push(batch.evaluations ? String(batch.evaluations[row]) : '');
      for (const name of metrics) cells.push(batch.metrics[name] ? formatNumber(batch.metrics[name]![row]!) : '');
      for (const values of hasParams ? [batch.params, ...(averaged ? [batch.averagedParams ?? null] : [])] : []) {
        if (values === null) {
          cells.push('');
          continue;
        }
        const vector = values.subarray(row * dim, (row + 1) * dim);
        cells.push(dim <= MAX_LISTED_PARAMS ? formatVector(vector) : formatNumber(norm(vector)));
      }
      rows.push(cells);
    }
    const vectorColumns = (hasParams ? 1 : 0) + (averaged ? 1 : 0);
    lines.push(renderTable(head, rows, new Set(Array.from({ length: vectorColumns }, (_, i) => head.length - 1 - i))));
    lines.push('');
  }

  for (const fallback of report.fallbacks ?? []) lines.push(`gradient   ${fallbackNote(fallback, report.cwd)}`);
  const last = total > 0 ? locateStep(batches, total) : null;
  if (setsOwnStepSize && last) {
    lines.push(`lr found   ${formatNumber(last.batch.lr[last.row]!)}: the step size ${config.optimizer.type} used at step ${total} (d·lr, its estimate d times the schedule's lr)`);
  }
  lines.push(`stopped    ${outcome.stopReason}: ${outcome.detail}`);
  const kind = miniBatch ? ' (all data)' : '';
  const evaluated = outcome.evaluations !== undefined ? ` (${outcome.evaluations} evaluation${outcome.evaluations === 1 ? '' : 's'} of the objective)` : '';
  lines.push(`result     final loss${kind} ${formatNumber(outcome.finalLoss)} · best${kind} ${formatNumber(outcome.bestLoss)} · ${outcome.steps} step${outcome.steps === 1 ? '' : 's'}${evaluated} in ${formatDuration(outcome.wallTimeMs)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Mini-batch runs evaluate the loss on all the data only every evalEvery steps: the evenly
 * spaced rows move to the nearest step that has it, so the table shows both losses side by side.
 */
function snapToFullLoss(steps: readonly number[], batches: RunReport['batches'], total: number): number[] {
  const evaluated: number[] = [];
  for (const batch of batches) {
    for (let i = 0; i < batch.count; i++) if (!Number.isNaN(batch.fullLoss?.[i] ?? NaN)) evaluated.push(batch.firstStep + i);
  }
  if (evaluated.length === 0) return [...steps];
  const head = steps.filter((s) => s <= 5);
  const snapped = steps.filter((s) => s > 5 && s < total).map((s) => evaluated.reduce((best, e) => (Math.abs(e - s) < Math.abs(best - s) ? e : best), evaluated[0]!));
  return [...new Set([...head, ...snapped, ...(total > 5 ? [total] : [])])].sort((a, b) => a - b);
}

function norm(values: Float64Array): number {
  let scale = 0;
  for (const v of values) scale = Math.max(scale, Math.abs(v));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let sum = 0;
  for (const v of values) sum += (v / scale) ** 2;
  return scale * Math.sqrt(sum);
}
