/** `lrlab gradient FILE.ts`: f and its gradient at a point, and where the gradient comes from. */
import * as l10n from '@vscode/l10n';
import { gradientAt } from '../../core/loader';
import { GRADIENT_SOURCES } from '../../shared/defaults';
import { formatNumber, REPORT_NUMBER } from '../../shared/format';
import { choiceFlag, numberListFlag } from '../args';
import { EXIT } from '../exitCodes';
import type { CliIO } from '../io';
import { startFileCommand } from './fileCommand';
import { fallbackReason, gradientName } from '../output/gradientSource';
import { renderTable } from '../output/table';
import { REPORT_FLAGS } from '../flagSets';
import { limitFlags } from './run';

const GRADIENT_OPTIONS = {
  objective: { type: 'string' },
  at: { type: 'string' },
  gradient: { type: 'string' },
  ...REPORT_FLAGS,
} as const;

export async function gradientCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = startFileCommand('gradient', args, GRADIENT_OPTIONS, io, ['json', 'table']);
  if (parsed === null) return EXIT.ok;
  const { values, file, format } = parsed;
  const mode = choiceFlag('gradient', values.gradient ?? 'auto', GRADIENT_SOURCES);
  const at = values.at !== undefined ? numberListFlag('at', values.at) : undefined;
  const result = await gradientAt(file, {
    ...(values.objective !== undefined ? { objective: values.objective } : {}),
    ...(at ? { at } : {}),
    gradient: mode,
    limits: limitFlags(values),
  });
  const { choice } = result;
  if (format === 'json') {
    const document = {
      objective: result.objective,
      at: result.at,
      value: result.value,
      gradient: result.gradient,
      source: choice.source,
      ...(choice.reason !== null ? { reason: choice.reason } : {}),
      ...(choice.location ? { location: choice.location } : {}),
    };
    io.out(`${JSON.stringify(document, null, 2)}\n`);
    return EXIT.ok;
  }
  const why = fallbackReason(choice, io.cwd);
  const rows = result.gradient.map((g, i) => [`x[${i}]`, formatNumber(result.at[i]!, REPORT_NUMBER, 10), formatNumber(g, REPORT_NUMBER, 12)]);
  io.out(
    [
      `${result.objective}: f = ${formatNumber(result.value, REPORT_NUMBER, 15)} · gradient: ${gradientName(choice.source)}`,
      ...(why !== null ? [l10n.t('not exact: {0}', why)] : []),
      '',
      renderTable(['', l10n.t('at'), '∂f/∂x'], rows, new Set([0])),
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}
