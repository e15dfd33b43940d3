/**
 * The LR Lab view: the page in a webview view (`lrlab.plots`), in LR Lab's side-bar container
 * by default and wherever the user moves it (the secondary side bar, the bottom panel). VS Code
 * resolves it when it is first shown — again after a reload when it was open, and again after a
 * move — and each resolved view joins `Pages` until VS Code disposes it.
 */
import * as vscode from 'vscode';
import { PageSlot } from './pageSlot';
import { WebviewPage, type PageController } from './webviewPage';

export const PLOTS_VIEW_ID = 'lrlab.plots';

/** A page in a webview view. */
export class PlotsViewPage extends WebviewPage {
  constructor(
    readonly view: vscode.WebviewView,
    extensionUri: vscode.Uri,
    controller: PageController,
    refreshMs: number,
  ) {
    super({ webview: view.webview, get visible() { return view.visible; }, onDidChangeVisibility: (listener) => view.onDidChangeVisibility(listener), onDidDispose: (listener) => view.onDidDispose(listener) }, extensionUri, controller, refreshMs);
  }

  reveal(preserveFocus = true): void {
    this.view.show(preserveFocus);
  }
}

export class PlotsView extends PageSlot<PlotsViewPage> implements vscode.WebviewViewProvider {
  private resolutions = 0;
  private readonly resolvedWaiters: Array<(page: PlotsViewPage) => void> = [];

  /** The resolved view's page, if VS Code has resolved it. */
  get page(): PlotsViewPage | undefined {
    return this.current;
  }

  /** How many webviews VS Code has resolved so far (one more after each reload or move of the view). */
  get resolved(): number {
    return this.resolutions;
  }

  async resolveWebviewView(view: vscode.WebviewView): Promise<void> {
    this.resolutions++;
    await this.beforeShow();
    const page = this.adopt(new PlotsViewPage(view, this.extensionUri, this.controller, this.refreshMs()));
    for (const resolve of this.resolvedWaiters.splice(0)) resolve(page);
  }

  /**
   * Show the view where the user keeps it (opening its container) and resolve with its page.
   * Not yet resolved, it is opened through VS Code's `<view>.focus` command, which resolves it.
   */
  async show(preserveFocus = true): Promise<PlotsViewPage> {
    const open = await this.revealOpen(preserveFocus);
    if (open) return open;
    const resolved = new Promise<PlotsViewPage>((resolve) => this.resolvedWaiters.push(resolve));
    await vscode.commands.executeCommand(`${PLOTS_VIEW_ID}.focus`, { preserveFocus });
    return resolved;
  }
}
