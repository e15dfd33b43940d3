/**
 * The playground's views in headless Chromium under the real CSP, fed what the host would send
 * (made by the engine in this process: real runs, f on the grid, a real range test, a real
 * sweep): the landscape draws isolines and every path with the right number of points, animates
 * them, zooms and asks again; the finder plots and annotates the suggestions and picks one; the
 * sweep colours its cells and marks those that diverged, and overlays a clicked cell; the
 * compare table ranks the runs. Checked through the views' data-* hooks and their pixels.
 */
import assert from 'node:assert/strict';
import type { WebviewToHost } from '../../src/shared/protocol';
import { DARK_PALETTE } from '../../webview/palette';
import { initMessage } from './fixtures';
import { PanelHarness, type PanelPage } from './harness';
import { pagePerTest } from './helpers';
import type { PageCanvas, PageDocument, PageElement, PageInstrumentation, PageWindow } from './pageTypes';
import { answerLandscape, finderMessages, fixtureRun, QUADRATIC5, ROSENBROCK, sweepState, type FixtureRun } from './playgroundFixtures';

declare const window: PageWindow & PageInstrumentation;
declare const document: PageDocument;

const harness = new PanelHarness();

type Hooks = Record<string, string | undefined>;

async function hooks(panel: PanelPage, view: string): Promise<Hooks> {
  return panel.page.locator(`[data-view="${view}"]`).evaluate((el: PageElement) => ({ ...el.dataset }));
}

async function waitForHook(panel: PanelPage, view: string, name: string, value: string): Promise<void> {
  await panel.page.waitForFunction(({ view, name, value }) => document.querySelector(`[data-view="${view}"]`)?.dataset[name] === value, { view, name, value });
}

/** The last message of `type` the page posted (after `since` messages), waiting for it. */
async function lastPosted<T extends WebviewToHost['type']>(panel: PanelPage, type: T, since = 0): Promise<Extract<WebviewToHost, { type: T }>> {
  await panel.waitForPosted(type, since);
  const all = (await panel.posted()).slice(since).filter((m) => m.type === type);
  return all[all.length - 1] as Extract<WebviewToHost, { type: T }>;
}

/** Pixels of the canvas within `tolerance` of rgb `color`. */
async function pixelsOf(panel: PanelPage, selector: string, color: string, tolerance = 40): Promise<number> {
  return panel.page.locator(selector).evaluate((canvas: PageCanvas, [color, tolerance]: [string, number]) => {
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const [r, g, b] = color.match(/\d+/g)!.map(Number) as [number, number, number];
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 200 && Math.abs(data[i]! - r) + Math.abs(data[i + 1]! - g) + Math.abs(data[i + 2]! - b) < tolerance) n++;
    return n;
  }, [color, tolerance] as [string, number]);
}

/** The run colours of the page's dark palette (the harness's default theme): 'rgb(r, g, b)'. */
const runRgb = (colorIndex: number): string => {
  const hex = DARK_PALETTE[colorIndex]!;
  return `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
};
/** Okabe–Ito's sky blue (run 0, and the finder's smoothed curve) and orange (run 1). */
const BLUE = runRgb(0);
const ORANGE = runRgb(1);

let adam: FixtureRun;
let sgd: FixtureRun;

describe('playground views (webview, headless Chromium)', function () {
  let panel: PanelPage;

  before(() => {
    adam = fixtureRun(ROSENBROCK, 'adam', 0, 'adam lr=0.05', { optimizer: { type: 'adam', lr: 0.05 }, iterations: 400 });
    sgd = fixtureRun(ROSENBROCK, 'sgd', 1, 'sgd lr=0.001 momentum=0.9', { optimizer: { type: 'sgd', lr: 0.001, momentum: 0.9 }, iterations: 300 });
  });
  pagePerTest(
    harness,
    async (opened) => {
      panel = opened;
      await panel.send(initMessage());
    },
    { viewport: { width: 1000, height: 1400 } },
  );

  const showLandscape = async (objective = ROSENBROCK, runs = [adam, sgd], mode: 'pca' | 'random' = 'pca'): Promise<void> => answerLandscape(panel, objective, runs, mode);

  describe('landscape', () => {
    it('asks for the visible runs, then draws isolines of f and each path with all its points in its run colour', async () => {
      await showLandscape();
      const h = await hooks(panel, 'landscape');
      assert.equal(h.plane, 'axes');
      assert.ok(Number(h.levels) >= 10, `levels ${h.levels}`);
      assert.ok(Number(h.rings) >= Number(h.levels), `isoline rings ${h.rings}`);
      assert.equal(h.paths, '2');
      assert.equal(h.pathPoints, `${adam.trajectory.length},${sgd.trajectory.length}`);
      assert.equal(h.drawnPoints, String(adam.trajectory.length + sgd.trajectory.length));
      assert.equal(h.grid, '200x200');
      assert.equal(h.aspectLocked, 'true');
      assert.equal(h.maxStep, '400');
      assert.ok((await pixelsOf(panel, '.landscape-canvas', BLUE)) > 100, 'adam’s path in blue');
      assert.ok((await pixelsOf(panel, '.landscape-canvas', ORANGE)) > 100, 'sgd’s path in orange');
      assert.match(await panel.page.locator('.landscape-status').textContent() ?? '', /log-spaced levels .* least f on the grid/);
    });

    it('says what the levels are when f spans under a decade (evenly spaced) or is one value (no line)', async () => {
      const bowl = { name: 'raisedBowl', dim: 2, x0: Float64Array.of(0.1, 0.1), f: (x: Float64Array) => 5 + x[0]! ** 2 + x[1]! ** 2, grad: (x: Float64Array, out: Float64Array) => ((out[0] = 2 * x[0]!), (out[1] = 2 * x[1]!)) };
      await showLandscape(bowl, [fixtureRun(bowl, 'bowl', 0, 'sgd lr=0.1', { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 3 })]);
      // f ≈ 5 … 5.04 on the box: no nice log value inside, so evenly spaced levels with their numbers.
      assert.match(await panel.page.locator('.landscape-status').textContent() ?? '', /evenly spaced levels 5\.\d+ … 5\.\d+/);
      assert.ok(Number((await hooks(panel, 'landscape')).levels) >= 10);
      const flat = { name: 'flat', dim: 2, x0: Float64Array.of(1, 2), f: () => 2, grad: (_x: Float64Array, out: Float64Array) => out.fill(0) };
      await showLandscape(flat, [fixtureRun(flat, 'flat', 0, 'sgd lr=0.1', { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 3 })]);
      assert.match(await panel.page.locator('.landscape-status').textContent() ?? '', /one value on the whole box: no contour line/);
      assert.equal((await hooks(panel, 'landscape')).levels, '0');
    });

    it('draws each path up to the step on the slider, and plays them together to the end', async () => {
      await showLandscape();
      await panel.page.locator('.step-slider').fill('10');
      await waitForHook(panel, 'landscape', 'step', '10');
      // Steps 0…10 of both runs: 11 points each (every step is kept below 10k points).
      assert.equal((await hooks(panel, 'landscape')).drawnPoints, '22');
      await panel.page.getByRole('button', { name: 'Play the runs step by step' }).click();
      await waitForHook(panel, 'landscape', 'playing', 'true');
      await waitForHook(panel, 'landscape', 'playing', 'false');
      const h = await hooks(panel, 'landscape');
      assert.ok(Number(h.frames) > 10, `frames ${h.frames}`);
      assert.equal(h.step, '400');
      assert.equal(h.drawnPoints, String(adam.trajectory.length + sgd.trajectory.length));
    });

    it('shows step, θ, f and lr of the point under the pointer', async () => {
      await showLandscape();
      const canvas = panel.page.locator('.landscape-canvas');
      await canvas.scrollIntoViewIfNeeded();
      const box = (await canvas.boundingBox())!;
      const [xMin, xMax, yMin, yMax] = (await hooks(panel, 'landscape')).box!.split(',').map(Number) as [number, number, number, number];
      // adam's point after step 1 (the plot is square and centred: reproduce the page's map).
      const params = adam.trajectory.points().params;
      const side = Math.min(box.width - 58 - 14, box.height - 10 - 38);
      const left = 58 + (box.width - 58 - 14 - side) / 2;
      const px = box.x + left + ((params[2]! - xMin) / (xMax - xMin)) * side;
      const py = box.y + 10 + (1 - (params[3]! - yMin) / (yMax - yMin)) * side;
      await panel.page.mouse.move(px, py);
      const tip = panel.page.locator('.landscape-tooltip');
      await tip.waitFor({ state: 'visible' });
      const text = (await tip.textContent()) ?? '';
      assert.match(text, /adam lr=0\.05/);
      assert.match(text, /after step \d+/);
      assert.match(text, /θ = \(-?\d/);
      assert.match(text, /f = /);
      assert.match(text, /lr = 0\.05/);
    });

    it('asks again for the zoomed box, and for the paths’ box on double-click; hiding a run asks without it', async () => {
      await showLandscape();
      const since = (await panel.posted()).length;
      const canvas = panel.page.locator('.landscape-canvas');
      await canvas.scrollIntoViewIfNeeded();
      const box = (await canvas.boundingBox())!;
      await panel.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await panel.page.mouse.wheel(0, -300);
      const zoomed = await lastPosted(panel, 'landscape', since);
      assert.ok(zoomed.box !== null, 'a zoomed box is sent');
      assert.ok(zoomed.box.xMax - zoomed.box.xMin < 2.7, `narrower: ${JSON.stringify(zoomed.box)}`);
      const since2 = (await panel.posted()).length;
      await canvas.dblclick();
      assert.equal((await lastPosted(panel, 'landscape', since2)).box, null);
      const since3 = (await panel.posted()).length;
      await panel.page.locator('li.run[data-run-id="sgd"] input.run-visible').uncheck();
      assert.deepEqual((await lastPosted(panel, 'landscape', since3)).runIds, ['adam']);
    });

    it('draws more than 2 parameters on the principal plane, with each axis’s explained variance, and offers random directions', async () => {
      const a = fixtureRun(QUADRATIC5, 'q1', 0, 'sgd lr=0.01', { optimizer: { type: 'sgd', lr: 0.01 }, iterations: 100 });
      const b = fixtureRun(QUADRATIC5, 'q2', 2, 'adam lr=0.05', { optimizer: { type: 'adam', lr: 0.05 }, iterations: 100 });
      await showLandscape(QUADRATIC5, [a, b]);
      const h = await hooks(panel, 'landscape');
      assert.equal(h.plane, 'pca');
      const explained = h.explained!.split(',').map(Number);
      assert.ok(explained[0]! > explained[1]! && explained[0]! + explained[1]! <= 1 + 1e-9, h.explained);
      assert.equal(h.pathPoints, '101,101');
      assert.match(await panel.page.locator('.landscape-status').textContent() ?? '', /plane through the end of sgd lr=0\.01/);
      const since = (await panel.posted()).length;
      await panel.page.locator('[data-view="landscape"] select[aria-label="Plane for more than 2 parameters"]').selectOption('random');
      assert.equal((await lastPosted(panel, 'landscape', since)).mode, 'random');
    });
  });

  describe('lr finder', () => {
    it('Find lr sends the optimizer of the controls and the range; the result is plotted with its three suggestions annotated', async () => {
      await panel.page.locator('#finder-start').fill('1e-6');
      await panel.page.getByRole('button', { name: 'Find lr' }).click();
      const request = await lastPosted(panel, 'findLr');
      assert.deepEqual(request, { type: 'findLr', optimizer: { type: 'adam' }, startLr: 1e-6, endLr: 10, numIt: 100 });
      const [started, finished] = finderMessages({ type: 'adam' });
      await panel.send(started);
      await waitForHook(panel, 'finder', 'status', 'running');
      assert.equal(await panel.page.locator('[data-view="finder"] button', { hasText: 'Stop' }).isEnabled(), true);
      await panel.send(finished);
      await waitForHook(panel, 'finder', 'status', 'done');
      const h = await hooks(panel, 'finder');
      assert.equal(h.steps, String(finished.result.lrs.length));
      assert.equal(h.annotations, '3');
      assert.equal(h.stopReason, finished.result.stopReason);
      assert.equal(h.suggestions, `valley=${finished.result.suggestions.valley!.lr};steep=${finished.result.suggestions.steep!.lr};minimum=${finished.result.suggestions.minimum!.lr}`);
      assert.ok((await pixelsOf(panel, '[data-view="finder"] canvas', BLUE)) > 100, 'the smoothed curve');
    });

    it('a suggestion sets the lr (3 digits) and runs when "then run" is ticked', async () => {
      const [started, finished] = finderMessages({ type: 'adam' });
      await panel.send(started);
      await panel.send(finished);
      await waitForHook(panel, 'finder', 'status', 'done');
      const valley = finished.result.suggestions.valley!.lr;
      await panel.page.locator('button.suggestion[data-rule="valley"]').click();
      assert.deepEqual(await lastPosted(panel, 'applyLr'), { type: 'applyLr', lr: Number(valley.toPrecision(3)), run: true });
      await panel.page.locator('#finder-then-run').uncheck();
      const since = (await panel.posted()).length;
      await panel.page.locator('button.suggestion[data-rule="minimum"]').click();
      assert.deepEqual(await lastPosted(panel, 'applyLr', since), { type: 'applyLr', lr: Number(finished.result.suggestions.minimum!.lr.toPrecision(3)), run: false });
    });
  });

  describe('sweep', () => {
    it('Run sweep sends the form: lr range, ticked optimizers and schedules, seeds, steps', async () => {
      await panel.page.locator('#sweep-lr-count').fill('6');
      await panel.page.locator('#sweep-iterations').fill('150');
      await panel.page.locator('#sweep-seeds').fill('0,1');
      await panel.page.getByRole('button', { name: 'Run sweep' }).click();
      const request = await lastPosted(panel, 'sweep');
      assert.deepEqual(request, { type: 'sweep', lrMin: 1e-4, lrMax: 1, lrCount: 6, optimizers: [{ type: 'sgd' }, { type: 'adam' }], schedules: [{ type: 'constant' }], seeds: [0, 1], iterations: 150, targetLoss: null });
    });

    it("refuses a seeds entry that is empty, not a number or not an integer, naming it in lrlab's words, and sends nothing", async () => {
      const sweepsPosted = async () => (await panel.posted()).filter((m) => m.type === 'sweep').length;
      const before = await sweepsPosted();
      const refused: [string, string][] = [
        ['1,,2', 'seeds: entry 2 of 3 is empty; write e.g. 0,1,2'],
        ['0,1,', 'seeds: entry 3 of 3 is empty; write e.g. 0,1,2'],
        ['0, abc', 'seeds: entry 2 of 2, "abc", is not a number; write e.g. 0,1,2'],
        ['0,1.5', 'seeds: entry 2 of 2, "1.5", is not an integer; write e.g. 0,1,2'],
        ['Infinity', 'seeds: entry 1 of 1, "Infinity", is not a finite number; write e.g. 0,1,2'],
        [' ', 'seeds has no numbers; write e.g. 0,1,2'],
      ];
      for (const [typed, said] of refused) {
        await panel.page.locator('#sweep-seeds').fill(typed);
        await panel.page.getByRole('button', { name: 'Run sweep' }).click();
        await panel.page.locator('.sweep-error:not([hidden])', { hasText: said }).waitFor();
        assert.equal(await panel.page.locator('.sweep-error').innerText(), said, typed);
      }
      assert.equal(await sweepsPosted(), before, 'a refused form sends no sweep');
      const since = (await panel.posted()).length;
      await panel.page.locator('#sweep-seeds').fill(' 3, -1 ');
      await panel.page.getByRole('button', { name: 'Run sweep' }).click();
      assert.deepEqual((await lastPosted(panel, 'sweep', since)).seeds, [3, -1]);
      assert.equal(await panel.page.locator('.sweep-error').isHidden(), true);
    });

    it('colours the finished cells, marks the diverged ones, draws a sensitivity line per row, and overlays a clicked cell', async () => {
      const sweep = sweepState();
      await panel.send({ type: 'sweepStarted', sweep });
      await waitForHook(panel, 'sweep', 'status', 'done');
      const h = await hooks(panel, 'sweep');
      const finished = sweep.cells.filter((c) => c.summary!.stopReason === 'maxIterations' || c.summary!.stopReason === 'converged').length;
      assert.equal(h.cells, '12');
      assert.equal(h.coloured, String(finished));
      assert.equal(h.marked, String(12 - finished));
      assert.ok(12 - finished > 0, 'the fixture has diverged cells');
      assert.equal(h.lines, '2');
      assert.equal(h.rows, '2');
      assert.equal(h.columns, '6');
      // Click the cell of row 1 (adam), column 2: the view posts its index.
      const [left, top, right, bottom] = h.plotArea!.split(',').map(Number) as [number, number, number, number];
      await panel.page.locator('.sweep-heat canvas').scrollIntoViewIfNeeded();
      const box = (await panel.page.locator('.sweep-heat canvas').boundingBox())!;
      await panel.page.mouse.click(box.x + left + ((2 + 0.5) * (right - left)) / 6, box.y + top + ((1 + 0.5) * (bottom - top)) / 2);
      const shown = await lastPosted(panel, 'showSweepCell');
      const cell = sweep.cells.find((c) => c.index === shown.index)!;
      assert.deepEqual([cell.column, sweep.rows[cell.row]!.optimizer], [2, 'adam']);
      // The host overlays it as a run: its border takes the run's colour.
      await panel.send({ type: 'runStarted', run: { ...adam.meta, id: 'cell-run', colorIndex: 3 } });
      await panel.send({ type: 'sweepCell', sweepId: sweep.sweepId, cell: { ...cell, runId: 'cell-run' } });
      await waitForHook(panel, 'sweep', 'overlaid', '1');
    });

    it('colours by steps to a target loss once the host has counted them', async () => {
      const sweep = sweepState(6, ['sgd', 'adam'], ['constant'], 300, 5);
      await panel.send({ type: 'sweepStarted', sweep });
      await waitForHook(panel, 'sweep', 'status', 'done');
      await panel.page.locator('[data-view="sweep"] select[aria-label="What the heat map colours"]').selectOption('stepsToTarget');
      await waitForHook(panel, 'sweep', 'metric', 'stepsToTarget');
      const reached = sweep.cells.filter((c) => c.summary!.stepsToTarget !== null && (c.summary!.stopReason === 'maxIterations' || c.summary!.stopReason === 'converged')).length;
      assert.equal((await hooks(panel, 'sweep')).coloured, String(reached));
      await panel.page.locator('#sweep-target').fill('1');
      await panel.page.locator('#sweep-target').press('Enter');
      await panel.page.locator('#sweep-target').blur();
      assert.deepEqual(await lastPosted(panel, 'sweepTarget'), { type: 'sweepTarget', sweepId: sweep.sweepId, targetLoss: 1 });
      // The host's answer: a count, and cells unknown for a reason (their run again under way, or not the same run).
      const unknown = sweep.cells.map((c) => (c.index === 1 ? 'notReproduced' : c.index === 2 ? 'counting' : null));
      await panel.send({ type: 'sweepSteps', sweepId: sweep.sweepId, targetLoss: 1, steps: sweep.cells.map((c) => (c.index === 0 ? 7 : null)), unknown });
      await waitForHook(panel, 'sweep', 'stepsUnknown', '1:notReproduced,2:counting');
      await panel.send({ type: 'sweepSteps', sweepId: sweep.sweepId, targetLoss: 1, steps: sweep.cells.map((c) => (c.index === 2 ? 3 : null)), unknown: sweep.cells.map((c) => (c.index === 1 ? 'notReproduced' : null)) });
      await waitForHook(panel, 'sweep', 'stepsUnknown', '1:notReproduced');
      // Only cell 2 has steps to the target now. Diverged after reaching it: still marked; stopped by the user: coloured by
      // its steps to it (a full run's), but marked for its final loss (not a full run's).
      const cell2 = sweep.cells.find((c) => c.index === 2)!;
      for (const [stopReason, coloured] of [['diverged', '0'], ['cancelled', '1']] as const) {
        await panel.send({ type: 'sweepCell', sweepId: sweep.sweepId, cell: { ...cell2, summary: { ...cell2.summary!, stopReason, stepsToTarget: 3 } } });
        await waitForHook(panel, 'sweep', 'coloured', coloured);
      }
      await panel.page.locator('[data-view="sweep"] select[aria-label="What the heat map colours"]').selectOption('finalLoss');
      await waitForHook(panel, 'sweep', 'metric', 'finalLoss');
      const finished = sweep.cells.filter((c) => c.index !== 2 && ['maxIterations', 'converged'].includes(c.summary!.stopReason) && c.summary!.finalLoss !== null).length;
      assert.equal((await hooks(panel, 'sweep')).coloured, String(finished));
    });
  });

  describe('compare', () => {
    it('ranks the visible runs by final loss (or another column), counts steps to the target, copies a run’s command, saves and opens run sets', async () => {
      for (const message of [...adam.messages, ...sgd.messages]) await panel.send(message);
      await waitForHook(panel, 'compare', 'rows', '2');
      const order = async (): Promise<string[]> => panel.page.locator('.compare-table tbody tr').evaluateAll((rows) => rows.map((r) => (r as unknown as PageElement).dataset.runId ?? ''));
      const finalOf = (run: FixtureRun) => (run.messages.at(-1) as { outcome: { finalLoss: number } }).outcome.finalLoss;
      const expected = finalOf(adam) < finalOf(sgd) ? ['adam', 'sgd'] : ['sgd', 'adam'];
      await panel.page.waitForFunction((expected) => Array.from((document as unknown as { querySelectorAll(s: string): ArrayLike<PageElement> }).querySelectorAll('.compare-table tbody tr'), (r) => r.dataset.runId).join() === expected.join(), expected);
      assert.deepEqual(await order(), expected);
      await panel.page.locator('.compare-table button[data-sort="time"]').click();
      await waitForHook(panel, 'compare', 'sort', 'time');
      await panel.page.locator('#compare-target').fill('1');
      await panel.page.waitForFunction(() => /^(\d+|never)$/.test((document.querySelector('.compare-table tbody tr td:nth-child(5)') as unknown as { textContent: string } | null)?.textContent ?? ''));
      await panel.page.locator('.compare-table tr[data-run-id="adam"] button', { hasText: 'Copy as command' }).click();
      assert.deepEqual(await lastPosted(panel, 'copyCommand'), { type: 'copyCommand', runId: 'adam' });
      await panel.page.getByRole('button', { name: 'Save runs…' }).click();
      assert.deepEqual(await lastPosted(panel, 'saveRuns'), { type: 'saveRuns' });
      await panel.page.getByRole('button', { name: 'Open runs…' }).click();
      assert.deepEqual(await lastPosted(panel, 'openRuns'), { type: 'openRuns' });
    });
  });
});
