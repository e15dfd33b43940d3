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
    ...(at ? { at, pointName: '--at' } : {}),
    gradient: mode,
    limits: limitFlags(values),
  });
  const { choice } = result;
  const nonFinite = nonFiniteParts(result.value, result.gradient);
  // JSON writes NaN and ±Infinity as null: the warning (stderr) and `nonFinite` (json) say which.
  for (const line of nonFiniteWarnings(nonFinite)) io.err(`lrlab: ${line}\n`);
  if (format === 'json') {
    const document = {
      objective: result.objective,
      at: result.at,
      value: result.value,
      gradient: result.gradient,
      source: choice.source,
      ...(choice.reason !== null ? { reason: choice.reason } : {}),
      ...(choice.location ? { location: choice.location } : {}),
      ...(nonFinite !== null ? { nonFinite } : {}),
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

/** Which of f and its gradient's components are not finite, as text (JSON has no NaN or Infinity); null when all are. */
interface NonFinite {
  readonly value?: string;
  readonly gradient?: Record<string, string>;
}

function nonFiniteParts(value: number, gradient: readonly number[]): NonFinite | null {
  const components: Record<string, string> = {};
  gradient.forEach((g, i) => {
    if (!Number.isFinite(g)) components[i] = String(g);
  });
  const some = Object.keys(components).length > 0;
  if (Number.isFinite(value) && !some) return null;
  return { ...(Number.isFinite(value) ? {} : { value: String(value) }), ...(some ? { gradient: components } : {}) };
}

function nonFiniteWarnings(parts: NonFinite | null): string[] {
  if (parts === null) return [];
  const out: string[] = [];
  if (parts.value !== undefined) out.push(l10n.t('f is {0} at this point, so its gradient here tells nothing', parts.value));
  for (const [i, g] of Object.entries(parts.gradient ?? {})) out.push(l10n.t('gradient component {0} (x[{0}]) is {1} at this point', i, g));
  return out;
}
