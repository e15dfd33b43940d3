import assert from 'node:assert/strict';
import { parseWebviewMessage, PROTOCOL_VERSION } from '../../../../src/shared/protocol';

const controls = { optimizer: { type: 'sgd', lr: 0.05 }, schedule: { type: 'cosine', tMax: 50 }, iterations: 300 };

describe('parseWebviewMessage', () => {
  const valid: unknown[] = [
    { type: 'ready', protocolVersion: PROTOCOL_VERSION },
    { type: 'run', controls },
    { type: 'stop' },
    { type: 'clear' },
    { type: 'clear', runIds: ['a', 'b'] },
    { type: 'controlsChanged', controls },
    { type: 'selectObjective', name: 'rosenbrock' },
    { type: 'export', format: 'csv' },
    { type: 'png', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' },
    { type: 'previewSchedule', requestId: 3, schedule: { type: 'cosine' }, optimizer: { type: 'adam' }, steps: 100 },
    { type: 'run', controls: { ...controls, batchSize: 16 } },
    { type: 'run', controls: { ...controls, batchSize: null } },
    { type: 'insertSchedule', runId: 'r1' },
    { type: 'insertOptimizer', runId: 'r1' },
    { type: 'reveal', file: '/w/a.ts', line: 3, column: 1 },
  ];
  for (const message of valid) {
    it(`accepts ${JSON.stringify(message)}`, () => {
      const r = parseWebviewMessage(message);
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.deepEqual(r.message, message);
    });
  }

  const invalid: [unknown, RegExp][] = [
    [null, /invalid message from the panel/],
    ['run', /invalid message/],
    [{ type: 'launchMissiles' }, /invalid "launchMissiles" message/],
    [{ type: 'run', controls: { ...controls, iterations: 0 } }, /controls\.iterations/],
    [{ type: 'run', controls: { ...controls, iterations: 2.5 } }, /controls\.iterations/],
    [{ type: 'run', controls: { ...controls, optimizer: { lr: 0.1 } } }, /controls\.optimizer\.type/],
    [{ type: 'run', controls, extra: true }, /invalid "run" message/],
    [{ type: 'previewSchedule', requestId: 1, schedule: { type: 'cosine' }, steps: 10 }, /at optimizer/],
    [{ type: 'previewSchedule', requestId: 1, schedule: { type: 'cosine' }, optimizer: { type: 'adam' }, lr: 0.1, steps: 10 }, /lr/],
    [{ type: 'run', controls: { ...controls, batchSize: 0 } }, /controls\.batchSize/],
    [{ type: 'run', controls: { ...controls, batchSize: 2.5 } }, /controls\.batchSize/],
    [{ type: 'png', dataUrl: 'javascript:alert(1)' }, /at dataUrl/],
    [{ type: 'export', format: 'xlsx' }, /at format/],
    [{ type: 'reveal', file: '/a.ts', line: 0 }, /at line/],
    [{ type: 'clear', runIds: ['x'.repeat(65)] }, /at runIds/],
  ];
  for (const [message, pattern] of invalid) {
    it(`rejects ${JSON.stringify(message)} with a message naming the problem`, () => {
      const r = parseWebviewMessage(message);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.error, pattern);
    });
  }
});
