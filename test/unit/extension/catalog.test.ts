import assert from 'node:assert/strict';
import { optimizerFamilies, optimizerTypes, type OptimizerType } from '../../../src/core/optimizers';
import { scheduleTypes } from '../../../src/core/schedules';
import { buildCatalog, docParagraph } from '../../../src/extension/catalog';

describe('panel catalog', () => {
  it('buildCatalog lists every optimizer and schedule with its options', () => {
    const catalog = buildCatalog();
    assert.deepEqual(catalog.optimizers.map((o) => o.type), [...optimizerTypes]);
    assert.deepEqual(catalog.schedules.map((s) => s.type), [...scheduleTypes]);
    const adam = catalog.optimizers.find((o) => o.type === 'adam')!;
    assert.deepEqual(adam.options.map((o) => o.name), ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad', 'flavor']);
    assert.deepEqual(adam.options.at(-1)!.values, ['keras', 'tfjs', 'optax']);
    assert.equal(catalog.optimizers.find((o) => o.type === 'sgd')!.options.some((o) => o.name === 'flavor'), false);
    assert.equal(adam.card!.type, 'adam');
    assert.ok(catalog.schedules.every((s) => s.card?.kind === 'schedule'));
    assert.deepEqual(adam.options.find((o) => o.name === 'betas')!.default, [0.9, 0.999]);
  });

  it('defaults derived from the run are sent as null, enums carry their values', () => {
    const cosine = buildCatalog().schedules.find((s) => s.type === 'cosine')!;
    const tMax = cosine.options.find((o) => o.name === 'tMax')!;
    assert.equal(tMax.default, null);
    assert.equal(tMax.integer, true);
    const oneCycle = buildCatalog().schedules.find((s) => s.type === 'oneCycle')!;
    assert.deepEqual(oneCycle.options.find((o) => o.name === 'annealStrategy')!.values, ['cos', 'linear']);
  });

  it('optimizers carry their family (the picker’s groups), the “Differs from” of their TSDoc, and nullable options', () => {
    const catalog = buildCatalog();
    for (const o of catalog.optimizers) {
      assert.equal(o.family, optimizerFamilies[o.type as OptimizerType], o.type);
      assert.ok(o.differsFrom && o.differsFrom.length > 30 && !o.differsFrom.includes(' * '), `${o.type}: differsFrom "${o.differsFrom}"`);
    }
    assert.match(catalog.optimizers.find((o) => o.type === 'lion')!.differsFrom!, /^Optax's lion defaults to weight_decay 1e-3 and Keras' Lion to lr 1e-3/);
    const adafactor = catalog.optimizers.find((o) => o.type === 'adafactor')!;
    assert.deepEqual(adafactor.options.find((o) => o.name === 'eps'), { name: 'eps', kind: 'pair', doc: adafactor.options.find((o) => o.name === 'eps')!.doc, default: [null, 1e-3], min: 0, nullable: true });
    assert.equal(catalog.optimizers.find((o) => o.type === 'adam')!.options.find((o) => o.name === 'eps')!.nullable, undefined);
    assert.ok(catalog.schedules.every((s) => s.family === undefined && s.differsFrom === undefined));
  });

  it('docParagraph takes one labelled paragraph of a JSDoc block as one line', () => {
    const doc = '/**\n * `x` — a thing.\n *\n * Differs from: `y`, which does\n * something else.\n *\n * Worked example:\n */';
    assert.equal(docParagraph(doc, 'Differs from'), 'y, which does something else.');
    assert.equal(docParagraph(doc, 'Reference'), undefined);
    assert.equal(docParagraph(undefined, 'Differs from'), undefined);
  });

  it('the catalog is plain JSON (it crosses into the webview)', () => {
    const catalog = buildCatalog();
    assert.deepEqual(JSON.parse(JSON.stringify(catalog)), catalog);
  });
});
