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
import { HANG_BOUND_MS } from './bounds';

export { HANG_BOUND_MS };
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
  /** Default timeout of playwright actions, in ms (default HANG_BOUND_MS). */
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
  context.setDefaultTimeout(options.timeoutMs ?? HANG_BOUND_MS);
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
  const timeout = options.timeoutMs ?? HANG_BOUND_MS;
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

/**
 * Runs a palette command by its label (e.g. `LR Lab: Run Optimizer`): F1, type, Enter on that row.
 * With `asks`, the command asks a question in a quick pick of its own (`answerQuickPick`), so the
 * palette is not waited to close.
 */
export async function runCommand(page: Page, label: string, options: { asks?: boolean } = {}): Promise<void> {
  await openPalette(page, label);
  const row = page.locator(QUICK_INPUT_ROWS, { hasText: label }).first();
  await row.waitFor({ state: 'visible' });
  // Enter runs the highlighted (first) row, as a person would; another match ranked first gets a click instead.
  const first = page.locator(QUICK_INPUT_ROWS).first();
  if (((await first.getAttribute('aria-label')) ?? '').includes(label)) await page.keyboard.press('Enter');
  else await row.click();
  if (!options.asks) await page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
}

/** Waits for a quick pick whose placeholder matches `question`. */
async function waitForQuestion(page: Page, question: RegExp): Promise<void> {
  const input = page.locator(`${QUICK_INPUT} input`);
  const deadline = Date.now() + HANG_BOUND_MS;
  let asked = '';
  while (!question.test((asked = (await input.getAttribute('placeholder').catch(() => null)) ?? ''))) {
    if (Date.now() > deadline) throw new Error(`the quick pick did not ask ${question} (it shows "${asked}")`);
    await page.waitForTimeout(100);
  }
}

/**
 * Answers the quick pick a command asks (after `runCommand(page, label, { asks: true })`): waits
 * for the question whose placeholder matches `question`, types `answer` and chooses its row.
 */
export async function answerQuickPick(page: Page, question: RegExp, answer: string): Promise<void> {
  await waitForQuestion(page, question);
  await page.keyboard.type(answer);
  await page.locator(QUICK_INPUT_ROWS, { hasText: answer }).first().click();
}

/**
 * The rows of the quick pick asking `question` (its placeholder), once it shows them: each row's
 * accessible label (label, description and detail). The pick stays open.
 */
export async function quickPickRows(page: Page, question: RegExp): Promise<string[]> {
  await waitForQuestion(page, question);
  const rows = page.locator(QUICK_INPUT_ROWS);
  await rows.first().waitFor({ state: 'visible' });
  return rows.evaluateAll((elements) => elements.map((e) => (e.getAttribute('aria-label') ?? e.textContent ?? '').trim()));
}

/**
 * In a multi-select quick pick, ticks the first row whose text contains `text` (a click on the
 * row, as a person does) and waits until the row says it is checked.
 */
export async function tickQuickPickRow(page: Page, text: string): Promise<void> {
  const row = page.locator(QUICK_INPUT_ROWS, { hasText: text }).first();
  await row.waitFor({ state: 'visible' });
  if ((await row.getAttribute('aria-checked')) !== 'true') await row.click();
  const deadline = Date.now() + HANG_BOUND_MS;
  while ((await page.locator(QUICK_INPUT_ROWS, { hasText: text }).first().getAttribute('aria-checked')) !== 'true') {
    if (Date.now() > deadline) throw new Error(`the quick pick row "${text}" did not become checked`);
    await page.waitForTimeout(100);
  }
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

/**
 * Waits until the status bar says the active editor's language is `language`: the context key
 * (`editorLangId`) that LR Lab's palette entries are shown under is set by then. A palette opened
 * before it is filtered without them, and stays so while it is open.
 */
export async function waitForEditorLanguage(page: Page, language = 'TypeScript'): Promise<void> {
  await page.locator('.statusbar-item[id="status.editor.mode"]', { hasText: language }).first().waitFor({ state: 'visible', timeout: HANG_BOUND_MS });
}

/** The active editor tab whose label is `fileName`. */
export function activeTab(page: Page, fileName: string) {
  return page.locator(`.editor-group-container.active .tabs-container .tab.active[data-resource-name=${JSON.stringify(fileName)}]`);
}

/**
 * Activates the editor of an open file by a click on its tab, as a person does, and waits for
 * its group to be the active one. Quick Open after a click in a webview may leave the webview's
 * (locked) group active; a click on the tab does not depend on where focus was.
 */
export async function activateTab(page: Page, fileName: string): Promise<void> {
  const tab = page.locator(`.tabs-container .tab[data-resource-name=${JSON.stringify(fileName)}]`).first();
  await tab.waitFor({ state: 'visible', timeout: HANG_BOUND_MS });
  await tab.click();
  await activeTab(page, fileName).waitFor({ state: 'visible', timeout: HANG_BOUND_MS });
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

/**
 * Moves the cursor of the active editor to `line`:`column` (1-based) with Go to Line (Ctrl+G),
 * and waits for the status bar to say so.
 */
export async function goToLine(page: Page, line: number, column = 1): Promise<void> {
  await page.keyboard.press('Control+G');
  await page.locator(`${QUICK_INPUT} input`).waitFor({ state: 'visible' });
  await page.keyboard.type(`${line}:${column}`);
  // Enter before the picker has parsed the text does nothing: wait for its "go to line N" row.
  await page.locator(QUICK_INPUT_ROWS, { hasText: `line ${line}` }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
  await page.locator('.part.statusbar .statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).first().waitFor({ state: 'visible' });
  // The focus goes back to the editor a moment after the picker closes; keys typed before then are lost.
  await page.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor({ state: 'visible' });
}

const ACTION_WIDGET = '.action-widget:not(.action-list-submenu-panel)';
const ACTION_ROWS = `${ACTION_WIDGET} .monaco-list-row.action`;

/**
 * Opens the code actions at the cursor (the lightbulb menu, Ctrl+.) and returns their titles
 * in menu order once one contains `expect`; the menu stays open. As a person does, it waits for
 * the lightbulb first: a Ctrl+. while the editor is still computing the actions of a freshly
 * moved cursor can be lost. Tried up to `attempts` times (Escape, then Ctrl+. again).
 */
export async function openCodeActions(page: Page, options: { expect?: string; timeoutMs?: number; attempts?: number } = {}): Promise<string[]> {
  // Per attempt (a Ctrl+. pressed while the actions are computed can be lost, so it is pressed again).
  const timeout = options.timeoutMs ?? 30_000;
  const row = options.expect ? page.locator(ACTION_ROWS, { hasText: options.expect }) : page.locator(ACTION_ROWS);
  for (let attempt = 1; ; attempt++) {
    // Best effort: with `editor.lightbulb.enabled` off there is none, and Ctrl+. still works.
    await page.locator('.editor-group-container.active .monaco-editor .lightBulbWidget').first().waitFor({ state: 'visible', timeout }).catch(() => undefined);
    await page.keyboard.press('Control+.');
    try {
      await row.first().waitFor({ state: 'visible', timeout });
      return (await page.locator(`${ACTION_ROWS} .title`).allTextContents()).map((title) => title.trim());
    } catch (err) {
      if (attempt >= (options.attempts ?? 3)) throw err;
      await page.keyboard.press('Escape');
      await page.locator(ACTION_WIDGET).first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    }
  }
}

/**
 * In the open code-action menu, moves the focus down to the action titled `title` (as a person
 * does with the arrow keys; rows out of view are not in the DOM) and, unless `apply` is false,
 * applies it with Enter. Call `openCodeActions` first.
 */
export async function chooseCodeAction(page: Page, title: string, options: { apply?: boolean } = {}): Promise<void> {
  const focused = page.locator(`${ACTION_ROWS}.focused .title`);
  const count = await page.locator(ACTION_ROWS).count();
  // The list wraps around; 100 presses is more than any menu holds.
  for (let i = 0; i < Math.max(100, count); i++) {
    if ((await focused.textContent({ timeout: 30_000 }).catch(() => null))?.trim() === title) {
      if (options.apply !== false) {
        await page.keyboard.press('Enter');
        await page.locator(ACTION_WIDGET).first().waitFor({ state: 'hidden' });
      }
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`the code-action menu has no action titled "${title}"`);
}

/** The editor groups, left to right: the label of each tab and which tab is active. */
export async function editorGroups(page: Page): Promise<Array<{ tabs: string[]; active: string | null; left: number }>> {
  const groups = page.locator('.part.editor .editor-group-container');
  const result: Array<{ tabs: string[]; active: string | null; left: number }> = [];
  for (const group of await groups.all()) {
    const tabs = (await group.locator('.tabs-container .tab').evaluateAll((elements) => elements.map((e) => e.getAttribute('aria-label') ?? ''))).map((label) => label.trim());
    // A group with tabs has an active one: wait for it (only a hang waits long); one without has none.
    const active = tabs.length === 0 ? null : await group.locator('.tabs-container .tab.active').first().getAttribute('aria-label');
    const box = await group.boundingBox();
    result.push({ tabs, active, left: box?.x ?? Number.NaN });
  }
  return result.sort((a, b) => a.left - b.left);
}

/** The palette command that opens and focuses the Problems view (Ctrl+Shift+M toggles it instead). */
export const FOCUS_PROBLEMS = 'View: Focus Problems (Errors, Warnings, Infos)';

/**
 * Opens the Problems view and returns its rows' accessible labels once one contains `expect`
 * (e.g. `Error: Unexpected "*" at line 3 and character 29. generated by LR Lab`).
 */
export async function problems(page: Page, expect: string, options: { timeoutMs?: number } = {}): Promise<string[]> {
  const rows = page.locator('.markers-panel .monaco-list-row');
  await runCommand(page, FOCUS_PROBLEMS);
  await rows.filter({ hasText: expect }).first().waitFor({ state: 'visible', timeout: options.timeoutMs ?? HANG_BOUND_MS });
  return (await rows.evaluateAll((elements) => elements.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''))).map((label) => label.trim());
}

/**
 * Reloads the window with `Developer: Reload Window` and waits for the workbench to be usable
 * again (with `folder`, for the explorer's first row too, as after opening; off by default,
 * since the side bar may have been closed).
 */
export async function reloadWindow(page: Page, options: { folder?: boolean; timeoutMs?: number } = {}): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: options.timeoutMs ?? HANG_BOUND_MS });
  await runCommand(page, 'Developer: Reload Window');
  await navigated;
  await waitForWorkbench(page, { folder: false, ...options });
}

/** The notification toasts in the bottom-right corner (progress, errors, information). */
export function notificationToasts(page: Page) {
  return page.locator('.notifications-toasts .notification-toast');
}

/** Waits until no notification toast is on screen (a finished progress toast closes by itself). */
export async function waitForNoToasts(page: Page, options: { timeoutMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? HANG_BOUND_MS);
  while ((await notificationToasts(page).count()) > 0) {
    if (Date.now() > deadline) throw new Error(`notification toasts still shown: ${(await notificationToasts(page).allTextContents()).join(' | ')}`);
    await page.waitForTimeout(100);
  }
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
