/**
 * The plot panel in headless Chromium, outside VS Code: a tiny local server serves the page
 * built by `panelHtml` (the host's own function, so the real CSP applies) with the bundled
 * `dist/webview.js` and `media/panel.css`; a stand-in for `acquireVsCodeApi`, injected before
 * any page script, records what the page posts and keeps its view state. Host messages are
 * delivered with `window.postMessage`, as the VS Code host's arrive.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { makeNonce, panelHtml } from '../../src/extension/panel/html';
import type { HostToWebview, WebviewToHost } from '../../src/shared/protocol';
import { CHROMIUM_ARGS } from '../harness/browser';
import { CHROMIUM } from '../harness/paths';

const ROOT = resolve(__dirname, '../..');

const FILES: Record<string, { path: string; type: string }> = {
  '/dist/webview.js': { path: 'dist/webview.js', type: 'text/javascript' },
  '/dist/webview.js.map': { path: 'dist/webview.js.map', type: 'application/json' },
  '/media/panel.css': { path: 'media/panel.css', type: 'text/css' },
};

/** VS Code's Dark Modern theme variables (the ones the panel reads), for a realistic look. */
export const DARK_MODERN: Record<string, string> = {
  '--vscode-font-family': "system-ui, 'Ubuntu', 'Droid Sans', sans-serif",
  '--vscode-font-size': '13px',
  '--vscode-font-weight': 'normal',
  '--vscode-editor-font-family': "'Droid Sans Mono', 'monospace', monospace",
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-editor-foreground': '#cccccc',
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-editorWidget-background': '#202020',
  '--vscode-panel-border': '#2b2b2b',
  '--vscode-widget-border': '#313131',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-errorForeground': '#f85149',
  '--vscode-input-background': '#313131',
  '--vscode-input-foreground': '#cccccc',
  '--vscode-input-border': '#3c3c3c',
  '--vscode-input-placeholderForeground': '#989898',
  '--vscode-dropdown-background': '#313131',
  '--vscode-dropdown-foreground': '#cccccc',
  '--vscode-dropdown-border': '#3c3c3c',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-hoverBackground': '#026ec1',
  '--vscode-button-border': 'rgba(255, 255, 255, 0.07)',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
  '--vscode-button-secondaryHoverBackground': '#3c3c3c',
  '--vscode-badge-background': '#616161',
  '--vscode-badge-foreground': '#f8f8f8',
  '--vscode-progressBar-background': '#0078d4',
  '--vscode-textLink-foreground': '#4daafc',
  '--vscode-textLink-activeForeground': '#4daafc',
  '--vscode-list-hoverBackground': '#2a2d2e',
  '--vscode-toolbar-hoverBackground': 'rgba(90, 93, 94, 0.31)',
  '--vscode-inputOption-activeBackground': 'rgba(36, 137, 219, 0.51)',
  '--vscode-inputOption-activeBorder': '#2488db',
  '--vscode-inputOption-activeForeground': '#ffffff',
  '--vscode-inputValidation-errorBackground': '#5a1d1d',
  '--vscode-inputValidation-errorBorder': '#be1100',
  '--vscode-inputValidation-warningBackground': '#352a05',
  '--vscode-inputValidation-warningBorder': '#b89500',
  '--vscode-editorWarning-foreground': '#cca700',
  '--vscode-editorHoverWidget-background': '#202020',
  '--vscode-editorHoverWidget-foreground': '#cccccc',
  '--vscode-editorHoverWidget-border': '#454545',
  '--vscode-editor-selectionBackground': '#264f78',
  '--vscode-checkbox-background': '#313131',
  '--vscode-charts-foreground': '#cccccc',
  '--vscode-charts-lines': 'rgba(204, 204, 204, 0.5)',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-purple': '#b180d7',
};

export interface PanelPage {
  page: Page;
  /** Deliver a message as the host would. */
  send(message: HostToWebview | Record<string, unknown>): Promise<void>;
  /** Everything the page posted so far. */
  posted(): Promise<WebviewToHost[]>;
  /** Wait until the page has posted a message of `type` (after `since` messages); returns it. */
  waitForPosted<T extends WebviewToHost['type']>(type: T, since?: number): Promise<Extract<WebviewToHost, { type: T }>>;
  /** The view state the page saved with setState. */
  state(): Promise<unknown>;
  /** CSP violations, page errors and console errors seen so far. */
  problems(): Promise<string[]>;
  close(): Promise<void>;
}

export interface PanelPageOptions {
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
  /** View state `getState()` returns at load (as after a reload). */
  initialState?: unknown;
  /** Theme variables set on <html> and the body class, as VS Code does. */
  theme?: { variables: Record<string, string>; bodyClass: string };
}

export class PanelHarness {
  private server!: Server;
  private browser!: Browser;
  private scratch!: string;
  origin = '';

  async start(): Promise<void> {
    this.scratch = mkdtempSync(join(tmpdir(), 'lrlab-webview-'));
    const home = join(this.scratch, 'home');
    for (const dir of ['.config', '.cache', '.local/share']) mkdirSync(join(home, dir), { recursive: true });
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/') {
        const html = panelHtml({ cspSource: this.origin, nonce: makeNonce(), scriptUri: `${this.origin}/dist/webview.js`, styleUri: `${this.origin}/media/panel.css`, title: 'LR Lab' });
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(html);
        return;
      }
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204).end(); // browsers ask; a webview in VS Code does not
        return;
      }
      const file = FILES[url.pathname];
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' });
      res.end(readFileSync(join(ROOT, file.path)));
    });
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS],
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), XDG_DATA_HOME: join(home, '.local/share'), TMPDIR: this.scratch },
    });
  }

  async stop(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()));
    if (this.scratch) rmSync(this.scratch, { recursive: true, force: true });
  }

  /** A fresh page with the panel loaded (it has posted `ready` when this resolves). */
  async open(options: PanelPageOptions = {}): Promise<PanelPage> {
    const context: BrowserContext = await this.browser.newContext({ viewport: options.viewport ?? { width: 1000, height: 1100 }, deviceScaleFactor: options.deviceScaleFactor ?? 1 });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    if (process.env.LRLAB_DEBUG) page.on('console', (m) => console.log('[page]', m.type(), m.text()));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
    });
    // tsx compiles this file with esbuild's keepNames, which wraps functions in `__name(...)`;
    // functions serialised into the page need that helper there too.
    await page.addInitScript({ content: 'globalThis.__name = (target) => target;' });
    await page.addInitScript(
      ({ initialState, theme }) => {
        const w = window as unknown as Record<string, unknown>;
        const posted: unknown[] = [];
        const violations: string[] = [];
        const drawTimes: number[] = [];
        let state: unknown = initialState;
        w.__posted = posted;
        w.__violations = violations;
        w.__drawTimes = drawTimes;
        w.__state = () => state;
        document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} blocked ${e.blockedURI} ${e.sample}`));
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) if (entry.name === 'lrlab:draw') drawTimes.push(entry.duration);
        }).observe({ type: 'measure', buffered: true });
        w.acquireVsCodeApi = () => ({
          postMessage: (m: unknown) => posted.push(JSON.parse(JSON.stringify(m))),
          getState: () => state,
          setState: (s: unknown) => {
            state = JSON.parse(JSON.stringify(s));
            return s;
          },
        });
        if (theme) {
          // As in VS Code: variables on <html>, theme class on <body>, both before the panel's script runs.
          const apply = (): boolean => {
            if (!document.body) return false;
            for (const [name, value] of Object.entries(theme.variables)) document.documentElement.style.setProperty(name, value);
            document.body.className = theme.bodyClass;
            return true;
          };
          if (!apply()) {
            const observer = new MutationObserver(() => apply() && observer.disconnect());
            observer.observe(document, { childList: true, subtree: true });
          }
        }
      },
      { initialState: options.initialState, theme: options.theme },
    );
    await page.goto(this.origin + '/');
    const panel: PanelPage = {
      page,
      send: (message) => page.evaluate((m) => window.postMessage(m, '*'), message as unknown as Record<string, unknown>),
      posted: () => page.evaluate(() => (window as unknown as { __posted: WebviewToHost[] }).__posted.slice()),
      waitForPosted: async (type, since = 0) => {
        const handle = await page.waitForFunction(
          ({ type, since }) => (window as unknown as { __posted: Array<{ type: string }> }).__posted.slice(since).find((m) => m.type === type),
          { type, since },
        );
        return (await handle.jsonValue()) as never;
      },
      state: () => page.evaluate(() => (window as unknown as { __state: () => unknown }).__state()),
      problems: async () => [...problems, ...(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations.map((v) => `csp: ${v}`)))],
      close: () => context.close(),
    };
    await panel.waitForPosted('ready');
    return panel;
  }
}
