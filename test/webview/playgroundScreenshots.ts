/**
 * The README's pictures of the playground's views, from a real render of the page (the host's
 * HTML, CSP and bundle in headless Chromium, VS Code's Dark Modern variables) fed what the host
 * sends for real runs made by the engine (test/webview/playgroundFixtures.ts): the landscape of
 * two runs on Rosenbrock, the lr finder's curve with its suggestions, a sweep's heat map and lr
 * sensitivity lines, the compare table. Writes docs/images/{landscape,lr-finder,sweep,compare}.png
 * (or into the folder given). Run after `npm run build`: `npx tsx test/webview/playgroundScreenshots.ts [dir]`.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initMessage } from './fixtures';
import { DARK_MODERN, PanelHarness, type PanelPage } from './harness';
import { finderMessages, fixtureRun, landscapeMessages, ROSENBROCK, sweepState } from './playgroundFixtures';

/** Only the view `id` open (the others collapsed), the controls' optimizer options folded. */
const onlyView = (id: string) => ({ version: 1, yScale: {}, hiddenRuns: [], objective: null, draft: null, collapsed: { optimizerOptions: true, landscape: id !== 'landscape', finder: id !== 'finder', sweep: id !== 'sweep', compare: id !== 'compare' }, options: {} });

async function shoot(panel: PanelPage, view: string, file: string): Promise<void> {
  const section = panel.page.locator(`[data-view="${view}"]`);
  await section.scrollIntoViewIfNeeded();
  await section.screenshot({ path: file });
  console.log(`wrote ${file}`);
}

async function waitForHook(panel: PanelPage, view: string, name: string, value: string): Promise<void> {
  await panel.page.waitForFunction(({ view, name, value }) => (globalThis as unknown as { document: { querySelector(s: string): { dataset: Record<string, string> } | null } }).document.querySelector(`[data-view="${view}"]`)?.dataset[name] === value, { view, name, value });
}

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? resolve(__dirname, '../../docs/images'));
  mkdirSync(dir, { recursive: true });
  const adam = fixtureRun(ROSENBROCK, 'adam', 0, 'adam lr=0.05', { optimizer: { type: 'adam', lr: 0.05 }, iterations: 400 });
  const sgd = fixtureRun(ROSENBROCK, 'sgd', 1, 'sgd lr=0.001 momentum=0.9', { optimizer: { type: 'sgd', lr: 0.001, momentum: 0.9 }, iterations: 300 });
  const harness = new PanelHarness();
  await harness.start();
  const open = (view: string) => harness.open({ viewport: { width: 900, height: 1000 }, deviceScaleFactor: 2, theme: { variables: DARK_MODERN, bodyClass: 'vscode-dark' }, initialState: onlyView(view) });
  try {
    // Landscape: two runs, answered as the host answers the page's request.
    let panel = await open('landscape');
    await panel.send(initMessage());
    for (const message of [...adam.messages, ...sgd.messages]) await panel.send(message);
    let answered = -1;
    for (;;) {
      const found = (await (
        await panel.page.waitForFunction(
          ({ answered }) => {
            const w = globalThis as unknown as { __posted: Array<{ type: string; runIds?: string[]; requestId?: number }>; document: { querySelector(s: string): { dataset: Record<string, string> } | null } };
            if (answered >= 0 && w.document.querySelector('[data-view="landscape"]')?.dataset.status === 'ready') return { ready: true };
            const request = w.__posted.filter((m) => m.type === 'landscape' && m.runIds?.length === 2).at(-1);
            return request && request.requestId !== answered ? { requestId: request.requestId! } : false;
          },
          { answered },
        )
      ).jsonValue()) as { ready: true } | { requestId: number };
      if ('ready' in found) break;
      answered = found.requestId;
      for (const message of landscapeMessages(ROSENBROCK, [adam, sgd], answered, 200)) await panel.send(message);
    }
    await shoot(panel, 'landscape', join(dir, 'landscape.png'));
    await panel.close();

    // The lr finder: a real range test with Adam on Rosenbrock.
    panel = await open('finder');
    await panel.send(initMessage());
    for (const message of finderMessages({ type: 'adam' })) await panel.send(message);
    await waitForHook(panel, 'finder', 'status', 'done');
    await shoot(panel, 'finder', join(dir, 'lr-finder.png'));
    await panel.close();

    // A sweep: 6 lrs × SGD, Adam, each cell a run of 300 steps.
    panel = await open('sweep');
    await panel.send(initMessage());
    await panel.send({ type: 'sweepStarted', sweep: sweepState() });
    await waitForHook(panel, 'sweep', 'status', 'done');
    await shoot(panel, 'sweep', join(dir, 'sweep.png'));
    await panel.close();

    // Compare: the two runs ranked, steps to a target loss.
    panel = await open('compare');
    await panel.send(initMessage());
    for (const message of [...adam.messages, ...sgd.messages]) await panel.send(message);
    await panel.page.locator('#compare-target').fill('0.01');
    await waitForHook(panel, 'compare', 'rows', '2');
    await shoot(panel, 'compare', join(dir, 'compare.png'));
    await panel.close();
  } finally {
    await harness.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
