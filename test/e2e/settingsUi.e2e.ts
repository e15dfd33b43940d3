/**
 * The Settings UI on LR Lab's settings, as a person uses it: LR Lab's settings sit in a section
 * titled "LR Lab", and a scalar option setting ("Option: Momentum") is a field the UI edits:
 * typing a value there writes `lrlab.option.momentum` to the user's settings.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { runCommand } from '../harness/browser';
import { waitUntil } from './lrlabPanel';
import { useWorkbench } from './workbench';

/** The Settings UI's rows in view: category and label as shown ("Lrlab › Option:" + "Momentum"). */
async function settingRows(page: Page): Promise<{ category: string; label: string }[]> {
  return page.locator('.settings-editor .setting-item-contents').evaluateAll((rows) =>
    rows.map((row) => ({ category: (row.querySelector('.setting-item-category')?.textContent ?? '').trim(), label: (row.querySelector('.setting-item-label')?.textContent ?? '').trim() })),
  );
}

/** The user's settings.json as an object ({} while it does not exist or is being written). */
function userSettings(file: string): Record<string, unknown> {
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

describe('e2e Settings UI: LR Lab’s section and a scalar setting it edits', () => {
  const workbench = useWorkbench({ settings: { 'workbench.colorTheme': 'Default Dark Modern', 'workbench.settings.editor': 'ui' } });

  it('@ext:lrlab.lrlab lists the settings under "LR Lab"; Option: Momentum is a number field, and typing 0.9 there sets lrlab.option.momentum', async () => {
    const page = workbench.page;
    await runCommand(page, 'Preferences: Open User Settings');
    await page.locator('.settings-editor').waitFor({ state: 'visible' });
    await page.keyboard.type('@ext:lrlab.lrlab lrlab.option.momentum');
    const rows = await waitUntil(() => settingRows(page), (r) => r.some((row) => row.label === 'Momentum'), 'the momentum setting in the Settings UI');
    assert.ok(rows.some((row) => /Option:$/.test(row.category) && row.label === 'Momentum'), JSON.stringify(rows));
    // The table of contents renders after the rows (it was still empty once on a busy machine), and
    // on a busy machine VS Code may leave the "Extensions" node that holds LR Lab collapsed: open it.
    const tocRows = page.locator('.settings-editor .settings-toc-container .monaco-list-row');
    const toc = await waitUntil(
      async () => {
        const collapsed = tocRows.filter({ hasText: /^Extensions/ }).and(page.locator('[aria-expanded="false"]'));
        if ((await collapsed.count()) > 0) await collapsed.first().click();
        return (await tocRows.allTextContents()).map((t) => t.trim());
      },
      (entries) => entries.some((t) => t.startsWith('LR Lab')),
      'an "LR Lab" entry in the Settings UI’s table of contents',
    );
    assert.ok(toc.some((t) => t.startsWith('LR Lab')), `the table of contents: ${JSON.stringify(toc)}`);

    const momentum = page.locator('.settings-editor .setting-item-contents', { has: page.locator('.setting-item-label', { hasText: /^Momentum$/ }) }).locator('input');
    await momentum.click();
    await page.keyboard.type('0.9');
    const file = join(workbench.server.profile.userDataDir, 'User', 'settings.json');
    const written = await waitUntil(async () => userSettings(file), (s) => s['lrlab.option.momentum'] === 0.9, 'the Settings UI to write lrlab.option.momentum');
    assert.equal(written['lrlab.optimizerOptions'], undefined, 'no object setting was needed');
  });
});
