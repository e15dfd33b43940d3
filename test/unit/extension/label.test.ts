import assert from 'node:assert/strict';
import { formatNumber, runLabel } from '../../../src/extension/runs/label';

describe('run labels', () => {
  it('formatNumber is short and exact enough for legends', () => {
    assert.equal(formatNumber(0.01), '0.01');
    assert.equal(formatNumber(200), '200');
    assert.equal(formatNumber(1e-4), '1e-4');
    assert.equal(formatNumber(2.5e-5), '2.5e-5');
    assert.equal(formatNumber(0.123456), '0.1235');
  });

  it('runLabel shows optimizer, lr, non-default options and the schedule', () => {
    assert.equal(runLabel({ type: 'adam', lr: 0.01 }, { type: 'constant' }), 'adam lr=0.01');
    assert.equal(runLabel({ type: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0 }, { type: 'cosine', tMax: 200, etaMin: 0 }, { optimizer: { momentum: 0, dampening: 0 } }), 'sgd lr=0.1 momentum=0.9 · cosine(tMax=200, etaMin=0)');
    assert.equal(runLabel({ type: 'adam', lr: 0.001 }, { type: 'warmup', warmupSteps: 10, startFactor: 0.1, schedule: { type: 'cosine', tMax: 90, etaMin: 0 } }), 'adam lr=0.001 · warmup(warmupSteps=10, startFactor=0.1, schedule=cosine(tMax=90, etaMin=0))');
  });
});
