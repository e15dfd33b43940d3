import assert from 'node:assert/strict';
import { batchTransferList, hasProtocolVersion, WORKER_PROTOCOL_VERSION } from '../../../../src/core/loader/workerProtocol';

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
});
