/**
 * Renders the panel with two runs in one of VS Code's themes (Dark Modern, Light Modern, High
 * Contrast variables) outside VS Code, to look at a theme or a layout change quickly; saves
 * `test/webview/artifacts/panel.png` unless given a path. The README's pictures come from the
 * real workbench (`LRLAB_UPDATE_SCREENSHOTS=1 npm run test:e2e`). Run after `npm run build`:
 * `npx tsx test/webview/screenshot.ts [out.png] [dark|light|hc] [width]`.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { chunk, initMessage, outcome, runMeta } from './fixtures';
import { DARK_MODERN, HIGH_CONTRAST, LIGHT_MODERN, PanelHarness } from './harness';

const THEMES = {
  dark: { variables: DARK_MODERN, bodyClass: 'vscode-dark' },
  light: { variables: LIGHT_MODERN, bodyClass: 'vscode-light' },
  hc: { variables: HIGH_CONTRAST, bodyClass: 'vscode-high-contrast' },
};

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? resolve(__dirname, 'artifacts/panel.png'));
  mkdirSync(dirname(out), { recursive: true });
  const harness = new PanelHarness();
  await harness.start();
  try {
    const panel = await harness.open({ viewport: { width: Number(process.argv[4] ?? 960), height: 600 }, deviceScaleFactor: 2, theme: THEMES[(process.argv[3] ?? 'dark') as keyof typeof THEMES] ?? THEMES.dark, initialState: { version: 1, logScale: { loss: true, gradNorm: true }, hiddenRuns: [], draft: null, collapsed: { optimizerOptions: true } } });
    const iterations = 400;
    const adam = { lr0: 0.05, rate: 0.018, seed: 3, iterations, cosine: true };
    const sgd = { lr0: 0.02, rate: 0.009, seed: 5, iterations };
    await panel.send(initMessage([], { controls: { optimizer: { type: 'adam', lr: 0.05 }, schedule: { type: 'cosine', tMax: iterations }, iterations } }));
    await panel.send({ type: 'runStarted', run: runMeta('adam', 0, `adam lr=0.05 · cosine(tMax=${iterations})`, iterations, { type: 'adam', lr: 0.05 }) });
    await panel.send({ type: 'runData', runId: 'adam', chunk: chunk(adam, 1, iterations) });
    await panel.send({ type: 'runFinished', runId: 'adam', outcome: { ...outcome(iterations, 'maxIterations', `reached ${iterations} iterations`, 0.00142), wallTimeMs: 312 } });
    await panel.send({ type: 'runStarted', run: runMeta('sgd', 1, 'sgd lr=0.02 momentum=0.9 · constant', iterations, { type: 'sgd', lr: 0.02, momentum: 0.9 }, { type: 'constant' }) });
    await panel.send({ type: 'runData', runId: 'sgd', chunk: chunk(sgd, 1, 260) });
    await panel.page.waitForSelector('[data-chart="loss"][data-visible-datasets="2"][data-total-points="660"]');
    // Hover the loss chart, so the picture shows the tooltip with both runs' values.
    const canvas = panel.page.locator('[data-chart="loss"] canvas');
    const box = (await canvas.boundingBox())!;
    const [l, t, r, b] = ((await panel.page.locator('[data-chart="loss"]').getAttribute('data-plot-area')) ?? '0,0,0,0').split(',').map(Number) as [number, number, number, number];
    await panel.page.mouse.move(box.x + l + (r - l) * 0.42, box.y + t + (b - t) * 0.3);
    await panel.page.waitForTimeout(300);
    await panel.page.screenshot({ path: out, fullPage: true });
    console.log(`wrote ${out}`);
    await panel.close();
  } finally {
    await harness.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
