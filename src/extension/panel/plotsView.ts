/**
 * The LR Lab view: the page in a webview view (`lrlab.plots`), in LR Lab's side-bar container
 * by default and wherever the user moves it (the secondary side bar, the bottom panel). VS Code
 * resolves it when it is first shown — again after a reload when it was open, and again after a
 * move — and each resolved view joins `Pages` until VS Code disposes it.
 */
import * as vscode from 'vscode';
import type { Pages } from './pages';
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

export class PlotsView implements vscode.WebviewViewProvider {
  private current: PlotsViewPage | undefined;
  private resolutions = 0;
  private readonly resolvedWaiters: Array<(page: PlotsViewPage) => void> = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly pages: Pages,
    private readonly controller: PageController,
    private readonly refreshMs: () => number,
    /** Waits for what the first snapshot needs (the archived runs). */
    private readonly beforeShow: () => Promise<void>,
  ) {}

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
    const page = new PlotsViewPage(view, this.extensionUri, this.controller, this.refreshMs());
    this.current = page;
    this.pages.add(page);
    page.onDidDispose(() => {
      if (this.current === page) this.current = undefined;
    });
    for (const resolve of this.resolvedWaiters.splice(0)) resolve(page);
  }

  /**
   * Show the view where the user keeps it (opening its container) and resolve with its page.
   * Not yet resolved, it is opened through VS Code's `<view>.focus` command, which resolves it.
   */
  async show(preserveFocus = true): Promise<PlotsViewPage> {
    await this.beforeShow();
    if (this.current) {
      this.current.reveal(preserveFocus);
      return this.current;
    }
    const resolved = new Promise<PlotsViewPage>((resolve) => this.resolvedWaiters.push(resolve));
    await vscode.commands.executeCommand(`${PLOTS_VIEW_ID}.focus`, { preserveFocus });
    return resolved;
  }
}
