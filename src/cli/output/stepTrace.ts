/**
 * `lrlab run --trace-state N`: the first N optimizer steps as the panel's step inspector shows
 * them — the step's lr, f and ‖g‖ where it started, and per parameter θₖ₋₁, g, the optimizer's
 * state after the step under PyTorch's names, its step size (see core/optimizers/inspect.ts) and
 * Δθ, θₖ. Every number is the engine's exactly (JavaScript's shortest round-trip form), for
 * checking a port or a hand computation line by line. Words in the CLI's language; the state's
 * names are PyTorch's (exp_avg), the columns symbols.
 */
import * as l10n from '@vscode/l10n';
import type { StepInspection } from '../../core/minimize/stepGate';

const STEP_SIZE_LABELS = { adam: 'lr/(√v̂+ε)', rmsprop: 'lr/(√v+ε)', adagrad: 'clr/(√sum+ε)', sgd: 'lr', ratio: '−Δθ/g' } as const;

/** One traced step as text (ends with a newline). */
export function stepTrace(i: StepInspection): string {
  const head = [l10n.t('step {0}', i.step), l10n.t('lr {0}', String(i.lr)), `f(θₖ₋₁) ${i.loss}`, `‖g‖ ${i.gradNorm}`, i.optimizer, ...i.scalars.filter((s) => s.name !== 'step').map((s) => `${s.name} ${s.value}`)];
  const columns: [string, ArrayLike<number>][] = [];
  if (i.previous) columns.push(['θₖ₋₁', i.previous]);
  if (i.grad) columns.push(['g', i.grad]);
  for (const b of i.state) columns.push([b.name, b.values]);
  if (i.stepSize) columns.push([STEP_SIZE_LABELS[i.stepSize.kind], i.stepSize.values]);
  if (i.delta) columns.push(['Δθ', i.delta]);
  columns.push(['θₖ', i.params]);
  const rows: string[][] = [['i', ...columns.map(([name]) => name)]];
  for (let p = 0; p < i.shown; p++) rows.push([String(p), ...columns.map(([, values]) => String(values[p]))]);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...r[c]!].length)));
  const lines = rows.map((r) => `  ${r.map((cell, c) => cell.padStart(widths[c]!)).join('  ')}`);
  const more = i.dim > i.shown ? [`  ${l10n.t('(the first {0} of {1} parameters)', i.shown, i.dim)}`] : [];
  const other = i.otherBuffers.length ? [`  ${i.otherBuffers.map((b) => l10n.t('{0}: {1} values', b.name, b.length)).join(', ')}`] : [];
  return `${head.join(' · ')}\n${[...lines, ...more, ...other].join('\n')}\n`;
}
