/**
 * The editor panel beside the user's file: at most one, shown (created or revealed) on
 * demand and revived by VS Code's serializer after a reload; each joins `Pages` while open.
 */
import type * as vscode from 'vscode';
import { PageSlot } from './pageSlot';
import { RunPanel } from './RunPanel';

export class EditorPanel extends PageSlot<RunPanel> {
  /** The open panel, if any. */
  get panel(): RunPanel | undefined {
    return this.current;
  }

  /** Reveal the panel beside the editor, creating it if needed. */
  async show(preserveFocus = true): Promise<RunPanel> {
    return (await this.revealOpen(preserveFocus)) ?? this.adopt(RunPanel.create(this.extensionUri, this.controller, this.refreshMs(), preserveFocus));
  }

  /** Adopt a panel restored by VS Code after a reload. */
  async revive(webviewPanel: vscode.WebviewPanel): Promise<void> {
    await this.beforeShow();
    this.current?.dispose();
    this.adopt(RunPanel.revive(webviewPanel, this.extensionUri, this.controller, this.refreshMs()));
  }
}
