import assert from 'node:assert/strict';
import { batchTransferList, decimateProblem, hasProtocolVersion, WORKER_PROTOCOL_VERSION } from '../../../../src/core/loader/workerProtocol';

describe('workerProtocol', () => {
  it('batchTransferList lists each typed array buffer of a batch once', () => {
    const shared = new Float64Array(4);
    const batch = { firstStep: 1, count: 2, dim: 2, lr: new Float64Array(2), loss: new Float64Array(2), gradNorm: new Float64Array(2), params: shared, metrics: { a: new Float64Array(2), b: shared } };
    const buffers = batchTransferList(batch);
    assert.equal(buffers.length, 5);
    assert.ok(buffers.includes(shared.buffer as ArrayBuffer));
    assert.equal(batchTransferList({ ...batch, params: null, metrics: {} }).length, 3);
  });

  it('hasProtocolVersion accepts only messages of this version with a type', () => {
    assert.equal(hasProtocolVersion({ version: WORKER_PROTOCOL_VERSION, type: 'batch' }), true);
    assert.equal(hasProtocolVersion({ version: WORKER_PROTOCOL_VERSION + 1, type: 'batch' }), false);
    assert.equal(hasProtocolVersion({ version: WORKER_PROTOCOL_VERSION }), false);
    assert.equal(hasProtocolVersion(null), false);
  });

  it('decimateProblem accepts an integer maxPoints ≥ 2 and a finite target or none, and says what is wrong otherwise', () => {
    assert.equal(decimateProblem({ maxPoints: 2, targetLoss: null }), null);
    assert.equal(decimateProblem({ maxPoints: 10_000, targetLoss: -3 }), null);
    assert.match(decimateProblem({ maxPoints: 1, targetLoss: null })!, /maxPoints must be an integer ≥ 2 \(got 1\)/);
    assert.match(decimateProblem({ maxPoints: 2.5, targetLoss: null })!, /maxPoints/);
    assert.match(decimateProblem({ maxPoints: 10, targetLoss: NaN })!, /targetLoss must be a finite number or null \(got NaN\)/);
  });
});
