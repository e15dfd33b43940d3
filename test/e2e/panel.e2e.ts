/**
 * UI scenarios of the plot panel, one after another in one workbench as a person would go:
 * run the optimizer on `rosenbrock.ts` from the command palette and see the panel open beside
 * the editor with its curves; pick SGD in the panel and press Run for a second, overlaid run;
 * press the "▶ Run optimizer" CodeLens for a third; reload the window and find the panel and
 * its three runs again; then three learning rates of SGD on Rosenbrock, one of which diverges,
 * with the other two still readable (pixels in the plot area). The panel is read from inside
 * its webview (`LrLabPanel`).
 */
import * as assert from 'node:assert/strict';
import { codeLenses, editorGroups, HANG_BOUND_MS, quickOpen, reloadWindow, runCommand, screenshot, waitForNoToasts } from '../harness/browser';
import type { PageCanvas } from '../webview/pageTypes';
import { LrLabPanel, waitUntil } from './lrlabPanel';
import { docsScreenshot } from './screenshots';
import { persistedRuns, useWorkbench } from './workbench';

/** Rosenbrock runs end at the iteration limit: 200 steps (the `lrlab.iterations` default), one point each. */
const ITERATIONS = 200;

describe('e2e panel: runs beside the editor, overlaid, from the CodeLens, kept across a reload; three lrs, one diverging', () => {
  const workbench = useWorkbench({ settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
  let panel: LrLabPanel;
  let runIds: string[] = [];

  before(async () => {
    panel = new LrLabPanel(workbench.page);
    // Room for the editor and the panel side by side, as for a screenshot.
    await runCommand(workbench.page, 'View: Close Primary Side Bar');
  });

  it('runs "LR Lab: Run Optimizer" on rosenbrock.ts: the panel opens beside the editor with the loss and lr curves', async () => {
    const page = workbench.page;
    await quickOpen(page, 'rosenbrock.ts');
    // The palette lists the command from the manifest; it runs once the extension has activated (its CodeLens shows that).
    await codeLenses(page, '▶ Run ').first().waitFor({ state: 'visible', timeout: HANG_BOUND_MS });
    await runCommand(page, 'LR Lab: Run Optimizer');
    await panel.ready();
    const [run] = await panel.waitForFinishedRuns(1);
    assert.equal(run!.status, 'finished', `run: ${JSON.stringify(run)}`);
    assert.match(run!.label, /^adam lr=0\.001/);

    const groups = await editorGroups(page);
    assert.equal(groups.length, 2, `editor groups: ${JSON.stringify(groups)}`);
    assert.equal(groups[0]!.active, 'rosenbrock.ts', `the left group shows the file: ${JSON.stringify(groups[0])}`);
    assert.match(groups[1]!.active ?? '', /^LR Lab\b/, `the right group holds the panel: ${JSON.stringify(groups[1])}`);

    for (const key of ['loss', 'lr'] as const) {
      const chart = await panel.waitForChart(key, 1);
      assert.equal(chart.points, ITERATIONS, `${key} chart: ${JSON.stringify(chart)}`);
      assert.ok(chart.drawnPoints > 1, `${key} chart draws a curve: ${JSON.stringify(chart)}`);
      assert.ok(chart.plotWidth > 100 && chart.plotHeight > 50, `${key} chart has a plot area on screen: ${JSON.stringify(chart)}`);
    }
    runIds = [run!.id];
    await screenshot(page, 'panel-one-run');
  });

  it('overlays a second run after choosing sgd in the panel and pressing Run: 2 datasets, 2 legend rows', async () => {
    const page = workbench.page;
    await panel.frame.locator('select#optimizer').selectOption('sgd');
    await panel.frame.locator('button#run').click();
    const runs = await panel.waitForFinishedRuns(2);
    assert.deepEqual(
      runs.map((r) => r.label.split(' ')[0]),
      ['adam', 'sgd'],
      `runs: ${JSON.stringify(runs)}`,
    );
    assert.ok(runs.every((r) => r.status === 'finished'), `runs: ${JSON.stringify(runs)}`);
    const loss = await panel.waitForChart('loss', 2);
    assert.equal(loss.points, 2 * ITERATIONS, `loss chart: ${JSON.stringify(loss)}`);
    const lr = await panel.waitForChart('lr', 2);
    assert.equal(lr.points, 2 * ITERATIONS, `lr chart: ${JSON.stringify(lr)}`);
    runIds = runs.map((r) => r.id);
    await waitForNoToasts(page); // the run's progress notification closes once it has ended
    await docsScreenshot(page, 'panel');
  });

  it('adds a run from the "▶ Run optimizer" CodeLens above the objective', async () => {
    const page = workbench.page;
    // Back to the file (the Run button left the focus in the panel's group).
    await page.locator('.part.editor .tabs-container .tab[data-resource-name="rosenbrock.ts"]').click();
    await codeLenses(page, '▶ Run ').first().click();
    const runs = await panel.waitForFinishedRuns(3);
    const added = runs.filter((r) => !runIds.includes(r.id));
    assert.equal(added.length, 1, `runs: ${JSON.stringify(runs)}`);
    // The CodeLens runs with the panel's current controls: SGD, as chosen before.
    assert.match(added[0]!.label, /^sgd\b/, `new run: ${JSON.stringify(added[0])}`);
    assert.equal((await panel.waitForChart('loss', 3)).points, 3 * ITERATIONS);
    runIds = runs.map((r) => r.id);
    await screenshot(page, 'panel-codelens-run');
  });

  it('restores the panel beside the editor with its 3 runs after "Developer: Reload Window"', async () => {
    const page = workbench.page;
    // Finished runs are saved shortly after they end; a person does not reload within that half second either.
    await waitUntil(async () => persistedRuns(workbench.server), (n) => n === 3, 'LR Lab to save the 3 runs', 10_000);
    await reloadWindow(page);
    await panel.ready();
    const runs = await panel.waitForFinishedRuns(3);
    assert.deepEqual(
      runs.map((r) => r.id),
      runIds,
      'the same runs, in the same order',
    );
    const loss = await panel.waitForChart('loss', 3);
    assert.equal(loss.points, 3 * ITERATIONS, `loss chart: ${JSON.stringify(loss)}`);
    const groups = await editorGroups(page);
    assert.equal(groups.length, 2, `editor groups: ${JSON.stringify(groups)}`);
    assert.ok(
      groups[1]!.tabs.some((tab) => /^LR Lab\b/.test(tab)),
      `the right group holds the panel again: ${JSON.stringify(groups)}`,
    );
    await screenshot(page, 'panel-after-reload');
  });

  it('three learning rates on Rosenbrock, one diverges: the other two stay readable (their curves span the plot, a ✕ marks the diverged one)', async () => {
    const frame = panel.frame;
    await frame.locator('button#clear').click();
    await waitUntil(() => panel.runs(), (rows) => rows.length === 0, 'Clear to empty the run list');
    await frame.locator('select#optimizer').selectOption('sgd');
    // From (−1.2, 1) the largest curvature is ≈ 1.5e3: SGD is stable below lr ≈ 1.3e-3, and 0.01 is thrown out of the valley.
    for (const [i, lr] of ['0.0002', '0.0005', '0.01'].entries()) {
      await frame.locator('input#lr').fill(lr);
      await frame.locator('button#run').click();
      await panel.waitForFinishedRuns(i + 1);
    }
    const runs = await panel.runs();
    assert.deepEqual(runs.map((r) => r.stopReason), ['maxIterations', 'maxIterations', 'diverged'], `runs: ${JSON.stringify(runs)}`);
    await panel.waitForChart('loss', 3);
    const loss = frame.locator('.chart-card[data-chart="loss"]');
    const markers = JSON.parse((await loss.getAttribute('data-markers')) ?? '[]') as Array<{ runId: string }>;
    assert.deepEqual(markers.map((m) => m.runId), [runs[2]!.id], 'a ✕ where the diverged run ends');
    // Each stable run falls from 24.2 to ≈ 4: drawn on a y range the diverged tail does not set, its
    // pixels cover most of the plot's height (on a range up to 4e35 they would be one flat line).
    for (const run of runs.slice(0, 2)) {
      const color = (await frame.locator(`li.run[data-run-id="${run.id}"] .swatch`).getAttribute('data-color')) ?? '';
      const extent = await loss.evaluate((el, color: string) => {
        const canvas = el.querySelector('canvas') as unknown as PageCanvas;
        const [l, t, r, b] = (el.getAttribute('data-plot-area') ?? '0,0,0,0').split(',').map(Number) as [number, number, number, number];
        const ratio = canvas.width / canvas.clientWidth;
        const w = Math.floor((r - l) * ratio);
        const h = Math.floor((b - t) * ratio);
        const data = canvas.getContext('2d')!.getImageData(Math.ceil(l * ratio), Math.ceil(t * ratio), w, h).data;
        const [cr, cg, cb] = (color.match(/\d+/g) ?? []).map(Number) as [number, number, number];
        let top = -1;
        let bottom = -1;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3]! > 100 && Math.abs(data[i]! - cr) + Math.abs(data[i + 1]! - cg) + Math.abs(data[i + 2]! - cb) < 40) {
            const row = Math.floor(i / 4 / w);
            if (top < 0) top = row;
            bottom = row;
          }
        }
        return top < 0 ? 0 : (bottom - top) / h;
      }, color);
      assert.ok(extent > 0.5, `${run.label} (${color}) spans ${Math.round(extent * 100)}% of the loss plot's height`);
    }
    await screenshot(workbench.page, 'panel-three-lrs-one-diverges');

    // Another file opened while the panel's group is active goes beside it: the panel's group is
    // locked (workbench.editor.autoLockGroups), so the panel stays in view.
    await quickOpen(workbench.page, 'beale.ts');
    const groups = await editorGroups(workbench.page);
    assert.equal(groups.length, 2, `editor groups: ${JSON.stringify(groups)}`);
    // (A tab's accessible name gains ", Editor Group 1" once a group is locked: match its start.)
    assert.match(groups[0]!.active ?? '', /^beale\.ts\b/, `the file opens in the editor's group: ${JSON.stringify(groups)}`);
    assert.match(groups[1]!.active ?? '', /^LR Lab\b/, `the panel stays in view: ${JSON.stringify(groups)}`);
  });
});
