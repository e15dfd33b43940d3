/**
 * The plot panel in headless Chromium under its real CSP: handshake, controls generated from
 * the catalog, streaming runs into the charts, overlays, log axes, the messages the controls
 * send, the trust banner, 5 × 100k points, and no CSP violation or console error anywhere.
 * Run `npm run build` first (the page loads dist/webview.js).
 */
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION, type WebviewToHost } from '../../src/shared/protocol';
import { chunk, CONTEXT, initMessage, OBJECTIVE, outcome, runMeta, type CurveShape } from './fixtures';
import { DARK_MODERN, HIGH_CONTRAST, LIGHT_MODERN, PanelHarness, type PanelPage, type PanelPageOptions } from './harness';
import { canvasImage, chartState, pagePerTest, pixelsOfColor, streamRun, swatchColor, waitForChart, withPageOf } from './helpers';
import type { PageDocument, PageInstrumentation, PageOption, PageWindow } from './pageTypes';

// Browser globals, used only inside functions that run in the page.
declare const window: PageWindow & PageInstrumentation;
declare const document: PageDocument;

const harness = new PanelHarness();
const withPage = (options: PanelPageOptions, use: (page: PanelPage) => Promise<void>): Promise<void> => withPageOf(harness, options, use);

const SHAPE_A: CurveShape = { lr0: 0.01, rate: 0.02, seed: 1, iterations: 300, cosine: true };
const SHAPE_B: CurveShape = { lr0: 0.05, rate: 0.012, seed: 2, iterations: 300 };
/** A loss falling from ~4 to ~1e-4: more than three decades. */
const SHAPE_STEEP: CurveShape = { lr0: 0.01, rate: 0.035, seed: 4, iterations: 300 };

describe('plot panel (webview, headless Chromium)', function () {
  let panel: PanelPage;
  // Every message the page posts must pass the host's validation, and nothing may violate the CSP or log an error.
  pagePerTest(harness, (opened) => {
    panel = opened;
  });

  it('posts ready with the protocol version on load', async () => {
    const posted = await panel.posted();
    assert.deepEqual(posted[0], { type: 'ready', protocolVersion: PROTOCOL_VERSION });
    assert.equal(posted.filter((m) => m.type === 'ready').length, 1);
  });

  it('init with a catalog renders the controls: optimizer and schedule from the catalog, schedule options follow the schedule', async () => {
    const init = initMessage();
    await panel.send(init);
    const page = panel.page;
    // The optimizers, grouped by family in the families' order (each family in the catalog's order).
    const optimizers = await page.locator('#optimizer option').evaluateAll((os) => os.map((o) => (o as unknown as PageOption).value));
    const families = ['classic', 'adaptive', 'sign-based', 'second-order', 'lr-free'];
    assert.deepEqual(optimizers, families.flatMap((f) => init.catalog.optimizers.filter((o) => o.family === f).map((o) => o.type)));
    assert.deepEqual([...optimizers].sort(), init.catalog.optimizers.map((o) => o.type).sort(), 'every optimizer once');
    const schedules = await page.locator('#schedule option').evaluateAll((os) => os.map((o) => (o as unknown as PageOption).value));
    assert.deepEqual(schedules, init.catalog.schedules.map((s) => s.type));
    assert.equal(await page.locator('#optimizer').inputValue(), 'adam');
    assert.equal(await page.locator('#schedule').inputValue(), 'constant');
    assert.equal(await page.locator('#iterations').inputValue(), '200');
    assert.equal(await page.locator('#lr').getAttribute('placeholder'), '0.001', 'lr placeholder = Adam default');
    assert.equal(await page.locator('.schedule-options input, .schedule-options select').count(), 0, 'constant has no options');

    const optionNames = async (): Promise<string[]> => page.locator('.schedule-options .option-field label').allTextContents();
    await page.selectOption('#schedule', 'cosine');
    assert.deepEqual(await optionNames(), ['tMax', 'etaMin']);
    assert.equal(await page.locator('.schedule-options input[name="tMax"]').getAttribute('placeholder'), 'auto', 'derived default');
    assert.equal(await page.locator('.schedule-options input[name="etaMin"]').getAttribute('placeholder'), '0');
    await page.selectOption('#schedule', 'oneCycle');
    assert.deepEqual(await optionNames(), init.catalog.schedules.find((s) => s.type === 'oneCycle')!.options.map((o) => o.name));
    const strategies = await page.locator('.schedule-options select[name="annealStrategy"] option').allTextContents();
    assert.deepEqual(strategies, ['default (cos)', 'cos', 'linear']);
    await page.selectOption('#schedule', 'warmup');
    assert.equal(await page.locator('.schedule-options input[name="schedule"]').getAttribute('placeholder'), '{"type":"constant"}');

    // Optimizer options (without lr, which has its own field) follow the optimizer.
    const optimizerOptions = async (): Promise<string[]> => page.locator('.optimizer-options .option-field label').allTextContents();
    assert.deepEqual(await optimizerOptions(), ['betas', 'eps', 'weightDecay', 'amsgrad', 'flavor']);
    await page.selectOption('#optimizer', 'sgd');
    assert.deepEqual(await optimizerOptions(), ['momentum', 'dampening', 'nesterov', 'weightDecay']);
    assert.equal(await page.locator('#lr').getAttribute('placeholder'), '0.001');
    await page.selectOption('#optimizer', 'adadelta');
    assert.equal(await page.locator('#lr').getAttribute('placeholder'), '1');
  });

  it('the optimizer picker groups the families; the options show the formula and what it differs from; null options read and send null', async () => {
    const init = initMessage();
    await panel.send(init);
    const page = panel.page;
    const groups = await page.locator('#optimizer optgroup').evaluateAll((gs) => gs.map((g) => ({ label: g.getAttribute('label'), types: [...g.querySelectorAll('option')].map((o) => o.getAttribute('value')) })));
    assert.deepEqual(
      groups.map((g) => g.label),
      ['Classic', 'Adaptive', 'Sign-based', 'Second-order', 'Learning-rate free'],
    );
    assert.deepEqual(groups.find((g) => g.label === 'Learning-rate free')!.types, ['prodigy', 'dAdaptAdam']);
    assert.deepEqual(groups.find((g) => g.label === 'Sign-based')!.types, ['rprop', 'lion']);
    assert.deepEqual(groups.find((g) => g.label === 'Second-order')!.types, ['lbfgs']);

    await page.locator('details.optimizer-options > summary').click();
    await page.selectOption('#optimizer', 'lion');
    assert.equal(await page.locator('#optimizer-formula').textContent(), init.catalog.optimizers.find((o) => o.type === 'lion')!.formula);
    assert.match((await page.locator('#optimizer-differs').textContent()) ?? '', /^Differs from: Optax's lion defaults to weight_decay 1e-3/);
    assert.equal(await page.locator('#lr').getAttribute('placeholder'), '0.0001', 'Lion’s default lr');

    // Adafactor's eps is (None, 1e-3) in PyTorch: shown and typed with null.
    await page.selectOption('#optimizer', 'adafactor');
    const eps = page.locator('.optimizer-options input[name="eps"]');
    assert.equal(await eps.getAttribute('placeholder'), 'null, 0.001');
    await eps.fill('null, 0.01');
    let mark = (await panel.posted()).length;
    await page.click('#run');
    assert.deepEqual((await panel.waitForPosted('run', mark)).controls.optimizer, { type: 'adafactor', eps: [null, 0.01] });

    // L-BFGS's lineSearchFn: default (none) or strongWolfe; Prodigy's beta3 takes null or a number.
    await page.selectOption('#optimizer', 'lbfgs');
    assert.deepEqual(await page.locator('.optimizer-options select[name="lineSearchFn"] option').allTextContents(), ['default (null)', 'strongWolfe']);
    assert.equal(await page.locator('.optimizer-options input[name="maxEval"]').getAttribute('placeholder'), 'null', 'PyTorch’s None, not a value the run derives');
    await page.selectOption('.optimizer-options select[name="lineSearchFn"]', 'strongWolfe');
    mark = (await panel.posted()).length;
    await page.click('#run');
    assert.deepEqual((await panel.waitForPosted('run', mark)).controls.optimizer, { type: 'lbfgs', lineSearchFn: 'strongWolfe' });
    await page.selectOption('#optimizer', 'prodigy');
    await page.fill('.optimizer-options input[name="beta3"]', 'null');
    await page.fill('.optimizer-options input[name="growthRate"]', '1.02');
    mark = (await panel.posted()).length;
    await page.click('#run');
    assert.deepEqual((await panel.waitForPosted('run', mark)).controls.optimizer, { type: 'prodigy', beta3: null, growthRate: 1.02 });
    // A value that does not read is said as it is typed, and Run waits for it.
    await page.fill('.optimizer-options input[name="beta3"]', 'none');
    assert.match((await page.locator('.form-error').textContent()) ?? '', /beta3: expected a number from 0 to 1, got "none"/);
    assert.equal(await page.locator('#run').isDisabled(), true);

    // An L-BFGS run says its steps and its evaluations apart.
    await panel.send({ type: 'runStarted', run: runMeta('l1', 0, 'lbfgs', 20, { type: 'lbfgs', lineSearchFn: 'strongWolfe' }) });
    await panel.send({ type: 'runFinished', runId: 'l1', outcome: { ...outcome(20), evaluations: 61 } });
    await page.waitForSelector('li.run[data-run-id="l1"][data-stop-reason="maxIterations"]');
    assert.match((await page.locator('li.run[data-run-id="l1"] .run-detail').textContent()) ?? '', /^20 steps \(61 evaluations\)/);
  });

  it('a streamed run renders the loss, lr and gradient-norm charts and its stop reason', async () => {
    await panel.send(initMessage());
    await streamRun(panel, 'r1', 0, 'adam lr=0.01 · cosine(tMax=300)', SHAPE_A, 300, 64, 'converged');
    for (const key of ['loss', 'lr', 'gradNorm']) {
      await waitForChart(panel, key, 1, 300);
      const state = await chartState(panel, key);
      assert.equal(state.yScale, 'linear', `${key}: less than three decades`);
      assert.ok(state.plotArea[2]! - state.plotArea[0]! > 100 && state.plotArea[3]! - state.plotArea[1]! > 80, `plot area ${state.plotArea}`);
    }
    const color = await swatchColor(panel, 'r1');
    assert.match(color, /^rgb\(/);
    for (const key of ['loss', 'lr', 'gradNorm']) {
      const pixels = await pixelsOfColor(panel, key, color);
      assert.ok(pixels > 150, `${key}: only ${pixels} pixels of the run colour in the plot area`);
    }
    const row = panel.page.locator('li.run[data-run-id="r1"]');
    assert.equal(await row.getAttribute('data-stop-reason'), 'converged');
    assert.equal(await row.locator('.run-status').textContent(), 'converged');
    assert.equal(await row.locator('.run-detail').textContent(), '300 steps · 842 ms');
    assert.equal(await row.locator('.run-status').getAttribute('title'), 'gradient norm 9.1e-7 < tolerance 1e-6', "the engine's sentence");
    assert.equal(await row.locator('.run-loss').textContent(), 'final 0.0123');
    assert.equal(await panel.page.locator('#stop').isDisabled(), true, 'nothing runs any more');
  });

  it('shows a running run with its step, enables Stop, and adds a chart per metric', async () => {
    await panel.send(initMessage());
    await panel.send({ type: 'runStarted', run: runMeta('m1', 2, 'sgd lr=0.05', 300) });
    await panel.send({ type: 'runData', runId: 'm1', chunk: chunk({ ...SHAPE_B, metric: 'accuracy' }, 1, 120) });
    await waitForChart(panel, 'metric:accuracy', 1, 120);
    const row = panel.page.locator('li.run[data-run-id="m1"]');
    assert.equal(await row.getAttribute('data-status'), 'running');
    assert.equal(await row.locator('.run-detail').textContent(), 'step 120 / 300');
    assert.equal(await panel.page.locator('#stop').isEnabled(), true);
    assert.equal(await panel.page.locator('[data-chart="metric:accuracy"] .chart-title').textContent(), 'accuracy');
    await panel.send({ type: 'runsCleared', runIds: ['m1'] });
    await panel.page.locator('[data-chart="metric:accuracy"]').waitFor({ state: 'detached' });
    await waitForChart(panel, 'loss', 0, 0);
  });

  it('overlays two runs in different colours and lists both labels', async () => {
    await panel.send(initMessage());
    await streamRun(panel, 'a', 0, 'adam lr=0.01 · cosine(tMax=300)', SHAPE_A, 300, 100);
    await streamRun(panel, 'b', 1, 'sgd lr=0.05 · constant', SHAPE_B, 300, 100);
    await waitForChart(panel, 'loss', 2, 600);
    const [ca, cb] = [await swatchColor(panel, 'a'), await swatchColor(panel, 'b')];
    assert.notEqual(ca, cb);
    for (const c of [ca, cb]) assert.ok((await pixelsOfColor(panel, 'loss', c)) > 150, `colour ${c} drawn`);
    assert.deepEqual(await panel.page.locator('li.run .run-label').allTextContents(), ['adam lr=0.01 · cosine(tMax=300)', 'sgd lr=0.05 · constant']);

    // Hiding a run takes its dataset out of every chart, and is view state.
    await panel.page.locator('li.run[data-run-id="b"] input.run-visible').uncheck();
    await waitForChart(panel, 'loss', 1, 300);
    assert.ok((await pixelsOfColor(panel, 'loss', cb)) < 20, 'hidden run not drawn');
    assert.deepEqual(((await panel.state()) as { hiddenRuns: string[] }).hiddenRuns, ['b']);
    await panel.page.locator('li.run[data-run-id="b"] input.run-visible').check();
    await waitForChart(panel, 'loss', 2, 600);
  });

  it('y axis: auto turns logarithmic when the values in view span more than three decades; a choice of linear or log overrides it and persists', async () => {
    await panel.send(initMessage());
    // The loss of SHAPE_STEEP falls from ~4 to ~1e-4 (4.5 decades); after 60 steps it has fallen only from 4 to 0.5.
    await streamRun(panel, 'a', 0, 'adam', SHAPE_STEEP, 60, 60);
    await waitForChart(panel, 'loss', 1, 60);
    assert.equal((await chartState(panel, 'loss')).yScale, 'linear', 'less than a decade: linear');
    await panel.send(initMessage());
    await streamRun(panel, 'a', 0, 'adam', SHAPE_STEEP, 300, 150);
    await waitForChart(panel, 'loss', 1, 300);
    const select = panel.page.locator('[data-chart="loss"] select.y-scale');
    const before = await chartState(panel, 'loss');
    assert.equal(before.yScale, 'logarithmic', 'more than three decades: logarithmic by itself');
    assert.equal(await select.inputValue(), 'auto');
    assert.equal(await select.locator('option[value="auto"]').textContent(), 'auto (log)');
    assert.equal((await chartState(panel, 'gradNorm')).yScale, 'linear', 'the gradient norm spans less than two decades');
    const color = await swatchColor(panel, 'a');
    assert.ok((await pixelsOfColor(panel, 'loss', color)) > 150, 'curve drawn on the log axis');

    await select.selectOption('linear');
    let state = await chartState(panel, 'loss');
    assert.equal(state.yScale, 'linear');
    assert.ok(state.renderCount > before.renderCount, 're-rendered');
    assert.equal(await panel.page.locator('[data-chart="loss"]').getAttribute('data-y-choice'), 'linear');
    assert.equal(((await panel.state()) as { yScale: Record<string, string> }).yScale.loss, 'linear');

    // A reloaded page (same view state) keeps the choice.
    const saved = await panel.state();
    await withPage({ initialState: saved }, async (reloaded) => {
      await reloaded.send(initMessage([{ meta: runMeta('a', 0, 'adam'), data: chunk(SHAPE_STEEP, 1, 300), outcome: outcome(300) }]));
      await waitForChart(reloaded, 'loss', 1, 300);
      assert.equal((await chartState(reloaded, 'loss')).yScale, 'linear');
    });
    // Pages saved before the axis chose by itself (logScale: { loss: true }) keep their log axis.
    await withPage({ initialState: { version: 1, logScale: { gradNorm: true }, hiddenRuns: [], draft: null, collapsed: {} } }, async (old) => {
      await old.send(initMessage([{ meta: runMeta('a', 0, 'adam'), data: chunk(SHAPE_A, 1, 300), outcome: outcome(300) }]));
      await waitForChart(old, 'gradNorm', 1, 300);
      assert.equal((await chartState(old, 'gradNorm')).yScale, 'logarithmic');
    });

    await select.selectOption('auto');
    state = await chartState(panel, 'loss');
    assert.equal(state.yScale, 'logarithmic');
    assert.equal(((await panel.state()) as { yScale: Record<string, string> }).yScale.loss, undefined);
  });

  it('controls send run (only the options set), stop, clear, png, export, insertSchedule, insertOptimizer, previewSchedule and reveal', async () => {
    await panel.send(initMessage());
    const page = panel.page;
    await page.selectOption('#optimizer', 'sgd');
    await page.fill('#lr', '0.05');
    await page.selectOption('#schedule', 'cosine');
    await page.fill('.schedule-options input[name="tMax"]', '50');
    await page.fill('#iterations', '300');
    let mark = (await panel.posted()).length;
    await page.click('#run');
    const run = await panel.waitForPosted('run', mark);
    assert.deepEqual(run, { type: 'run', controls: { optimizer: { type: 'sgd', lr: 0.05 }, schedule: { type: 'cosine', tMax: 50 }, iterations: 300 } });

    // Enter in a field runs too; options set in "more options" are included, typed values are parsed.
    await page.locator('details.optimizer-options > summary').click();
    await page.fill('.optimizer-options input[name="momentum"]', '0.9');
    await page.selectOption('.optimizer-options select[name="nesterov"]', 'true');
    mark = (await panel.posted()).length;
    await page.locator('.optimizer-options input[name="momentum"]').press('Enter');
    assert.deepEqual(await panel.waitForPosted('run', mark), {
      type: 'run',
      controls: { optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true }, schedule: { type: 'cosine', tMax: 50 }, iterations: 300 },
    });
    // The host hears about edited controls before the run that uses them.
    const sent = await panel.posted();
    const lastChange = sent.filter((m) => m.type === 'controlsChanged').pop();
    assert.deepEqual(lastChange, { type: 'controlsChanged', controls: (sent[sent.length - 1] as { controls: unknown }).controls });
    assert.equal(sent[sent.length - 2]!.type, 'controlsChanged');

    // A bad value is reported in the form as it is typed, and Run is off until it is fixed.
    await page.fill('.schedule-options input[name="tMax"]', '2.5');
    assert.match((await page.locator('.form-error').textContent()) ?? '', /tMax: expected a whole number ≥ 1, got 2\.5/);
    assert.equal(await page.locator('.schedule-options input[name="tMax"]').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#run').isDisabled(), true);
    await page.fill('.schedule-options input[name="tMax"]', '');
    assert.equal(await page.locator('#run').isEnabled(), true);

    // The preview follows the form: the form's schedule, with the optimizer (the host starts the
    // curve from its lr, or its default: one rule with the palette's Preview Schedule).
    const preview = await lastPreviewRequest(panel, (m) => JSON.stringify(m.schedule) === '{"type":"cosine"}');
    assert.deepEqual({ ...preview, requestId: 0 }, { type: 'previewSchedule', requestId: 0, schedule: { type: 'cosine' }, optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true }, steps: 300 });
    const lrs = Array.from({ length: 300 }, (_, i) => 0.025 * (1 + Math.cos((Math.PI * i) / 300)));
    await panel.send({ type: 'schedulePreview', requestId: preview.requestId - 1, label: 'stale', lrs: [1] });
    await panel.send({ type: 'schedulePreview', requestId: preview.requestId, label: 'cosine · lr 0.05', lrs });
    await page.waitForSelector('[data-chart="lr"][data-preview-points="300"]');
    await page.waitForSelector('.schedule-preview[data-live-points="300"]');
    // Preview off: the small chart goes, and with it the curve.
    await page.click('#preview');
    assert.equal(await page.locator('#preview').getAttribute('aria-pressed'), 'false');
    await page.waitForSelector('[data-chart="lr"][data-preview-points="0"]');
    assert.equal(await page.locator('.schedule-preview').isVisible(), false);
    await page.click('#preview');

    // Run actions need runs.
    await streamRun(panel, 'r1', 0, 'sgd lr=0.05 · cosine(tMax=50)', SHAPE_B, 200, 100);
    await panel.send({ type: 'runStarted', run: runMeta('r2', 1, 'adam', 300) });
    // r1's points drawn, and r2 in the run list. (Whether the loss chart already counts r2's empty
    // dataset depends on whether a redraw came after its start — a started run with no points asks
    // for none — so the chart's dataset count is not waited for: under load it may never change.)
    await panel.page.waitForFunction(() => Number(document.querySelector('[data-chart="loss"]')?.dataset.totalPoints) === 200);
    await page.locator('li.run[data-run-id="r2"]').waitFor();
    const expectPost = async (action: () => Promise<unknown>, expected: object): Promise<void> => {
      const since = (await panel.posted()).length;
      await action();
      const type = (expected as { type: WebviewMessageType }).type;
      assert.deepEqual(await panel.waitForPosted(type, since), expected);
    };
    await expectPost(() => page.click('#stop'), { type: 'stop' });
    await expectPost(() => page.click('#clear'), { type: 'clear' });
    await expectPost(() => page.click('li.run[data-run-id="r1"] button[aria-label^="Insert the schedule"]'), { type: 'insertSchedule', runId: 'r1' });
    await expectPost(() => page.click('li.run[data-run-id="r1"] button[aria-label^="Insert the optimizer"]'), { type: 'insertOptimizer', runId: 'r1' });
    await expectPost(() => page.click('li.run[data-run-id="r2"] button[aria-label^="Remove"]'), { type: 'clear', runIds: ['r2'] });
    await expectPost(() => page.click('#export-csv'), { type: 'export', format: 'csv' });
    await page.locator('li.run[data-run-id="r2"] input.run-visible').uncheck();
    await expectPost(() => page.click('#export-json'), { type: 'export', format: 'json', runIds: ['r1'] });
    await page.locator('li.run[data-run-id="r2"] input.run-visible').check();

    mark = (await panel.posted()).length;
    await page.click('#export-png');
    const png = await panel.waitForPosted('png', mark);
    assert.equal(png.requestId, undefined);
    assertPng(png.dataUrl);

    // The host can ask for a PNG too; the answer carries its request id.
    mark = (await panel.posted()).length;
    await panel.send({ type: 'requestPng', requestId: 42 });
    const answer = await panel.waitForPosted('png', mark);
    assert.equal(answer.requestId, 42);
    assertPng(answer.dataUrl);

    // An error with a location shows a link that reveals it — and loses nothing: the runs listed and what the form holds stay.
    const runsBefore = await page.locator('li.run').count();
    assert.ok(runsBefore > 0, 'runs listed before the error');
    await page.fill('#iterations', '321');
    await panel.send({ type: 'error', message: 'objective threw: x is not defined', location: { file: '/work/example/quadratic.ts', line: 12, column: 5 } });
    await page.locator('.errors .error-message').waitFor();
    assert.equal(await page.locator('li.run').count(), runsBefore);
    assert.equal(await page.locator('#iterations').inputValue(), '321');
    const link = page.locator('.errors .error-location');
    assert.equal(await link.textContent(), 'quadratic.ts:12:5');
    assert.equal(await page.locator('.errors .error-message').textContent(), 'objective threw: x is not defined');
    await expectPost(() => link.click(), { type: 'reveal', file: '/work/example/quadratic.ts', line: 12, column: 5 });

    // Objective picker.
    await expectPost(() => page.selectOption('#objective', 'sphere'), { type: 'selectObjective', name: 'sphere' });
  });

  it("a mini-batch run draws two loss series: each batch's loss, and the loss on all the data where it was evaluated", async () => {
    await panel.send(initMessage());
    await panel.send({ type: 'runStarted', run: runMeta('mb', 0, 'sgd lr=0.1', 300) });
    for (let from = 1; from <= 300; from += 100) {
      const part = chunk(SHAPE_B, from, from + 99);
      // The loss on all the data every 10 steps (1, 11, 21, …), null (NaN) elsewhere.
      const fullLoss = part.loss.map((v, i) => ((from + i - 1) % 10 === 0 ? v * 0.9 : null));
      await panel.send({ type: 'runData', runId: 'mb', chunk: { ...part, fullLoss: fullLoss as number[] } });
    }
    await panel.send({ type: 'runFinished', runId: 'mb', outcome: outcome(300) });
    await waitForChart(panel, 'loss', 2, 300 + 30);
    assert.equal(await panel.page.locator('[data-chart="loss"]').getAttribute('data-visible-runs'), '1');
    assert.match((await panel.page.locator('[data-chart="loss"] canvas').getAttribute('aria-label')) ?? '', /: 1 run,/);
    // The other charts draw the run once.
    await waitForChart(panel, 'lr', 1, 300);
    await waitForChart(panel, 'gradNorm', 1, 300);
    // A run of the other kind beside it keeps one loss series.
    await streamRun(panel, 'plain', 1, 'adam', SHAPE_A, 300, 300);
    await waitForChart(panel, 'loss', 3, 300 + 30 + 300);
  });

  it('offers a batch size for an objective with data and sends it with the run; none for one without', async () => {
    await panel.send(initMessage());
    const page = panel.page;
    assert.equal(await page.locator('#batch-size').isVisible(), false, 'no data, no batch size');
    await panel.send({ type: 'context', context: { ...CONTEXT, batched: true } });
    assert.equal(await page.locator('#batch-size').isVisible(), true);
    let mark = (await panel.posted()).length;
    await page.click('#run');
    assert.deepEqual((await panel.waitForPosted('run', mark)).controls, { optimizer: { type: 'adam' }, schedule: { type: 'constant' }, iterations: 200 }, 'empty: the objective’s own batch size');
    await page.fill('#batch-size', '8');
    mark = (await panel.posted()).length;
    await page.click('#run');
    assert.deepEqual((await panel.waitForPosted('run', mark)).controls, { optimizer: { type: 'adam' }, schedule: { type: 'constant' }, iterations: 200, batchSize: 8 });
    await page.fill('#batch-size', '0');
    assert.match((await page.locator('.form-error').textContent()) ?? '', /Batch size/);
    assert.match((await page.locator('#run').getAttribute('title')) ?? '', /^Fix first: Batch size/, 'Run is off, with the reason');
    assert.equal(await page.locator('#run').isDisabled(), true);
    await page.fill('#batch-size', '8');
    await panel.send({ type: 'context', context: CONTEXT });
    assert.equal(await page.locator('#batch-size').isVisible(), false);
    mark = (await panel.posted()).length;
    await page.click('#run');
    assert.deepEqual((await panel.waitForPosted('run', mark)).controls, { optimizer: { type: 'adam' }, schedule: { type: 'constant' }, iterations: 200 }, 'not sent for an objective without data');
  });

  it("lists the TypeScript errors of a run's file with links to them; an empty list hides them", async () => {
    await panel.send(initMessage());
    const page = panel.page;
    const notice = page.locator('.type-check');
    assert.equal(await notice.isVisible(), false);
    const problem = { code: 'TS2322', message: "Type 'string' is not assignable to type 'number'.", location: { file: OBJECTIVE.file, line: 2, column: 7 } };
    await panel.send({ type: 'typeCheck', file: OBJECTIVE.file, label: OBJECTIVE.label, problems: [problem], strict: false });
    await page.waitForSelector('.type-check[data-count="1"]:not([hidden])');
    assert.match((await notice.textContent()) ?? '', /1 TypeScript error in quadratic\.ts: the run went ahead/);
    assert.match((await notice.textContent()) ?? '', /quadratic\.ts:2:7 Type 'string' is not assignable to type 'number'\. \(TS2322\)/);
    const mark = (await panel.posted()).length;
    await notice.locator('a.error-location').click();
    assert.deepEqual(await panel.waitForPosted('reveal', mark), { type: 'reveal', file: OBJECTIVE.file, line: 2, column: 7 });
    await panel.send({ type: 'typeCheck', file: OBJECTIVE.file, label: OBJECTIVE.label, problems: [problem], strict: true });
    // The page words the notice when it takes the message: wait for that, not for send() to return.
    await page.waitForSelector('.type-check:has-text("not run (lrlab.typeCheck is strict)")');
    await panel.send({ type: 'typeCheck', file: OBJECTIVE.file, label: OBJECTIVE.label, problems: [], strict: false });
    await page.waitForSelector('.type-check[data-count="0"][hidden]', { state: 'attached' });
  });

  it("says under a run's row why it uses central differences instead of the exact gradient, with a link to the line; also when that happens mid-run", async () => {
    await panel.send(initMessage());
    const page = panel.page;
    const where = { file: OBJECTIVE.file, line: 7 };
    await panel.send({ type: 'runStarted', run: { ...runMeta('n', 0, 'sgd', 300), gradient: 'numeric', gradientReason: 'calls Math.random(), so the objective is not a function of the parameters alone', gradientLocation: where } });
    await panel.send({ type: 'runStarted', run: { ...runMeta('e', 1, 'adam', 300), gradient: 'exact' } });
    const numericRow = page.locator('li.run[data-run-id="n"]');
    const exactRow = page.locator('li.run[data-run-id="e"]');
    await page.waitForSelector('li.run[data-run-id="n"][data-gradient="numeric"] .run-gradient:not([hidden])');
    assert.match((await numericRow.locator('.run-gradient').textContent()) ?? '', /Central differences, not the exact gradient: calls Math\.random\(\), so the objective is not a function of the parameters alone quadratic\.ts:7/);
    assert.match((await numericRow.locator('.run-label').getAttribute('title')) ?? '', /numeric gradient \(central differences\)\nCentral differences, not the exact gradient: calls Math\.random/);
    assert.equal(await exactRow.getAttribute('data-gradient'), 'exact');
    assert.equal(await exactRow.locator('.run-gradient').isHidden(), true);
    assert.match((await exactRow.locator('.run-label').getAttribute('title')) ?? '', /exact gradient \(recorded\)/);
    const mark = (await panel.posted()).length;
    await numericRow.locator('.run-gradient button.link').click();
    assert.deepEqual(await panel.waitForPosted('reveal', mark), { type: 'reveal', file: OBJECTIVE.file, line: 7 });
    await panel.send({ type: 'runGradient', runId: 'e', fallback: { step: 42, reason: 'turns a value that depends on the parameters into a string' } });
    await page.waitForSelector('li.run[data-run-id="e"][data-gradient="numeric"] .run-gradient:not([hidden])');
    assert.equal((await exactRow.locator('.run-gradient').textContent())?.trim(), 'Exact gradient until step 42, central differences from there: turns a value that depends on the parameters into a string');
    assert.equal(await exactRow.locator('.run-gradient button.link').isHidden(), true, 'no line to link to');
  });

  it('context with trusted=false shows the banner and disables Run', async () => {
    await panel.send(initMessage());
    const page = panel.page;
    assert.equal(await page.locator('#run').isEnabled(), true);
    assert.equal(await page.locator('.banner').isVisible(), false);
    await panel.send({ type: 'context', context: { ...CONTEXT, trusted: false } });
    assert.equal(await page.locator('.banner').isVisible(), true);
    assert.match((await page.locator('.banner').textContent()) ?? '', /Restricted Mode/);
    assert.equal(await page.locator('#run').isDisabled(), true);
    const mark = (await panel.posted()).length;
    await page.locator('#lr').press('Enter');
    // The form's submit runs inside the key's dispatch; one more frame of the page and any run it posted is recorded.
    await page.evaluate(() => new Promise((resolve) => window.requestAnimationFrame(() => resolve(undefined))));
    assert.equal((await panel.posted()).slice(mark).filter((m) => m.type === 'run').length, 0, 'Enter does not run either');

    await panel.send({ type: 'context', context: { ...CONTEXT, objective: null, objectives: [], notice: 'Open a TypeScript file that exports an objective.' } });
    assert.equal(await page.locator('.banner-text').textContent(), 'Open a TypeScript file that exports an objective.');
    assert.equal(await page.locator('#run').isDisabled(), true);
    await panel.send({ type: 'context', context: CONTEXT });
    assert.equal(await page.locator('.banner').isVisible(), false);
    assert.equal(await page.locator('#run').isEnabled(), true);
  });

  it('restores runs from init (after a reload) and keeps the half-typed draft of the same controls', async () => {
    const runs = [
      { meta: runMeta('a', 0, 'adam lr=0.01'), data: chunk(SHAPE_A, 1, 300), outcome: outcome(300) },
      { meta: runMeta('b', 1, 'sgd lr=0.05'), data: chunk(SHAPE_B, 1, 150), outcome: null },
    ];
    await panel.send(initMessage(runs));
    await waitForChart(panel, 'loss', 2, 450);
    await panel.page.fill('#lr', '0.0'); // half-typed
    await panel.page.waitForFunction(() => (window.__state() as { draft?: { lr: string } }).draft?.lr === '0.0');
    await withPage({ initialState: await panel.state() }, async (reloaded) => {
      await reloaded.send(initMessage(runs));
      await waitForChart(reloaded, 'loss', 2, 450);
      assert.equal(await reloaded.page.locator('#lr').inputValue(), '0.0');
      assert.equal(await reloaded.page.locator('li.run[data-run-id="b"]').getAttribute('data-status'), 'running');
      // Other controls from the host replace the draft.
      await reloaded.send({ type: 'controls', controls: { optimizer: { type: 'rmsprop', lr: 0.02, centered: true }, schedule: { type: 'step', stepSize: 30 }, iterations: 90 } });
      assert.equal(await reloaded.page.locator('#optimizer').inputValue(), 'rmsprop');
      assert.equal(await reloaded.page.locator('#lr').inputValue(), '0.02');
      assert.equal(await reloaded.page.locator('.optimizer-options select[name="centered"]').inputValue(), 'true');
      assert.equal(await reloaded.page.locator('.schedule-options input[name="stepSize"]').inputValue(), '30');
      assert.equal(await reloaded.page.locator('#iterations').inputValue(), '90');
    });
  });

  it('zooms by dragging, links the step axis of all charts, and resets on double-click', async () => {
    await panel.send(initMessage());
    await streamRun(panel, 'a', 0, 'adam', SHAPE_A, 300, 300);
    await waitForChart(panel, 'loss', 1, 300);
    const box = (await panel.page.locator('[data-chart="loss"] canvas').boundingBox())!;
    const [l, t, r, b] = (await chartState(panel, 'loss')).plotArea as [number, number, number, number];
    const y = box.y + (t + b) / 2;
    await panel.page.mouse.move(box.x + l + 20, y);
    await panel.page.mouse.down();
    await panel.page.mouse.move(box.x + l + 80, y, { steps: 4 });
    await panel.page.mouse.up();
    await panel.page.waitForSelector('[data-chart="lr"][data-zoomed="true"]');
    assert.equal((await chartState(panel, 'loss')).zoomed, 'true');
    assert.equal(await panel.page.locator('#reset-zoom').isEnabled(), true);
    // Switching the axis type keeps the zoom.
    await panel.page.selectOption('[data-chart="loss"] select.y-scale', 'linear');
    assert.equal((await chartState(panel, 'loss')).zoomed, 'true');
    // Hovering runs the tooltip's interaction mode (errors would surface in afterEach).
    await panel.page.mouse.move(box.x + (l + r) / 2, y);
    await panel.page.locator('[data-chart="loss"] canvas').dblclick({ position: { x: (l + r) / 2, y: (t + b) / 2 } });
    await panel.page.waitForSelector('[data-chart="lr"][data-zoomed="false"]');
    assert.equal((await chartState(panel, 'loss')).zoomed, 'false');
    assert.equal(await panel.page.locator('#reset-zoom').isDisabled(), true);
  });

  it('streams 5 runs × 100k points in chunks of 2k', async function () {
    this.timeout(180_000);
    await panel.send(initMessage());
    const started = Date.now();
    const result = await panel.page.evaluate(async () => {
      const runs = 5;
      const steps = 100_000;
      const size = 2_000;
      const send = (m: unknown): void => window.postMessage(m, '*');
      const objective = { file: '/work/example/quadratic.ts', label: 'quadratic.ts', name: 'rosenbrock' }; // the context's
      for (let r = 0; r < runs; r++) {
        send({ type: 'runStarted', run: { id: `big${r}`, label: `run ${r}`, colorIndex: r, objective, config: { optimizer: { type: 'adam' }, schedule: { type: 'constant' }, iterations: steps }, gradient: 'user', dim: 10, startedAt: 0 } });
      }
      const pause = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
      for (let from = 1; from <= steps; from += size) {
        for (let r = 0; r < runs; r++) {
          const lr = new Array<number>(size);
          const loss = new Array<number>(size);
          const gradNorm = new Array<number>(size);
          for (let i = 0; i < size; i++) {
            const t = from + i;
            lr[i] = 1e-3 * (1 + Math.cos((Math.PI * t) / steps)) / 2 + 1e-6;
            loss[i] = (r + 1) * Math.exp(-t / 20_000) * (1 + 0.1 * Math.sin(t * (r + 1)));
            gradNorm[i] = Math.sqrt(loss[i]!) * (1 + 0.2 * Math.cos(t / 7));
          }
          send({ type: 'runData', runId: `big${r}`, chunk: { firstStep: from, lr, loss, gradNorm, metrics: {} } });
        }
        await pause(10);
      }
      for (let r = 0; r < runs; r++) send({ type: 'runFinished', runId: `big${r}`, outcome: { stopReason: 'maxIterations', detail: '', steps, finalLoss: 1e-3, bestLoss: 1e-3, wallTimeMs: 1000 } });
      return { runs, steps };
    });
    await waitForChart(panel, 'loss', 5, result.runs * result.steps);
    await waitForChart(panel, 'gradNorm', 5, result.runs * result.steps);
    const elapsed = Date.now() - started;
    const draws = await panel.page.evaluate(() => window.__drawTimes.slice());
    assert.ok(draws.length > 0);
    const sorted = [...draws].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const p95 = sorted[Math.floor(sorted.length * 0.95)]!;
    console.log(`      5 × 100k points: ${draws.length} redraws in ${elapsed} ms; redraw median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms`);
    const drawn = Number(await panel.page.locator('[data-chart="loss"]').getAttribute('data-drawn-points'));
    assert.ok(drawn > 0 && drawn < (result.runs * result.steps) / 20, `decimation: ${drawn} of ${result.runs * result.steps} points laid out`);
    // Switching the axis on the full data set works too.
    const axis = (await chartState(panel, 'loss')).yScale;
    await panel.page.selectOption('[data-chart="loss"] select.y-scale', axis === 'linear' ? 'log' : 'linear');
    assert.equal((await chartState(panel, 'loss')).yScale, axis === 'linear' ? 'logarithmic' : 'linear');
    for (let r = 0; r < 5; r++) assert.ok((await pixelsOfColor(panel, 'loss', await swatchColor(panel, `big${r}`))) > 100, `run ${r} drawn`);
  });

  it('a chart kept up to date while a run streams beside others draws the same pixels as one drawn from scratch', async function () {
    // The panel lays out only the datasets that changed (webview/lineController.ts); every skipped layout must still be right.
    this.timeout(120_000);
    const SHAPE_C: CurveShape = { lr0: 0.02, rate: 0.01, seed: 3, iterations: 300 };
    const snapshot = (id: string, colorIndex: number, label: string, shape: CurveShape) => ({ meta: runMeta(id, colorIndex, label, shape.iterations), data: chunk(shape, 1, 300), outcome: outcome(300) });
    const keys = ['loss', 'lr', 'gradNorm'];
    const compare = async (state: string, runs: ReturnType<typeof snapshot>[], then?: (fresh: PanelPage) => Promise<void>): Promise<void> => {
      await withPage({ initialState: await panel.state() }, async (fresh) => {
        await fresh.send(initMessage(runs));
        await waitForChart(fresh, 'loss', runs.length, runs.length * 300);
        await then?.(fresh);
        for (const key of keys) {
          const [kept, drawn] = [await canvasImage(panel, key), await canvasImage(fresh, key)];
          assert.ok(kept === drawn, `${state}: the ${key} chart differs from one drawn from scratch`);
        }
      });
    };

    await panel.send(initMessage());
    await streamRun(panel, 'a', 0, 'adam', SHAPE_A, 300, 300);
    await streamRun(panel, 'b', 1, 'sgd', SHAPE_B, 300, 300);
    await waitForChart(panel, 'loss', 2, 600);
    // c streams in chunks of 30 (pieces of the snapshot's data), each drawn before the next (a and b are not laid out again).
    await panel.send({ type: 'runStarted', run: runMeta('c', 2, 'rmsprop', SHAPE_C.iterations) });
    const c = snapshot('c', 2, 'rmsprop', SHAPE_C).data;
    for (let i = 0; i < 300; i += 30) {
      const piece = { firstStep: i + 1, lr: c.lr.slice(i, i + 30), loss: c.loss.slice(i, i + 30), gradNorm: c.gradNorm.slice(i, i + 30), metrics: {} };
      await panel.send({ type: 'runData', runId: 'c', chunk: piece });
      await waitForChart(panel, 'loss', 3, 600 + i + 30);
    }
    const renders = (await chartState(panel, 'loss')).renderCount;
    await panel.send({ type: 'runFinished', runId: 'c', outcome: outcome(300) });
    await panel.page.waitForFunction((n) => Number(document.querySelector('[data-chart="gradNorm"]')?.dataset.renderCount) > n, renders);
    await compare('after streaming', [snapshot('a', 0, 'adam', SHAPE_A), snapshot('b', 1, 'sgd', SHAPE_B), snapshot('c', 2, 'rmsprop', SHAPE_C)]);

    // Removing b (the highest learning rate) moves c to another dataset index and rescales the lr axis.
    await panel.send({ type: 'runsCleared', runIds: ['b'] });
    await waitForChart(panel, 'loss', 2, 600);
    await compare('after removing a run', [snapshot('a', 0, 'adam', SHAPE_A), snapshot('c', 2, 'rmsprop', SHAPE_C)]);

    // A log axis (new chart options) and a zoom (new step range): the same pixels as after a full layout, which a
    // resize forces (every axis moves); a page drawn from scratch would take the same shortcuts on the way there.
    await panel.page.selectOption('[data-chart="gradNorm"] select.y-scale', 'log');
    const yRange = async (): Promise<number[]> => ((await panel.page.locator('[data-chart="loss"]').getAttribute('data-y-range')) ?? '').split(',').map(Number);
    const [, yMax] = await yRange();
    await panel.page.locator('[data-chart="gradNorm"] canvas').focus();
    for (let i = 0; i < 4; i++) await panel.page.keyboard.press('+'); // steps ~90–210
    await panel.page.waitForSelector('[data-chart="loss"][data-zoomed="true"]');
    // The y axis fits the points in view (the losses there are below 2; 4 at the first step).
    const [, zoomedMax] = await yRange();
    assert.ok(zoomedMax! < yMax! && zoomedMax! <= 2, `loss axis up to ${yMax} before the zoom, ${zoomedMax} after`);
    const zoomed = await Promise.all(keys.map((key) => canvasImage(panel, key)));
    const area = async (key: string): Promise<string> => (await panel.page.locator(`[data-chart="${key}"]`).getAttribute('data-plot-area')) ?? '';
    const areas = await Promise.all(keys.map(area));
    await panel.page.setViewportSize({ width: 900, height: 1100 });
    for (const [i, key] of keys.entries()) await panel.page.waitForFunction(([key, a]) => document.querySelector(`[data-chart="${key}"]`)?.dataset.plotArea !== a, [key, areas[i]!]);
    await panel.page.setViewportSize({ width: 1000, height: 1100 });
    for (const [i, key] of keys.entries()) await panel.page.waitForFunction(([key, a]) => document.querySelector(`[data-chart="${key}"]`)?.dataset.plotArea === a, [key, areas[i]!]);
    for (const [i, key] of keys.entries()) assert.ok(zoomed[i] === (await canvasImage(panel, key)), `on a log axis, zoomed: the ${key} chart differs from its full layout`);
  });

  it('follows theme switches: colours re-read from the variables, thicker lines in high contrast', async () => {
    await withPage({ theme: { variables: DARK_MODERN, bodyClass: 'vscode-dark' } }, async (themed) => {
      await themed.send(initMessage());
      await streamRun(themed, 'a', 0, 'adam', SHAPE_A, 300, 300);
      await waitForChart(themed, 'loss', 1, 300);
      assert.equal(await swatchColor(themed, 'a'), 'rgb(86, 180, 233)', "Okabe–Ito's sky blue on dark backgrounds");
      const darkPixels = await pixelsOfColor(themed, 'loss', 'rgb(86, 180, 233)', 12);
      assert.ok(darkPixels > 150);
      const switchTo = (variables: Record<string, string>, bodyClass: string): Promise<void> =>
        themed.page.evaluate(
          ({ variables, bodyClass }) => {
            for (const [name, value] of Object.entries(variables)) document.documentElement.style.setProperty(name, value);
            document.body!.className = bodyClass;
          },
          { variables, bodyClass },
        );
      // Each switch: the run list's swatch at once, the charts at their next redraw.
      const redrawn = async (switched: () => Promise<void>, color: string): Promise<void> => {
        const renders = (await chartState(themed, 'loss')).renderCount;
        await switched();
        await themed.page.waitForFunction(
          ([n, color]) => Number(document.querySelector('[data-chart="loss"]')?.dataset.renderCount) > Number(n) && document.querySelector('li.run .swatch')?.dataset.color === color,
          [String(renders), color],
        );
      };
      await redrawn(() => switchTo(LIGHT_MODERN, 'vscode-light'), 'rgb(0, 114, 178)');
      assert.ok((await pixelsOfColor(themed, 'loss', 'rgb(0, 114, 178)', 12)) > 150, 'redrawn in the light palette (its blue keeps 3:1 on white)');
      assert.ok((await pixelsOfColor(themed, 'loss', 'rgb(86, 180, 233)', 12)) < 20, 'no dark-palette pixels left');
      await redrawn(() => switchTo(HIGH_CONTRAST, 'vscode-high-contrast'), 'rgb(86, 180, 233)');
      const hcPixels = await pixelsOfColor(themed, 'loss', 'rgb(86, 180, 233)', 12);
      assert.ok(hcPixels > darkPixels * 1.3, `high contrast draws thicker lines (${hcPixels} vs ${darkPixels} pixels)`);
    });
  });

  it('keeps data-plot-area current when the panel is resized', async () => {
    await panel.send(initMessage());
    await streamRun(panel, 'a', 0, 'adam', SHAPE_A, 300, 300);
    await waitForChart(panel, 'loss', 1, 300);
    const before = (await chartState(panel, 'loss')).plotArea;
    await panel.page.setViewportSize({ width: 620, height: 1100 });
    await panel.page.waitForFunction((right) => Number(document.querySelector('[data-chart="loss"]')?.dataset.plotArea?.split(',')[2]) < right - 100, before[2]!);
    const color = await swatchColor(panel, 'a');
    assert.ok((await pixelsOfColor(panel, 'loss', color)) > 150, 'redrawn at the new size');
  });

  it('zooms and pans a focused chart from the keyboard', async () => {
    await panel.send(initMessage());
    await streamRun(panel, 'a', 0, 'adam', SHAPE_A, 300, 300);
    await waitForChart(panel, 'loss', 1, 300);
    const canvas = panel.page.locator('[data-chart="gradNorm"] canvas');
    assert.equal(await canvas.getAttribute('aria-label'), 'Gradient norm ‖∇f(x)‖ per step: 1 run, linear scale');
    await canvas.focus();
    await panel.page.keyboard.press('+');
    await panel.page.waitForSelector('[data-chart="loss"][data-zoomed="true"]');
    await panel.page.keyboard.press('ArrowRight');
    await panel.page.keyboard.press('0');
    await panel.page.waitForSelector('[data-chart="loss"][data-zoomed="false"]');
  });

  it('runs under a CSP that is in force: an inline script or style is refused and reported', async () => {
    // Proves the checks of afterEach can fail; the provoked problems are cleared afterwards.
    const ran = await panel.page.evaluate(async () => {
      const w = window as unknown as { __inlineRan?: boolean; document: { createElement(tag: string): { textContent: string }; head: { appendChild(n: unknown): void } } };
      const script = w.document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      w.document.head.appendChild(script);
      const style = w.document.createElement('style');
      style.textContent = 'body { color: red; }';
      w.document.head.appendChild(style);
      await new Promise((done) => setTimeout(done, 100));
      return { ran: w.__inlineRan === true };
    });
    assert.equal(ran.ran, false, 'inline script ran');
    const problems = await panel.problems();
    assert.ok(problems.some((p) => p.startsWith('csp: script-src')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('csp: style-src')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('console.error:') && p.includes('Content Security Policy')), 'console errors are caught too');
    await panel.clearProblems();
  });

  it('ignores unknown and malformed host messages without throwing, and refuses another protocol version', async () => {
    await panel.send(initMessage());
    await panel.sendRaw({ type: 'bogus' });
    await panel.sendRaw({ type: 'runData', runId: 5 });
    await panel.send({ type: 'runData', runId: 'nobody', chunk: chunk(SHAPE_A, 1, 10) });
    await panel.sendRaw({ notAType: true });
    await panel.send({ type: 'runStarted', run: runMeta('ok', 0, 'fine') });
    await panel.sendRaw({ type: 'runData', runId: 'ok', chunk: { firstStep: 1, lr: [0.1, null, 0.1], loss: [1, null, Number.NaN], gradNorm: [1, 2, 3], metrics: {} } });
    await waitForChart(panel, 'loss', 1, 1);
    await waitForChart(panel, 'gradNorm', 1, 3);
    await panel.sendRaw({ ...initMessage(), protocolVersion: PROTOCOL_VERSION + 1 });
    await panel.page.waitForSelector('.errors .error');
    assert.match((await panel.page.locator('.errors').textContent()) ?? '', /protocol version/);
  });
});

type WebviewMessageType = Parameters<PanelPage['waitForPosted']>[0];
type PreviewMessage = Extract<WebviewToHost, { type: 'previewSchedule' }>;

/** The latest schedule-preview request the page posted, once one matches `want` (the preview follows the form, debounced). */
async function lastPreviewRequest(panel: PanelPage, want: (m: PreviewMessage) => boolean): Promise<PreviewMessage> {
  let found: PreviewMessage | undefined;
  await panel.page.waitForFunction(() => window.__posted.some((m) => m.type === 'previewSchedule'));
  for (;;) {
    const all = (await panel.posted()).filter((m): m is PreviewMessage => m.type === 'previewSchedule');
    found = all[all.length - 1];
    if (found && want(found)) return found;
    await panel.page.waitForFunction((n) => window.__posted.filter((m) => m.type === 'previewSchedule').length > n, all.length);
  }
}

function assertPng(dataUrl: string): void {
  assert.ok(dataUrl.startsWith('data:image/png;base64,'), dataUrl.slice(0, 40));
  const bytes = Buffer.from(dataUrl.slice('data:image/png;base64,'.length), 'base64');
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  assert.ok(width >= 320 && height >= 200, `PNG is ${width}×${height}`);
}
