/**
 * What the two places of the page share (the editor panel, `EditorPanel`, and the side-bar view,
 * `PlotsView`): each holds at most one page, waits for what its first snapshot needs before it
 * shows one, joins it to `Pages` while it is open and forgets it once it is disposed.
 */
import type * as vscode from 'vscode';
import type { Pages } from './pages';
import type { PageController, WebviewPage } from './webviewPage';

export abstract class PageSlot<P extends WebviewPage & { reveal(preserveFocus?: boolean): void }> {
  protected current: P | undefined;

  constructor(
    protected readonly extensionUri: vscode.Uri,
    private readonly pages: Pages,
    protected readonly controller: PageController,
    protected readonly refreshMs: () => number,
    /** Waits for what the first snapshot needs (the archived runs). */
    protected readonly beforeShow: () => Promise<void>,
  ) {}

  /** After `beforeShow`: the open page, revealed; undefined when there is none yet. */
  protected async revealOpen(preserveFocus: boolean): Promise<P | undefined> {
    await this.beforeShow();
    this.current?.reveal(preserveFocus);
    return this.current;
  }

  /** Hold `page` and join it to Pages until it is disposed. */
  protected adopt(page: P): P {
    this.current = page;
    this.pages.add(page);
    page.onDidDispose(() => {
      if (this.current === page) this.current = undefined;
    });
    return page;
  }
}
