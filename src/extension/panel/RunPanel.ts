/**
 * The plot panel beside the editor: a webview panel (created or revived by `EditorPanel`) whose
 * webview shows the page (`WebviewPage`). The side-bar view is the other place the page lives
 * (`PlotsView`).
 */
import * as vscode from 'vscode';
import { pageWebviewOptions, WebviewPage, type PageController } from './webviewPage';

export type { PageController } from './webviewPage';

export const PANEL_VIEW_TYPE = 'lrlab.panel';

export class RunPanel extends WebviewPage {
  /** A new panel beside the active editor. */
  static create(extensionUri: vscode.Uri, controller: PageController, refreshMs: number, preserveFocus = true): RunPanel {
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'LR Lab', { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, pageWebviewOptions(extensionUri));
    return new RunPanel(panel, extensionUri, controller, refreshMs);
  }

  /** Adopt a panel VS Code restored after a reload. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, controller: PageController, refreshMs: number): RunPanel {
    return new RunPanel(panel, extensionUri, controller, refreshMs);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    controller: PageController,
    refreshMs: number,
  ) {
    super({ webview: panel.webview, get visible() { return panel.visible; }, onDidChangeVisibility: (listener) => panel.onDidChangeViewState(listener), onDidDispose: (listener) => panel.onDidDispose(listener) }, extensionUri, controller, refreshMs);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
  }

  reveal(preserveFocus = true): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  override dispose(): void {
    super.dispose();
    this.panel.dispose();
  }
}
