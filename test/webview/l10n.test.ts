/**
 * The panel in VS Code's display language: the host injects the zh-cn bundle (as
 * hostPageL10n does) and every word the page shows is Chinese; with no bundle it is English.
 * Run `npm run build` first (the page loads dist/webview.js).
 */
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION } from '../../src/shared/protocol';
import { initMessage } from './fixtures';
import { PanelHarness } from './harness';
import type { PageDocument } from './pageTypes';

declare const document: PageDocument;

const harness = new PanelHarness();

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
      assert.equal(await zh.page.evaluate(() => document.documentElement.lang), 'zh-cn');
      assert.equal(await en.page.evaluate(() => document.documentElement.lang), 'en');
      assert.match((await zh.page.locator('.errors').textContent()) ?? '', /此面板使用协议版本 \d+，但 LR Lab 发送的是版本 \d+/);
      assert.deepEqual(await zh.problems(), []);
    } finally {
      await zh.close();
      await en.close();
    }
  });
});
