/**
 * The panel in VS Code's display language: the host injects the zh-cn bundle (as
 * hostPageL10n does) and the page's words are Chinese — controls, buttons, headings, charts,
 * the run list, a finished run and the messages it writes; with no bundle it is English.
 * Run `npm run build` first (the page loads dist/webview.js).
 */
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION } from '../../src/shared/protocol';
import { initMessage } from './fixtures';
import { PanelHarness, type PanelPage } from './harness';
import { streamRun } from './helpers';
import type { PageDocument } from './pageTypes';

declare const document: PageDocument;

const harness = new PanelHarness();
const CHINESE = /[\u4e00-\u9fff]/;
/** Words that stay as they are in Chinese: file formats, the close mark. */
const UNTRANSLATED = new Set(['PNG', 'CSV', 'JSON', '✕']);

/**
 * Text and accessible names of the page's own chrome (buttons, labels, headings, groups): not the
 * catalog's code names, nor what the page marks lang="en" (the formula cards' engine text).
 */
async function chrome(panel: PanelPage): Promise<string[]> {
  const texts: string[] = [];
  // Not: a run's label (legend chips), option names (PyTorch's camelCase names, code), the engine's
  // own texts (the schedule's and optimizer's hints: titles, summaries, formulas, not translated;
  // the formula cards mark theirs lang="en").
  const selector = 'button:not(.legend-chip), h2, h3, .field:not(.option-field) > label, summary, .group-label, .charts-toolbar .hint, .runs-heading, .run-status, .run-detail, .run-loss, .chart-empty, .y-scale option, .option-field option[value=""]';
  for (const element of await panel.page.locator(selector.split(', ').map((s) => `${s}:not([lang="en"]):not([lang="en"] *)`).join(', ')).all()) {
    const text = (await element.textContent())?.trim() ?? '';
    if (text !== '') texts.push(text);
  }
  for (const element of await panel.page.locator('[aria-label]:not(option):not(.option-field *)').all()) texts.push((await element.getAttribute('aria-label')) ?? '');
  return texts;
}

describe('plot panel in zh-cn (webview, headless Chromium)', function () {
  before(async () => harness.start());
  after(async () => harness.stop());

  it('takes its language from the host: <html lang> and the messages it writes', async () => {
    const zh = await harness.open({ language: 'zh-cn' });
    const en = await harness.open();
    try {
      for (const panel of [zh, en]) await panel.sendRaw({ ...initMessage(), protocolVersion: PROTOCOL_VERSION + 1 });
      await zh.page.locator('.errors', { hasText: '协议版本' }).waitFor();
      await en.page.locator('.errors', { hasText: 'protocol version' }).waitFor();
      assert.equal(await zh.page.evaluate(() => (document.documentElement as unknown as { lang: string }).lang), 'zh-cn');
      assert.equal(await en.page.evaluate(() => (document.documentElement as unknown as { lang: string }).lang), 'en');
      assert.match((await zh.page.locator('.errors').textContent()) ?? '', /此面板使用协议版本 \d+，但 LR Lab 发送的是版本 \d+/);
      assert.deepEqual(await zh.problems(), []);
    } finally {
      await zh.close();
      await en.close();
    }
  });

  it('every button, label, heading and accessible name of the panel is Chinese, with a finished run', async () => {
    const panel = await harness.open({ language: 'zh-cn', viewport: { width: 1300, height: 1100 } });
    try {
      await panel.send(initMessage());
      await streamRun(panel, 'a', 0, 'adam lr=0.01', { lr0: 0.01, rate: 0.02, seed: 1, iterations: 120 }, 120, 60);
      await panel.page.locator('.run[data-run-id="a"][data-status="finished"]').waitFor();
      // The words a learner reads first, and the terms they must match.
      assert.equal((await panel.page.locator('#run').innerText()).trim(), '运行');
      assert.equal((await panel.page.locator('label[for="lr"]').innerText()).trim(), '学习率');
      assert.equal((await panel.page.locator('label[for="optimizer"]').innerText()).trim(), '优化器');
      assert.equal((await panel.page.locator('label[for="schedule"]').innerText()).trim(), '学习率调度');
      assert.deepEqual((await panel.page.locator('.chart-title').allInnerTexts()).slice(0, 3), ['损失', '学习率', '梯度范数']);
      assert.equal((await panel.page.locator('.run[data-run-id="a"] .run-status').innerText()).trim(), '已完成');
      assert.match(await panel.page.locator('.run[data-run-id="a"] .run-detail').innerText(), /120 步/);
      const english = (await chrome(panel)).filter((text) => !CHINESE.test(text) && !UNTRANSLATED.has(text));
      assert.deepEqual(english, [], 'words of the panel left in English');
      assert.deepEqual(await panel.problems(), []);
    } finally {
      await panel.close();
    }
  });
});
