/**
 * `lrlab run` (default format): what ran (objective, optimizer and its options, schedule,
 * gradient source), a table of selected steps (the first five, evenly spaced ones, the
 * last) and how the run ended. For the optimizers that set their own step size (Prodigy,
 * D-Adaptation) the lr column is the one they used, d·lr, and a line says the lr they found.
 * Labels and sentences are in the CLI's language (l10n), the labels padded to terminal columns;
 * option names, stop reasons and numbers are as the config and the engine spell them.
 */
import * as l10n from '@vscode/l10n';
import { localizedDetail } from '../../shared/engineText';
import { formatDuration, formatNumber, formatVector } from '../../shared/format';
import { fallbackNote, fallbackReason, gradientName } from './gradientSource';
import { formatConfig } from './options';
import { displayPath } from './paths';
import { hasAveragedParams, hasEvaluations, hasFullLoss } from '../../core/minimize/recordsCsv';
import { optimizerDefinitions, type OptimizerType } from '../../core/optimizers';
import { locateStep, metricNames, recordedSteps, type RunReport } from './runReport';
import { labelledLine, renderTable } from './table';

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

/** The report's line labels (functions: l10n is configured after the modules load). */
const LABEL = {
  gradient: () => l10n.t('gradient'),
  optimizer: () => l10n.t('optimizer'),
  schedule: () => l10n.t('schedule'),
  run: () => l10n.t('run'),
  lrFound: () => l10n.t('lr found'),
  stopped: () => l10n.t('stopped'),
  result: () => l10n.t('result'),
} as const;

/** A report line: its label padded so the values start in one column (11, as the English labels have it). */
function labelled(label: string, value: string): string {
  return labelledLine(label, value, Object.values(LABEL).map((l) => l()), 11);
}

function formText(form: string): string {
  return form === 'function' ? l10n.t('function form') : form === 'object' ? l10n.t('object form') : form;
}

function stepsText(steps: number): string {
  return steps === 1 ? l10n.t('1 step') : l10n.t('{0} steps', steps);
}

/** "3 steps (12 evaluations of the objective) in 1.2 ms". */
function stepsIn(steps: number, evaluations: number | undefined, duration: string): string {
  if (evaluations === undefined) return l10n.t('{0} in {1}', stepsText(steps), duration);
  const evaluated = evaluations === 1 ? l10n.t('1 evaluation of the objective') : l10n.t('{0} evaluations of the objective', evaluations);
  return l10n.t('{0} ({1}) in {2}', stepsText(steps), evaluated, duration);
}

export function runTable(report: RunReport): string {
  const { header, config, outcome, batches } = report;
  const lines: string[] = [];
  if (header) {
    const o = header.objective;
    const where = `${displayPath(report.file, report.cwd)}${o.line !== undefined ? `:${o.line}` : ''}`;
    const dim = header.x0.length;
    const about = [formText(o.form), dim === 1 ? l10n.t('1 parameter') : l10n.t('{0} parameters', dim), ...(o.stochastic ? [l10n.t('mini-batches')] : []), l10n.t('gradient: {0}', gradientName(header.gradient))];
    lines.push(`${o.name}  ${where} · ${about.join(' · ')}`);
    const why = fallbackReason({ source: header.gradient, reason: header.gradientReason, ...(header.gradientReasonText ? { reasonText: header.gradientReasonText } : {}), ...(header.gradientLocation ? { location: header.gradientLocation } : {}) }, report.cwd);
    if (why !== null) lines.push(labelled(LABEL.gradient(), l10n.t('not exact: {0}', why)));
    lines.push(labelled(LABEL.optimizer(), formatConfig(config.optimizer)));
    lines.push(labelled(LABEL.schedule(), formatConfig(config.schedule)));
    const extras = [l10n.t('{0} iterations', config.iterations), l10n.t('seed {0}', config.seed)];
    if (config.batchSize !== null) extras.push(l10n.t('batch size {0}', config.batchSize));
    if (config.clip !== null) extras.push(l10n.t('clip {0}', 'maxNorm' in config.clip ? `maxNorm=${formatNumber(config.clip.maxNorm)}` : `value=${formatNumber(config.clip.value)}`));
    const x0 = dim <= MAX_LISTED_PARAMS ? formatVector(header.x0) : l10n.t('({0} values)', dim);
    lines.push(labelled(LABEL.run(), `${extras.join(' · ')} · x0 ${x0}`));
    lines.push('');
  }

  const total = recordedSteps(batches);
  const miniBatch = hasFullLoss(batches);
  const setsOwnStepSize = optimizerDefinitions[config.optimizer.type as OptimizerType]?.effectiveLr !== undefined;
  if (total > 0) {
    const dim = batches[0]!.dim;
    const hasParams = batches.every((b) => b.params !== null);
    const metrics = metricNames(batches).slice(0, MAX_METRIC_COLUMNS);
    const losses = miniBatch ? [l10n.t('batch loss'), l10n.t('loss (all data)')] : [l10n.t('loss')];
    const evaluations = hasEvaluations(batches);
    const averaged = hasParams && hasAveragedParams(batches);
    const head = [
      l10n.t('step'),
      // The records' field names (JSON, CSV) in English; their words in another language.
      setsOwnStepSize ? l10n.t('d·lr') : l10n.t('lr'),
      ...losses,
      l10n.t('gradNorm'),
      ...(evaluations ? [l10n.t('evaluations')] : []),
      ...metrics,
      ...(hasParams ? [dim <= MAX_LISTED_PARAMS ? l10n.t('params (after the step)') : l10n.t('‖x‖ (after the step)')] : []),
      ...(averaged ? [dim <= MAX_LISTED_PARAMS ? l10n.t('averaged iterate') : l10n.t('‖averaged‖')] : []),
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

  for (const fallback of report.fallbacks ?? []) lines.push(labelled(LABEL.gradient(), fallbackNote(fallback, report.cwd)));
  const last = total > 0 ? locateStep(batches, total) : null;
  if (setsOwnStepSize && last) {
    const found = l10n.t("{0}: the step size {1} used at step {2} (d·lr, its estimate d times the schedule's lr)", formatNumber(last.batch.lr[last.row]!), config.optimizer.type, total);
    lines.push(labelled(LABEL.lrFound(), found));
  }
  lines.push(labelled(LABEL.stopped(), `${outcome.stopReason}: ${localizedDetail(outcome.detail, outcome.detailText, outcome.error)}`));
  const final = formatNumber(outcome.finalLoss);
  const best = formatNumber(outcome.bestLoss);
  const losses = miniBatch ? [l10n.t('final loss (all data) {0}', final), l10n.t('best (all data) {0}', best)] : [l10n.t('final loss {0}', final), l10n.t('best {0}', best)];
  lines.push(labelled(LABEL.result(), [...losses, stepsIn(outcome.steps, outcome.evaluations, formatDuration(outcome.wallTimeMs))].join(' · ')));
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
