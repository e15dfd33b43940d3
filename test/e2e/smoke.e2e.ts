/**
 * UI smoke scenario: the packaged extension in code-server, used as a person would. Open the
 * example folder, open `rosenbrock.ts` through Quick Open, see its text in the editor and LR Lab's
 * CodeLens above the objective, and find `LR Lab: Run Optimizer` in the command palette.
 */
import * as assert from 'node:assert/strict';
import { codeLenses, HANG_BOUND_MS, paletteCommands, quickOpen, screenshot, visibleEditorLines } from '../harness/browser';
import { useWorkbench } from './workbench';

describe('e2e smoke: LR Lab in the workbench', () => {
  const workbench = useWorkbench();

  it('opens rosenbrock.ts through Quick Open and shows its text', async () => {
    await quickOpen(workbench.page, 'rosenbrock.ts');
    const lines = await visibleEditorLines(workbench.page);
    assert.ok(
      lines.some((line) => line.includes('Rosenbrock')),
      `the editor shows:\n${lines.slice(0, 10).join('\n')}`,
    );
  });

  it('shows "▶ Run optimizer" above the objective: the .vsix activated, runtime dependencies included', async () => {
    // The palette lists contributed commands from the manifest alone; a CodeLens needs the
    // extension running (its objective discovery loads typescript from the packaged node_modules).
    await codeLenses(workbench.page, '▶ Run ').first().waitFor({ state: 'visible', timeout: HANG_BOUND_MS });
    await screenshot(workbench.page, 'smoke-rosenbrock');
  });

  it('lists "LR Lab: Run Optimizer" in the command palette', async () => {
    const labels = await paletteCommands(workbench.page, 'LR Lab: Run Optimizer', { screenshot: 'smoke-palette' });
    assert.ok(
      labels.some((label) => label.startsWith('LR Lab: Run Optimizer')),
      `the palette lists: ${labels.join(' | ') || '(nothing)'}`,
    );
  });
});
