/**
 * `lrlab find-lr` output. json: {config, lrs, losses, smoothed, evaluations?, lrsUsed?, stopReason,
 * detail, suggestions: {valley, steep, minimum}, error?} with one entry per step taken (numbers that
 * are not finite are null; a suggestion the curve is too short for is null); evaluations (L-BFGS):
 * the objective's evaluations so far after each step; lrsUsed (Prodigy, D-Adaptation): d·lr, the
 * lr each step used, where lrs ramps the multiplier of d. csv: step,lr,loss,smoothed[,evaluations][,lrUsed].
 * table: what ran, selected steps, why it stopped, the suggestions and a run to try — in the CLI's
 * language (labels padded to terminal columns; names of rules, options and stop reasons as they are).
 */
import * as l10n from '@vscode/l10n';
import { localizedDetail } from '../../shared/engineText';
import type { FinderResult } from '../../core/finder';
import { runCommandLine } from '../../core/runSet';
import { resolveRunConfig } from '../../core/minimize/config';
import { formatNumber } from '../../shared/format';
import { formatConfig } from './options';
import { displayPath } from './paths';
import { selectSteps } from './runTable';
import { labelledLine, renderTable } from './table';

export function findLrJson(result: FinderResult): string {
  const document = {
    config: result.config,
    lrs: result.lrs,
    losses: result.losses,
    smoothed: result.smoothed,
    ...(result.evaluations ? { evaluations: result.evaluations } : {}),
    ...(result.lrsUsed ? { lrsUsed: result.lrsUsed } : {}),
    stopReason: result.stopReason,
    detail: result.detail,
    suggestions: { valley: result.suggestions.valley?.lr ?? null, steep: result.suggestions.steep?.lr ?? null, minimum: result.suggestions.minimum?.lr ?? null },
    ...(result.error ? { error: result.error } : {}),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function findLrCsv(result: FinderResult): string {
  const { evaluations, lrsUsed } = result;
  const rows = result.lrs.map((lr, i) => `${i + 1},${lr},${result.losses[i]},${result.smoothed[i]}${evaluations ? `,${evaluations[i]}` : ''}${lrsUsed ? `,${lrsUsed[i]}` : ''}`);
  return `step,lr,loss,smoothed${evaluations ? ',evaluations' : ''}${lrsUsed ? ',lrUsed' : ''}\n${rows.map((r) => `${r}\n`).join('')}`;
}

/** A suggestion as a person would type it: 3 significant digits (the suggestions are not that precise). */
export function roundedLr(lr: number): number {
  return Number(lr.toPrecision(3));
}

/** What each suggestion rule picks (the panel's finder says the same). */
const RULE_NOTES = {
  valley: () => l10n.t('fastai’s default: the longest fall of the smoothed loss, a third plus a sixth along it'),
  steep: () => l10n.t('where the smoothed loss falls fastest per unit of log lr'),
  minimum: () => l10n.t('the lr of the lowest smoothed loss ÷ 10'),
} as const;

/** The table's line labels: the test's name, a note, why it stopped, the rules, the run to try. */
const LABEL = {
  test: () => l10n.t('lr range test'),
  note: () => l10n.t('note'),
  stopped: () => l10n.t('stopped'),
  try: () => l10n.t('try'),
} as const;

/** A line: its label padded so the values start in one column (15, as the English labels have it). */
function labelled(label: string, value: string): string {
  return labelledLine(label, value, Object.values(LABEL).map((l) => l()), 15);
}

export function findLrTable(result: FinderResult, file: string, cwd: string, objective: string | null = null): string {
  const { config } = result;
  const { lr: _ramped, ...options } = config.optimizer;
  const ramp = l10n.t('lr {0} → {1} over {2} steps (exponential), seed {3}', formatNumber(config.startLr), formatNumber(config.endLr), config.numIt, config.seed);
  const lines = [
    labelled(LABEL.test(), `${displayPath(file, cwd)} · ${formatConfig(options as typeof config.optimizer)} · ${ramp}`),
    ...(result.lrsUsed ? [labelled(LABEL.note(), l10n.t('{0} estimates its own step size d and lr multiplies it (1 by default): this ramps the multiplier; d·lr is what each step used', config.optimizer.type))] : []),
    '',
  ];
  const steps = result.lrs.length;
  if (steps > 0) {
    const { evaluations, lrsUsed } = result;
    const rows = selectSteps(steps).map((s) => [
      String(s),
      formatNumber(result.lrs[s - 1]!),
      ...(lrsUsed ? [formatNumber(lrsUsed[s - 1]!)] : []),
      formatNumber(result.losses[s - 1]!),
      formatNumber(result.smoothed[s - 1]!),
      ...(evaluations ? [String(evaluations[s - 1])] : []),
    ]);
    lines.push(renderTable([l10n.t('step'), l10n.t('lr'), ...(lrsUsed ? [l10n.t('d·lr')] : []), l10n.t('loss'), l10n.t('smoothed'), ...(evaluations ? [l10n.t('evaluations')] : [])], rows), '');
  }
  const detail = localizedDetail(result.detail, result.detailText, result.error);
  const evaluations = result.evaluations && steps > 0 ? result.evaluations[steps - 1]! : undefined;
  const stopped =
    evaluations === undefined
      ? `${result.stopReason}: ${detail}`
      : steps === 1
        ? l10n.t('{0}: {1} (1 step, {2} evaluations of the objective)', result.stopReason, detail, evaluations)
        : l10n.t('{0}: {1} ({2} steps, {3} evaluations of the objective)', result.stopReason, detail, steps, evaluations);
  lines.push(labelled(LABEL.stopped(), stopped));
  // A range test that failed before its first step has no curve: rules saying it is too short would only bury the error.
  const rules = steps === 0 && result.stopReason === 'error' ? [] : (['valley', 'steep', 'minimum'] as const);
  for (const rule of rules) {
    const s = result.suggestions[rule];
    const value = s ? formatNumber(s.lr) : '—';
    lines.push(labelled(rule, `${value.padEnd(13)}${s ? RULE_NOTES[rule]() : l10n.t('the curve is too short (the first tenth and the last 5 steps are dropped)')}`));
  }
  const valley = result.suggestions.valley;
  if (valley) {
    const next = resolveRunConfig({ optimizer: { ...config.optimizer, lr: roundedLr(valley.lr) }, seed: config.seed, x0: config.x0, batchSize: config.batchSize, gradient: config.gradient });
    lines.push('', labelled(LABEL.try(), l10n.t('{0}   (valley, 3 digits)', runCommandLine(displayPath(file, cwd), objective, next))));
  }
  return `${lines.join('\n')}\n`;
}
