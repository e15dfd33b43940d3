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
import type { PageL10n } from '../../src/shared/l10n/pageStrings';
import type { HostToWebview, WebviewToHost } from '../../src/shared/protocol';
import { CHROMIUM_ARGS } from '../harness/browser';
import { CHROMIUM } from '../harness/paths';
import type { MutationObserverCtor, PageDocument, PageInstrumentation, PageWindow, PerformanceObserverCtor } from './pageTypes';

// Browser globals, used only inside functions that run in the page.
declare const window: PageWindow & PageInstrumentation & { acquireVsCodeApi?: unknown };
declare const document: PageDocument;
declare const MutationObserver: MutationObserverCtor;
declare const PerformanceObserver: PerformanceObserverCtor;

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

/** VS Code's Light Modern theme variables (the ones that differ from Dark Modern). */
export const LIGHT_MODERN: Record<string, string> = {
  ...DARK_MODERN,
  '--vscode-foreground': '#3b3b3b',
  '--vscode-descriptionForeground': '#3b3b3b',
  '--vscode-editor-foreground': '#3b3b3b',
  '--vscode-editor-background': '#ffffff',
  '--vscode-editorWidget-background': '#f8f8f8',
  '--vscode-panel-border': '#e5e5e5',
  '--vscode-widget-border': '#e5e5e5',
  '--vscode-focusBorder': '#005fb8',
  '--vscode-errorForeground': '#f85149',
  '--vscode-input-background': '#ffffff',
  '--vscode-input-foreground': '#3b3b3b',
  '--vscode-input-border': '#cecece',
  '--vscode-input-placeholderForeground': '#767676',
  '--vscode-dropdown-background': '#ffffff',
  '--vscode-dropdown-foreground': '#3b3b3b',
  '--vscode-dropdown-border': '#cecece',
  '--vscode-button-background': '#005fb8',
  '--vscode-button-hoverBackground': '#0258a8',
  '--vscode-button-border': 'rgba(0, 0, 0, 0.1)',
  '--vscode-button-secondaryBackground': '#e5e5e5',
  '--vscode-button-secondaryForeground': '#3b3b3b',
  '--vscode-button-secondaryHoverBackground': '#cccccc',
  '--vscode-badge-background': '#cccccc',
  '--vscode-badge-foreground': '#3b3b3b',
  '--vscode-progressBar-background': '#005fb8',
  '--vscode-textLink-foreground': '#005fb8',
  '--vscode-textLink-activeForeground': '#005fb8',
  '--vscode-list-hoverBackground': '#f2f2f2',
  '--vscode-toolbar-hoverBackground': 'rgba(184, 184, 184, 0.31)',
  '--vscode-inputOption-activeBackground': 'rgba(190, 195, 201, 0.4)',
  '--vscode-inputOption-activeBorder': '#005fb8',
  '--vscode-inputOption-activeForeground': '#000000',
  '--vscode-inputValidation-errorBackground': '#f2dede',
  '--vscode-inputValidation-errorBorder': '#be1100',
  '--vscode-inputValidation-warningBackground': '#f6f5d2',
  '--vscode-inputValidation-warningBorder': '#b89500',
  '--vscode-editorWarning-foreground': '#bf8803',
  '--vscode-editorHoverWidget-background': '#f8f8f8',
  '--vscode-editorHoverWidget-foreground': '#3b3b3b',
  '--vscode-editorHoverWidget-border': '#c8c8c8',
  '--vscode-editor-selectionBackground': '#add6ff',
  '--vscode-checkbox-background': '#f8f8f8',
  '--vscode-charts-foreground': '#3b3b3b',
  '--vscode-charts-red': '#e51400',
  '--vscode-charts-blue': '#1a85ff',
  '--vscode-charts-yellow': '#bf8803',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-green': '#388a34',
  '--vscode-charts-purple': '#652d90',
};

/** VS Code's Dark High Contrast theme variables (the ones that differ from Dark Modern). */
export const HIGH_CONTRAST: Record<string, string> = {
  ...DARK_MODERN,
  '--vscode-foreground': '#ffffff',
  '--vscode-descriptionForeground': 'rgba(255, 255, 255, 0.7)',
  '--vscode-editor-foreground': '#ffffff',
  '--vscode-editor-background': '#000000',
  '--vscode-editorWidget-background': '#0c141f',
  '--vscode-panel-border': '#6fc3df',
  '--vscode-contrastBorder': '#6fc3df',
  '--vscode-contrastActiveBorder': '#f38518',
  '--vscode-focusBorder': '#f38518',
  '--vscode-input-background': '#000000',
  '--vscode-input-border': '#6fc3df',
  '--vscode-dropdown-background': '#000000',
  '--vscode-dropdown-border': '#6fc3df',
  '--vscode-button-background': '#000000',
  '--vscode-button-border': '#6fc3df',
  '--vscode-button-secondaryBackground': '#000000',
  '--vscode-button-secondaryForeground': '#ffffff',
  '--vscode-badge-background': '#000000',
  '--vscode-badge-foreground': '#ffffff',
  '--vscode-editorHoverWidget-background': '#0c141f',
  '--vscode-editorHoverWidget-border': '#6fc3df',
  // The chart colours are Dark Modern's.
};

/** How long any wait of the page tests may take before it is a hang (generous: see `open`). */
export const WAIT_BOUND_MS = 120_000;

export interface PanelPage {
  page: Page;
  /** Deliver a message as the host would. */
  send(message: HostToWebview): Promise<void>;
  /** Deliver anything (malformed messages, to test the page's defences). */
  sendRaw(message: unknown): Promise<void>;
  /** Everything the page posted so far. */
  posted(): Promise<WebviewToHost[]>;
  /** Wait until the page has posted a message of `type` (after `since` messages); returns it. */
  waitForPosted<T extends WebviewToHost['type']>(type: T, since?: number): Promise<Extract<WebviewToHost, { type: T }>>;
  /** The view state the page saved with setState. */
  state(): Promise<unknown>;
  /** CSP violations, page errors and console errors seen so far. */
  problems(): Promise<string[]>;
  /** Forget the problems seen so far (after a test provoked them on purpose). */
  clearProblems(): Promise<void>;
  close(): Promise<void>;
}

export interface PanelPageOptions {
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
  /** View state `getState()` returns at load (as after a reload). */
  initialState?: unknown;
  /** Theme variables set on <html> and the body class, as VS Code does. */
  theme?: { variables: Record<string, string>; bodyClass: string };
  /** VS Code's display language: the page gets l10n/bundle.l10n.<language>.json, as the host sends it. */
  language?: string;
}

/** What the host injects for a display language: the extension's bundle of it (none for English). */
function pageL10nOf(language: string): PageL10n {
  if (language === 'en') return { language, bundle: null };
  return { language, bundle: JSON.parse(readFileSync(join(ROOT, 'l10n', `bundle.l10n.${language}.json`), 'utf8')) as Record<string, string> };
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
        const html = panelHtml({ cspSource: this.origin, nonce: makeNonce(), scriptUri: `${this.origin}/dist/webview.js`, styleUri: `${this.origin}/media/panel.css`, title: 'LR Lab', l10n: pageL10nOf(url.searchParams.get('lang') ?? 'en') });
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
    // Every wait is for a condition (a selector, an attribute, a posted message); this bound only
    // catches a real hang — a busy machine (a CPU hog beside the suite) must not reach it.
    page.setDefaultTimeout(WAIT_BOUND_MS);
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
        const w = window;
        const posted: PageInstrumentation['__posted'] = [];
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
          postMessage: (m: unknown) => posted.push(JSON.parse(JSON.stringify(m)) as PageInstrumentation['__posted'][number]),
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
    await page.goto(`${this.origin}/?lang=${encodeURIComponent(options.language ?? 'en')}`);
    const panel: PanelPage = {
      page,
      send: (message) => page.evaluate((m) => window.postMessage(m, '*'), message as unknown as Record<string, unknown>),
      sendRaw: (message) => page.evaluate((m) => window.postMessage(m, '*'), message as Record<string, unknown>),
      posted: () => page.evaluate(() => window.__posted.slice() as unknown as WebviewToHost[]),
      waitForPosted: async (type, since = 0) => {
        const handle = await page.waitForFunction(
          ({ type, since }) => window.__posted.slice(since).find((m) => m.type === type),
          { type, since },
        );
        return (await handle.jsonValue()) as never;
      },
      state: () => page.evaluate(() => window.__state()),
      problems: async () => [...problems, ...(await page.evaluate(() => window.__violations.map((v) => `csp: ${v}`)))],
      clearProblems: async () => {
        problems.length = 0;
        await page.evaluate(() => void window.__violations.splice(0));
      },
      close: () => context.close(),
    };
    await panel.waitForPosted('ready');
    return panel;
  }
}
