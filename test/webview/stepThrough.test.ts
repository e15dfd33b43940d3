/**
 * Stepping through a run in headless Chromium under the real CSP: the action bar's Step through,
 * Pause, Step once and Resume post what the host expects and follow the run's state; the step
 * inspector shows a real engine step (Adam on Rosenbrock, inspected by the engine's own gate)
 * with every value exactly as computed, lists the first rows of a long vector with a filter and
 * Show all; the landscape draws the step as an arrow θₖ₋₁ → θₖ (and −lr·g dashed). Checked
 * through the views' data-* hooks, the buttons and the canvas's pixels.
 */
import assert from 'node:assert/strict';
import { resolveRunConfig } from '../../src/core/minimize/config';
import { minimize } from '../../src/core/minimize/minimize';
import { inspectStep, type StepInspection } from '../../src/core/minimize/stepGate';
import { inspectionMessage } from '../../src/extension/runs/RunLauncher';
import type { StepInspectionMessage } from '../../src/shared/protocol';
import { DARK_PALETTE } from '../../webview/palette';
import { initMessage } from './fixtures';
import { pagePerTest } from './helpers';
import { PanelHarness, type PanelPage } from './harness';
import type { PageCanvas, PageDocument, PageElement, PageInstrumentation, PageWindow } from './pageTypes';
import { fixtureRun, landscapeMessages, ROSENBROCK, type FixtureRun } from './playgroundFixtures';

declare const window: PageWindow & PageInstrumentation;
declare const document: PageDocument;

const harness = new PanelHarness();

/** The engine's inspections of the first `steps` steps of `raw` on Rosenbrock (the loop's own gate, watching every step). */
function engineInspections(raw: Parameters<typeof resolveRunConfig>[0], steps: number): StepInspection[] {
  const config = resolveRunConfig(raw);
  const seen: StepInspection[] = [];
  minimize(ROSENBROCK, { ...config, iterations: steps }, { gate: { start: () => ({ heldMs: 0 }), watching: () => true, stepped: (view) => (seen.push(inspectStep(view, config.optimizer)), { heldMs: 0 }) } });
  return seen;
}

async function hooks(panel: PanelPage, view: string): Promise<Record<string, string | undefined>> {
  return panel.page.locator(`[data-view="${view}"]`).evaluate((el: PageElement) => ({ ...el.dataset }));
}

async function waitForHook(panel: PanelPage, view: string, name: string, value: string): Promise<void> {
  await panel.page.waitForFunction(({ view, name, value }) => document.querySelector(`[data-view="${view}"]`)?.dataset[name] === value, { view, name, value });
}

/** The exact values of one column of the inspector's table, row by row. */
async function columnValues(panel: PanelPage, key: string): Promise<string[]> {
  return panel.page.locator(`[data-view="step-inspector"] td[data-col="${CSS_ESCAPE(key)}"]`).evaluateAll((cells: PageElement[]) => cells.map((c) => c.dataset.value ?? ''));
}
const CSS_ESCAPE = (key: string): string => key.replace(/"/g, '\\"');

const runRgb = (colorIndex: number): string => {
  const hex = DARK_PALETTE[colorIndex]!;
  return `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
};

describe('stepping through a run (webview, headless Chromium)', function () {
  let panel: PanelPage;
  let adam: FixtureRun;

  before(() => {
    adam = fixtureRun(ROSENBROCK, 'adam', 0, 'adam lr=0.05', { optimizer: { type: 'adam', lr: 0.05 }, iterations: 3 });
  });

  pagePerTest(
    harness,
    async (opened) => {
      panel = opened;
      await panel.send(initMessage());
    },
    { viewport: { width: 1000, height: 1600 } },
  );

  it('Step through posts a run that starts paused; Pause, Step once and Resume follow the run and post stepRun', async () => {
    const { page } = panel;
    await page.waitForSelector('#step-through:not([disabled])');
    const since = (await panel.posted()).length;
    await page.click('#step-through');
    const run = await panel.waitForPosted('run', since);
    assert.equal(run.stepThrough, true);
    assert.equal(await page.locator('#step').isDisabled(), true, 'nothing to step before a run pauses');

    // The host's run starts and pauses at step 0.
    await panel.send(adam.messages[0]!);
    const [one, two] = engineInspections({ optimizer: { type: 'adam', lr: 0.05 } }, 2).map(inspectionMessage) as [StepInspectionMessage, StepInspectionMessage];
    await panel.send({ type: 'runPaused', runId: 'adam', inspection: { ...one, step: 0, lr: null, loss: null, gradNorm: null, previous: null, grad: null, delta: null, stepSize: null, params: Array.from(ROSENBROCK.x0), state: one.state.map((b) => ({ ...b, values: [0, 0] })) } });
    await waitForHook(panel, 'step-inspector', 'step', '0');
    assert.equal((await hooks(panel, 'step-inspector')).paused, 'true');
    await page.waitForSelector('#step:not([disabled])');
    assert.equal(await page.locator('#resume').isDisabled(), false);
    assert.equal(await page.locator('#pause').isDisabled(), true, 'a paused run is not paused again');
    assert.match((await page.locator('.step-summary').textContent()) ?? '', /paused before its first step/);

    const beforeStep = (await panel.posted()).length;
    await page.click('#step');
    const step = await panel.waitForPosted('stepRun', beforeStep);
    assert.deepEqual(step, { type: 'stepRun', action: 'step' });
    await waitForHook(panel, 'step-inspector', 'paused', 'false');
    await page.waitForSelector('#step[disabled]', { state: 'attached' });

    await panel.send({ type: 'runPaused', runId: 'adam', inspection: one });
    await waitForHook(panel, 'step-inspector', 'step', '1');
    await panel.send({ type: 'runPaused', runId: 'adam', inspection: two });
    await waitForHook(panel, 'step-inspector', 'step', '2');
    const beforeResume = (await panel.posted()).length;
    await page.click('#resume');
    assert.deepEqual(await panel.waitForPosted('stepRun', beforeResume), { type: 'stepRun', action: 'resume' });
    await panel.send({ type: 'runResumed', runId: 'adam' });
    await page.waitForSelector('#pause:not([disabled])');
    const beforePause = (await panel.posted()).length;
    await page.click('#pause');
    assert.deepEqual(await panel.waitForPosted('stepRun', beforePause), { type: 'stepRun', action: 'pause' });
  });

  it('the inspector shows a real Adam step exactly: lr, θₖ₋₁, g, exp_avg, exp_avg_sq, lr/(√v̂+ε), Δθ, θₖ', async () => {
    const inspections = engineInspections({ optimizer: { type: 'adam', lr: 0.05 } }, 2);
    const second = inspections[1]!;
    for (const message of adam.messages.slice(0, 2)) await panel.send(message);
    await panel.send({ type: 'runPaused', runId: 'adam', inspection: inspectionMessage(second) });
    await waitForHook(panel, 'step-inspector', 'step', '2');
    const h = await hooks(panel, 'step-inspector');
    assert.equal(h.runId, 'adam');
    assert.equal(h.dim, '2');
    assert.equal(h.rows, '2');
    assert.equal(h.stepSizeKind, 'adam');
    assert.equal(h.columns, 'previous,grad,exp_avg,exp_avg_sq,stepSize,delta,params');
    const exact = (a: ArrayLike<number>): string[] => Array.from(a, String);
    assert.deepEqual(await columnValues(panel, 'previous'), exact(second.previous!));
    assert.deepEqual(await columnValues(panel, 'grad'), exact(second.grad!));
    assert.deepEqual(await columnValues(panel, 'exp_avg'), exact(second.state[0]!.values));
    assert.deepEqual(await columnValues(panel, 'exp_avg_sq'), exact(second.state[1]!.values));
    assert.deepEqual(await columnValues(panel, 'stepSize'), exact(second.stepSize!.values));
    assert.deepEqual(await columnValues(panel, 'delta'), exact(second.delta!));
    assert.deepEqual(await columnValues(panel, 'params'), exact(second.params));
    // Independently of the engine's inspection: Adam's step size from the state it shows, by its formula.
    const v = second.state[1]!.values;
    const expected = Array.from(v, (vi) => 0.05 / (Math.sqrt(vi) / Math.sqrt(1 - 0.999 ** 2) + 1e-8));
    (await columnValues(panel, 'stepSize')).forEach((s, i) => assert.ok(Math.abs(Number(s) - expected[i]!) <= 1e-15 * expected[i]!, `lr/(√v̂+ε)[${i}] ${s} vs ${expected[i]}`));
    const summary = (await panel.page.locator('.step-summary').textContent()) ?? '';
    assert.match(summary, /adam lr=0\.05: step 2 · lr = 0\.05 · f\(θₖ₋₁\) = .* · ‖g‖ = .* · paused/);
    assert.match((await panel.page.locator('[data-view="step-inspector"] th[data-col="stepSize"]').textContent()) ?? '', /lr\/\(√v̂\+ε\)/);
  });

  it('a long vector lists its first rows; Show all lists every one; a filter picks indices and ranges', async () => {
    const dim = 67;
    const values = Array.from({ length: dim }, (_, i) => i / 10);
    const inspection: StepInspectionMessage = {
      step: 4, dim, shown: dim, optimizer: 'sgd', lr: 0.1, loss: 1, gradNorm: 2,
      params: values, previous: values, grad: values.map((v) => -v), delta: values.map(() => 0),
      state: [{ name: 'momentum_buffer', values }], scalars: [{ name: 'step', value: 4 }], otherBuffers: [], stepSize: { kind: 'sgd', values: values.map(() => 0.1) },
    };
    await panel.send(adam.messages[0]!);
    await panel.send({ type: 'runPaused', runId: 'adam', inspection });
    await waitForHook(panel, 'step-inspector', 'step', '4');
    assert.equal((await hooks(panel, 'step-inspector')).rows, '12');
    await panel.page.click('.step-show-all');
    await waitForHook(panel, 'step-inspector', 'rows', '67');
    await panel.page.fill('.step-filter', '10-20, 66');
    await waitForHook(panel, 'step-inspector', 'rows', '12');
    assert.deepEqual(await panel.page.locator('[data-view="step-inspector"] tbody tr').evaluateAll((rows: PageElement[]) => rows.map((r) => Number(r.dataset.index))), [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 66]);
    assert.deepEqual((await columnValues(panel, 'grad')).slice(-1), [String(-6.6)]);
    await panel.page.fill('.step-filter', 'ten');
    assert.equal(await panel.page.locator('.step-filter').getAttribute('aria-invalid'), 'true');
  });

  it('on a 2-parameter landscape the step is an arrow θₖ₋₁ → θₖ in the run’s colour, with −lr·g dashed; it follows each step and goes on Resume', async () => {
    const section = panel.page.locator('[data-section="landscape"] .section-toggle');
    if ((await section.getAttribute('aria-expanded')) !== 'true') await section.click();
    for (const message of adam.messages) await panel.send(message);
    await answerLandscape();
    const blueBefore = await bluePixels();
    const [, second, third] = engineInspections({ optimizer: { type: 'adam', lr: 0.05 } }, 3).map(inspectionMessage) as [StepInspectionMessage, StepInspectionMessage, StepInspectionMessage];
    await panel.send({ type: 'runPaused', runId: 'adam', inspection: second });
    await waitForHook(panel, 'landscape', 'arrowStep', '2');
    const h = await hooks(panel, 'landscape');
    assert.equal(h.arrowRun, 'adam');
    assert.equal(h.arrow, [...second.previous!, ...second.params].join(','));
    const descent = [second.previous![0]! - 0.05 * second.grad![0]!, second.previous![1]! - 0.05 * second.grad![1]!];
    assert.equal(h.descent, [...second.previous!, ...descent].join(','));
    assert.ok((await bluePixels()) > blueBefore, `the arrow adds pixels in the run's colour (${blueBefore} before)`);

    await panel.send({ type: 'runPaused', runId: 'adam', inspection: third });
    await waitForHook(panel, 'landscape', 'arrowStep', '3');
    assert.equal((await hooks(panel, 'landscape')).arrow, [...third.previous!, ...third.params].join(','));
    await panel.send({ type: 'runResumed', runId: 'adam' });
    await panel.page.waitForSelector('[data-view="landscape"]:not([data-arrow])', { state: 'attached' });
  });

  it('a page that loads while a run is paused shows its step in the inspector and on the landscape (init.paused)', async () => {
    const second = inspectionMessage(engineInspections({ optimizer: { type: 'adam', lr: 0.05 } }, 2)[1]!);
    const data = adam.messages.find((m) => m.type === 'runData');
    assert.ok(data && data.type === 'runData');
    await panel.send(initMessage([{ meta: adam.meta, data: data.chunk, outcome: null }], { paused: [{ runId: 'adam', inspection: second }] }));
    await waitForHook(panel, 'step-inspector', 'step', '2');
    assert.equal((await hooks(panel, 'step-inspector')).paused, 'true');
    await panel.page.waitForSelector('#step:not([disabled])');
    const section = panel.page.locator('[data-section="landscape"] .section-toggle');
    if ((await section.getAttribute('aria-expanded')) !== 'true') await section.click();
    await answerLandscape();
    await waitForHook(panel, 'landscape', 'arrowStep', '2');
    assert.equal((await hooks(panel, 'landscape')).arrow, [...second.previous!, ...second.params].join(','));
  });

  /** Answer the landscape's requests for adam's run with its scene and grid until it is drawn. */
  async function answerLandscape(): Promise<void> {
    let answered = -1;
    for (;;) {
      const handle = await panel.page.waitForFunction((answered) => {
        if (answered >= 0 && document.querySelector('[data-view="landscape"]')?.dataset.status === 'ready') return { ready: true };
        const request = window.__posted.filter((m) => m.type === 'landscape' && (m as unknown as { runIds: string[] }).runIds.includes('adam')).at(-1) as { requestId: number } | undefined;
        return request && request.requestId !== answered ? request : false;
      }, answered);
      const found = (await handle.jsonValue()) as { requestId: number } | { ready: true };
      if ('ready' in found) return;
      answered = found.requestId;
      for (const message of landscapeMessages(ROSENBROCK, [adam], found.requestId)) await panel.send(message);
    }
  }

  async function bluePixels(): Promise<number> {
    return panel.page.locator('.landscape-canvas').evaluate((canvas: PageCanvas, color: string) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const [r, g, b] = color.match(/\d+/g)!.map(Number) as [number, number, number];
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 200 && Math.abs(data[i]! - r) + Math.abs(data[i + 1]! - g) + Math.abs(data[i + 2]! - b) < 40) n++;
      return n;
    }, runRgb(0));
  }
});
