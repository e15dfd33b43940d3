import assert from 'node:assert/strict';
import { compareControls, compareLr, configIdentity, dropRepeats, parseLr, pytorchDefaultLr } from '../../../../src/extension/commands/compareLr';
import type { ControlValues } from '../../../../src/shared/protocol';

const panel: ControlValues = { optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9 }, schedule: { type: 'cosine' }, iterations: 300, batchSize: 16 };

describe('Compare: each optimizer at its own lr', () => {
  it("PyTorch's default lr for an optimizer the panel is not on (torch.optim: Adam 1e-3, Adagrad 1e-2, RMSprop 1e-2, Adadelta 1.0, SGD 1e-3, L-BFGS 1)", () => {
    const none = new Map<string, number>();
    assert.deepEqual(
      ['adam', 'adagrad', 'rmsprop', 'adadelta', 'lbfgs'].map((type) => compareLr(type, panel, none)),
      [0.001, 0.01, 0.01, 1, 1].map((lr) => ({ lr, origin: 'default' })),
    );
    assert.equal(pytorchDefaultLr('sgd'), 0.001);
  });

  it("the panel's lr for the panel's optimizer, an lr typed in the picker over both", () => {
    assert.deepEqual(compareLr('sgd', panel, new Map()), { lr: 0.05, origin: 'form' });
    assert.deepEqual(compareLr('sgd', { ...panel, optimizer: { type: 'sgd' } }, new Map()), { lr: 0.001, origin: 'default' });
    const typed = new Map([['sgd', 0.2], ['adam', 3e-4]]);
    assert.deepEqual(compareLr('sgd', panel, typed), { lr: 0.2, origin: 'yours' });
    assert.deepEqual(compareLr('adam', panel, typed), { lr: 3e-4, origin: 'yours' });
  });

  it("a compared run keeps the panel's schedule, steps and batch size; the panel's optimizer options go only to that optimizer", () => {
    assert.deepEqual(compareControls(panel, 'adam', 0.001), { optimizer: { type: 'adam', lr: 0.001 }, schedule: { type: 'cosine' }, iterations: 300, batchSize: 16 });
    assert.deepEqual(compareControls(panel, 'sgd', 0.2).optimizer, { type: 'sgd', lr: 0.2, momentum: 0.9 });
  });

  it('an lr typed in the picker is a number > 0', () => {
    assert.deepEqual(parseLr(' 3e-4 '), { ok: true, lr: 3e-4 });
    for (const bad of ['', '0', '-1', 'abc', 'Infinity']) assert.equal(parseLr(bad).ok, false, bad);
    assert.match((parseLr('x') as { error: string }).error, /number > 0.*"x"/);
  });

  it('identical configs run once: repeats within the comparison and configs already on screen are dropped with the reason', () => {
    const items = [
      { type: 'adam', config: { optimizer: { type: 'adam', lr: 0.001 } } },
      { type: 'sgd', config: { optimizer: { lr: 0.05, type: 'sgd' } } },
      { type: 'adam', config: { optimizer: { lr: 0.001, type: 'adam' } } },
      { type: 'rmsprop', config: { optimizer: { type: 'rmsprop', lr: 0.01 } } },
    ];
    const onScreen = new Map([[configIdentity(items[1]!.config), 'sgd lr=0.05']]);
    const steps = dropRepeats(items, (i) => configIdentity(i.config), (i) => onScreen.get(configIdentity(i.config)) ?? null);
    assert.deepEqual(
      steps.map((s) => (s.run ? `run ${s.item.type}` : `skip ${s.item.type}: ${s.why}`)),
      ['run adam', 'skip sgd: already on screen as "sgd lr=0.05"', 'skip adam: the same config as another in this comparison', 'run rmsprop'],
    );
  });
});
