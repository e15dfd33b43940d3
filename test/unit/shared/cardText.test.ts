/**
 * The cards' words and the options' docs in the display language (src/shared/cardText): every
 * English sentence the engine's cards and definitions carry is an l10n.t literal there (so a
 * TSDoc change without its literal fails here), none is stale, and with the zh-cn bundle each
 * reads Chinese with its math, numbers and code names kept.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import katex from 'katex';
import { allCards } from '../../../src/core/explain/card';
import { optimizerDefinitions, optimizerTypes } from '../../../src/core/optimizers';
import { scheduleDefinitions, scheduleTypes } from '../../../src/core/schedules';
import { buildCatalog } from '../../../src/extension/catalog';
import { cardInLanguage, cardSentences, inDisplayLanguage, optionDocSentences } from '../../../src/shared/cardText';
import type { Card } from '../../../src/shared/messages/card';

const root = join(__dirname, '..', '..', '..');
const zhCn = JSON.parse(readFileSync(join(root, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const CHINESE = /[\u4e00-\u9fff]/;
/** Prose: two English words in a row (a formula's `sum ← sum + g²` or a setup's `lr 0.1, θ₀ = …` is not). */
const PROSE = /[A-Za-z]{2,}['’]?[A-Za-z]*[,.;:]?\s+\(?[A-Za-z]{2,}/;
/** A TeX line with words: a \text{…} holding a word, other than the names of subscripts (g_prev, γ_initial, γ_final). */
const TEX_WORDS = /\\text\{(?!(?:prev|initial|final)\})[^}]*[A-Za-z]{2,}/;
/** Words to translate: prose, or TeX with words (TeX lines are the ones with a backslash). */
const hasWords = (text: string): boolean => (text.includes('\\') ? TEX_WORDS.test(text) : PROSE.test(text));

/** Every text of a card a person reads as words, with where it is. */
function cardTexts(card: Card): [string, string][] {
  const at = (what: string): string => `${card.type} ${what}`;
  return [
    [at('formula'), card.formula],
    ...card.tex.map((line, i): [string, string] => [at(`tex ${i}`), line]),
    ...card.symbols.map((s): [string, string] => [at(`${s.option} doc`), s.doc]),
    ...(card.differsFrom !== undefined ? [[at('differs from'), card.differsFrom] as [string, string]] : []),
    ...card.flavors.flatMap((f): [string, string][] => [
      [at(`${f.flavor} formula`), f.formula],
      [at(`${f.flavor} note`), f.note],
    ]),
    ...card.examples.flatMap((e, i): [string, string][] => [
      [at(`example ${i} title`), e.title],
      [at(`example ${i} setup`), e.setup],
      ...e.rows.map((row, r): [string, string] => [at(`example ${i} row ${r}`), row[0] ?? '']),
      ...e.claims.flatMap((c, k): [string, string][] => [
        [at(`example ${i} claim ${k} source`), c.source],
        [at(`example ${i} claim ${k} claimed`), c.claimed],
        [at(`example ${i} claim ${k} correct`), c.correct],
        [at(`example ${i} claim ${k} why`), c.why],
      ]),
    ]),
  ];
}

/** Numbers, Greek symbols with their indices, and code names (`eps_in_sqrt`, `optax.trace`): what a translation must keep. */
function kept(text: string): string[] {
  return [...new Set(text.match(/\d+(?:\.\d+)?(?:e-?\d+)?|[α-ωΓΔΠ][₀-₉ᵗ⁻⁺]*|\b[a-z]{2,}(?:[._][a-z]+)+\b|\b[a-z]+[A-Z]\w*\b/g) ?? [])];
}

const cards = allCards();
const optionDocs = [
  ...optimizerTypes.flatMap((t) => Object.values(optimizerDefinitions[t].options as Record<string, { doc: string }>).map((o) => o.doc)),
  ...scheduleTypes.flatMap((t) => Object.values(scheduleDefinitions[t].options as Record<string, { doc: string }>).map((o) => o.doc)),
  ...buildCatalog().optimizers.flatMap((e) => e.options.filter((o) => o.name === 'flavor').map((o) => o.doc)),
];

describe("card words (cardText): the formula cards' prose and the options' docs in the display language", () => {
  afterEach(() => l10n.config({ contents: {} }));

  it("lists every sentence of the engine's cards, and none they no longer have", () => {
    const sentences = new Set(cardSentences());
    const texts = cards.flatMap(cardTexts);
    // A symbol's doc is its option's (optionDocSentences).
    const known = new Set([...sentences, ...optionDocSentences()]);
    const missing = texts.filter(([, text]) => hasWords(text) && !known.has(text));
    assert.deepEqual(missing, [], 'card sentences without their l10n.t literal in src/shared/cardText.ts (the TSDoc or the engine changed?)');
    const used = new Set(texts.map(([, text]) => text));
    assert.deepEqual([...sentences].filter((s) => !used.has(s)), [], 'literals in cardSentences() that no card says any more');
  });

  it("lists every option's doc, and none the definitions no longer have", () => {
    const sentences = new Set(optionDocSentences());
    assert.deepEqual([...new Set(optionDocs.filter((doc) => !sentences.has(doc)))], [], 'option docs without their l10n.t literal in src/shared/cardText.ts');
    const used = new Set(optionDocs);
    assert.deepEqual([...sentences].filter((s) => !used.has(s)), [], 'literals in optionDocSentences() that no option has any more');
  });

  it("is the engine's card without a bundle (title and summary from catalogText)", () => {
    for (const card of cards) assert.deepEqual(cardInLanguage(card), card, card.type);
  });

  it('is Chinese with the zh-cn bundle: every sentence, with its numbers, symbols and code names', () => {
    l10n.config({ contents: zhCn });
    for (const card of cards) {
      const english = cardTexts(card);
      const local = cardTexts(cardInLanguage(card));
      english.forEach(([where, text], i) => {
        if (!hasWords(text)) return;
        const zh = local[i]![1];
        assert.match(zh, CHINESE, `${where}: ${zh}`);
        if (text.includes('\\')) {
          // The same TeX but for the words: it typesets as strictly as the English (card.test.ts).
          assert.doesNotThrow(() => katex.renderToString(zh, { throwOnError: true, strict: 'error', displayMode: true }), `${where}: ${zh}`);
          const math = (tex: string): string => tex.replace(/,\s*(?=\\text)/g, '').replace(/\\text\{[^}]*\}/g, '').replace(/\s+/g, '');
          assert.equal(math(zh), math(text), `${where}: the math differs from the English's`);
        }
        for (const token of kept(text)) assert.ok(zh.includes(token), `${where}: the zh-cn lacks ${JSON.stringify(token)} of the English: ${zh}`);
      });
    }
    for (const doc of new Set(optionDocs)) {
      const zh = inDisplayLanguage(doc);
      assert.match(zh, CHINESE, doc);
      for (const token of kept(doc)) assert.ok(zh.includes(token), `option doc: the zh-cn lacks ${JSON.stringify(token)} of ${JSON.stringify(doc)}: ${zh}`);
    }
  });

  it('keeps a sentence no table lists as it is (a newer engine, or an edit without its literal), braces included', () => {
    l10n.config({ contents: zhCn });
    assert.equal(inDisplayLanguage('A sentence of a newer engine {0} {"type": "linear"}'), 'A sentence of a newer engine {0} {"type": "linear"}');
    assert.equal(inDisplayLanguage(''), '');
    assert.equal(inDisplayLanguage('without bias correction'), '不做偏差修正');
  });
});
