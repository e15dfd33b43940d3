import assert from 'node:assert/strict';
import { resolveRunConfig, type RawRunConfig } from '../../../../src/core/minimize/config';
import { labelOf, runIdentity } from '../../../../src/extension/runs/label';

const label = (raw: RawRunConfig, repeat = 0): string => labelOf(resolveRunConfig(raw), repeat);

describe('run labels', () => {
  it('name the optimizer and its lr always, and only the options that are not defaults', () => {
    assert.equal(label({ optimizer: { type: 'adam', lr: 0.01 } }), 'adam lr=0.01');
    assert.equal(label({ optimizer: { type: 'adam' } }), 'adam lr=0.001', "PyTorch's default lr, said");
    assert.equal(label({ optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0 } }), 'sgd lr=0.1 momentum=0.9', 'dampening 0 is the default');
    assert.equal(label({ optimizer: { type: 'adam', betas: [0.9, 0.99], amsgrad: true } }), 'adam lr=0.001 betas=[0.9, 0.99] amsgrad=true');
  });

  it('name the schedule with the options that differ from its defaults, derived ones included (an applied threePhase shows)', () => {
    assert.equal(label({ optimizer: { type: 'sgd', lr: 0.1 }, schedule: { type: 'cosine', tMax: 200, etaMin: 0 } }), 'sgd lr=0.1 · cosine', "tMax = the run's 200 steps is cosine's default");
    assert.equal(label({ optimizer: { type: 'sgd', lr: 0.1 }, schedule: { type: 'cosine', tMax: 100 } }), 'sgd lr=0.1 · cosine(tMax=100)');
    assert.equal(label({ optimizer: { type: 'sgd', lr: 0.1 }, schedule: { type: 'oneCycle', pctStart: 0.5, threePhase: true } }), 'sgd lr=0.1 · oneCycle(pctStart=0.5, threePhase=true)');
    assert.equal(
      label({ optimizer: { type: 'adam' }, schedule: { type: 'sequential', milestones: [50], schedules: [{ type: 'linear', startFactor: 0.1 }, { type: 'cosine' }] } }),
      'adam lr=0.001 · sequential(schedules=[linear(startFactor=0.1), cosine], milestones=[50])',
    );
    assert.equal(label({ optimizer: { type: 'adam' }, schedule: { type: 'warmup', warmupSteps: 10, schedule: { type: 'cosine' } } }), 'adam lr=0.001 · warmup(warmupSteps=10, schedule=cosine)');
  });

  it("name the run's own settings that were changed, and number repeats of an identical config", () => {
    assert.equal(label({ optimizer: { type: 'sgd', lr: 0.1 }, iterations: 500, batchSize: 32, seed: 3, gradient: 'numeric' }), 'sgd lr=0.1 · 500 steps · batch 32 · seed 3 · numeric gradient');
    assert.equal(label({ optimizer: { type: 'adam', lr: 0.01 } }, 1), 'adam lr=0.01 #2');
    const config = resolveRunConfig({ optimizer: { type: 'adam', lr: 0.01 } });
    const f = { file: '/w/f.ts', name: 'f' };
    assert.equal(runIdentity(f, config), runIdentity(f, JSON.parse(JSON.stringify(resolveRunConfig({ optimizer: { lr: 0.01, type: 'adam' } })))), 'key order and a JSON round trip (the archive) do not matter');
    assert.notEqual(runIdentity(f, config), runIdentity({ file: '/w/g.ts', name: 'f' }, config));
    assert.notEqual(runIdentity(f, config), runIdentity(f, resolveRunConfig({ optimizer: { type: 'adam', lr: 0.02 } })));
  });
});
