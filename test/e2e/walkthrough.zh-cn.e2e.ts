/**
 * The walkthrough in Chinese, as a learner goes through it with VS Code's display language zh-cn:
 * code-server runs with `--locale zh-cn` and a zh-cn language pack is installed (see
 * `displayLanguage.ts`: without a pack VS Code stays in English whatever `--locale` says). The
 * pack translates none of VS Code's own strings (Microsoft's is a marketplace download, out of
 * reach offline), so VS Code's UI — "Welcome: Open Walkthrough...", the palette's categories —
 * stays English, while everything of LR Lab is Chinese: the palette's commands and the
 * walkthrough (package.nls.zh-cn.json), the CodeLens, status bar and messages (l10n bundle), the
 * panel (strings injected by the host). Steps: open the example, run it, push sgd's lr to 0.6
 * until it diverges, 0.4 converges, cosine schedule inserted; every step ticks off.
 */
import * as assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { activateTab, HANG_BOUND_MS, paletteCommands, runCommand, screenshot, waitForEditorLanguage, waitForNoToasts } from '../harness/browser';
import { LrLabPanel, waitUntil } from './lrlabPanel';
import { switchDisplayLanguage } from './displayLanguage';
import { docsScreenshot } from './screenshots';
import { useWorkbench } from './workbench';

const QUICK_INPUT_ROWS = '.quick-input-widget .monaco-list-row';

/**
 * LR Lab's panel among the workbench's webviews: the walkthrough's SVG pictures are webviews too,
 * so the panel's iframe is the one of LR Lab's extension id (VS Code puts it in the frame's URL).
 */
class LrLabPanelBesideWalkthrough extends LrLabPanel {
  override readonly frame: FrameLocator;

  constructor(page: Page) {
    super(page);
    this.frame = page.frameLocator('iframe.webview[src*="extensionId=lrlab.lrlab"]').frameLocator('iframe#active-frame');
  }
}
const CHINESE = /[\u4e00-\u9fff]/;

describe('e2e walkthrough in zh-cn: VS Code display language zh-cn, the walkthrough, panel and messages in Chinese', () => {
  const workbench = useWorkbench({ locale: 'zh-cn', settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
  let panel: LrLabPanel;

  /** Opens LR Lab's walkthrough from the palette (VS Code's command is English: no language pack). */
  async function openWalkthrough(): Promise<void> {
    const page = workbench.page;
    await runCommand(page, 'Welcome: Open Walkthrough...', { asks: true });
    await page.locator(QUICK_INPUT_ROWS, { hasText: 'LR Lab 入门' }).first().click();
    await page.locator('.getting-started-step', { hasText: '打开示例' }).first().waitFor({ state: 'visible', timeout: HANG_BOUND_MS });
  }

  /** Expands a step of the walkthrough by its title and presses its button. */
  async function stepButton(step: string, button: string): Promise<void> {
    const page = workbench.page;
    await page.locator('.getting-started-step .step-title', { hasText: step }).first().click();
    await page.locator('.getting-started-step.expanded .button-container').getByRole('button', { name: button }).click();
  }

  before(async function () {
    // Four waits of HANG_BOUND_MS each at most (dialog, install, reload): let theirs be the message.
    this.timeout(4 * HANG_BOUND_MS);
    try {
      await switchDisplayLanguage(workbench.page, workbench.server, 'zh-cn');
    } catch (err) {
      console.error(`    screenshot: ${await screenshot(workbench.page, 'failed-switch-display-language-zh-cn')}`);
      throw err;
    }
    panel = new LrLabPanelBesideWalkthrough(workbench.page);
    await runCommand(workbench.page, 'View: Close Primary Side Bar');
  });

  it('lists the commands and the walkthrough in Chinese', async () => {
    // After the reload the palette lists extensions' commands once the extension host has scanned them.
    const commands = await waitUntil(() => paletteCommands(workbench.page, 'LR Lab:'), (labels) => labels.length > 0, "the palette to list LR Lab's commands");
    assert.ok(commands.includes('LR Lab: 打开演练示例'), `palette: ${JSON.stringify(commands)}`);
    assert.ok(commands.includes('LR Lab: 预览学习率调度'), `palette: ${JSON.stringify(commands)}`);
    await openWalkthrough();
    const steps = await workbench.page.locator('.getting-started-step .step-title').allInnerTexts();
    assert.deepEqual(steps.map((s) => s.trim()), ['打开示例', '运行', '调大学习率，观察发散', '找到合适的学习率', '插入学习率调度']);
  });

  it('opens the example and runs it: the panel and the CodeLens speak Chinese', async () => {
    const page = workbench.page;
    await stepButton('打开示例', '打开示例');
    // The example opens in a second group beside the walkthrough; which group VS Code leaves
    // active is not the scenario's business, so it activates the example's editor itself.
    await activateTab(page, 'quadratic.ts');
    await waitForEditorLanguage(page);
    // The ▶ CodeLens is the host's ("▶ 运行 adam lr=…"): once it shows, the extension is active.
    // Every lens of the page is read, so a timeout says what showed instead (English, none…).
    await waitUntil(() => page.locator('.monaco-editor .codelens-decoration a').allInnerTexts(), (titles) => titles.some((t) => t.startsWith('▶ 运行 ')), 'the ▶ 运行 CodeLens of quadratic');
    await stepButton('运行', '运行优化器');
    await page.locator(QUICK_INPUT_ROWS, { hasText: 'quadratic' }).first().click();
    await panel.ready();
    const [run] = await panel.waitForFinishedRuns(1);
    assert.equal(run!.status, 'finished', JSON.stringify(run));
    assert.equal((await panel.frame.locator('button#run').innerText()).trim(), '运行');
    assert.equal((await panel.frame.locator('label[for="lr"]').innerText()).trim(), '学习率');
    assert.deepEqual((await panel.frame.locator('.chart-title').allInnerTexts()).slice(0, 3), ['损失', '学习率', '梯度范数']);
    assert.equal((await panel.frame.locator('.run .run-status').first().innerText()).trim(), '已完成');
    // The page's language is the host's vscode.env.language (pageL10n.ts).
    assert.equal(await panel.frame.locator('html').getAttribute('lang'), 'zh-cn');
  });

  it('sgd with lr 0.6 diverges: the run list and the status bar say so in Chinese', async () => {
    const page = workbench.page;
    await panel.frame.locator('select#optimizer').selectOption('sgd');
    await panel.frame.locator('input#lr').fill('0.6');
    await panel.frame.locator('button#run').click();
    const runs = await panel.waitForFinishedRuns(2);
    assert.equal(runs[1]!.stopReason, 'diverged', JSON.stringify(runs));
    assert.equal((await panel.frame.locator(`.run[data-run-id="${runs[1]!.id}"] .run-status`).innerText()).trim(), '已发散');
    // Why it stopped is the engine's sentence (engineText), worded in the page's language.
    const why = await panel.frame.locator(`.run[data-run-id="${runs[1]!.id}"] .run-detail`).getAttribute('title');
    assert.match(why ?? '', /^损失爆炸：第 \d+ 步损失 /, JSON.stringify(why));
    // The status bar item is the host's: "在第 k 步发散".
    const status = await waitUntil(() => page.locator('.statusbar-item', { hasText: '发散' }).allInnerTexts(), (texts) => texts.length > 0, 'the status bar to say the run diverged');
    assert.match(status.join(' '), /在第 \d+ 步发散/);
  });

  it('lr 0.4 converges, and a cosine run inserts its schedule; every step of the walkthrough is done', async () => {
    const page = workbench.page;
    await panel.frame.locator('input#lr').fill('0.4');
    await panel.frame.locator('button#run').click();
    let runs = await panel.waitForFinishedRuns(3);
    assert.notEqual(runs[2]!.stopReason, 'diverged', JSON.stringify(runs));
    await panel.frame.locator('select#schedule').selectOption('cosine');
    await panel.frame.locator('button#run').click();
    runs = await panel.waitForFinishedRuns(4);
    await waitForNoToasts(page);
    await docsScreenshot(page, 'panel.zh-cn');
    await panel.frame.locator(`.run[data-run-id="${runs[3]!.id}"] button`, { hasText: '插入调度' }).click();
    await page.locator('.view-line', { hasText: 'cosine' }).first().waitFor({ state: 'visible', timeout: HANG_BOUND_MS });
    await openWalkthrough();
    // A done step is checked (VS Code's getting-started page: aria-checked on the step's button).
    await waitUntil(() => page.locator('.getting-started-step[aria-checked="true"]').count(), (n) => n === 5, 'the five steps of the walkthrough to be done');
    const titles = await page.locator('.getting-started-step[aria-checked="true"] .step-title').allInnerTexts();
    assert.ok(titles.every((t) => CHINESE.test(t)), JSON.stringify(titles));
    await docsScreenshot(page, 'walkthrough.zh-cn');
    await screenshot(page, 'walkthrough-zh-cn-done');
  });
});
