/** `lrlab list FILE.ts`: the objectives FILE.ts exports. */
import { listObjectives } from '../../core/loader';
import { EXIT } from '../exitCodes';
import type { CliIO } from '../io';
import { startFileCommand } from './fileCommand';
import { displayPath } from '../output/paths';
import { renderTable } from '../output/table';
import { fallbackReason } from '../output/gradientSource';
import { REPORT_FLAGS } from '../flagSets';
import { limitFlags } from './run';

const LIST_OPTIONS = REPORT_FLAGS;

export async function listCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = startFileCommand('list', args, LIST_OPTIONS, io, ['table', 'json']);
  if (parsed === null) return EXIT.ok;
  const { values, file, format } = parsed;
  const objectives = await listObjectives(file, { limits: limitFlags(values) });
  if (format === 'json') {
    io.out(`${JSON.stringify({ file, objectives }, null, 2)}\n`);
    return EXIT.ok;
  }
  if (objectives.length === 0) {
    io.out(`${displayPath(file, io.cwd)} exports no objective\n`);
    return EXIT.ok;
  }
  const yesNo = (b: boolean): string => (b ? 'yes' : 'no');
  const source = (o: (typeof objectives)[number]): string => o.gradient?.source ?? (o.hasGradient ? 'user' : 'numeric');
  const rows = objectives.map((o) => [o.name, o.form, o.dim === null ? '?' : String(o.dim), source(o), yesNo(o.stochastic), yesNo(o.hasMetrics), o.line !== undefined ? String(o.line) : '']);
  io.out(`${renderTable(['name', 'form', 'dimension', 'gradient', 'stochastic', 'metrics', 'line'], rows, new Set([0, 1, 3, 4, 5]))}\n`);
  if (objectives.some((o) => o.dim === null && o.form === 'function')) io.out('? = no @x0 tag: give the starting point with --x0\n');
  for (const o of objectives) {
    const why = o.gradient ? fallbackReason(o.gradient, io.cwd) : null;
    if (why !== null) io.out(`${o.name}: numeric because ${why}\n`);
  }
  return EXIT.ok;
}
