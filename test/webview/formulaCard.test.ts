/**
 * The formula cards beside the controls, in headless Chromium under the panel's CSP: the rule
 * typeset by the bundled KaTeX (MathML), symbols with the controls' values and PyTorch's
 * defaults, a symbol that leads to its control, the flavour choice reaching the host's
 * message, and a worked example with the textbook number it corrects.
 * Run `npm run build` first (the page loads dist/webview.js).
 */
import assert from 'node:assert/strict';
import { cardFor } from '../../src/core/explain/card';
import { CONTROLS, initMessage } from './fixtures';
import { PanelHarness, type PanelPage } from './harness';
import { pagePerTest } from './helpers';
import type { PageDocument } from './pageTypes';

declare const document: PageDocument & { activeElement: { getAttribute(name: string): string | null } | null };

const harness = new PanelHarness();

describe('formula cards (webview, headless Chromium)', function () {
  let panel: PanelPage;
  pagePerTest(harness, (opened) => {
    panel = opened;
  });

  it("renders the chosen optimizer's and schedule's cards: KaTeX MathML rule, symbols with values and defaults", async () => {
    await panel.send(initMessage([], { controls: { ...CONTROLS, optimizer: { type: 'adam', lr: 0.01, betas: [0.8, 0.999] }, schedule: { type: 'cosine' } } }));
    const page = panel.page;
    // The cards are a closed section at first.
    await page.locator('details.formula-cards > summary').click();
    const adam = page.locator('.formula-card[data-type="adam"]');
    await adam.locator('.rule math').first().waitFor();
    assert.equal(await adam.locator('.rule math').count(), cardFor('adam').tex.length, 'one typeset line per line of the rule');
    assert.equal(await adam.locator('.rule annotation[encoding="application/x-tex"]').first().textContent(), cardFor('adam').tex[0], 'KaTeX output, its TeX kept as the annotation');
    const cell = async (option: string, column: number): Promise<string> => (await adam.locator(`tr[data-option="${option}"] td`).nth(column).textContent()) ?? '';
    assert.equal(await cell('lr', 2), '0.01', 'the value in the controls');
    assert.equal(await cell('lr', 3), '0.001', "PyTorch's default");
    assert.equal(await adam.locator('tr[data-option="betas"]').count(), 2, 'β₁ and β₂ each have a row');
    assert.equal(await adam.locator('tr[data-option="betas"] td:nth-child(3)').first().textContent(), '0.8');
    assert.equal(await cell('eps', 2), 'default', 'an empty field: the default applies');
    assert.equal(await adam.locator('tr[data-option="eps"] td:first-child math').count(), 1, 'the symbol typeset');
    await page.locator('.formula-card[data-type="cosine"] tr[data-option="tMax"]').waitFor();
    assert.equal(await page.locator('.formula-card[data-type="cosine"] tr[data-option="tMax"] td').nth(3).textContent(), 'from the run');

    await adam.locator('tr[data-option="eps"] button').click();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name') ?? null), 'eps', 'the symbol leads to its control');
  });

  it('a flavour chosen in the options is sent with the run controls and marked on the card', async () => {
    await panel.send(initMessage());
    const page = panel.page;
    await page.locator('details.formula-cards > summary').click();
    await page.locator('.formula-card[data-type="adam"]').waitFor();
    // The optimizer's options are a collapsed section at first.
    if ((await page.locator('details.optimizer-options').getAttribute('open')) === null) await page.locator('details.optimizer-options > summary').click();
    await page.locator('.optimizer-options select[name="flavor"]').selectOption('keras');
    await page.locator('.formula-card[data-type="adam"] .flavor[data-flavor="keras"][aria-current="true"]').waitFor();
    const changed = (await panel.posted()).filter((m) => m.type === 'controlsChanged');
    assert.deepEqual((changed.at(-1) as { controls: { optimizer: unknown } }).controls.optimizer, { type: 'adam', flavor: 'keras' });
  });

  it("AdaGrad's card shows the engine's worked example and the textbook number it corrects", async () => {
    await panel.send(initMessage([], { controls: { ...CONTROLS, optimizer: { type: 'adagrad' } } }));
    await panel.page.locator('details.formula-cards > summary').click();
    const card = panel.page.locator('.formula-card[data-type="adagrad"]');
    await card.locator('.claim').waitFor();
    const claim = (await card.locator('.claim').textContent()) ?? '';
    assert.match(claim, /θ₁ = \(−0\.0010, −0\.0005\)/);
    assert.match(claim, /θ₁ = \(−0\.01, −0\.01\)/);
    const firstRow = await card.locator('.card-example').first().locator('tbody tr').first().locator('td').allTextContents();
    assert.deepEqual(firstRow, ['1', '0.01', '[0.1, 0.2]', '[0.01, 0.04]', '[−0.00999999999, −0.009999999995]']);
  });
});
