/** What the status bar says about a finished run, without `vscode` (the status bar item is in ../statusBar.ts). */
import * as l10n from '@vscode/l10n';
import { formatNumber, LABEL_NUMBER } from '../../shared/format';
import { divergedText, type RunNumbers } from '../../shared/runSummary';

export interface StatusSummary {
  /** The run shown (null: it never started, e.g. a compile error). */
  readonly runId: string | null;
  readonly label: string;
  readonly objective: string;
  readonly stopReason: string;
  readonly detail: string;
  readonly numbers: RunNumbers;
  readonly steps: number;
}

/** The item's text for a finished run: its final loss, where it diverged, or that it failed. */
export function statusText(s: StatusSummary): string {
  const bad = s.stopReason === 'error' || s.stopReason === 'diverged' || s.stopReason === 'timeout';
  let what: string;
  if (s.numbers.divergedAt) what = divergedText(s.numbers.divergedAt.step);
  else if (s.stopReason === 'error') what = l10n.t('error');
  else what = l10n.t('loss {0}', s.numbers.final === null ? '—' : formatNumber(s.numbers.final, LABEL_NUMBER));
  return `${bad ? '$(warning)' : '$(graph-line)'} ${what}`;
}
