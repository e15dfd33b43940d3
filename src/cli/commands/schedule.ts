/**
 * `lrlab schedule`: the learning rate of every step of a schedule, without running anything.
 * lrs[i] is the lr of step i + 1. A plateau schedule needs --metrics (metrics[i] is the loss
 * reported after step i + 1); lossBased / gradientBased need --losses / --grad-norms (measured
 * where step i + 1 starts).
 */
import * as l10n from '@vscode/l10n';
import type { Observation } from '../../core/schedules';
import { createSchedule, previewSchedule, resolveScheduleConfig, usesObservation } from '../../core/schedules';
import { choiceFlag, numberFlag, numberListFlag, parseCommand, usageError } from '../args';
import { applySet, readJsonObject } from '../configFlags';
import { EXIT } from '../exitCodes';
import type { CliIO } from '../io';
import { formatNumber, REPORT_NUMBER } from '../../shared/format';
import { checkOutPath, writeOut } from '../output/outFile';
import { renderTable } from '../output/table';
import { commandHelp } from './help';

const SCHEDULE_OPTIONS = {
  config: { type: 'string' },
  schedule: { type: 'string' },
  set: { type: 'string', multiple: true },
  lr: { type: 'string' },
  steps: { type: 'string' },
  metrics: { type: 'string' },
  losses: { type: 'string' },
  'grad-norms': { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function scheduleCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand('schedule', args, SCHEDULE_OPTIONS);
  if (values.help) {
    io.out(commandHelp('schedule'));
    return EXIT.ok;
  }
  if (positionals.length > 0) throw usageError(l10n.t('lrlab schedule takes no file (got {0}); give --schedule TYPE or --config SCHEDULE.json', positionals.join(' ')));
  if (values.config === undefined && values.schedule === undefined) throw usageError(l10n.t('lrlab schedule needs --schedule TYPE or --config SCHEDULE.json (see lrlab help schedule)'));
  if (values.lr === undefined) throw usageError(l10n.t('lrlab schedule needs --lr BASE, the base learning rate'));
  if (values.steps === undefined) throw usageError(l10n.t('lrlab schedule needs --steps N, the number of optimizer steps'));
  const format = choiceFlag('format', values.format ?? 'json', ['json', 'table', 'csv'] as const);
  const out = values.out !== undefined ? checkOutPath(values.out, io.cwd) : undefined;
  const baseLr = numberFlag('lr', values.lr, { positive: true });
  const steps = numberFlag('steps', values.steps, { integer: true, positive: true });

  let raw: Record<string, unknown> = values.config !== undefined ? readJsonObject(values.config, io.cwd) : {};
  // A run config (RUN.json) works too: its schedule section.
  if (raw.type === undefined && raw.schedule !== null && typeof raw.schedule === 'object' && !Array.isArray(raw.schedule)) raw = { ...(raw.schedule as Record<string, unknown>) };
  if (values.schedule !== undefined && raw.type !== values.schedule) raw = { type: values.schedule };
  for (const assignment of values.set ?? []) applySet(raw, assignment, null);
  const config = resolveScheduleConfig(raw, { baseLr, totalSteps: steps });

  const metrics = values.metrics !== undefined ? numberListFlag('metrics', values.metrics) : undefined;
  const losses = values.losses !== undefined ? numberListFlag('losses', values.losses) : undefined;
  const gradNorms = values['grad-norms'] !== undefined ? numberListFlag('grad-norms', values['grad-norms']) : undefined;
  const observations: Observation[] | undefined =
    losses || gradNorms ? Array.from({ length: Math.max(losses?.length ?? 0, gradNorms?.length ?? 0) }, (_, i) => ({ loss: losses?.[i] ?? NaN, gradNorm: gradNorms?.[i] ?? NaN })) : undefined;
  if (createSchedule(config, baseLr).dependsOn === 'metric' && (metrics?.length ?? 0) < steps) {
    throw usageError(l10n.t('schedule {0} changes the lr from the loss reported after each step (ReduceLROnPlateau.step(loss)): give --metrics with {1} values, metrics[i] being the loss after step i+1 (got {2})', config.type, steps, metrics?.length ?? 0));
  }
  if (usesObservation(config) && (observations?.length ?? 0) < steps) {
    throw usageError(l10n.t('schedule {0} reads the loss / gradient norm where each step starts: give --losses (lossBased) or --grad-norms (gradientBased) with {1} values (got {2})', config.type, steps, observations?.length ?? 0));
  }
  const lrs = previewSchedule(config, baseLr, steps, metrics, observations);

  let text: string;
  if (format === 'json') text = `${JSON.stringify({ schedule: config, lr: baseLr, steps, lrs }, null, 2)}\n`;
  else if (format === 'csv') text = `step,lr\n${lrs.map((lr, i) => `${i + 1},${lr}`).join('\n')}\n`;
  else text = `${renderTable([l10n.t('step'), l10n.t('lr')], lrs.map((lr, i) => [String(i + 1), formatNumber(lr, REPORT_NUMBER, 10)]))}\n`;
  if (out === undefined) io.out(text);
  else if (!writeOut(io, values.out!, out, text, format, steps === 1 ? l10n.t('1 step') : l10n.t('{0} steps', steps))) return EXIT.error;
  return EXIT.ok;
}
