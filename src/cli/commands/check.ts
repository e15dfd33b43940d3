/** `lrlab check FILE.ts`: compare the objective's gradients (its grad, the exact one) with central finite differences and each other. */
import type { GradientCheckResult } from '../../core/gradients/check';
import { checkGradientInFile, type CheckReport, type GradientComparison } from '../../core/loader';
import { numberFlag, numberListFlag } from '../args';
import { EXIT } from '../exitCodes';
import type { CliIO } from '../io';
import { startFileCommand } from './fileCommand';
import { formatNumber, formatVector, REPORT_NUMBER } from '../../shared/format';
import { fallbackReason } from '../output/gradientSource';
import { REPORT_FLAGS } from '../flagSets';
import { limitFlags } from './run';

const CHECK_OPTIONS = {
  objective: { type: 'string' },
  x0: { type: 'string' },
  tolerance: { type: 'string' },
  ...REPORT_FLAGS,
} as const;

/** How the report names the gradients compared. */
const NAMES = { user: 'grad', exact: 'exact gradient', numeric: 'finite differences' } as const;

/**
 * The table report: the verdict (of every comparison), then the first comparison in full — the
 * components judged by the relative tolerance, then, said plainly, those judged at the noise
 * floor (a derivative of about 0, where a relative error means nothing and the finite
 * difference's rounding noise is what is allowed), then the worst component — and one line
 * (and its worst component) for each other comparison: the exact gradient against finite
 * differences, the grad against the exact gradient. Then why there is no exact gradient, if not.
 */
export function checkReport(report: CheckReport, x0: readonly number[] | undefined, cwd: string): string {
  const [first, ...others] = report.comparisons;
  const ok = report.comparisons.every((c) => c.result.ok);
  const where = x0 ? `x = ${formatVector(x0)}` : 'x0';
  const lines = [`${report.objective}: gradient check ${ok ? 'passed' : 'FAILED'} at ${where} (${plural(report.dim, 'parameter')}, relative tolerance ${formatNumber(report.tolerance)})`];
  if (first !== undefined) lines.push(...comparisonLines(first));
  for (const { candidate, reference, result } of others) {
    const { worst } = result;
    lines.push(
      `  ${NAMES[candidate]} vs ${NAMES[reference]}: ${result.ok ? 'agree' : 'DISAGREE'} · max abs error ${formatNumber(result.maxAbsError)} · max rel error ${formatNumber(result.maxRelError)}`,
      `    worst component x[${worst.index}]: ${NAMES[candidate]} ${formatNumber(worst.analytic, REPORT_NUMBER, 10)} vs ${NAMES[reference]} ${formatNumber(worst.numeric, REPORT_NUMBER, 10)} (abs error ${formatNumber(worst.absError)}, rel error ${formatNumber(worst.relError)})`,
    );
  }
  const why = fallbackReason(report.exact, cwd);
  if (why !== null) lines.push(`  no exact gradient: ${why}`);
  return `${lines.join('\n')}\n`;
}

/** One comparison in full (see checkReport). */
function comparisonLines(comparison: GradientComparison): string[] {
  const result: GradientCheckResult = comparison.result;
  const candidate = NAMES[comparison.candidate];
  const reference = NAMES[comparison.reference];
  const { worst, relative, noiseFloor } = result;
  const lines: string[] = [];
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
        `    x[${c.index}]: ${candidate} ${formatNumber(c.analytic, REPORT_NUMBER, 10)} vs ${reference} ${formatNumber(c.numeric, REPORT_NUMBER, 10)}: difference ${formatNumber(c.absError)} ${c.ok ? '≤' : '>'} noise ${formatNumber(c.noise)} → ${c.ok ? 'passes' : 'FAILS'} (rel error ${formatNumber(c.relError)}, not judged)`,
      );
    }
  }
  const ratio = worst.absError / worst.allowed;
  const share = !(worst.allowed > 0) || !Number.isFinite(ratio) ? '' : ratio <= 1 ? ` = ${formatNumber(100 * ratio, REPORT_NUMBER, 3)}% of the ${formatNumber(worst.allowed)} allowed` : ` = ${formatNumber(ratio, REPORT_NUMBER, 3)} × the ${formatNumber(worst.allowed)} allowed`;
  lines.push(`  worst component x[${worst.index}]: ${candidate} ${formatNumber(worst.analytic, REPORT_NUMBER, 10)} vs ${reference} ${formatNumber(worst.numeric, REPORT_NUMBER, 10)} (abs error ${formatNumber(worst.absError)}${share}, rel error ${formatNumber(worst.relError)})`);
  return lines;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export async function checkCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = startFileCommand('check', args, CHECK_OPTIONS, io, ['table', 'json']);
  if (parsed === null) return EXIT.ok;
  const { values, file, format } = parsed;
  const x0 = values.x0 !== undefined ? numberListFlag('x0', values.x0) : undefined;
  const tolerance = values.tolerance !== undefined ? numberFlag('tolerance', values.tolerance, { positive: true }) : undefined;
  const result = await checkGradientInFile(file, {
    ...(values.objective !== undefined ? { objective: values.objective } : {}),
    ...(x0 ? { x0 } : {}),
    ...(tolerance !== undefined ? { tolerance } : {}),
    limits: limitFlags(values),
  });
  const failed = result.comparisons.filter((c) => !c.result.ok);
  const ok = failed.length === 0;
  if (format === 'json') {
    io.out(`${JSON.stringify({ ...result, ok }, null, 2)}\n`);
  } else {
    io.out(checkReport(result, x0, io.cwd));
  }
  if (!ok) {
    // One line: the first disagreement, and what else disagrees with what.
    const first = failed[0]!;
    const who = (candidate: 'user' | 'exact'): string => (candidate === 'user' ? `${result.objective}.grad` : `the exact gradient of ${result.objective}`);
    const withWhat = failed.filter((c) => c.candidate === first.candidate).map((c) => NAMES[c.reference]);
    const others = failed.filter((c) => c.candidate !== first.candidate).map((c) => `${who(c.candidate)} with ${NAMES[c.reference]}`);
    const worst = first.result.worst;
    io.err(`lrlab: ${who(first.candidate)} disagrees with ${withWhat.join(' and with ')}${others.length > 0 ? ` (so does ${others.join(', ')})` : ''} (worst: x[${worst.index}], relative error ${formatNumber(worst.relError)} > ${formatNumber(first.result.tolerance)})\n`);
  }
  return ok ? EXIT.ok : EXIT.error;
}
