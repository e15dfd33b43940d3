/**
 * Debian's chromium driven by playwright-core, and the few gestures a person makes in the
 * workbench: open it on a folder, run a palette command (F1), open a file (Ctrl+P), look into a
 * webview, take a screenshot.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { registerCleanup } from './cleanup';
import { ARTIFACTS_DIR, CHROMIUM } from './paths';

/** Flags that keep chromium quiet and offline in a container (no sandbox as root, no GPU). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Closes the browser and removes its scratch profile. */
  close(): Promise<void>;
}

export interface BrowserOptions {
  viewport?: { width: number; height: number };
  /** Default timeout of playwright actions, in ms (default 30 s). */
  timeoutMs?: number;
}

/** Launches chromium on a fresh profile, with HOME and XDG folders of its own. */
export async function launchBrowser(options: BrowserOptions = {}): Promise<BrowserSession> {
  const root = mkdtempSync(join(tmpdir(), 'lrlab-chromium-'));
  const home = join(root, 'home');
  for (const dir of [join(home, '.config'), join(home, '.local/share'), join(home, '.cache'), join(root, 'tmp')]) mkdirSync(dir, { recursive: true });
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    TMPDIR: join(root, 'tmp'),
  };
  const context = await chromium.launchPersistentContext(join(root, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    env,
    args: [...CHROMIUM_ARGS],
    viewport: options.viewport ?? { width: 1400, height: 900 },
    // Our own handlers stop code-server first; Playwright's would exit (130) before they run.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  context.setDefaultTimeout(options.timeoutMs ?? 30_000);
  const page = context.pages()[0] ?? (await context.newPage());
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await context.close().catch(() => undefined);
      unregister();
      rmSync(root, { recursive: true, force: true });
    })());
  // Playwright kills the browser it launched on process exit by itself; the sync hook has nothing to add.
  const unregister = registerCleanup('chromium', close, () => undefined);
  return { context, page, close };
}

/** Loads the workbench and waits until it is usable (explorer listed when a folder is open). */
export async function openWorkbench(page: Page, url: string, options: { timeoutMs?: number } = {}): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await waitForWorkbench(page, { folder: new URL(url).searchParams.has('folder'), ...options });
}

/** Waits for the workbench shell, the status bar and, with a folder, the explorer's first row. */
export async function waitForWorkbench(page: Page, options: { folder?: boolean; timeoutMs?: number } = {}): Promise<void> {
  const timeout = options.timeoutMs ?? 60_000;
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout });
  if (options.folder !== false) {
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout });
  }
}

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_ROWS = `${QUICK_INPUT} .monaco-list-row`;

/** Opens the command palette (F1) and types `text` after its `>`. */
async function openPalette(page: Page, text: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator(`${QUICK_INPUT} input`);
  await input.waitFor({ state: 'visible' });
  await page.keyboard.type(text);
}

/**
 * The labels the palette lists for `filter`; it is closed again with Escape, after a screenshot
 * named `options.screenshot` when given (so the picture shows the list).
 */
export async function paletteCommands(page: Page, filter: string, options: { screenshot?: string } = {}): Promise<string[]> {
  await openPalette(page, filter);
  const rows = page.locator(QUICK_INPUT_ROWS);
  // The list fills asynchronously; with no match its one row says "No matching commands".
  await rows.first().waitFor({ state: 'visible' });
  const labels = (await rows.evaluateAll((elements) => elements.map((e) => (e.getAttribute('aria-label') ?? e.textContent ?? '').trim()))).filter(
    (label) => label !== 'No matching commands',
  );
  if (options.screenshot) await screenshot(page, options.screenshot);
  await page.keyboard.press('Escape');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
  return labels;
}

/** Runs a palette command by its label (e.g. `LR Lab: Run Optimizer`): F1, type, Enter on that row. */
export async function runCommand(page: Page, label: string): Promise<void> {
  await openPalette(page, label);
  const row = page.locator(QUICK_INPUT_ROWS, { hasText: label }).first();
  await row.waitFor({ state: 'visible' });
  // Enter runs the highlighted (first) row, as a person would; another match ranked first gets a click instead.
  const first = page.locator(QUICK_INPUT_ROWS).first();
  if (((await first.getAttribute('aria-label')) ?? '').includes(label)) await page.keyboard.press('Enter');
  else await row.click();
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
}

/** Opens a file of the workspace through Quick Open (Ctrl+P) and waits for its tab to be active. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.locator(`${QUICK_INPUT} input`).waitFor({ state: 'visible' });
  await page.keyboard.type(fileName);
  const row = page.locator(QUICK_INPUT_ROWS, { hasText: fileName }).first();
  await row.waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await activeTab(page, fileName).waitFor({ state: 'visible' });
}

/** The active editor tab whose label is `fileName`. */
export function activeTab(page: Page, fileName: string) {
  return page.locator(`.editor-group-container.active .tabs-container .tab.active[data-resource-name=${JSON.stringify(fileName)}]`);
}

/** The visible lines of the active editor, in display order (the DOM order is not). */
export async function visibleEditorLines(page: Page): Promise<string[]> {
  const editor = page.locator('.editor-group-container.active .monaco-editor .view-lines');
  await editor.first().waitFor({ state: 'visible' });
  const lines = await editor.first().locator('.view-line').evaluateAll((elements) =>
    elements.map((line) => ({ top: parseFloat((line as unknown as { style: { top: string } }).style.top), text: line.textContent ?? '' })),
  );
  // The editor renders spaces as U+00A0.
  return lines.sort((a, b) => a.top - b.top).map((line) => line.text.replace(/\u00a0/g, ' '));
}

/** The CodeLens links of the active editor whose text contains `title` (e.g. `▶ Run optimizer`). */
export function codeLenses(page: Page, title: string) {
  return page.locator('.editor-group-container.active .monaco-editor .codelens-decoration a', { hasText: title });
}

/** The content frame of the active webview (the outer `iframe.webview` hosts an inner `#active-frame`). */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
}

/** Saves a full-window screenshot to `test/e2e/artifacts/<name>.png`; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file });
  return file;
}
