import assert from 'node:assert/strict';
import { optimizerTypes } from '../../../src/core/optimizers';
import { scheduleTypes } from '../../../src/core/schedules';
import { buildCatalog } from '../../../src/extension/catalog';

describe('panel catalog', () => {
  it('buildCatalog lists every optimizer and schedule with its options', () => {
    const catalog = buildCatalog();
    assert.deepEqual(catalog.optimizers.map((o) => o.type), [...optimizerTypes]);
    assert.deepEqual(catalog.schedules.map((s) => s.type), [...scheduleTypes]);
    const adam = catalog.optimizers.find((o) => o.type === 'adam')!;
    assert.deepEqual(adam.options.map((o) => o.name), ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad']);
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

  it('the catalog is plain JSON (it crosses into the webview)', () => {
    const catalog = buildCatalog();
    assert.deepEqual(JSON.parse(JSON.stringify(catalog)), catalog);
  });
});
