/**
 * One webview showing the page — the editor panel's or the side-bar view's: it loads the page
 * (html.ts: strict CSP, per-load nonce, only media/ and dist/ loadable) and keeps the message
 * border — every message from the page is validated before a controller sees it — and queues /
 * coalesces what the host sends until the page is ready. What the messages mean is the
 * controller's business (`PageController`); the rooms reach it as a `PageHost` through `Pages`.
 * Where the webview lives (an editor tab, a view) is its owner's: `RunPanel`, `PlotsView`.
 */
import * as vscode from 'vscode';
import { Disposable } from '../dispose';
import { Emitter } from '../events';
import { parseWebviewMessage, PROTOCOL_VERSION, type HostToWebview, type SeriesChunk, type WebviewToHost } from '../../shared/protocol';
import { makeNonce, panelHtml } from './html';
import { hostPageL10n } from './pageL10n';
import type { PageHost } from './pages';

/** What a page host needs from the rest of the extension. */
export interface PageController {
  /** The full state for `init` (runs, catalog, controls, context). */
  snapshot(): Extract<HostToWebview, { type: 'init' }>;
  /** A validated message from the page (other than `ready` and `png` replies). */
  handle(message: WebviewToHost): void | Promise<void>;
  /** A message that failed validation (logged, and reported in the panel). */
  rejected(error: string): void;
}

function appendChunk(into: SeriesChunk, chunk: SeriesChunk): void {
  into.lr.push(...chunk.lr);
  into.loss.push(...chunk.loss);
  into.gradNorm.push(...chunk.gradNorm);
  const before = into.lr.length - chunk.lr.length;
  for (const [name, values] of Object.entries(chunk.metrics)) {
    const target = (into.metrics[name] ??= new Array<number>(before).fill(NaN));
    target.push(...values);
  }
  for (const [name, values] of Object.entries(into.metrics)) {
    if (!(name in chunk.metrics)) values.push(...new Array<number>(chunk.lr.length).fill(NaN));
  }
}

/** The webview a page lives in, and what its owner (an editor panel, a view) says about it. */
export interface WebviewSurface {
  readonly webview: vscode.Webview;
  readonly visible: boolean;
  /** Shown or hidden (a hidden webview without retained context loses its page). */
  onDidChangeVisibility(listener: () => void): vscode.Disposable;
  /** The owner is gone (the tab closed, the view disposed). */
  onDidDispose(listener: () => void): vscode.Disposable;
}

/** The webview options every page gets: scripts on, only the page's own assets loadable. */
export function pageWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    // Only the panel's own assets can load: the stylesheet in media/ and the bundle in dist/.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
  };
}

export class WebviewPage extends Disposable implements PageHost {
  private ready = false;
  private readonly queue: HostToWebview[] = [];
  private readonly pendingData = new Map<string, SeriesChunk>();
  private flushTimer: NodeJS.Timeout | undefined;
  /** When run data last went to the page (performance.now()); sends are at least `refreshMs` apart. */
  private lastDataSentAt = -Infinity;
  private readonly pngRequests = new Map<number, (dataUrl: string) => void>();
  private nextRequestId = 1;
  private readonly readyWaiters: Array<() => void> = [];
  private readonly onDidDisposeEmitter = new Emitter<void>();
  readonly onDidDispose = (listener: () => void): vscode.Disposable => this.onDidDisposeEmitter.event(listener);

  constructor(
    private readonly surface: WebviewSurface,
    private readonly extensionUri: vscode.Uri,
    private readonly controller: PageController,
    private refreshMs: number,
  ) {
    super();
    this.register(this.onDidDisposeEmitter);
    surface.webview.options = pageWebviewOptions(extensionUri);
    surface.webview.html = this.html();
    this.register(surface.onDidDispose(() => this.dispose()));
    this.register(surface.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    this.register(
      surface.onDidChangeVisibility(() => {
        // Without retainContextWhenHidden the page is destroyed while hidden and sends
        // `ready` again when shown; until then nothing can be delivered.
        if (!surface.visible) this.ready = false;
      }),
    );
  }

  get isReady(): boolean {
    return this.ready;
  }

  get visible(): boolean {
    return this.surface.visible;
  }

  setRefreshMs(ms: number): void {
    this.refreshMs = ms;
  }

  /** Resolves once the page has said `ready` (and received its snapshot). */
  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Send a message; queued until the page is ready. Pending run data goes first, so order holds. */
  post(message: HostToWebview): void {
    if (this.isDisposed) return;
    this.flushData();
    if (this.ready) void this.surface.webview.postMessage(message);
    else if (message.type !== 'runData') this.queue.push(message);
  }

  /**
   * Stream a chunk of a run's records; chunks are merged and sent at most once per
   * `refreshMs`. The first chunk after a quiet spell goes at once (so a new run's first curve
   * does not wait a refresh interval), later ones with the next send.
   */
  postRunData(runId: string, chunk: SeriesChunk): void {
    if (this.isDisposed || !this.ready) return; // the snapshot on `ready` carries it
    const pending = this.pendingData.get(runId);
    if (pending) appendChunk(pending, chunk);
    else this.pendingData.set(runId, { firstStep: chunk.firstStep, lr: [...chunk.lr], loss: [...chunk.loss], gradNorm: [...chunk.gradNorm], metrics: Object.fromEntries(Object.entries(chunk.metrics).map(([k, v]) => [k, [...v]])) });
    if (this.flushTimer) return;
    const wait = this.lastDataSentAt + this.refreshMs - performance.now();
    if (wait <= 0) this.flushData();
    else this.flushTimer = setTimeout(() => this.flushData(), wait);
  }

  /** Ask the page for a PNG of its charts. */
  requestPng(timeoutMs = 10_000): Promise<string> {
    const requestId = this.nextRequestId++;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pngRequests.delete(requestId);
        reject(new Error(vscode.l10n.t('the panel did not answer the PNG request')));
      }, timeoutMs);
      this.pngRequests.set(requestId, (dataUrl) => {
        clearTimeout(timer);
        resolve(dataUrl);
      });
      this.post({ type: 'requestPng', requestId });
    });
  }

  override dispose(): void {
    if (this.isDisposed) return;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.onDidDisposeEmitter.fire();
    super.dispose();
  }

  private flushData(): void {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (!this.ready) {
      this.pendingData.clear();
      return;
    }
    if (this.pendingData.size === 0) return;
    for (const [runId, chunk] of this.pendingData) void this.surface.webview.postMessage({ type: 'runData', runId, chunk } satisfies HostToWebview);
    this.pendingData.clear();
    this.lastDataSentAt = performance.now();
  }

  private receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.controller.rejected(parsed.error);
      return;
    }
    const message = parsed.message;
    if (message.type === 'ready') {
      if (message.protocolVersion !== PROTOCOL_VERSION) {
        this.controller.rejected(vscode.l10n.t('the panel speaks protocol {0}, the extension {1}; reload the window', message.protocolVersion, PROTOCOL_VERSION));
      }
      this.pendingData.clear(); // the snapshot includes everything stored so far
      this.ready = true;
      void this.surface.webview.postMessage(this.controller.snapshot());
      for (const queued of this.queue.splice(0)) {
        if (queued.type !== 'runStarted' && queued.type !== 'runFinished' && queued.type !== 'runsCleared') void this.surface.webview.postMessage(queued);
      }
      for (const resolve of this.readyWaiters.splice(0)) resolve();
      return;
    }
    if (message.type === 'png' && message.requestId !== undefined && this.pngRequests.has(message.requestId)) {
      const resolve = this.pngRequests.get(message.requestId)!;
      this.pngRequests.delete(message.requestId);
      resolve(message.dataUrl);
      return;
    }
    void Promise.resolve(this.controller.handle(message)).catch((e: unknown) => this.controller.rejected(e instanceof Error ? e.message : String(e)));
  }

  private html(): string {
    const webview = this.surface.webview;
    return panelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'panel.css')).toString(),
      title: 'LR Lab',
      l10n: hostPageL10n(),
      bootText: vscode.l10n.t('Waiting for LR Lab…'),
    });
  }
}
