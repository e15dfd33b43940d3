/** What the page's controls act on (objective, its siblings, trust) and the notice when nothing can run. Pure. */
import * as l10n from '@vscode/l10n';
import type { ObjectiveRef, PanelContext } from '../../shared/protocol';

export const restrictedNotice = (): string =>
  l10n.t('LR Lab runs the objective code in your files, so it runs nothing in Restricted Mode. Trust this workspace to run optimizers (the plots of earlier runs stay visible).');

export const noTargetNotice = (): string => l10n.t('Open a TypeScript file with an objective and run "LR Lab: Run Optimizer" (or press ▶ Run optimizer above an objective).');

export interface ContextFacts {
  readonly trusted: boolean;
  /** The panel's objective, as the page names it. */
  readonly objective: ObjectiveRef | null;
  /** The objectives found in its file when an editor has it open (static discovery). */
  readonly objectivesInFile: readonly string[];
  /** The objective has data (mini-batch form), so the page offers a batch size. */
  readonly batched?: boolean;
}

export function panelContext(facts: ContextFacts): PanelContext {
  const objectives = [...facts.objectivesInFile];
  if (facts.objective && !objectives.includes(facts.objective.name)) objectives.unshift(facts.objective.name);
  const notice = !facts.trusted ? restrictedNotice() : facts.objective ? null : noTargetNotice();
  return { objective: facts.objective, objectives, trusted: facts.trusted, notice, batched: facts.batched ?? false };
}
