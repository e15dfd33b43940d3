/**
 * UI scenarios of the playground, one after another in one workbench as a person would go:
 * press the "Find lr" CodeLens above `rosenbrock` and see the range test plotted with its
 * suggestions, click the valley suggestion and get a run with that lr; run a sweep of 6 cells
 * (3 lrs × SGD, Adam) from the panel, click a cell of the heat map and see its curve join the
 * loss chart; then, with two fresh runs, the landscape of the 2-parameter objective: contour
 * lines drawn and both paths. The panel is read from inside its webview through its `data-*`
 * hooks (webview/views/{finder,sweep,landscape}).
 */
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { quickSweepLrs } from '../../src/core/sweep/bestLr';
import { activateTab, codeLenses, HANG_BOUND_MS, notificationToasts, quickOpen, quickPickRows, runCommand, screenshot, tickQuickPickRow } from '../harness/browser';
import { LrLabPanel, waitUntil } from './lrlabPanel';
import { useWorkbench } from './workbench';

/** The `data-*` attributes of a view's root (`[data-view=name]`), camel-cased as `dataset` gives them. */
async function viewHooks(frame: FrameLocator, view: string): Promise<Record<string, string>> {
  return frame.locator(`[data-view="${view}"]`).evaluate((e) => ({ ...(e as unknown as { dataset: Record<string, string> }).dataset }));
}

/** Waits until the view's hooks satisfy `done`; returns them. */
async function waitForView(frame: FrameLocator, view: string, done: (hooks: Record<string, string>) => boolean, what: string, timeoutMs = HANG_BOUND_MS): Promise<Record<string, string>> {
  return waitUntil(() => viewHooks(frame, view), done, `the ${view} view: ${what}`, timeoutMs);
}

describe('e2e playground: Find lr from the CodeLens, a 6-cell sweep, the landscape of two runs', () => {
  const workbench = useWorkbench();
  let panel: LrLabPanel;

  before(async () => {
    panel = new LrLabPanel(workbench.page);
    await runCommand(workbench.page, 'View: Close Primary Side Bar');
  });

  it('Find lr from the CodeLens plots the range test; a click on the valley suggestion runs with that lr', async () => {
    const page = workbench.page;
    await quickOpen(page, 'rosenbrock.ts');
    await codeLenses(page, 'Find lr').first().click({ timeout: HANG_BOUND_MS });
    await panel.ready();
    const finder = await waitForView(panel.frame, 'finder', (h) => h.status === 'done' && /valley=/.test(h.suggestions ?? ''), 'the range test done with a valley suggestion', 60_000);
    assert.ok(Number(finder.steps) >= 10, `the ramp took steps: ${JSON.stringify(finder)}`);
    assert.ok(['numIt', 'diverged'].includes(finder.stopReason ?? ''), `stop reason: ${JSON.stringify(finder)}`);
    assert.ok(Number(finder.annotations) >= 1, `the suggestions are marked on the chart: ${JSON.stringify(finder)}`);
    const valley = Number(/valley=([^;]+)/.exec(finder.suggestions!)![1]);
    assert.ok(valley > 1e-7 && valley < 10, `valley in the ramp: ${valley}`);
    await screenshot(page, 'playground-finder');

    assert.equal(await panel.frame.locator('#finder-then-run').isChecked(), true, '"then run" is ticked by default');
    await panel.frame.locator('button.suggestion[data-rule="valley"]').click();
    const [run] = await panel.waitForFinishedRuns(1);
    assert.equal(run!.status, 'finished', `run: ${JSON.stringify(run)}`);
    const lr = Number(/lr=(\S+)/.exec(run!.label)?.[1]);
    // The page rounds the suggestion to 3 significant digits before it sets the lr control.
    assert.ok(Math.abs(lr - valley) <= 0.01 * valley, `the run's lr ${lr} (label "${run!.label}") is the valley suggestion ${valley}`);
    assert.equal(await panel.frame.locator('input#lr').inputValue().then(Number), lr, 'the lr control took the suggestion');
    await panel.waitForChart('loss', 1);
  });

  it('a sweep of 6 cells from the panel, then a click on a cell: its run joins the loss chart', async () => {
    const page = workbench.page;
    const frame = panel.frame;
    const before = await panel.runs();
    await frame.locator('#sweep-lr-from').fill('1e-4');
    await frame.locator('#sweep-lr-to').fill('1e-2');
    await frame.locator('#sweep-lr-count').fill('3');
    await frame.locator('#sweep-iterations').fill('50');
    // The ticked optimizers: the controls' (adam), SGD and Adam; one schedule, the controls'.
    const optimizers = await frame.locator('[data-view="sweep"] .sweep-choices').first().locator('input:checked').evaluateAll((boxes) => boxes.map((b) => (b as unknown as { value: string }).value));
    assert.deepEqual([...optimizers].sort(), ['adam', 'sgd'], 'SGD and Adam are ticked');
    await frame.locator('[data-view="sweep"] button', { hasText: 'Run sweep' }).click();
    const sweep = await waitForView(frame, 'sweep', (h) => h.status === 'done' && h.cells === '6' && h.cellsDone === '6' && h.plotArea !== undefined, '6 cells done', 120_000);
    assert.deepEqual([sweep.rows, sweep.columns], ['2', '3'], `2 optimizers × 3 lrs: ${JSON.stringify(sweep)}`);
    assert.equal(Number(sweep.coloured) + Number(sweep.marked), 6, `every cell coloured or marked: ${JSON.stringify(sweep)}`);
    assert.equal(sweep.lines, '2', 'an lr-sensitivity line per optimizer');

    // Click the cell of row 1, column 2 (the largest lr) in the heat map.
    const [left, top, right, bottom] = sweep.plotArea!.split(',').map(Number) as [number, number, number, number];
    const heat = frame.locator('.sweep-heat canvas');
    await heat.scrollIntoViewIfNeeded();
    await heat.click({ position: { x: left + ((2 + 0.5) * (right - left)) / 3, y: top + ((1 + 0.5) * (bottom - top)) / 2 } });
    await waitForView(frame, 'sweep', (h) => h.selected === '1,2' && h.overlaid === '1', 'the clicked cell overlaid');
    const runs = await panel.waitForFinishedRuns(before.length + 1);
    const added = runs.filter((r) => !before.some((b) => b.id === r.id));
    assert.equal(added.length, 1, `runs: ${JSON.stringify(runs)}`);
    assert.match(added[0]!.label, /^\S+ lr=0\.01 · 50 steps \(sweep\)$/, `the cell's run: ${JSON.stringify(added[0])}`);
    const loss = await panel.waitForChart('loss', before.length + 1);
    assert.equal(loss.points, 200 + 50, `the finder's run (200 steps) and the cell's (50): ${JSON.stringify(loss)}`);
    assert.ok(loss.drawnPoints > 1, `the curves are drawn: ${JSON.stringify(loss)}`);
    await screenshot(page, 'playground-sweep-cell');
  });

  it('the landscape of rosenbrock with two runs: contour lines drawn, two paths from x₀', async () => {
    const page = workbench.page;
    const frame = panel.frame;
    await frame.locator('button#clear').click();
    await waitUntil(() => panel.runs(), (rows) => rows.length === 0, 'Clear to empty the run list');
    for (const [i, [optimizer, lr]] of ([['adam', '0.05'], ['sgd', '0.001']] as const).entries()) {
      await frame.locator('select#optimizer').selectOption(optimizer);
      await frame.locator('input#lr').fill(lr);
      await frame.locator('button#run').click();
      await panel.waitForFinishedRuns(i + 1);
    }
    const runs = await panel.runs();
    const landscape = await waitForView(frame, 'landscape', (h) => h.status === 'ready' && h.paths === '2' && Number(h.rings) > 0, 'a grid with contour lines and the two paths', 60_000);
    assert.equal(landscape.plane, 'axes', `2 parameters: the axes are θ₀, θ₁: ${JSON.stringify(landscape)}`);
    assert.equal(landscape.grid, '200x200', 'the default grid');
    assert.ok(Number(landscape.levels) >= 5, `levels: ${JSON.stringify(landscape)}`);
    const points = landscape.pathPoints!.split(',').map(Number);
    assert.equal(points.length, 2);
    assert.ok(points.every((n) => n > 2 && n === points[0]), `x₀ and every step of each run: ${landscape.pathPoints}`);
    assert.ok(Number(landscape.drawnPoints) >= points[0]! + points[1]!, `both paths drawn whole: ${JSON.stringify(landscape)}`);
    assert.deepEqual(runs.map((r) => r.status), ['finished', 'finished']);
    // Both paths in their run's colour on the canvas (the contour lines are in other, muted colours).
    for (const run of runs) {
      const color = (await frame.locator(`li.run[data-run-id="${run.id}"] .swatch`).getAttribute('data-color')) ?? '';
      const pixels = await frame.locator('[data-view="landscape"] .landscape-canvas').evaluate((el, color: string) => {
        const canvas = el as unknown as { width: number; height: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        const [cr, cg, cb] = (color.match(/\d+/g) ?? []).map(Number) as [number, number, number];
        let n = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 100 && Math.abs(data[i]! - cr) + Math.abs(data[i + 1]! - cg) + Math.abs(data[i + 2]! - cb) < 40) n++;
        return n;
      }, color);
      assert.ok(pixels > 50, `${run.label}'s path (${color}) drawn: ${pixels} px`);
    }
    await screenshot(page, 'playground-landscape');
  });
  it('Compare… with "Each at the best lr of a quick sweep": SGD and Adam each run at the best of 11 lrs around its PyTorch default', async () => {
    const page = workbench.page;
    await panel.frame.locator('button#clear').click();
    await waitUntil(() => panel.runs(), (rows) => rows.length === 0, 'Clear to empty the run list');
    // rosenbrock.ts is open beside the panel; focus is in the panel after Clear.
    await activateTab(page, 'rosenbrock.ts');
    await codeLenses(page, 'Compare…').first().click({ timeout: HANG_BOUND_MS });
    const question = /Each runs at its own lr/;
    const rows = await quickPickRows(page, question);
    assert.match(rows[0]!, /Each at the best lr of a quick sweep/, `the switch is the first row: ${rows.join(' | ')}`);
    await tickQuickPickRow(page, 'Each at the best lr of a quick sweep');
    // The switch rewrites each optimizer's row: its lr is now the sweep's.
    await waitUntil(() => quickPickRows(page, question), (r) => r.some((row) => /^adam\b.*best of a quick sweep/.test(row)), "Adam's row to say its lr comes from the sweep");
    await page.keyboard.press('Enter');
    await waitUntil(() => notificationToasts(page).allTextContents(), (texts) => texts.some((t) => /the best lr of a quick sweep —/.test(t)), 'the message naming the lrs the sweep found', 180_000);
    const runs = await panel.waitForFinishedRuns(2);
    // torch.optim.SGD and Adam both default to lr 1e-3: the sweep tries 1e-6 … 0.1.
    const grid = quickSweepLrs(0.001);
    for (const run of runs) {
      const lr = Number(/lr=(\S+)/.exec(run.label)?.[1]);
      assert.ok(grid.some((g) => Math.abs(lr - g) <= 0.01 * g), `${run.label}: its lr is one of the sweep's ${grid.join(', ')}`);
    }
    assert.deepEqual(runs.map((r) => /^(\S+)/.exec(r.label)?.[1]).sort(), ['adam', 'sgd']);
    await screenshot(page, 'playground-compare-sweep');
  });
});
