/**
 * `lrlab find-lr` output. json: {config, lrs, losses, smoothed, evaluations?, lrsUsed?, stopReason,
 * detail, suggestions: {valley, steep, minimum}, error?} with one entry per step taken (numbers that
 * are not finite are null; a suggestion the curve is too short for is null); evaluations (L-BFGS):
 * the objective's evaluations so far after each step; lrsUsed (Prodigy, D-Adaptation): d·lr, the
 * lr each step used, where lrs ramps the multiplier of d. csv: step,lr,loss,smoothed[,evaluations][,lrUsed].
 * table: what ran, selected steps, why it stopped, the suggestions and a run to try.
 */
import type { FinderResult } from '../../core/finder';
import { runCommandLine } from '../../core/runSet';
import { resolveRunConfig } from '../../core/minimize/config';
import { formatNumber } from '../../shared/format';
import { formatConfig } from './options';
import { displayPath } from './paths';
import { selectSteps } from './runTable';
import { renderTable } from './table';

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

const RULE_NOTES = {
  valley: 'the longest fall of the smoothed loss, a third plus a sixth along it (fastai’s default)',
  steep: 'where the smoothed loss falls fastest per unit of log lr',
  minimum: 'the lr of the lowest smoothed loss ÷ 10',
} as const;

export function findLrTable(result: FinderResult, file: string, cwd: string, objective: string | null = null): string {
  const { config } = result;
  const { lr: _ramped, ...options } = config.optimizer;
  const lines = [
    `lr range test  ${displayPath(file, cwd)} · ${formatConfig(options as typeof config.optimizer)} · lr ${formatNumber(config.startLr)} → ${formatNumber(config.endLr)} over ${config.numIt} steps (exponential), seed ${config.seed}`,
    ...(result.lrsUsed ? [`note           ${config.optimizer.type} estimates its own step size d and lr multiplies it (1 by default): this ramps the multiplier; d·lr is what each step used`] : []),
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
    lines.push(renderTable(['step', 'lr', ...(lrsUsed ? ['d·lr'] : []), 'loss', 'smoothed', ...(evaluations ? ['evaluations'] : [])], rows), '');
  }
  const evaluated = result.evaluations && steps > 0 ? ` (${steps} step${steps === 1 ? '' : 's'}, ${result.evaluations[steps - 1]} evaluations of the objective)` : '';
  lines.push(`stopped        ${result.stopReason}: ${result.detail}${evaluated}`);
  for (const rule of ['valley', 'steep', 'minimum'] as const) {
    const s = result.suggestions[rule];
    lines.push(`${rule.padEnd(15)}${(s ? formatNumber(s.lr) : '—').padEnd(13)}${s ? RULE_NOTES[rule] : 'the curve is too short (the first tenth and the last 5 steps are dropped)'}`);
  }
  const valley = result.suggestions.valley;
  if (valley) {
    const next = resolveRunConfig({ optimizer: { ...config.optimizer, lr: roundedLr(valley.lr) }, seed: config.seed, x0: config.x0, batchSize: config.batchSize, gradient: config.gradient });
    lines.push('', `try            ${runCommandLine(displayPath(file, cwd), objective, next)}   (valley, 3 digits)`);
  }
  return `${lines.join('\n')}\n`;
}
