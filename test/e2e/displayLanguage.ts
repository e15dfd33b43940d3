/**
 * VS Code's display language in code-server, as a user sets it: install a language pack, reload.
 * `--locale zh-cn` alone is not enough: code-server serves the workbench in a language only when
 * a language pack for it is installed (`<user-data>/languagepacks.json`), and without one the
 * workbench, the extension host's `vscode.env.language` and the extensions' package.nls files
 * all stay English. Microsoft's language packs are marketplace downloads, so the scenario
 * installs `test/e2e/language-pack/`: a pack that declares the language and translates none of
 * VS Code's own strings (VS Code's UI stays English; LR Lab's is what the scenario checks).
 *
 * The pack goes in through the running server ("Extensions: Install from VSIX..."): the server
 * records language packs when it installs one; `code-server --install-extension` does not.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { HANG_BOUND_MS, runCommand, waitForWorkbench } from '../harness/browser';
import type { CodeServer } from '../harness/codeServer';
import { REPO_ROOT } from '../harness/paths';
import { waitUntil } from './lrlabPanel';

const PACK_DIR = join(REPO_ROOT, 'test/e2e/language-pack');

/** Packages the fixture language pack with vsce into a scratch folder; returns the .vsix path. */
function packageLanguagePack(): string {
  const vsix = join(mkdtempSync(join(tmpdir(), 'lrlab-language-pack-')), 'language-pack.vsix');
  const vsce = join(REPO_ROOT, 'node_modules/.bin/vsce');
  const result = spawnSync(vsce, ['package', '--skip-license', '--allow-missing-repository', '--out', vsix], { cwd: PACK_DIR, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0 || !existsSync(vsix)) throw new Error(`packaging the language pack failed: ${result.stdout}${result.stderr}`);
  return vsix;
}

/** The display languages the server knows of (`languagepacks.json`, written when a pack is installed). */
function installedLanguages(server: CodeServer): string[] {
  const file = join(server.profile.userDataDir, 'languagepacks.json');
  if (!existsSync(file)) return [];
  try {
    return Object.keys(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
  } catch {
    return []; // being written
  }
}

/**
 * Installs the language pack of `language` into the running server and reloads the workbench,
 * which then starts in that language (the server runs with `--locale language`). Resolves once
 * the reloaded workbench's language is `language`.
 */
export async function switchDisplayLanguage(page: Page, server: CodeServer, language: string): Promise<void> {
  const vsix = packageLanguagePack();
  await runCommand(page, 'Extensions: Install from VSIX...', { asks: true });
  // The web workbench's file dialog is a quick input holding a path (the palette's holds '>…').
  const input = page.locator('.quick-input-widget input');
  await waitUntil(() => input.inputValue(), (value) => value.startsWith('/'), 'the file dialog of Install from VSIX');
  // Once the dialog has listed the .vsix's folder, its Install button takes the path. A dialog
  // still starting up may put its own folder back over the typed path (seen once in five runs):
  // then the path is typed again, as a person would.
  const listed = page.locator('.quick-input-widget .monaco-list-row', { hasText: basename(vsix) });
  await waitUntil(
    async () => {
      if ((await input.inputValue()) !== vsix) await input.fill(vsix);
      return listed.count();
    },
    (count) => count > 0,
    `the file dialog to list ${basename(vsix)}`,
  );
  await page.locator('.quick-input-widget').getByRole('button', { name: 'Install' }).click();
  await waitUntil(async () => installedLanguages(server), (languages) => languages.includes(language), `the server to record the ${language} language pack`);
  await page.reload({ waitUntil: 'domcontentloaded' });
  await waitForWorkbench(page, { timeoutMs: HANG_BOUND_MS });
  const shown = await page.evaluate(() => (globalThis as { _VSCODE_NLS_LANGUAGE?: string })._VSCODE_NLS_LANGUAGE);
  if (shown !== language) throw new Error(`the workbench reloaded in ${String(shown)}, not ${language}`);
}
