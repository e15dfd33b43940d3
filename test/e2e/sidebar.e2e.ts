/**
 * UI scenarios of the LR Lab view, one after another in one workbench with `lrlab.plotLocation`
 * set to "view": Run Optimizer shows the curves in the side bar (no editor panel beside the file);
 * a run started from the page in the view; one from the Objectives tree's inline ▶ (the tree lists
 * the objective's runs); "Developer: Reload Window" brings the view back with
 * its runs; "View: Move View" puts it in the bottom panel, where it still runs and draws, and it
 * stays there across another reload. Where the page is on screen is read from the webview's frame
 * against the workbench's parts (`.part.sidebar`, `.part.panel`).
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { answerQuickPick, codeLenses, editorGroups, HANG_BOUND_MS, quickOpen, reloadWindow, runCommand, screenshot, waitForNoToasts } from '../harness/browser';
import { LrLabPanel, waitUntil } from './lrlabPanel';
import { docsScreenshot } from './screenshots';
import { persistedRuns, useWorkbench } from './workbench';

const ITERATIONS = 200;

type Part = 'sidebar' | 'panel';

/** The workbench part the page's webview is drawn over (its frame's centre inside the part's box), or null. */
async function partOfPage(page: Page): Promise<Part | null> {
  const frame = await page.locator('iframe.webview').first().boundingBox();
  if (!frame || frame.width === 0) return null;
  const x = frame.x + frame.width / 2;
  const y = frame.y + frame.height / 2;
  for (const part of ['sidebar', 'panel'] as const) {
    const box = await page.locator(`.part.${part}`).first().boundingBox();
    if (box && x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height) return part;
  }
  return null;
}

async function waitForPageIn(page: Page, part: Part): Promise<void> {
  await waitUntil(() => partOfPage(page), (where) => where === part, `the LR Lab page to be shown in the ${part}`);
}

describe('e2e side bar: the LR Lab view shows the runs, survives a reload, moves to the panel', () => {
  const workbench = useWorkbench({ settings: { 'workbench.colorTheme': 'Default Dark Modern', 'lrlab.plotLocation': 'view' } });
  let view: LrLabPanel;
  let runIds: string[] = [];

  before(() => {
    view = new LrLabPanel(workbench.page);
  });

  it('"LR Lab: Run Optimizer" shows the curves in the LR Lab view of the side bar, not beside the editor', async () => {
    const page = workbench.page;
    await quickOpen(page, 'rosenbrock.ts');
    await codeLenses(page, '▶ Run ').first().waitFor({ state: 'visible', timeout: HANG_BOUND_MS });
    await runCommand(page, 'LR Lab: Run Optimizer');
    await view.ready();
    const [run] = await view.waitForFinishedRuns(1);
    assert.equal(run!.status, 'finished', `run: ${JSON.stringify(run)}`);
    await waitForPageIn(page, 'sidebar');
    const groups = await editorGroups(page);
    assert.equal(groups.length, 1, `one editor group, the file's: ${JSON.stringify(groups)}`);
    // The activity bar shows LR Lab's container as the active one.
    await page.locator('.activitybar .action-item.checked .action-label[aria-label^="LR Lab"]').waitFor({ state: 'visible' });
    const loss = await view.waitForChart('loss', 1);
    assert.equal(loss.points, ITERATIONS, `loss chart: ${JSON.stringify(loss)}`);
    assert.ok(loss.plotWidth > 50 && loss.plotHeight > 50, `the loss chart has a plot area in the side bar: ${JSON.stringify(loss)}`);
    runIds = [run!.id];
  });

  it('runs again from the page in the view (SGD chosen there): two runs overlaid', async () => {
    const page = workbench.page;
    await view.frame.locator('select#optimizer').selectOption('sgd');
    await view.frame.locator('button#run').click();
    const runs = await view.waitForFinishedRuns(2);
    assert.deepEqual(runs.map((r) => r.label.split(' ')[0]), ['adam', 'sgd'], `runs: ${JSON.stringify(runs)}`);
    assert.equal((await view.waitForChart('loss', 2)).points, 2 * ITERATIONS);
    assert.equal((await editorGroups(page)).length, 1, 'still no editor panel');
    runIds = runs.map((r) => r.id);
  });

  it("the Objectives tree lists rosenbrock with its runs; its inline ▶ runs it again, into the view", async () => {
    const page = workbench.page;
    // rosenbrock of rosenbrock.ts (not of exact/rosenbrock.ts): at the top, as the objective with runs.
    const objective = page.locator('.part.sidebar .monaco-list-row', { hasText: /(?<!\/)rosenbrock\.ts:\d+/ }).first();
    await objective.waitFor({ state: 'visible' });
    // Its two runs are listed under it, newest first.
    await waitUntil(() => page.locator('.part.sidebar .monaco-list-row', { hasText: 'lr=0.001' }).count(), (n) => n === 2, 'the tree to list the 2 runs');
    await objective.hover();
    await objective.locator('.action-label[aria-label="Run Optimizer"]').click();
    const runs = await view.waitForFinishedRuns(3);
    assert.equal(runs.filter((r) => !runIds.includes(r.id)).length, 1, `runs: ${JSON.stringify(runs)}`);
    assert.equal((await view.waitForChart('loss', 3)).points, 3 * ITERATIONS);
    await waitUntil(() => page.locator('.part.sidebar .monaco-list-row', { hasText: 'lr=0.001' }).count(), (n) => n === 3, 'the tree to list the 3 runs');
    runIds = runs.map((r) => r.id);
    await waitForNoToasts(page);
    await docsScreenshot(page, 'side-bar');
  });

  it('comes back in the side bar with its three runs after "Developer: Reload Window"', async () => {
    const page = workbench.page;
    // Finished runs are saved shortly after they end; a person does not reload within that half second either.
    await waitUntil(async () => persistedRuns(workbench.server), (n) => n === 3, 'LR Lab to save the 3 runs', 10_000);
    await reloadWindow(page);
    await view.ready();
    const runs = await view.waitForFinishedRuns(3);
    assert.deepEqual(runs.map((r) => r.id), runIds, 'the same runs, in the same order');
    await waitForPageIn(page, 'sidebar');
    assert.equal((await view.waitForChart('loss', 3)).points, 3 * ITERATIONS);
  });

  it('"View: Move View" → New Panel Entry puts the page in the bottom panel, where a run still shows', async () => {
    const page = workbench.page;
    await runCommand(page, 'View: Move View', { asks: true });
    await answerQuickPick(page, /^Select a View to Move/, 'Plots');
    await answerQuickPick(page, /Destination/i, 'New Panel Entry');
    await waitForPageIn(page, 'panel');
    await view.ready();
    await view.waitForFinishedRuns(3);
    await view.frame.locator('button#run').click();
    const runs = await view.waitForFinishedRuns(4);
    assert.equal((await view.waitForChart('loss', 4)).points, 4 * ITERATIONS);
    runIds = runs.map((r) => r.id);
    await screenshot(page, 'side-bar-moved-to-panel');
  });

  it('stays in the bottom panel, with its four runs, after another reload', async () => {
    const page = workbench.page;
    await waitUntil(async () => persistedRuns(workbench.server), (n) => n === 4, 'LR Lab to save the 4 runs', 10_000);
    await reloadWindow(page);
    await view.ready();
    const runs = await view.waitForFinishedRuns(4);
    assert.deepEqual(runs.map((r) => r.id), runIds);
    await waitForPageIn(page, 'panel');
  });
});
