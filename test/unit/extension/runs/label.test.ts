import assert from 'node:assert/strict';
import { runLabel } from '../../../../src/extension/runs/label';

describe('run labels', () => {
  it('runLabel shows optimizer, lr, non-default options and the schedule', () => {
    assert.equal(runLabel({ type: 'adam', lr: 0.01 }, { type: 'constant' }), 'adam lr=0.01');
    assert.equal(runLabel({ type: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0 }, { type: 'cosine', tMax: 200, etaMin: 0 }, { optimizer: { momentum: 0, dampening: 0 } }), 'sgd lr=0.1 momentum=0.9 · cosine(tMax=200, etaMin=0)');
    assert.equal(runLabel({ type: 'adam', lr: 0.001 }, { type: 'warmup', warmupSteps: 10, startFactor: 0.1, schedule: { type: 'cosine', tMax: 90, etaMin: 0 } }), 'adam lr=0.001 · warmup(warmupSteps=10, startFactor=0.1, schedule=cosine(tMax=90, etaMin=0))');
  });
});
