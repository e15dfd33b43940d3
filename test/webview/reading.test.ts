/**
 * The panel as a learner reads it (issue 15), in headless Chromium: runs of one objective at a
 * time, one diverged run that does not flatten the others, one set of numbers per run, the
 * legend that stays in view, the grid of charts in a wide panel and one column in a narrow one.
 */
import assert from 'node:assert/strict';
import { formatNumber, PANEL_NUMBER } from '../../src/shared/format';
import type { RunOutcomeMessage, RunSnapshot } from '../../src/shared/protocol';
import { CONTEXT, initMessage, outcome, runMeta } from './fixtures';
import { PanelHarness, type PanelPage } from './harness';
import { chartState, colorExtent, pagePerTest, pixelsOfColor, swatchColor, waitForChart } from './helpers';

const harness = new PanelHarness();

const LINEAR_REGRESSION = { file: '/work/example/linearRegression.ts', label: 'linearRegression.ts', name: 'linearRegression' };

/** A finished run with the given losses (lr 0.01, gradient norm √loss). */
function snapshot(id: string, colorIndex: number, label: string, losses: number[], end: RunOutcomeMessage = outcome(losses.length, 'maxIterations', 'reached the iteration limit', losses[losses.length - 1]), extra: Partial<RunSnapshot['meta']> = {}, metrics: Record<string, number[]> = {}): RunSnapshot {
  return {
    meta: { ...runMeta(id, colorIndex, label, 200, { type: 'sgd', lr: 0.001 }, { type: 'constant' }), ...extra },
    data: { firstStep: 1, lr: losses.map(() => 0.01), loss: losses, gradNorm: losses.map((l) => Math.sqrt(l)), metrics },
    outcome: end,
  };
}

/** Rosenbrock-like: from 24.2 down to `end` over 200 steps. */
const falling = (end: number): number[] => Array.from({ length: 200 }, (_, i) => end + (24.2 - end) * Math.exp(-i / 60));

describe('the panel as a learner reads it (webview, headless Chromium)', function () {
  let panel: PanelPage;

  pagePerTest(harness, (opened) => {
    panel = opened;
  });

  it("shows the runs of one objective at a time (the controls'), a selector for the others, the objective in labels when all are shown, and only the charts of metrics a shown run has", async () => {
    const page = panel.page;
    const ours = snapshot('a', 0, 'adam lr=0.01', falling(2));
    const theirs = snapshot('b', 1, 'adam lr=0.01', falling(0.3), undefined, { objective: LINEAR_REGRESSION }, { weightError: falling(0.1) });
    await panel.send(initMessage([ours, theirs]));
    await waitForChart(panel, 'loss', 1, 200);
    assert.deepEqual(await page.locator('li.run').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id'))), ['a']);
    assert.equal(await page.locator('[data-chart="metric:weightError"]').count(), 0, "no chart for a metric only another objective's run has");
    const options = await page.locator('#objective-filter option').allTextContents();
    assert.deepEqual(options, ['rosenbrock — quadratic.ts (1 run)', 'linearRegression — linearRegression.ts (1 run)', 'All objectives (2 runs)']);
    assert.deepEqual(await page.locator('.legend-label').allTextContents(), ['adam lr=0.01']);

    await page.selectOption('#objective-filter', { label: 'linearRegression — linearRegression.ts (1 run)' });
    await page.waitForSelector('[data-chart="metric:weightError"][data-visible-datasets="1"]');
    assert.deepEqual(await page.locator('li.run').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id'))), ['b']);
    assert.equal((await chartState(panel, 'loss')).totalPoints, 200);

    // All of them: each label names its objective (both runs are "adam lr=0.01").
    await page.selectOption('#objective-filter', { label: 'All objectives (2 runs)' });
    await waitForChart(panel, 'loss', 2, 400);
    assert.deepEqual(await page.locator('li.run .run-label').allTextContents(), ['rosenbrock · adam lr=0.01', 'linearRegression · adam lr=0.01']);
    assert.deepEqual(await page.locator('.legend-label').allTextContents(), ['rosenbrock · adam lr=0.01', 'linearRegression · adam lr=0.01']);

    // Back to one objective; then the controls move to the other file: the panel follows.
    await page.selectOption('#objective-filter', { label: 'rosenbrock — quadratic.ts (1 run)' });
    await waitForChart(panel, 'loss', 1, 200);
    await panel.send({ type: 'context', context: { ...CONTEXT, objective: LINEAR_REGRESSION, objectives: ['linearRegression'] } });
    await page.waitForSelector('li.run[data-run-id="b"]');
    assert.equal(await page.locator('li.run').count(), 1);
    assert.equal((await panel.state() as { objective: string | null }).objective, null, 'following the controls again');
    // An objective without runs yet says so.
    await panel.send({ type: 'context', context: { ...CONTEXT, objective: { file: '/w/beale.ts', label: 'beale.ts', name: 'beale' }, objectives: ['beale'] } });
    await page.waitForSelector('.run-empty:not([hidden])');
    assert.match((await page.locator('.run-empty').textContent()) ?? '', /^No runs of beale yet/);
    await waitForChart(panel, 'loss', 0, 0);
  });

  it('one diverged run does not flatten the others: its tail leaves the y range, a ✕ marks "diverged at step 5", and its row says the same numbers', async () => {
    const page = panel.page;
    // SGD at lr 0.01 on Rosenbrock: 24.2 → 4.2e35 in five steps (the engine stops it there).
    const exploded = [24.2, 160, 3.1e6, 1.2e18, 4.2e35];
    const diverged: RunOutcomeMessage = { stopReason: 'diverged', detail: 'loss exploded: 4.2e+35 > 1e+12 × max(1, |initial loss 24.2|) at step 5', steps: 5, finalLoss: 1.824e105, bestLoss: 24.2, wallTimeMs: 3 };
    await panel.send(initMessage([snapshot('slow', 0, 'sgd lr=0.001', falling(4.4)), snapshot('fast', 1, 'sgd lr=0.002', falling(2.4)), snapshot('boom', 2, 'sgd lr=0.01', exploded, diverged)]));
    await waitForChart(panel, 'loss', 3, 405);
    const loss = await chartState(panel, 'loss');
    const [, yMax] = (await page.locator('[data-chart="loss"]').getAttribute('data-y-range'))!.split(',').map(Number);
    assert.ok(yMax! < 100, `the y axis fits the readable runs (up to ${yMax}), not 4e35`);
    assert.equal(loss.yScale, 'linear', '24 → 2.4 is one decade');
    // The two other runs are curves over most of the plot's height, not a flat line at the bottom.
    for (const id of ['slow', 'fast']) {
      const extent = await colorExtent(panel, 'loss', await swatchColor(panel, id));
      assert.ok(extent.top !== null && extent.bottom !== null && extent.bottom - extent.top > 0.4 * extent.height, `run ${id} spans ${JSON.stringify(extent)}`);
    }
    // The ✕ at the diverged run's last point, held inside the plot at its top edge.
    const markers = JSON.parse((await page.locator('[data-chart="loss"]').getAttribute('data-markers'))!) as Array<{ runId: string; step: number; x: number; y: number; clamped: boolean }>;
    assert.equal(markers.length, 1);
    const [l, t, r] = loss.plotArea as [number, number, number, number];
    assert.deepEqual({ runId: markers[0]!.runId, step: markers[0]!.step, clamped: markers[0]!.clamped }, { runId: 'boom', step: 5, clamped: true });
    assert.ok(markers[0]!.x > l && markers[0]!.x < r && markers[0]!.y < t + 20, `marker at ${markers[0]!.x},${markers[0]!.y} in ${loss.plotArea}`);
    assert.ok((await pixelsOfColor(panel, 'loss', await swatchColor(panel, 'boom'))) > 20, 'the ✕ and the tail are drawn in the run colour');

    // One set of numbers: the row and its tooltip say where it diverged and the loss the chart's last point has.
    const row = page.locator('li.run[data-run-id="boom"]');
    assert.equal(await row.locator('.run-loss').textContent(), 'diverged at step 5, loss 4.2e35 · best 24.2');
    assert.equal(await row.locator('.run-loss').getAttribute('title'), 'diverged at step 5, loss 4.2e35 · best 24.2');
    assert.equal(await row.locator('.run-status').textContent(), 'diverged');
    assert.doesNotMatch((await row.textContent()) ?? '', /1\.824e105/, 'the loss of the blown-up parameters after the last step is not shown');
    assert.equal(await page.locator('li.run[data-run-id="fast"] .run-loss').textContent(), `final ${formatNumber(falling(2.4)[199], PANEL_NUMBER)}`);

    // Hiding the diverged run takes its marker away.
    await page.locator('.legend-chip[data-run-id="boom"]').click();
    await page.waitForSelector('[data-chart="loss"][data-visible-datasets="2"]');
    assert.equal(await page.locator('[data-chart="loss"]').getAttribute('data-markers'), '[]');
    assert.equal(await page.locator('li.run[data-run-id="boom"] input.run-visible').isChecked(), false, 'the legend and the run list agree');

    // In a narrower panel the long figure is cut (its full text stays the title), never drawn over the row's buttons.
    await page.setViewportSize({ width: 640, height: 1100 });
    const figure = row.locator('.run-loss');
    const actionsBox = (await row.locator('.run-actions').boundingBox())!;
    const text = await figure.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const glyphsEnd = range.getBoundingClientRect().right;
      const clipped = getComputedStyle(el).overflowX !== 'visible';
      return { glyphsEnd, visibleEnd: clipped ? Math.min(glyphsEnd, el.getBoundingClientRect().right) : glyphsEnd };
    });
    assert.ok(text.glyphsEnd > actionsBox.x, 'at 640 px the figure does not fit its column (the case this checks)');
    assert.ok(text.visibleEnd <= actionsBox.x + 0.5, `the figure's text shows up to ${text.visibleEnd}, the buttons start at ${actionsBox.x}`);
  });

  it('Clear removes the runs on screen and offers Undo, which brings them back in their order; another objective\'s runs stay', async () => {
    const page = panel.page;
    const theirs = snapshot('x', 3, 'sgd lr=0.1', falling(0.3), undefined, { objective: LINEAR_REGRESSION, startedAt: 1 });
    const runs = [snapshot('a', 0, 'sgd lr=0.001', falling(4.4), undefined, { startedAt: 2 }), snapshot('b', 1, 'sgd lr=0.002', falling(2.4), undefined, { startedAt: 3 })];
    await panel.send(initMessage([theirs, ...runs]));
    await waitForChart(panel, 'loss', 2, 400);
    let mark = (await panel.posted()).length;
    await page.click('#clear');
    assert.deepEqual(await panel.waitForPosted('clear', mark), { type: 'clear', runIds: ['a', 'b'] }, 'only the runs on screen');
    await panel.send({ type: 'runsCleared', runIds: ['a', 'b'], undoable: true });
    await waitForChart(panel, 'loss', 0, 0);
    assert.equal(await page.locator('.undo-clear').textContent(), 'Removed 2 runs. Undo');
    mark = (await panel.posted()).length;
    await page.click('#undo-clear');
    assert.deepEqual(await panel.waitForPosted('undoClear', mark), { type: 'undoClear' });
    await panel.send({ type: 'runsRestored', runs });
    await waitForChart(panel, 'loss', 2, 400);
    assert.equal(await page.locator('.undo-clear').isVisible(), false);
    await page.selectOption('#objective-filter', { label: 'All objectives (3 runs)' });
    await page.waitForSelector('li.run[data-run-id="x"]');
    assert.deepEqual(await page.locator('li.run').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id'))), ['x', 'a', 'b'], 'in the order they started');
    // A clear the host cannot undo offers nothing.
    await panel.send({ type: 'runsCleared', runIds: ['x'] });
    await page.waitForSelector('li.run[data-run-id="x"]', { state: 'detached' });
    assert.equal(await page.locator('.undo-clear').isVisible(), false);
  });

  it('the form and the runs agree: a field that does not read disables Run with the reason, the host hears of it, Enter runs nothing; fixed, Run sends the value shown', async () => {
    const page = panel.page;
    await panel.send(initMessage());
    await page.selectOption('#schedule', 'oneCycle');
    await page.fill('.schedule-options input[name="pctStart"]', '0.3');
    let mark = (await panel.posted()).length;
    await page.click('#run');
    const first = await panel.waitForPosted('run', mark);
    assert.deepEqual(first.controls.schedule, { type: 'oneCycle', pctStart: 0.3 });

    mark = (await panel.posted()).length;
    await page.fill('.schedule-options input[name="pctStart"]', '1.5');
    const reason = 'pctStart: expected a number from 0 to 1, got 1.5';
    assert.equal(await page.locator('#run').isDisabled(), true);
    assert.equal(await page.locator('#run').getAttribute('title'), `Fix first: ${reason}`);
    assert.equal(await page.locator('.form-error').textContent(), reason);
    assert.equal(await page.locator('.schedule-options input[name="pctStart"]').getAttribute('aria-invalid'), 'true');
    // The host is told (debounced): the last valid controls, and what is wrong now (the CodeLens says so).
    const told = await panel.waitForPosted('controlsChanged', mark);
    assert.deepEqual(told, { type: 'controlsChanged', controls: first.controls, problem: reason });
    await page.locator('.schedule-options input[name="pctStart"]').press('Enter');
    await page.fill('.schedule-options input[name="pctStart"]', '0.45');
    assert.equal(await page.locator('#run').isEnabled(), true);
    assert.equal(await page.locator('.form-error').isVisible(), false);
    await page.click('#run');
    const second = await panel.waitForPosted('run', mark);
    assert.deepEqual(second.controls.schedule, { type: 'oneCycle', pctStart: 0.45 }, 'the first run after the fix carries the value shown; Enter on 1.5 sent none');
    assert.equal((await panel.posted()).slice(mark).filter((m) => m.type === 'run').length, 1);
  });

  it('the schedule preview sits beside the form in view, follows its edits live, and pinned curves overlay (cosine against one-cycle)', async () => {
    const page = panel.page;
    await page.setViewportSize({ width: 700, height: 1000 });
    await panel.send(initMessage());
    const card = page.locator('.schedule-preview');
    const box = (await card.boundingBox())!;
    assert.ok(box.y + box.height < 1000, `the preview is on screen without scrolling: ${JSON.stringify(box)}`);
    /** Answer the form's preview request for `type` made after `since` messages (the latest), with `lrs`. */
    const answer = async (since: number, type: string, label: string, lrs: number[]): Promise<void> => {
      await page.waitForFunction(([since, type]) => window.__posted.slice(Number(since)).some((m) => m.type === 'previewSchedule' && m.schedule?.type === type), [String(since), type]);
      const request = (await panel.posted()).slice(since).filter((m) => m.type === 'previewSchedule').pop() as { requestId: number };
      await panel.send({ type: 'schedulePreview', requestId: request.requestId, label, lrs });
    };
    const mark = async (): Promise<number> => (await panel.posted()).length;
    const cosine = Array.from({ length: 200 }, (_, i) => 0.0005 * (1 + Math.cos((Math.PI * i) / 200)));
    const oneCycle = Array.from({ length: 200 }, (_, i) => (i < 60 ? 0.001 * (0.04 + (0.96 * i) / 60) : 0.001 * (1 + Math.cos((Math.PI * (i - 60)) / 140)) / 2));
    let since = await mark();
    await page.selectOption('#schedule', 'cosine');
    await answer(since, 'cosine', 'cosine · lr 0.001', cosine);
    await page.waitForSelector('.schedule-preview[data-live-points="200"]');
    await page.click('#pin-preview');
    await page.waitForSelector('.preview-controls[data-pins="1"]');
    assert.deepEqual(await page.locator('.preview-pin .preview-label').allTextContents(), ['cosine · lr 0.001']);
    assert.equal(await page.locator('#pin-preview').isDisabled(), true, 'that curve is pinned');
    // Another schedule: the live curve follows, the pin stays — both drawn, beside the form and on the lr card.
    since = await mark();
    await page.selectOption('#schedule', 'oneCycle');
    await answer(since, 'oneCycle', 'oneCycle · lr 0.001', oneCycle);
    await page.waitForSelector('.schedule-preview[data-curves="2"]');
    await page.waitForSelector('[data-chart="lr"][data-preview-curves="2"]');
    // An edit that does not read clears the live curve (no stale preview); pins stay.
    await page.fill('.schedule-options input[name="pctStart"]', '1.5');
    await page.waitForSelector('.schedule-preview[data-curves="1"][data-live-points="0"]');
    since = await mark();
    await page.fill('.schedule-options input[name="pctStart"]', '');
    await answer(since, 'oneCycle', 'oneCycle · lr 0.001', oneCycle);
    await page.waitForSelector('.schedule-preview[data-curves="2"]');
    // The palette's Preview Schedule (the host's own request) is pinned beside.
    await panel.send({ type: 'schedulePreview', requestId: 0, label: 'step(stepSize=30) · lr 0.001', lrs: cosine.map((_, i) => 0.001 * 0.1 ** Math.floor(i / 30)) });
    await page.waitForSelector('.preview-controls[data-pins="2"]');
    await page.locator('.preview-pin[data-pin="0"] button').click();
    await page.waitForSelector('.preview-controls[data-pins="1"]');
    assert.deepEqual(await page.locator('.preview-pin .preview-label').allTextContents(), ['step(stepSize=30) · lr 0.001']);
  });

  it('"Save as default" sends the form\'s controls for the settings, and waits while a field does not read', async () => {
    const page = panel.page;
    await panel.send(initMessage());
    await page.selectOption('#optimizer', 'sgd');
    await page.fill('#lr', '0.05');
    await page.selectOption('#schedule', 'oneCycle');
    await page.fill('.schedule-options input[name="pctStart"]', '1.5');
    assert.equal(await page.locator('#save-defaults').isDisabled(), true);
    assert.match((await page.locator('#save-defaults').getAttribute('title')) ?? '', /^Fix first: .*pctStart/);
    await page.fill('.schedule-options input[name="pctStart"]', '0.25');
    const mark = (await panel.posted()).length;
    await page.click('#save-defaults');
    assert.deepEqual(await panel.waitForPosted('saveDefaults', mark), { type: 'saveDefaults', controls: { optimizer: { type: 'sgd', lr: 0.05 }, schedule: { type: 'oneCycle', pctStart: 0.25 }, iterations: 200 } });
  });

  it('a mini-batch run: the smoothing slider draws its noisy curves as TensorBoard\'s debiased EMA over the raw ones, and the epoch axis counts passes over the data', async () => {
    const page = panel.page;
    // A batch loss that jumps between two levels, as mini-batches make it; 100 items in batches of 32: 4 steps an epoch.
    const losses = Array.from({ length: 200 }, (_, i) => 2 / (1 + i / 50) + (i % 2 === 0 ? 0.4 : -0.4));
    const run = snapshot('m', 0, 'sgd lr=0.001 · batch 32', losses);
    run.meta = { ...run.meta, config: { ...run.meta.config, batchSize: 32 }, info: { form: 'object', hasGradient: true, stochastic: true, hasMetrics: false, dataItems: 100, x0: [0, 0] } };
    await panel.send(initMessage([run]));
    await waitForChart(panel, 'loss', 1, 200);
    const ends = async (key: string): Promise<Array<[string, number, number]>> => JSON.parse((await page.locator(`[data-chart="${key}"]`).getAttribute('data-ends')) ?? '[]');
    assert.deepEqual(await ends('loss'), [['sgd lr=0.001 · batch 32', 200, losses[199]]]);

    await page.locator('#smoothing').fill('0.6');
    await page.waitForSelector('[data-chart="loss"][data-visible-datasets="2"]');
    // TensorBoard: last = last·w + (1 − w)·y from 0, each point last / (1 − wⁿ).
    let last = 0;
    losses.forEach((y) => (last = last * 0.6 + 0.4 * y));
    const smoothed = last / (1 - 0.6 ** 200);
    const [raw, line] = await ends('loss');
    assert.deepEqual(raw, ['sgd lr=0.001 · batch 32 · raw', 200, losses[199]]);
    assert.equal(line![0], 'sgd lr=0.001 · batch 32');
    assert.ok(Math.abs(line![2] - smoothed) < 1e-12, `${line![2]} vs ${smoothed}`);
    assert.equal(await page.locator('.toolbar-control.smoothing .smoothing-value').textContent(), '0.6');
    await page.waitForSelector('[data-chart="gradNorm"][data-visible-datasets="2"]');
    assert.equal((await chartState(panel, 'lr')).visibleDatasets, 1, 'the lr is set, not measured: never smoothed');

    // Epochs: x = step ÷ 4.
    assert.equal(await page.locator('#x-axis').isVisible(), true);
    await page.selectOption('#x-axis', 'epoch');
    await page.waitForSelector('.toolbar-control.x-axis[data-x-axis="epoch"]');
    await page.waitForFunction(() => JSON.parse(document.querySelector('[data-chart="loss"]')!.getAttribute('data-ends') ?? '[]')[0]?.[1] === 50);
    assert.deepEqual((await ends('lr'))[0]!.slice(1), [50, 0.01]);
    assert.deepEqual(await panel.state().then((s) => [(s as { smoothing: number }).smoothing, (s as { xAxis: string }).xAxis]), [0.6, 'epoch']);

    // Off again: the raw curve alone. A run without data has no epochs to offer: steps.
    await page.locator('#smoothing').fill('0');
    await page.waitForSelector('[data-chart="loss"][data-visible-datasets="1"]');
    await panel.send(initMessage([snapshot('f', 1, 'sgd lr=0.001', falling(1))]));
    await page.waitForSelector('.toolbar-control.x-axis[data-x-axis="step"]', { state: 'attached' });
    assert.equal(await page.locator('#x-axis').isVisible(), false, 'no epochs to choose');
    assert.deepEqual((await ends('loss'))[0]!.slice(1), [200, falling(1)[199]]);
  });

  it('lays the charts out as a grid beside the controls when the panel is wide, in one column when narrow, with the legend in view while they scroll', async () => {
    const page = panel.page;
    const runs = [snapshot('a', 0, 'sgd lr=0.001', falling(4.4), undefined, {}, { accuracy: falling(0.9) }), snapshot('b', 1, 'sgd lr=0.002', falling(2.4), undefined, {}, { accuracy: falling(0.5) })];
    const box = async (selector: string) => (await page.locator(selector).boundingBox())!;
    await page.setViewportSize({ width: 1600, height: 900 });
    await panel.send(initMessage(runs));
    await waitForChart(panel, 'loss', 2, 400);
    const [side, main] = [await box('.app > .side'), await box('.app > .main')];
    assert.ok(main.x >= side.x + side.width, `the charts beside the controls: side ${JSON.stringify(side)}, main ${JSON.stringify(main)}`);
    const [lr, gradNorm] = [await box('[data-chart="lr"]'), await box('[data-chart="gradNorm"]')];
    assert.ok(Math.abs(lr.y - gradNorm.y) < 2 && gradNorm.x > lr.x + lr.width, `lr and gradient norm side by side: ${JSON.stringify([lr, gradNorm])}`);

    // A side-bar-narrow view: one column, every card as wide as the page allows.
    await page.setViewportSize({ width: 380, height: 700 });
    await page.waitForFunction(() => {
      const cards = [...document.querySelectorAll('[data-view="curves"] .chart-card')].map((c) => c.getBoundingClientRect());
      return cards.length === 4 && cards.every((c) => Math.abs(c.x - cards[0]!.x) < 1 && c.width > 300);
    });
    const [side2, main2] = [await box('.app > .side'), await box('.app > .main')];
    assert.ok(main2.y >= side2.y + side2.height - 1, 'the charts below the controls');

    // Scrolled down to the last chart, the legend is still at the top of the view.
    await page.locator('[data-chart="metric:accuracy"]').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => window.scrollY > 300);
    const legend = await box('.legend');
    assert.ok(legend.y >= -1 && legend.y < 5, `the legend is stuck to the top: ${JSON.stringify(legend)}`);
    assert.deepEqual(await page.locator('.legend-label').allTextContents(), ['sgd lr=0.001', 'sgd lr=0.002']);
  });
});

// Browser globals, used only inside functions that run in the page.
declare const document: {
  querySelectorAll(selector: string): Iterable<{ getBoundingClientRect(): { x: number; y: number; width: number } }>;
  querySelector(selector: string): { getAttribute(name: string): string | null } | null;
  createRange(): { selectNodeContents(node: unknown): void; getBoundingClientRect(): { right: number } };
};
declare function getComputedStyle(element: unknown): { overflowX: string };
declare const window: { scrollY: number; __posted: Array<{ type: string; schedule?: { type: string } }> };
