/** `lrlab check FILE.ts`: compare the objective's grad with central finite differences. */
import type { GradientCheckResult } from '../../core/gradients/check';
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

/**
 * The table report: the verdict, then the components judged by the relative tolerance, then —
 * said plainly — those judged at the noise floor (a derivative of about 0, where a relative
 * error means nothing and the finite difference's rounding noise is what is allowed), then the
 * worst component.
 */
export function checkReport(result: GradientCheckResult & { objective: string }, x0: readonly number[] | undefined): string {
  const { worst, relative, noiseFloor, tolerance } = result;
  const where = x0 ? `x = ${formatVector(x0)}` : 'x0';
  const lines = [`${result.objective}: gradient check ${result.ok ? 'passed' : 'FAILED'} at ${where} (${plural(result.dim, 'parameter')}, relative tolerance ${formatNumber(tolerance)})`];
  if (relative.count > 0) {
    lines.push(`  ${plural(relative.count, 'component')} judged by the relative tolerance: max rel error ${formatNumber(relative.maxRelError)} (x[${relative.index}])`);
  }
  if (noiseFloor.length > 0) {
    const names = noiseFloor.map((c) => `x[${c.index}]`).join(', ');
    lines.push(
      `  ${plural(noiseFloor.length, 'component')} judged at the noise floor instead: ${names}. ${noiseFloor.length === 1 ? 'Its derivative is' : 'Their derivatives are'} about 0, where a relative error means nothing (any rounding is a large part of ~0), so the absolute difference is held to the finite differences' own rounding noise, 10·ε·max(1, |f(x)|) / h:`,
    );
    for (const c of noiseFloor) {
      lines.push(
        `    x[${c.index}]: grad ${formatNumber(c.analytic, REPORT_NUMBER, 10)} vs finite differences ${formatNumber(c.numeric, REPORT_NUMBER, 10)}: difference ${formatNumber(c.absError)} ${c.ok ? '≤' : '>'} noise ${formatNumber(c.noise)} → ${c.ok ? 'passes' : 'FAILS'} (rel error ${formatNumber(c.relError)}, not judged)`,
      );
    }
  }
  const ratio = worst.absError / worst.allowed;
  const share = !(worst.allowed > 0) || !Number.isFinite(ratio) ? '' : ratio <= 1 ? ` = ${formatNumber(100 * ratio, REPORT_NUMBER, 3)}% of the ${formatNumber(worst.allowed)} allowed` : ` = ${formatNumber(ratio, REPORT_NUMBER, 3)} × the ${formatNumber(worst.allowed)} allowed`;
  lines.push(`  worst component x[${worst.index}]: grad ${formatNumber(worst.analytic, REPORT_NUMBER, 10)} vs finite differences ${formatNumber(worst.numeric, REPORT_NUMBER, 10)} (abs error ${formatNumber(worst.absError)}${share}, rel error ${formatNumber(worst.relError)})`);
  return `${lines.join('\n')}\n`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

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
    io.out(checkReport(result, x0));
  }
  if (!result.ok) io.err(`lrlab: ${result.objective}.grad disagrees with finite differences (worst: x[${result.worst.index}], relative error ${formatNumber(result.worst.relError)} > ${formatNumber(result.tolerance)})\n`);
  return result.ok ? EXIT.ok : EXIT.error;
}
