/**
 * The sweep's axes from flags: `--lr a:b:n | list`, `--optimizer sgd,adam`, `--schedule
 * constant,cosine`, `--seed 0,1,2`, and `--set` routed to where it belongs:
 *   --set momentum=0.9            an option of every swept optimizer that has it
 *   --set sgd.momentum=0.9        of that optimizer only (a swept optimizer's name first)
 *   --set schedule.tMax=50        of every swept schedule that has it
 *   --set cosine.etaMin=1e-4      of that schedule only
 *   --set tolerance.gradNorm=1e-6 a run option (as in lrlab run)
 * A `--set` that reaches no swept optimizer or schedule is a usage error that says so.
 */
import * as l10n from '@vscode/l10n';
import { optimizerDefinitions, type OptimizerType } from '../core/optimizers';
import { scheduleDefinitions, type ScheduleType } from '../core/schedules';
import type { RawTyped } from '../core/sweep';
import { usageError } from './args';
import { applySet, parseSetValue } from './configFlags';

const RUN_KEYS = new Set(['iterations', 'tolerance', 'clip', 'batchSize', 'x0', 'gradient', 'divergenceFactor', 'recordParams']);

/** Names separated by commas, each a known optimizer or schedule. */
export function typeList(flag: string, text: string, known: readonly string[]): string[] {
  const names = text.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!known.includes(name)) throw usageError(l10n.t('--{0} {1} is not one of {2}', flag, JSON.stringify(name), known.join(', ')));
  }
  if (new Set(names).size !== names.length) throw usageError(l10n.t('--{0} lists a name twice: {1}', flag, text));
  return names;
}

function optionNames(kind: 'optimizer' | 'schedule', type: string): string[] {
  const definition = kind === 'optimizer' ? optimizerDefinitions[type as OptimizerType] : scheduleDefinitions[type as ScheduleType];
  return Object.keys(definition?.options ?? {});
}

/** Apply the `--set` assignments to the swept configs and the base run config (in place). */
export function routeSweepSets(assignments: readonly string[], optimizers: Array<Record<string, unknown> & RawTyped>, schedules: Array<Record<string, unknown> & RawTyped>, base: Record<string, unknown>): void {
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw usageError(l10n.t('--set needs NAME=VALUE (got {0})', JSON.stringify(assignment)));
    const path = assignment.slice(0, eq).trim();
    const value = parseSetValue(assignment.slice(eq + 1));
    const [head, ...rest] = path.split('.');
    if (RUN_KEYS.has(head!)) {
      applySet(base, assignment, 'optimizer');
      continue;
    }
    const targeted = (configs: Array<Record<string, unknown> & RawTyped>, kind: 'optimizer' | 'schedule', name: string, option: string): number => {
      let reached = 0;
      for (const config of configs) {
        if (name !== '*' && config.type !== name) continue;
        if (!optionNames(kind, config.type).includes(option)) {
          if (name !== '*') {
            const options = optionNames(kind, config.type).join(', ');
            throw usageError(kind === 'optimizer' ? l10n.t('--set {0}: optimizer {1} has no option "{2}"; its options: {3}', assignment, config.type, option, options) : l10n.t('--set {0}: schedule {1} has no option "{2}"; its options: {3}', assignment, config.type, option, options));
          }
          continue;
        }
        config[option] = value;
        reached++;
      }
      return reached;
    };
    let reached: number;
    if (rest.length === 0) reached = targeted(optimizers, 'optimizer', '*', head!);
    else if (head === 'schedule' && rest.length === 1) reached = targeted(schedules, 'schedule', '*', rest[0]!);
    else if (rest.length === 1 && optimizers.some((o) => o.type === head)) reached = targeted(optimizers, 'optimizer', head!, rest[0]!);
    else if (rest.length === 1 && schedules.some((s) => s.type === head)) reached = targeted(schedules, 'schedule', head!, rest[0]!);
    else throw usageError(l10n.t('--set {0}: {1} is not a swept optimizer or schedule, "schedule" or a run option', assignment, JSON.stringify(head)));
    if (reached === 0) {
      const option = rest[0] ?? head!;
      throw usageError(rest.length === 0 ? l10n.t('--set {0}: no swept optimizer has an option "{1}"', assignment, option) : l10n.t('--set {0}: no swept schedule has an option "{1}"', assignment, option));
    }
  }
}
