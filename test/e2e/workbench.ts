/**
 * The fixture of a UI scenario: mocha hooks that give a `describe` block its own code-server
 * (with the packaged LR Lab installed), a fresh workspace (a copy of `examples/` plus fixtures)
 * and a chromium page showing the workbench on it. A failing test leaves a screenshot in
 * `test/e2e/artifacts/`; everything is stopped after the block, or on Ctrl+C.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, openWorkbench, screenshot, type BrowserSession } from '../harness/browser';
import { interrupted } from '../harness/cleanup';
import { startCodeServer, type CodeServer } from '../harness/codeServer';
import { createTestWorkspace, type TestWorkspace } from '../harness/workspace';

/** Set by the runner (`run.ts`): the `.vsix` under test. */
export const VSIX_ENV = 'LRLAB_E2E_VSIX';
/** Set by the runner: the universal `.vsix` (esbuild-wasm, no native binary), for its own scenario. */
export const UNIVERSAL_VSIX_ENV = 'LRLAB_E2E_UNIVERSAL_VSIX';

export interface WorkbenchOptions {
  /** Start with workspace trust on (default off). */
  workspaceTrust?: boolean;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Install the universal package instead of this machine's (the scenario is skipped without one). */
  universal?: boolean;
  /** VS Code's display language (code-server `--locale`). */
  locale?: string;
}

export interface Workbench {
  readonly page: Page;
  readonly server: CodeServer;
  /** The folder the workbench shows (a temporary copy). */
  readonly workspace: string;
}

/** Registers before/after hooks in the current `describe`; the returned object is filled in `before`. */
export function useWorkbench(options: WorkbenchOptions = {}): Workbench {
  let server: CodeServer | undefined;
  let browser: BrowserSession | undefined;
  let workspace: TestWorkspace | undefined;
  let failed = false;

  before(async function () {
    this.timeout(120_000);
    const vsix = process.env[options.universal ? UNIVERSAL_VSIX_ENV : VSIX_ENV];
    if (!vsix && options.universal) this.skip();
    if (!vsix) throw new Error(`${VSIX_ENV} is not set: run the scenarios through test/e2e/run.ts`);
    workspace = createTestWorkspace(['test/fixtures', 'test/e2e/fixtures']);
    server = await startCodeServer({
      vsix: [vsix],
      workspaceTrust: options.workspaceTrust ?? false,
      ...(options.settings ? { settings: options.settings } : {}),
      ...(options.locale ? { locale: options.locale } : {}),
    });
    browser = await launchBrowser();
    await openWorkbench(browser.page, server.workbenchUrl(workspace.path));
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      failed = true;
      if (browser) {
        const file = await screenshot(browser.page, `failed-${this.currentTest.fullTitle()}`).catch(() => undefined);
        if (file) console.error(`    screenshot: ${file}`);
      }
    }
  });

  after(async function () {
    this.timeout(60_000);
    await browser?.close();
    if (failed && server && !interrupted()) console.error(`[e2e] last lines of the code-server log:\n${server.logTail(30)}`);
    await server?.stop({ keepScratch: failed });
    workspace?.dispose({ keep: failed });
  });

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the workbench fixture has no ${what}: its before() hook failed`);
    return value;
  };
  return {
    get page() {
      return need(browser, 'browser').page;
    },
    get server() {
      return need(server, 'server');
    },
    get workspace() {
      return need(workspace, 'workspace').path;
    },
  };
}

/** The runs LR Lab has saved for the workspace (`<workspace storage>/lrlab.lrlab/runs.json`), or 0 before the first save. */
export function persistedRuns(server: CodeServer): number {
  const storage = join(server.profile.userDataDir, 'User/workspaceStorage');
  let folders: string[];
  try {
    folders = readdirSync(storage);
  } catch {
    return 0;
  }
  for (const folder of folders) {
    try {
      const saved = JSON.parse(readFileSync(join(storage, folder, 'lrlab.lrlab/runs.json'), 'utf8')) as { runs?: unknown[] };
      return saved.runs?.length ?? 0;
    } catch {
      // not this workspace's folder, or not written yet
    }
  }
  return 0;
}
