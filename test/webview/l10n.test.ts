/**
 * The panel in VS Code's display language: the host injects the zh-cn bundle (as
 * hostPageL10n does) and the page's words are Chinese — controls, buttons, headings, charts,
 * the run list, a finished run and the messages it writes; with no bundle it is English.
 * Run `npm run build` first (the page loads dist/webview.js).
 */
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION } from '../../src/shared/protocol';
import { CONTROLS, initMessage } from './fixtures';
import { PanelHarness, type PanelPage } from './harness';
import { streamRun } from './helpers';
import { answerLandscape, finderMessages, fixtureRun, ROSENBROCK, sweepState } from './playgroundFixtures';
import { buildCatalog } from '../../src/extension/catalog';
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
  // names and code on the formula cards are marked translate="no").
  const selector = 'button:not(.legend-chip), h2, h3, .field:not(.option-field) > label, summary, .group-label, .charts-toolbar .hint, .runs-heading, .run-status, .run-detail, .run-loss, .chart-empty, .y-scale option, .option-field option[value=""]';
  for (const element of await panel.page.locator(selector.split(', ').map((s) => `${s}:not([lang="en"]):not([lang="en"] *):not([translate="no"])`).join(', ')).all()) {
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
      // The chosen schedule's and optimizer's summaries under the controls (src/shared/catalogText), no longer marked English.
      const scheduleHint = panel.page.locator('.schedule-options > .hint');
      assert.match(await scheduleHint.innerText(), /学习率/);
      assert.equal(await scheduleHint.getAttribute('lang'), null);
      assert.match(await panel.page.locator('#optimizer').getAttribute('title') ?? '', /[\u4e00-\u9fff]/);
      assert.equal((await panel.page.locator('.run[data-run-id="a"] .run-status').innerText()).trim(), '已完成');
      assert.match(await panel.page.locator('.run[data-run-id="a"] .run-detail').innerText(), /120 步/);
      const english = (await chrome(panel)).filter((text) => !CHINESE.test(text) && !UNTRANSLATED.has(text));
      assert.deepEqual(english, [], 'words of the panel left in English');
      assert.deepEqual(await panel.problems(), []);
    } finally {
      await panel.close();
    }
  });

  it('the playground (landscape, lr finder, sweep, compare) with data is Chinese: text, menus, accessible names, titles, messages', async () => {
    const adam = fixtureRun(ROSENBROCK, 'adam', 0, 'adam lr=0.05', { optimizer: { type: 'adam', lr: 0.05 }, iterations: 200 });
    const sgd = fixtureRun(ROSENBROCK, 'sgd', 1, 'sgd lr=0.001 momentum=0.9', { optimizer: { type: 'sgd', lr: 0.001, momentum: 0.9 }, iterations: 150 });
    const panel = await harness.open({ language: 'zh-cn', viewport: { width: 1300, height: 1600 } });
    try {
      await panel.send(initMessage());
      await answerLandscape(panel, ROSENBROCK, [adam, sgd]);
      // A form error of each form: the messages they write are Chinese too.
      await panel.page.locator('#sweep-seeds').fill('x');
      await panel.page.locator('[data-view="sweep"] button.primary').click();
      await panel.page.locator('.sweep-error:not([hidden])').waitFor();
      const [started, finished] = finderMessages({ type: 'adam' });
      await panel.send(started);
      await panel.send(finished);
      await panel.page.locator('[data-view="finder"][data-status="done"]').waitFor();
      const sweep = sweepState(4, ['sgd', 'adam'], ['constant']);
      await panel.send({ type: 'sweepStarted', sweep });
      await panel.page.locator('[data-view="sweep"][data-status="done"]').waitFor();
      await panel.page.locator('[data-view="compare"][data-rows="2"]').waitFor();
      // The sweep's checkboxes: their tooltips are the catalog's summaries, in Chinese.
      const adamBox = panel.page.locator('[data-view="sweep"] label.check:has(input[value="adam"])');
      assert.match((await adamBox.getAttribute('title')) ?? '', /自适应矩估计/);
      assert.equal(await adamBox.getAttribute('lang'), null);
      const english = (await playgroundText(panel)).filter((text) => !CHINESE.test(text) && !UNTRANSLATED.has(text) && englishWords(text).length > 0);
      assert.deepEqual(english, [], 'words of the playground left in English');
      assert.match(await panel.page.locator('.sweep-error').innerText(), /随机种子/);
      assert.match(await panel.page.locator('.landscape-status').innerText(), /等高线/);
      // A range test its rule stopped (SGD diverges on Rosenbrock): why, in Chinese — the rule's sentence, not the loop's "cancelled".
      const [sgdStarted, sgdFinished] = finderMessages({ type: 'sgd' }, 'finder-2');
      await panel.send(sgdStarted);
      await panel.send(sgdFinished);
      await panel.page.locator('[data-view="finder"][data-status="done"] .finder-status', { hasText: '平滑损失' }).waitFor();
      assert.doesNotMatch(await panel.page.locator('.finder-status').innerText(), /smoothed|cancelled|已取消/);
      assert.deepEqual(await panel.problems(), []);
    } finally {
      await panel.close();
    }
  });

  it('the formula cards are Chinese: notes, flavours, worked examples, the claims they correct, the options\' tooltips', async () => {
    // adagrad: "differs from", three flavours, a textbook claim, Keras's row; adam: the row without bias correction;
    // linear: the "linear decay" claim; plateau: its example's setup.
    for (const [optimizer, schedule] of [['adagrad', 'linear'], ['adam', 'plateau'], ['rmsprop', 'oneCycle'], ['lbfgs', 'warmup']] as const) {
      const panel = await harness.open({ language: 'zh-cn', viewport: { width: 1300, height: 1100 } });
      try {
        await panel.send(initMessage([], { controls: { ...CONTROLS, optimizer: { type: optimizer }, schedule: { type: schedule } } }));
        await panel.page.locator(`.formula-card[data-type="${optimizer}"] .rule math`).first().waitFor({ state: 'attached' });
        await panel.page.locator(`.formula-card[data-type="${schedule}"]`).waitFor({ state: 'attached' });
        const card = panel.page.locator(`.formula-card[data-type="${optimizer}"]`);
        assert.match((await card.locator('.differs p').textContent()) ?? '', CHINESE);
        // No sentence is left as the engine's English: nothing on the cards is marked lang="en".
        assert.deepEqual(await panel.page.locator('.formula-cards [lang="en"]').allTextContents(), [], `${optimizer}/${schedule}: English left on the cards`);
        const english = (await cardText(panel)).filter((text) => (text.replace(CODE, ' ').match(/[A-Za-zÀ-ÿ]{3,}/g) ?? []).some((w) => !CARD_NAMES.has(w.toLowerCase()) && !NAMES.has(w.toLowerCase())));
        assert.deepEqual(english, [], `${optimizer}/${schedule}: English words on the formula cards`);
        // The options' tooltips (the controls' fields and the cards' symbols) are the docs in Chinese.
        assert.match((await panel.page.locator('.optimizer-options label[title]').first().getAttribute('title')) ?? '', CHINESE);
        assert.match((await card.locator('tr[data-option] button').first().getAttribute('title')) ?? '', CHINESE);
        assert.match((await panel.page.locator('#lr').getAttribute('title')) ?? '', CHINESE);
        assert.deepEqual(await panel.problems(), []);
      } finally {
        await panel.close();
      }
    }
  });
});

/**
 * Names that are the same in every language: the catalog's optimizer and schedule types (PyTorch's
 * names, code), the test's objective and the words of its run labels (`sgd lr=0.001 momentum=0.9`,
 * which the user's config spells), fastai (a library's name).
 */
const NAMES = new Set<string>([...buildCatalog().optimizers, ...buildCatalog().schedules].map((e) => e.type.toLowerCase()).concat(['rosenbrock', 'adam', 'sgd', 'momentum', 'fastai', 'nan', 'infinity']));
/** Latin words of 3 letters or more that are not names: English left in a Chinese page. */
const englishWords = (text: string): string[] => (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !NAMES.has(w.toLowerCase()));

/**
 * Every visible text node of the playground's sections, and their elements' aria-label, title and
 * placeholder — not inside an element marked lang="en", nor a run's label (legend chip, compare row's name).
 */
async function playgroundText(panel: PanelPage): Promise<string[]> {
  return panel.page.evaluate(`(() => {
    const out = [];
    const skip = (el) => el.closest('[lang="en"], .legend-chip, .run-label');
    for (const section of document.querySelectorAll('[data-section="landscape"], [data-section="finder"], [data-section="sweep"], [data-section="compare"]')) {
      const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        const text = node.textContent.trim();
        if (text === '' || !el || skip(el)) continue;
        if (el.tagName !== 'OPTION' && !el.checkVisibility()) continue;
        out.push(text);
      }
      for (const el of [section, ...section.querySelectorAll('[aria-label], [title], [placeholder]')]) {
        if (skip(el)) continue;
        for (const name of ['aria-label', 'title', 'placeholder']) {
          const value = el.getAttribute(name);
          if (value) out.push(value);
        }
      }
    }
    return out;
  })()`);
}


/**
 * Code on the cards, the same in every language: dotted and underscored names (torch.optim.Adagrad,
 * eps_in_sqrt=True, optax.trace), calls with named arguments, paths (LiyuanLucasLiu/RAdam).
 */
const CODE = /\S*[A-Za-z][._=/][A-Za-z]\S*/g;
/**
 * Names on the cards that stay as they are: libraries and their people (PyTorch, Keras, Optax, SciPy,
 * Hugging Face, Zeiler, Smith, Moré–Thuente), methods (AMSGrad, Nesterov, 1cycle, Wolfe, zoom, BFGS, iRprop), the options' and
 * rules' code names and values (maxLr, initialAccumulatorValue, sum, best, initial, abs), math functions (max, min, sign, cos),
 * JSON words (null, true, false), symbols spelled out (RMS, EMA, NaN) and the product's name (LR Lab).
 */
const CARD_NAMES = new Set(
  [
    ...[...buildCatalog().optimizers, ...buildCatalog().schedules].flatMap((e) => [e.type, e.title, ...e.options.flatMap((o) => [o.name, ...(o.values ?? [])])]),
    ...['pytorch', 'keras', 'optax', 'scipy', 'tensorflow', 'hugging', 'face', 'zeiler', 'smith', 'igel', 'hüsken', 'moré', 'thuente', 'addons', 'tsdoc'],
    ...['amsgrad', 'nesterov', '1cycle', 'cycle', 'wolfe', 'zoom', 'bfgs', 'irprop', 'rprop', 'adamw', 'radamw', 'rectifiedadam', 'lion', 'sgd', 'adam', 'adagrad', 'epoch'],
    ...['max', 'min', 'sign', 'cos', 'clamp', 'mean', 'sum', 'base', 'inner', 'anneal', 'best', 'initial', 'final', 'prev', 'rms', 'ema', 'nan', 'null', 'true', 'false', 'none', 'flavor', 'lab'],
  ].map((w) => w.toLowerCase()),
);

/** Every text of the formula cards (their sections opened) and their title/aria-label attributes, outside code marked translate="no"; of typeset math, the words of \\text{…}. */
async function cardText(panel: PanelPage): Promise<string[]> {
  return panel.page.evaluate(`(() => {
    const out = [];
    for (const details of document.querySelectorAll('.formula-cards details')) details.open = true;
    const root = document.querySelector('.formula-cards');
    // Typeset math counts only for the words of its \\text{…} (MathML mtext), not its identifiers or TeX source.
    const skip = (el) => el.closest('[translate="no"], annotation') || (el.closest('math') && !el.closest('mtext'));
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      const text = node.textContent.trim();
      if (text !== '' && el && !skip(el)) out.push(text);
    }
    for (const el of root.querySelectorAll('[title], [aria-label]')) {
      for (const name of ['title', 'aria-label']) {
        const value = el.getAttribute(name);
        if (value) out.push(value);
      }
    }
    return out;
  })()`);
}
