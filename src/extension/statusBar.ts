/** The status bar item that shows the last run's final loss; clicking it opens the panel. */
import * as vscode from 'vscode';
import { Disposable } from './dispose';
import { formatNumber, LABEL_NUMBER } from '../shared/format';

export interface StatusSummary {
  readonly label: string;
  readonly objective: string;
  readonly stopReason: string;
  readonly detail: string;
  readonly finalLoss: number | null;
  readonly steps: number;
}

export class RunStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('lrlab.lastRun', vscode.StatusBarAlignment.Left, 50));

  constructor() {
    super();
    this.item.name = 'LR Lab: last run';
    this.item.command = 'lrlab.openPlayground';
  }

  running(objective: string): void {
    this.item.text = `$(loading~spin) LR Lab: ${objective}`;
    this.item.tooltip = 'LR Lab: run in progress — click to open the plots';
    this.item.backgroundColor = undefined;
    this.item.show();
  }

  finished(s: StatusSummary): void {
    const loss = s.finalLoss === null ? '—' : formatNumber(s.finalLoss, LABEL_NUMBER);
    const bad = s.stopReason === 'error' || s.stopReason === 'diverged' || s.stopReason === 'timeout';
    this.item.text = `${bad ? '$(warning)' : '$(graph-line)'} loss ${loss}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendText(`LR Lab — ${s.objective}: ${s.label}\n\n${s.stopReason} after ${s.steps} steps: ${s.detail}\n\nfinal loss ${loss}`);
    this.item.tooltip = tooltip;
    this.item.backgroundColor = bad ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  /** The text shown (for tests). */
  get text(): string {
    return this.item.text;
  }
}
