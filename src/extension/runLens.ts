/** The words of the ▶ CodeLens: which config it runs (pure, so unit-tested without VS Code). */
import * as l10n from '@vscode/l10n';
import { runConfigLines } from '../shared/configText';
import type { RunPlan } from './runs/RunLauncher';

/** What the ▶ lens of an objective says. */
export interface RunLensText {
  readonly title: string;
  readonly tooltip: string;
}

/** Longest label a lens shows whole (the tooltip has all of it). */
const MAX_TITLE = 60;

export function lensTitle(label: string): string {
  return l10n.t('▶ Run {0}', label.length > MAX_TITLE ? `${label.slice(0, MAX_TITLE - 1)}…` : label);
}

export function runLensText(plan: RunPlan, objective: string, formProblem: string | null): RunLensText {
  if (!plan.ok) return { title: l10n.t('▶ Run optimizer (the controls need a fix)'), tooltip: l10n.t("The panel's controls do not make a run: {0}", plan.reason) };
  const lines = [l10n.t("Runs {0} with the LR Lab panel's controls (change them there):", objective), ...runConfigLines(plan.config as never)];
  if (formProblem) lines.unshift(l10n.t("The panel's form has an error ({0}): ▶ runs its last valid controls.", formProblem), '');
  return { title: lensTitle(plan.label), tooltip: lines.join('\n') };
}
