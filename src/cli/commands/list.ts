/** `lrlab list FILE.ts`: the objectives FILE.ts exports (the table in the CLI's language; json is data). */
import * as l10n from '@vscode/l10n';
import { listObjectives } from '../../core/loader';
import { EXIT } from '../exitCodes';
import type { CliIO } from '../io';
import { startFileCommand } from './fileCommand';
import { displayPath } from '../output/paths';
import { renderTable } from '../output/table';
import { choiceData, fallbackReason } from '../output/gradientSource';
import { REPORT_FLAGS } from '../flagSets';
import { limitFlags } from './run';

const LIST_OPTIONS = REPORT_FLAGS;

export async function listCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = startFileCommand('list', args, LIST_OPTIONS, io, ['table', 'json']);
  if (parsed === null) return EXIT.ok;
  const { values, file, format } = parsed;
  const objectives = await listObjectives(file, { limits: limitFlags(values) });
  if (format === 'json') {
    const data = objectives.map((o) => (o.gradient ? { ...o, gradient: choiceData(o.gradient) } : o));
    io.out(`${JSON.stringify({ file, objectives: data }, null, 2)}\n`);
    return EXIT.ok;
  }
  if (objectives.length === 0) {
    io.out(`${l10n.t('{0} exports no objective', displayPath(file, io.cwd))}\n`);
    return EXIT.ok;
  }
  const yesNo = (b: boolean): string => (b ? l10n.t('yes') : l10n.t('no'));
  const form = (f: string): string => (f === 'function' ? l10n.t('function') : f === 'object' ? l10n.t('object') : f);
  const source = (o: (typeof objectives)[number]): string => o.gradient?.source ?? (o.hasGradient ? 'user' : 'numeric');
  const rows = objectives.map((o) => [o.name, form(o.form), o.dim === null ? '?' : String(o.dim), source(o), yesNo(o.stochastic), yesNo(o.hasMetrics), o.line !== undefined ? String(o.line) : '']);
  io.out(`${renderTable([l10n.t('name'), l10n.t('form'), l10n.t('dimension'), l10n.t('gradient'), l10n.t('stochastic'), l10n.t('metrics'), l10n.t('line')], rows, new Set([0, 1, 3, 4, 5]))}\n`);
  if (objectives.some((o) => o.dim === null && o.form === 'function')) io.out(`${l10n.t('? = no @x0 tag: give the starting point with --x0')}\n`);
  for (const o of objectives) {
    const why = o.gradient ? fallbackReason(o.gradient, io.cwd) : null;
    if (why !== null) io.out(`${l10n.t('{0}: numeric because {1}', o.name, why)}\n`);
  }
  return EXIT.ok;
}
