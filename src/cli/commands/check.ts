/**
 * `lrlab check FILE.ts`: compare the objective's gradients (its grad, the exact one) with central
 * finite differences and each other. The report is in the CLI's language (json is data).
 */
import * as l10n from '@vscode/l10n';
import type { GradientCheckResult } from '../../core/gradients/check';
import { checkGradientInFile, type CheckReport, type GradientComparison } from '../../core/loader';
import { numberFlag, numberListFlag } from '../args';
import { pointNamed } from '../configFlags';
import { EXIT } from '../exitCodes';
import type { CliIO } from '../io';
import { startFileCommand } from './fileCommand';
import { formatNumber, formatVector, REPORT_NUMBER } from '../../shared/format';
import { choiceData, fallbackReason } from '../output/gradientSource';
import { REPORT_FLAGS } from '../flagSets';
import { limitFlags } from './run';

const CHECK_OPTIONS = {
  objective: { type: 'string' },
  x0: { type: 'string' },
  tolerance: { type: 'string' },
  ...REPORT_FLAGS,
} as const;

/** How the report names the gradients compared (`grad` is the objective's own function: code). */
const NAMES = { user: () => 'grad', exact: () => l10n.t('exact gradient'), numeric: () => l10n.t('finite differences') } as const;

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
  const parameters = report.dim === 1 ? l10n.t('1 parameter') : l10n.t('{0} parameters', report.dim);
  const tolerance = formatNumber(report.tolerance);
  const lines = [
    ok
      ? l10n.t('{0}: gradient check passed at {1} ({2}, relative tolerance {3})', report.objective, where, parameters, tolerance)
      : l10n.t('{0}: gradient check FAILED at {1} ({2}, relative tolerance {3})', report.objective, where, parameters, tolerance),
  ];
  if (first !== undefined) lines.push(...comparisonLines(first));
  for (const { candidate, reference, result } of others) {
    const [a, b] = [NAMES[candidate](), NAMES[reference]()];
    const [maxAbs, maxRel] = [formatNumber(result.maxAbsError), formatNumber(result.maxRelError)];
    lines.push(`  ${result.ok ? l10n.t('{0} vs {1}: agree · max abs error {2} · max rel error {3}', a, b, maxAbs, maxRel) : l10n.t('{0} vs {1}: DISAGREE · max abs error {2} · max rel error {3}', a, b, maxAbs, maxRel)}`, `    ${worstLine(result, a, b)}`);
  }
  const why = fallbackReason(report.exact, cwd);
  if (why !== null) lines.push(`  ${l10n.t('no exact gradient: {0}', why)}`);
  return `${lines.join('\n')}\n`;
}

/** "worst component x[1]: grad 3 vs finite differences 3 (abs error …[ = …% of the … allowed], rel error …)". */
function worstLine(result: GradientCheckResult, candidate: string, reference: string, share = false): string {
  const { worst } = result;
  const args = [worst.index, candidate, formatNumber(worst.analytic, REPORT_NUMBER, 10), reference, formatNumber(worst.numeric, REPORT_NUMBER, 10), formatNumber(worst.absError)] as const;
  const rel = formatNumber(worst.relError);
  const ratio = worst.absError / worst.allowed;
  if (!share || !(worst.allowed > 0) || !Number.isFinite(ratio)) return l10n.t('worst component x[{0}]: {1} {2} vs {3} {4} (abs error {5}, rel error {6})', ...args, rel);
  const allowed = formatNumber(worst.allowed);
  return ratio <= 1
    ? l10n.t('worst component x[{0}]: {1} {2} vs {3} {4} (abs error {5} = {6}% of the {7} allowed, rel error {8})', ...args, formatNumber(100 * ratio, REPORT_NUMBER, 3), allowed, rel)
    : l10n.t('worst component x[{0}]: {1} {2} vs {3} {4} (abs error {5} = {6} × the {7} allowed, rel error {8})', ...args, formatNumber(ratio, REPORT_NUMBER, 3), allowed, rel);
}

/** One comparison in full (see checkReport). */
function comparisonLines(comparison: GradientComparison): string[] {
  const result: GradientCheckResult = comparison.result;
  const candidate = NAMES[comparison.candidate]();
  const reference = NAMES[comparison.reference]();
  const { relative, noiseFloor } = result;
  const lines: string[] = [];
  if (relative.count > 0) {
    const maxRel = formatNumber(relative.maxRelError);
    lines.push(
      `  ${relative.count === 1 ? l10n.t('1 component judged by the relative tolerance: max rel error {0} (x[{1}])', maxRel, String(relative.index)) : l10n.t('{0} components judged by the relative tolerance: max rel error {1} (x[{2}])', relative.count, maxRel, String(relative.index))}`,
    );
  }
  if (noiseFloor.length > 0) {
    const names = noiseFloor.map((c) => `x[${c.index}]`).join(', ');
    lines.push(
      `  ${
        noiseFloor.length === 1
          ? l10n.t("1 component judged at the noise floor instead: {0}. Its derivative is about 0, where a relative error means nothing (any rounding is a large part of ~0), so the absolute difference is held to the finite differences' own rounding noise, 10·ε·max(1, |f(x)|) / h:", names)
          : l10n.t("{0} components judged at the noise floor instead: {1}. Their derivatives are about 0, where a relative error means nothing (any rounding is a large part of ~0), so the absolute difference is held to the finite differences' own rounding noise, 10·ε·max(1, |f(x)|) / h:", noiseFloor.length, names)
      }`,
    );
    for (const c of noiseFloor) {
      const args = [c.index, candidate, formatNumber(c.analytic, REPORT_NUMBER, 10), reference, formatNumber(c.numeric, REPORT_NUMBER, 10), formatNumber(c.absError), formatNumber(c.noise), formatNumber(c.relError)] as const;
      lines.push(`    ${c.ok ? l10n.t('x[{0}]: {1} {2} vs {3} {4}: difference {5} ≤ noise {6} → passes (rel error {7}, not judged)', ...args) : l10n.t('x[{0}]: {1} {2} vs {3} {4}: difference {5} > noise {6} → FAILS (rel error {7}, not judged)', ...args)}`);
    }
  }
  lines.push(`  ${worstLine(result, candidate, reference, true)}`);
  return lines;
}

export async function checkCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = startFileCommand('check', args, CHECK_OPTIONS, io, ['table', 'json']);
  if (parsed === null) return EXIT.ok;
  const { values, file, format } = parsed;
  const x0 = values.x0 !== undefined ? numberListFlag('x0', values.x0) : undefined;
  const tolerance = values.tolerance !== undefined ? numberFlag('tolerance', values.tolerance, { positive: true }) : undefined;
  const result = await checkGradientInFile(file, {
    ...(values.objective !== undefined ? { objective: values.objective } : {}),
    ...(x0 ? { x0, ...pointNamed(values) } : {}),
    ...(tolerance !== undefined ? { tolerance } : {}),
    limits: limitFlags(values),
  });
  const failed = result.comparisons.filter((c) => !c.result.ok);
  const ok = failed.length === 0;
  if (format === 'json') {
    io.out(`${JSON.stringify({ ...result, exact: choiceData(result.exact), ok }, null, 2)}\n`);
  } else {
    io.out(checkReport(result, x0, io.cwd));
  }
  if (!ok) {
    // One line: the first disagreement, and what else disagrees with what.
    const first = failed[0]!;
    const who = (candidate: 'user' | 'exact'): string => (candidate === 'user' ? `${result.objective}.grad` : l10n.t('the exact gradient of {0}', result.objective));
    const withWhat = failed.filter((c) => c.candidate === first.candidate).map((c) => NAMES[c.reference]());
    const others = failed.filter((c) => c.candidate !== first.candidate).map((c) => l10n.t('{0} with {1}', who(c.candidate), NAMES[c.reference]()));
    const worst = first.result.worst;
    // The grad is compared with at most two others (finite differences, the exact gradient).
    const [one = '', two] = withWhat;
    const disagrees = two === undefined ? l10n.t('{0} disagrees with {1}', who(first.candidate), one) : l10n.t('{0} disagrees with {1} and with {2}', who(first.candidate), one, two);
    const soDoes = others.length > 0 ? ` ${l10n.t('(so does {0})', others.join(', '))}` : '';
    const worstAt = l10n.t('(worst: x[{0}], relative error {1} > {2})', worst.index, formatNumber(worst.relError), formatNumber(first.result.tolerance));
    io.err(`lrlab: ${disagrees}${soDoes} ${worstAt}\n`);
  }
  return ok ? EXIT.ok : EXIT.error;
}
