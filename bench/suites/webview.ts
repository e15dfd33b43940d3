/**
 * 5. Webview: the plot panel (dist/webview.js, chart.js with decimation) in headless Chromium,
 * outside VS Code (test/webview/harness.ts: the host's own HTML and CSP, a stand-in for
 * acquireVsCodeApi). Two figures:
 *  - first render: 5 finished runs × 100k points delivered as the host does (runStarted, one
 *    runData, runFinished each), until the charts have drawn all 500k points;
 *  - live update: then one run is cleared and another streams in beside the 4 others, 2,000 records every
 *    20 ms up to 100k (the host merges chunks and posts at most every refresh interval, here
 *    50 ms); each redraw's main-thread time (the page's own `lrlab:draw` measure: charts, run
 *    list and controls), per repetition the median and the 95th percentile.
 * Each repetition is a fresh page. Times are measured inside the page (performance.now()).
 */
import { PanelHarness, type PanelPage } from '../../test/webview/harness';
import { CONTEXT, initMessage } from '../../test/webview/fixtures';
import { figure, type Check, type Suite, type SuiteOptions, type SuiteResult } from '../lib/result';

/** In the page: deliver `runs` finished runs of `steps` points, resolve with ms until the loss chart holds them all. */
const FIRST_RENDER = new Function(
  'args',
  `const { runs, steps } = args;
  const send = (m) => window.postMessage(m, '*');
  const objective = { file: '/x.ts', label: 'x.ts', name: 'f' };
  const messages = [];
  for (let r = 0; r < runs; r++) {
    const lr = new Array(steps), loss = new Array(steps), gradNorm = new Array(steps);
    for (let i = 0; i < steps; i++) {
      const t = i + 1;
      lr[i] = 1e-3 * (1 + Math.cos((Math.PI * t) / steps)) / 2 + 1e-6;
      loss[i] = (r + 1) * Math.exp(-t / 20000) * (1 + 0.1 * Math.sin(t * (r + 1)));
      gradNorm[i] = Math.sqrt(loss[i]) * (1 + 0.2 * Math.cos(t / 7));
    }
    messages.push({ type: 'runStarted', run: { id: 'done' + r, label: 'run ' + r, colorIndex: r, objective, config: { optimizer: { type: 'adam' }, schedule: { type: 'constant' }, iterations: steps }, gradient: 'user', dim: 2, startedAt: 0 } });
    messages.push({ type: 'runData', runId: 'done' + r, chunk: { firstStep: 1, lr, loss, gradNorm, metrics: {} } });
    messages.push({ type: 'runFinished', runId: 'done' + r, outcome: { stopReason: 'maxIterations', detail: '', steps, finalLoss: 1e-3, bestLoss: 1e-3, wallTimeMs: 1000 } });
  }
  const card = document.querySelector('.chart-card[data-chart="loss"]');
  return new Promise((resolve) => {
    const started = performance.now();
    for (const m of messages) send(m);
    const check = () => {
      if (Number(card.getAttribute('data-total-points')) === runs * steps) resolve(performance.now() - started);
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });`,
) as (args: { runs: number; steps: number }) => Promise<number>;

/** In the page: stream one more run in chunks; resolve with the durations of the redraws made meanwhile. */
const STREAM = new Function(
  'args',
  `const { steps, size, everyMs, total } = args;
  const send = (m) => window.postMessage(m, '*');
  const objective = { file: '/x.ts', label: 'x.ts', name: 'f' };
  const before = window.__drawTimes.length;
  send({ type: 'runStarted', run: { id: 'live', label: 'live', colorIndex: 5, objective, config: { optimizer: { type: 'sgd' }, schedule: { type: 'constant' }, iterations: steps }, gradient: 'user', dim: 2, startedAt: 0 } });
  const card = document.querySelector('.chart-card[data-chart="loss"]');
  return new Promise((resolve) => {
    let from = 1;
    const tick = () => {
      const n = Math.min(size, steps - from + 1);
      const lr = new Array(n), loss = new Array(n), gradNorm = new Array(n);
      for (let i = 0; i < n; i++) {
        const t = from + i;
        lr[i] = 0.01;
        loss[i] = 2 * Math.exp(-t / 30000) * (1 + 0.05 * Math.sin(t / 3));
        gradNorm[i] = Math.sqrt(loss[i]);
      }
      send({ type: 'runData', runId: 'live', chunk: { firstStep: from, lr, loss, gradNorm, metrics: {} } });
      from += n;
      if (from <= steps) setTimeout(tick, everyMs);
      else {
        const done = () => {
          if (Number(card.getAttribute('data-total-points')) === total) resolve(window.__drawTimes.slice(before));
          else requestAnimationFrame(done);
        };
        requestAnimationFrame(done);
      }
    };
    tick();
  });`,
) as (args: { steps: number; size: number; everyMs: number; total: number }) => Promise<number[]>;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

export const webview: Suite = {
  id: 'webview',
  title: 'Webview: 5 runs × 100k points in headless Chromium',
  async run(options: SuiteOptions): Promise<SuiteResult> {
    const steps = options.quick ? 5_000 : 100_000;
    const runs = 5;
    const reps = options.quick ? 1 : 5;
    const chunkSize = options.quick ? 500 : 2_000;
    const harness = new PanelHarness();
    const firstRender: number[] = [];
    const medians: number[] = [];
    const p95s: number[] = [];
    const checks: Check[] = [];
    let redraws = 0;
    let drawnPoints = 0;
    await harness.start();
    try {
      for (let rep = 0; rep < reps; rep++) {
        let panel: PanelPage | undefined;
        try {
          panel = await harness.open({ viewport: { width: 1200, height: 1100 } });
          // The runs below are of /x.ts's `f`: the panel shows the runs of the controls' objective.
          await panel.send(initMessage([], { context: { ...CONTEXT, objective: { file: '/x.ts', label: 'x.ts', name: 'f' }, objectives: ['f'] } }));
          firstRender.push(await panel.page.evaluate(FIRST_RENDER, { runs, steps }));
          // Four stay; the fifth is replaced by one that streams in.
          await panel.send({ type: 'runsCleared', runIds: [`done${runs - 1}`] });
          const draws = await panel.page.evaluate(STREAM, { steps, size: chunkSize, everyMs: 20, total: runs * steps });
          const sorted = [...draws].sort((a, b) => a - b);
          redraws += draws.length;
          medians.push(percentile(sorted, 0.5));
          p95s.push(percentile(sorted, 0.95));
          drawnPoints = Number(await panel.page.locator('.chart-card[data-chart="loss"]').getAttribute('data-drawn-points'));
          const problems = await panel.problems();
          if (problems.length > 0) checks.push({ what: 'the page reported no errors', ok: false, detail: problems.join('; ') });
        } finally {
          await panel?.close();
        }
      }
    } finally {
      await harness.stop();
    }
    checks.push({ what: `all ${runs * steps} points reached the loss chart, decimated to fewer on the canvas`, ok: drawnPoints > 0 && drawnPoints < runs * steps, detail: `${drawnPoints} points drawn` });
    return {
      id: this.id,
      title: options.quick ? `Webview: ${runs} runs × ${steps} points in headless Chromium` : this.title,
      checks,
      figures: [
        figure('firstRender.ms', `first render: ${runs} finished runs × ${steps / 1000}k points delivered at once, until drawn`, 'ms', firstRender),
        figure('update.median.ms', `live update: redraw while the ${runs}th run streams (median of a repetition's redraws)`, 'ms', medians, { goal: { text: '< 16 ms', test: (ms) => ms < 16 } }),
        figure('update.p95.ms', 'live update: 95th percentile of a repetition’s redraws', 'ms', p95s),
      ],
      notes: [
        `${redraws} redraws in all; the streamed run arrives in chunks of ${chunkSize} records every 20 ms, the page redraws at most every 50 ms (the host's refresh interval) and once per animation frame.`,
        `Decimation: the panel's own min-max decimation per dataset (webview/decimation.ts); the canvas gets ${drawnPoints} of the loss chart's ${runs * steps} points at this size (1200 × 1100 CSS px).`,
      ],
    };
  },
};
