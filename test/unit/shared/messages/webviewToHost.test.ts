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
    // The playground.
    { type: 'landscape', requestId: 1, runIds: ['a'], mode: 'pca', seed: 0, box: null },
    { type: 'landscape', requestId: 2, runIds: [], mode: 'random', seed: 3, box: { xMin: -1, xMax: 1, yMin: 0, yMax: 2 }, resolution: 100 },
    { type: 'findLr', optimizer: { type: 'sgd', momentum: 0.9 } },
    { type: 'findLr', optimizer: { type: 'adam' }, startLr: 1e-6, endLr: 1, numIt: 50 },
    { type: 'cancelFinder' },
    { type: 'applyLr', lr: 0.003, run: true },
    { type: 'sweep', lrMin: 1e-4, lrMax: 1, lrCount: 9, optimizers: [{ type: 'sgd' }], schedules: [{ type: 'constant' }], seeds: [0], iterations: 100, targetLoss: null },
    { type: 'cancelSweep', sweepId: 's1' },
    { type: 'cancelSweep', sweepId: 's1', index: 4 },
    { type: 'sweepTarget', sweepId: 's1', targetLoss: 0.01 },
    { type: 'showSweepCell', sweepId: 's1', index: 0 },
    { type: 'saveRuns' },
    { type: 'saveRuns', runIds: ['a'] },
    { type: 'openRuns' },
    { type: 'copyCommand', runId: 'a' },
    // Stepping through.
    { type: 'run', controls, stepThrough: true },
    { type: 'stepRun', action: 'pause' },
    { type: 'stepRun', action: 'step', runId: 'r1' },
    { type: 'stepRun', action: 'resume' },
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
    [{ type: 'landscape', requestId: 1, runIds: [], mode: 'pca', seed: 0, box: { xMin: 1, xMax: 0, yMin: 0, yMax: 1 } }, /xMax > xMin/],
    [{ type: 'landscape', requestId: 1, runIds: [], mode: 'sideways', seed: 0, box: null }, /at mode/],
    [{ type: 'landscape', requestId: 1, runIds: [], mode: 'pca', seed: 0, box: null, resolution: 5000 }, /resolution/],
    [{ type: 'findLr', optimizer: { type: 'adam' }, numIt: 3 }, /numIt/],
    [{ type: 'applyLr', lr: 0, run: false }, /lr/],
    [{ type: 'sweep', lrMin: 1e-4, lrMax: 1, lrCount: 0, optimizers: [{ type: 'sgd' }], schedules: [{ type: 'constant' }], seeds: [0], iterations: 100, targetLoss: null }, /lrCount/],
    [{ type: 'sweep', lrMin: 1e-4, lrMax: 1, lrCount: 3, optimizers: [], schedules: [{ type: 'constant' }], seeds: [0], iterations: 100, targetLoss: null }, /optimizers/],
    [{ type: 'showSweepCell', sweepId: 's1', index: -1 }, /index/],
    [{ type: 'previewSchedule', requestId: 1, schedule: { type: 'cosine' }, steps: 10 }, /at optimizer/],
    [{ type: 'previewSchedule', requestId: 1, schedule: { type: 'cosine' }, optimizer: { type: 'adam' }, lr: 0.1, steps: 10 }, /lr/],
    [{ type: 'run', controls: { ...controls, batchSize: 0 } }, /controls\.batchSize/],
    [{ type: 'run', controls: { ...controls, batchSize: 2.5 } }, /controls\.batchSize/],
    [{ type: 'png', dataUrl: 'javascript:alert(1)' }, /at dataUrl/],
    [{ type: 'export', format: 'xlsx' }, /at format/],
    [{ type: 'reveal', file: '/a.ts', line: 0 }, /at line/],
    [{ type: 'stepRun', action: 'rewind' }, /at action/],
    [{ type: 'stepRun', action: 'step', runId: '' }, /at runId/],
    [{ type: 'run', controls, stepThrough: 'yes' }, /at stepThrough/],
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
