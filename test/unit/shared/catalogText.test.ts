import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { catalogText, OPTIMIZER_WORDS, SCHEDULE_WORDS } from '../../../src/shared/catalogText';
import { optimizerDefinitions, optimizerTypes } from '../../../src/core/optimizers';
import { scheduleDefinitions, scheduleTypes } from '../../../src/core/schedules';

const root = join(__dirname, '..', '..', '..');
const zhCn = JSON.parse(readFileSync(join(root, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const CHINESE = /[\u4e00-\u9fff]/;

const ENTRIES = [
  ...optimizerTypes.map((type) => ({ kind: 'optimizer' as const, type, definition: optimizerDefinitions[type] })),
  ...scheduleTypes.map((type) => ({ kind: 'schedule' as const, type, definition: scheduleDefinitions[type] })),
];

describe("catalog words (catalogText): every optimizer's and schedule's title and summary in the display language", () => {
  afterEach(() => l10n.config({ contents: {} }));

  it('has an entry for every type in the registries, and none for a type they lack', () => {
    assert.deepEqual(optimizerTypes.filter((t) => !Object.hasOwn(OPTIMIZER_WORDS, t)), [], 'optimizers without words in src/shared/catalogText.ts');
    assert.deepEqual(scheduleTypes.filter((t) => !Object.hasOwn(SCHEDULE_WORDS, t)), [], 'schedules without words in src/shared/catalogText.ts');
    assert.deepEqual(Object.keys(OPTIMIZER_WORDS).filter((t) => !(optimizerTypes as readonly string[]).includes(t)), []);
    assert.deepEqual(Object.keys(SCHEDULE_WORDS).filter((t) => !(scheduleTypes as readonly string[]).includes(t)), []);
  });

  it("is the engine's English without a bundle (the literals follow the definitions)", () => {
    for (const { kind, type, definition } of ENTRIES) {
      const words = catalogText(kind, { type, title: definition.title, summary: definition.summary });
      assert.equal(words.english, false, type);
      assert.equal(words.summary, definition.summary, `${type}: the summary literal differs from the engine's`);
      assert.equal(words.title, definition.title, `${type}: the title literal differs from the engine's`);
    }
  });

  it('is Chinese with the zh-cn bundle, for every summary and every title that is not a name', () => {
    l10n.config({ contents: zhCn });
    for (const { kind, type, definition } of ENTRIES) {
      const words = catalogText(kind, { type, title: definition.title, summary: definition.summary });
      assert.match(words.summary, CHINESE, `${type}: ${words.summary}`);
      const table = kind === 'optimizer' ? OPTIMIZER_WORDS : SCHEDULE_WORDS;
      if ((table as Record<string, () => { title?: string }>)[type]!().title !== undefined) assert.match(words.title, CHINESE, `${type}: ${words.title}`);
    }
    assert.equal(catalogText('schedule', { type: 'cosine', title: 'Cosine annealing', summary: '' }).title, '余弦退火');
  });

  it("keeps the engine's English, flagged, for a type it does not know (a newer engine's catalog)", () => {
    l10n.config({ contents: zhCn });
    assert.deepEqual(catalogText('optimizer', { type: 'muon', title: 'Muon', summary: 'Orthogonalised momentum.' }), { title: 'Muon', summary: 'Orthogonalised momentum.', english: true });
    assert.deepEqual(catalogText('schedule', { type: 'toString', title: 'T', summary: 'S' }), { title: 'T', summary: 'S', english: true });
  });
});
