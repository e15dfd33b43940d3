import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe("the panel's editor group", () => {
  it('is locked when the panel opens into it (workbench.editor.autoLockGroups for the panel\'s webview editor), so files opened later go beside it', () => {
    // RunPanel.ts imports vscode at run time: its view type is read from its text.
    const PANEL_VIEW_TYPE = /export const PANEL_VIEW_TYPE = '([^']+)'/.exec(readFileSync(join(__dirname, '../../../../src/extension/panel/RunPanel.ts'), 'utf8'))![1];
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8')) as { contributes: { configurationDefaults?: Record<string, Record<string, boolean>> } };
    // VS Code names a webview panel's editor "mainThreadWebview-<viewType>".
    assert.deepEqual(manifest.contributes.configurationDefaults?.['workbench.editor.autoLockGroups'], { [`mainThreadWebview-${PANEL_VIEW_TYPE}`]: true });
  });
});
