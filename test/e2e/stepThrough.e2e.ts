/**
 * The step-through scenario as a person goes: with rosenbrock.ts open, *LR Lab: Step Through
 * Optimizer* from the command palette starts a run paused before its first step; the panel's
 * step inspector shows step 0 at x₀; **Step once** twice takes two optimizer steps, each shown
 * with its lr and a row per parameter, and the landscape draws the last step as an arrow;
 * **Resume** runs it to the end. The panel is read from inside its webview through its `data-*`
 * hooks (webview/views/inspector, webview/views/landscape).
 */
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { codeLenses, HANG_BOUND_MS, quickOpen, runCommand, screenshot } from '../harness/browser';
import { LrLabPanel, waitUntil } from './lrlabPanel';
import { useWorkbench } from './workbench';

async function viewHooks(frame: FrameLocator, view: string): Promise<Record<string, string>> {
  return frame.locator(`[data-view="${view}"]`).evaluate((e) => ({ ...(e as unknown as { dataset: Record<string, string> }).dataset }));
}

function waitForView(frame: FrameLocator, view: string, done: (hooks: Record<string, string>) => boolean, what: string): Promise<Record<string, string>> {
  return waitUntil(() => viewHooks(frame, view), done, `the ${view} view: ${what}`, HANG_BOUND_MS);
}

describe('e2e step-through: a run of rosenbrock from the palette, paused at step 0, stepped twice, then resumed', () => {
  const workbench = useWorkbench();

  it('Step Through Optimizer → step 0 at x₀ → Step once ×2 (inspector and landscape arrow) → Resume to the end', async () => {
    const page = workbench.page;
    const panel = new LrLabPanel(page);
    await runCommand(page, 'View: Close Primary Side Bar');
    await quickOpen(page, 'rosenbrock.ts');
    // The palette lists this command only while a TypeScript editor is active (its `when`), and it runs
    // once the extension has activated: the CodeLens shows both, on a busy machine seconds after the tab.
    await codeLenses(page, '▶ Run ').first().waitFor({ state: 'visible', timeout: HANG_BOUND_MS });
    await runCommand(page, 'LR Lab: Step Through Optimizer');
    await panel.ready();
    const frame = panel.frame;

    const zero = await waitForView(frame, 'step-inspector', (h) => h.step === '0' && h.paused === 'true', 'paused at step 0');
    assert.equal(zero.dim, '2');
    const x0 = await frame.locator('[data-view="step-inspector"] td[data-col="params"]').evaluateAll((cells) => cells.map((c) => Number((c as unknown as { dataset: { value: string } }).dataset.value)));
    assert.deepEqual(x0, [-1.2, 1], 'θ₀ is rosenbrock’s x₀');
    await waitUntil(() => frame.locator('button#step').isDisabled(), (disabled) => !disabled, 'Step once enabled while paused');

    for (const k of [1, 2]) {
      await frame.locator('button#step').click();
      const h = await waitForView(frame, 'step-inspector', (hooks) => hooks.step === String(k) && hooks.paused === 'true', `paused after step ${k}`);
      assert.equal(h.rows, '2');
      assert.ok((h.columns ?? '').split(',').includes('grad') && (h.columns ?? '').includes('stepSize'), `columns: ${h.columns}`);
    }
    const summary = (await frame.locator('.step-summary').textContent()) ?? '';
    assert.match(summary, /step 2 · lr = /);
    const landscape = await waitForView(frame, 'landscape', (h) => h.arrowStep === '2', 'the arrow of step 2');
    const [fromX, fromY, toX, toY] = landscape.arrow!.split(',').map(Number) as [number, number, number, number];
    assert.ok([fromX, fromY, toX, toY].every(Number.isFinite) && (fromX !== toX || fromY !== toY), `the arrow moves: ${landscape.arrow}`);
    await frame.locator('[data-view="step-inspector"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'step-through');

    await frame.locator('button#resume').click();
    const [run] = await panel.waitForFinishedRuns(1);
    assert.equal(run!.status, 'finished', `run: ${JSON.stringify(run)}`);
    await waitForView(frame, 'step-inspector', (h) => h.paused === 'false', 'not paused after Resume');
  });
});
