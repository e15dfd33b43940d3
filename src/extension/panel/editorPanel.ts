/**
 * The editor panel beside the user's file: at most one, shown (created or revealed) on
 * demand and revived by VS Code's serializer after a reload; each joins `Pages` while open.
 */
import type * as vscode from 'vscode';
import type { Pages } from './pages';
import { RunPanel, type PageController } from './RunPanel';

export class EditorPanel {
  private current: RunPanel | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly pages: Pages,
    private readonly controller: PageController,
    private readonly refreshMs: () => number,
    /** Waits for what the first snapshot needs (the archived runs). */
    private readonly beforeShow: () => Promise<void>,
  ) {}

  /** The open panel, if any. */
  get panel(): RunPanel | undefined {
    return this.current;
  }

  /** Reveal the panel beside the editor, creating it if needed. */
  async show(preserveFocus = true): Promise<RunPanel> {
    await this.beforeShow();
    if (this.current) {
      this.current.reveal(preserveFocus);
      return this.current;
    }
    return this.adopt(RunPanel.create(this.extensionUri, this.controller, this.refreshMs(), preserveFocus));
  }

  /** Adopt a panel restored by VS Code after a reload. */
  async revive(webviewPanel: vscode.WebviewPanel): Promise<void> {
    await this.beforeShow();
    this.current?.dispose();
    this.adopt(RunPanel.revive(webviewPanel, this.extensionUri, this.controller, this.refreshMs()));
  }

  private adopt(panel: RunPanel): RunPanel {
    this.current = panel;
    this.pages.add(panel);
    panel.onDidDispose(() => {
      if (this.current === panel) this.current = undefined;
    });
    return panel;
  }
}
