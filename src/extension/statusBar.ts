/**
 * The status bar item that shows the last run's outcome in the panel's words (src/shared/
 * runSummary: "loss 0.0123", "diverged at step 5"); clicking it opens the panel. It goes away
 * when that run is cleared from the panel (and comes back if the clear is undone).
 */
import * as vscode from 'vscode';
import { Disposable } from './dispose';
import { LABEL_NUMBER } from '../shared/format';
import { runNumbersText, stopReasonText } from '../shared/runSummary';
import { statusText, type StatusSummary } from './runs/statusSummary';

export type { StatusSummary } from './runs/statusSummary';

export class RunStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('lrlab.lastRun', vscode.StatusBarAlignment.Left, 50));
  private shown: StatusSummary | null = null;
  /** The summary of a run that was cleared, while its clear can be undone. */
  private cleared: StatusSummary | null = null;

  constructor() {
    super();
    this.item.name = vscode.l10n.t('LR Lab: last run');
    this.item.command = 'lrlab.openPlayground';
  }

  running(objective: string): void {
    this.shown = null;
    this.item.text = `$(loading~spin) LR Lab: ${objective}`;
    this.item.tooltip = vscode.l10n.t('LR Lab: run in progress — click to open the plots');
    this.item.backgroundColor = undefined;
    this.item.show();
  }

  finished(s: StatusSummary): void {
    this.shown = s;
    this.cleared = null;
    const bad = s.stopReason === 'error' || s.stopReason === 'diverged' || s.stopReason === 'timeout';
    this.item.text = statusText(s);
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendText(`LR Lab — ${s.objective}: ${s.label}\n\n${vscode.l10n.t('{0} after {1} steps: {2}', stopReasonText(s.stopReason), s.steps, s.detail)}\n\n${runNumbersText(s.numbers, LABEL_NUMBER)}`);
    this.item.tooltip = tooltip;
    this.item.backgroundColor = bad ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  /** Runs left the panel: if the one shown is among them, hide it. */
  forget(runIds: readonly string[]): void {
    if (!this.shown || this.shown.runId === null || !runIds.includes(this.shown.runId)) return;
    this.cleared = this.shown;
    this.shown = null;
    this.item.hide();
  }

  /** Runs came back (Undo of a clear): show the one that was shown before. */
  restored(runIds: readonly string[]): void {
    if (this.cleared && this.cleared.runId !== null && runIds.includes(this.cleared.runId)) this.finished(this.cleared);
  }

  /** The status bar text (for tests); "" when hidden. */
  get text(): string {
    return this.shown || this.item.text.startsWith('$(loading') ? this.item.text : '';
  }
}
