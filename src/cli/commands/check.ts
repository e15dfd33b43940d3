/** `lrlab check FILE.ts`: compare the objective's grad with central finite differences. */
import { checkGradientInFile } from '../../core/loader';
import { choiceFlag, numberFlag, numberListFlag, parseCommand } from '../args';
import { EXIT } from '../exitCodes';
import type { CliIO } from '../io';
import { formatNumber, formatVector, REPORT_NUMBER } from '../../shared/format';
import { commandHelp } from './help';
import { limitFlags, objectiveFile } from './run';

const CHECK_OPTIONS = {
  objective: { type: 'string' },
  x0: { type: 'string' },
  tolerance: { type: 'string' },
  format: { type: 'string' },
  'time-limit': { type: 'string' },
  'eval-time-limit': { type: 'string' },
  'memory-limit': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function checkCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand('check', args, CHECK_OPTIONS);
  if (values.help) {
    io.out(commandHelp('check'));
    return EXIT.ok;
  }
  const file = objectiveFile('check', positionals, io.cwd);
  const format = choiceFlag('format', values.format ?? 'table', ['table', 'json'] as const);
  const x0 = values.x0 !== undefined ? numberListFlag('x0', values.x0) : undefined;
  const tolerance = values.tolerance !== undefined ? numberFlag('tolerance', values.tolerance, { positive: true }) : undefined;
  const result = await checkGradientInFile(file, {
    ...(values.objective !== undefined ? { objective: values.objective } : {}),
    ...(x0 ? { x0 } : {}),
    ...(tolerance !== undefined ? { tolerance } : {}),
    limits: limitFlags(values),
  });
  if (format === 'json') {
    io.out(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const { worst } = result;
    const where = x0 ? `x = ${formatVector(x0)}` : 'x0';
    io.out(
      [
        `${result.objective}: gradient check ${result.ok ? 'passed' : 'FAILED'} at ${where} (${result.dim} parameter${result.dim === 1 ? '' : 's'}, relative tolerance ${formatNumber(result.tolerance)})`,
        `  max abs error ${formatNumber(result.maxAbsError)} · max rel error ${formatNumber(result.maxRelError)}`,
        `  worst component x[${worst.index}]: grad ${formatNumber(worst.analytic, REPORT_NUMBER, 10)} vs finite differences ${formatNumber(worst.numeric, REPORT_NUMBER, 10)} (abs error ${formatNumber(worst.absError)}, rel error ${formatNumber(worst.relError)})`,
      ].join('\n') + '\n',
    );
  }
  if (!result.ok) io.err(`lrlab: ${result.objective}.grad disagrees with finite differences (worst: x[${result.worst.index}], relative error ${formatNumber(result.worst.relError)} > ${formatNumber(result.tolerance)})\n`);
  return result.ok ? EXIT.ok : EXIT.error;
}
