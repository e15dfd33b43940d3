/** The words of the ▶ CodeLens: which config it runs (pure, so unit-tested without VS Code). */
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
  return `▶ Run ${label.length > MAX_TITLE ? `${label.slice(0, MAX_TITLE - 1)}…` : label}`;
}

export function runLensText(plan: RunPlan, objective: string, formProblem: string | null): RunLensText {
  if (!plan.ok) return { title: '▶ Run optimizer (the controls need a fix)', tooltip: `The panel's controls do not make a run: ${plan.reason}` };
  const lines = [`Runs ${objective} with the LR Lab panel's controls (change them there):`, ...runConfigLines(plan.config as never)];
  if (formProblem) lines.unshift(`The panel's form has an error (${formProblem}): ▶ runs its last valid controls.`, '');
  return { title: lensTitle(plan.label), tooltip: lines.join('\n') };
}
