import assert from 'node:assert/strict';
import { buildCatalog } from '../../../../src/extension/catalog';
import { parseHostMessage, PROTOCOL_VERSION, type RunMeta, type RunSnapshot, type SeriesChunk } from '../../../../src/shared/protocol';

const objective = { file: '/w/quadratic.ts', label: 'quadratic.ts', name: 'rosenbrock' };
const context = { objective, objectives: ['rosenbrock'], trusted: true, notice: null, batched: false };
const controls = { optimizer: { type: 'adam' }, schedule: { type: 'constant' }, iterations: 200 };
const init = (runs: unknown[] = []) => ({ type: 'init', protocolVersion: PROTOCOL_VERSION, runs, catalog: buildCatalog(), controls, context, refreshMs: 50, finder: null, sweep: null, paused: [] });
const meta = (id: string): RunMeta => ({ id, label: id, colorIndex: 0, objective, config: { optimizer: { type: 'adam', lr: 0.01 }, schedule: { type: 'constant' }, iterations: 10 }, gradient: 'user', dim: 2, startedAt: 1 });
const chunk = (loss: unknown[]): SeriesChunk => ({ firstStep: 1, loss: loss as number[], lr: loss.map(() => 0.1), gradNorm: loss.map(() => 1), metrics: {} });

describe('parseHostMessage', () => {
  it('parseHostMessage accepts every well-formed message, number arrays with nulls (NaN after JSON) as they are', () => {
    for (const m of [
      init(),
      { type: 'context', context },
      { type: 'controls', controls },
      { type: 'runStarted', run: meta('a') },
      { type: 'runData', runId: 'a', chunk: chunk([1, null, 2]) },
      { type: 'runData', runId: 'a', chunk: { ...chunk([1, 2]), fullLoss: [1.5, null] } },
      { type: 'runStarted', run: { ...meta('b'), info: { form: 'object', hasGradient: true, stochastic: true, hasMetrics: false, line: 3, x0: [0, 0] } } },
      { type: 'context', context: { ...context, batched: true } },
      { type: 'runStarted', run: { ...meta('c'), gradient: 'numeric', gradientReason: 'calls Math.random()', gradientLocation: { file: '/f.ts', line: 4 } } },
      { type: 'runGradient', runId: 'a', fallback: { step: 12, reason: 'turns a value that depends on the parameters into a string', location: { file: '/f.ts', line: 9 } } },
      { type: 'typeCheck', file: '/f.ts', label: 'f.ts', problems: [{ code: 'TS2322', message: 'no', location: { file: '/f.ts', line: 1, column: 7 } }], strict: false },
      { type: 'runFinished', runId: 'a', outcome: { stopReason: 'error', detail: 'x', steps: 0, finalLoss: null, bestLoss: null, wallTimeMs: 3, error: { code: 'c', message: 'm', location: { file: '/f.ts', line: 3 } } } },
      { type: 'runsCleared', runIds: ['a'] },
      { type: 'schedulePreview', requestId: 1, label: 'x', lrs: [0.1] },
      { type: 'error', message: 'bad', location: { file: '/f.ts', line: 1, column: 2 } },
      { type: 'requestPng', requestId: 3 },
      { type: 'runPaused', runId: 'a', inspection: { step: 2, dim: 2, shown: 2, optimizer: 'lion', lr: 0.1, loss: 3, gradNorm: 1, params: [1, 2], previous: [1.1, 2.1], grad: [0, 1], delta: [-0.1, -0.1], state: [{ name: 'exp_avg', values: [0, 0.1] }], scalars: [{ name: 'step', value: 2 }], otherBuffers: [], stepSize: { kind: 'ratio', values: [null, 0.1] } } },
      { type: 'runPaused', runId: 'a', inspection: { step: 0, dim: 67, shown: 67, optimizer: 'lbfgs', lr: null, loss: null, gradNorm: null, params: [0], previous: null, grad: null, delta: null, state: [], scalars: [{ name: 'h_diag', value: null }], otherBuffers: [{ name: 'old_dirs', length: 6700 }], stepSize: null } },
      { type: 'runResumed', runId: 'a' },
      // The playground.
      { type: 'landscapeScene', requestId: 2, objective, dim: 2, plane: { kind: 'axes', explained: null, centreRunId: null }, box: { xMin: -1, xMax: 1, yMin: -1, yMax: 1, aspectLocked: true }, paths: [{ runId: 'a', steps: [0, 1], xs: [0, 1], ys: [0, 1], losses: [2, 1], lrs: [null, 0.1], params: [0, 0, 1, 1] }], notice: null, omitted: 0 },
      { type: 'landscapeGrid', requestId: 2, box: { xMin: -1, xMax: 1, yMin: -1, yMax: 1 }, nx: 2, ny: 2, values: [1, 2, null, 4], levels: [1.5, 3], scale: 'log', min: { alpha: -0.5, beta: -0.5, value: 1 }, failures: 1, firstFailure: { alpha: -0.5, beta: 0.5, reason: 'f returned NaN' }, ms: 3, cached: false },
      { type: 'landscapeError', requestId: 2, message: 'no', location: { file: '/f.ts', line: 2 } },
      { type: 'finderStarted', finder: { finderId: 'f1', objective, config: { optimizer: { type: 'adam' }, startLr: 1e-7, endLr: 10, numIt: 100, seed: 0 }, lrs: [], losses: [], smoothed: [], result: null } },
      { type: 'finderData', finderId: 'f1', firstStep: 1, lrs: [1e-7], losses: [3], smoothed: [3] },
      { type: 'finderFinished', finderId: 'f1', result: { config: { optimizer: { type: 'adam' }, startLr: 1e-7, endLr: 10, numIt: 100 }, lrs: [1e-7], losses: [3], smoothed: [3], stopReason: 'diverged', detail: 'd', suggestions: { valley: { lr: 1e-7, point: { lr: 1e-7, loss: 3 } }, steep: null, minimum: null } } },
      { type: 'sweepCell', sweepId: 's1', cell: { index: 0, row: 0, column: 0, lr: 0.1, seed: 0, status: 'done', summary: { finalLoss: null, bestLoss: 1, steps: 3, stepsToTarget: null, stopReason: 'diverged', detail: 'd', ms: 2 }, runId: null } },
      { type: 'sweepFinished', sweepId: 's1' },
      { type: 'sweepSteps', sweepId: 's1', targetLoss: 0.5, steps: [3, null] },
    ]) {
      const r = parseHostMessage(m);
      assert.ok(r.ok, `${m.type}: ${r.ok ? '' : r.error}`);
      assert.deepEqual(r.message, m);
    }
  });

  it('parseHostMessage fills what an older host left out: metrics, bestLoss, a snapshot outcome, refreshMs', () => {
    const { refreshMs: _, ...withoutRefresh } = init([{ meta: meta('a'), data: { firstStep: 1, lr: [], loss: [], gradNorm: [] } }]);
    const r = parseHostMessage(withoutRefresh);
    assert.ok(r.ok && r.message.type === 'init');
    assert.equal(r.message.refreshMs, 100);
    assert.deepEqual(r.message.runs[0]!.data.metrics, {});
    assert.equal(r.message.runs[0]!.outcome, null);
    const f = parseHostMessage({ type: 'runFinished', runId: 'a', outcome: { stopReason: 'converged', detail: '', steps: 1, finalLoss: 1, wallTimeMs: 1 } });
    assert.ok(f.ok && f.message.type === 'runFinished');
    assert.equal(f.message.outcome.bestLoss, null);
  });

  it('parseHostMessage rejects malformed and unknown messages with a reason, never throwing', () => {
    for (const [m, reason] of [
      [null, /no string "type"/],
      ['init', /no string "type"/],
      [{ type: 'bogus' }, /unknown message type "bogus"/],
      [{ type: 'toString' }, /unknown message type "toString"/],
      [{ type: 'runData', runId: 5, chunk: chunk([1]) }, /runData is malformed at runId: expected string/],
      [{ type: 'runData', runId: 'a', chunk: { firstStep: 1, lr: [], loss: 'x', gradNorm: [] } }, /runData is malformed at chunk\.loss: expected an array of numbers/],
      [{ type: 'runFinished', runId: 'a', outcome: { stopReason: 'exploded', detail: '', steps: 1, finalLoss: 1, wallTimeMs: 1 } }, /runFinished is malformed at outcome\.stopReason: must be "maxIterations" or/],
      [{ ...init(), catalog: { optimizers: [{ type: 'x' }], schedules: [] } }, /init\.catalog is malformed/],
      [{ type: 'runPaused', runId: 'a', inspection: { step: 1, dim: 2, shown: 2, optimizer: 'adam', lr: 0.1, loss: 1, gradNorm: 1, params: [1, 2], previous: null, grad: null, delta: null, state: [], scalars: [], otherBuffers: [], stepSize: { kind: 'guess', values: [] } } }, /runPaused is malformed at inspection\.stepSize\.kind/],
      [{ ...init(), controls: { ...controls, iterations: 2e7 } }, /init\.controls is malformed at controls\.iterations: must be ≤ 10000000/],
      [{ type: 'error', message: 'x', location: { file: 'f' } }, /error is malformed at location\.line/],
      [{ type: 'requestPng', requestId: Infinity }, /requestPng is malformed/],
      [{ type: 'runGradient', runId: 'a', fallback: { reason: 'x' } }, /runGradient is malformed at fallback\.step/],
    ] as const) {
      const r = parseHostMessage(m);
      assert.equal(r.ok, false, JSON.stringify(m));
      assert.match((r as { error: string }).error, reason);
    }
  });

  it('parseHostMessage drops malformed run snapshots from init, keeps the rest and says so', () => {
    const good: RunSnapshot = { meta: meta('a'), data: chunk([1]), outcome: null };
    const r = parseHostMessage(init([good, { meta: { id: 'b' }, data: null, outcome: null }]));
    assert.ok(r.ok && r.message.type === 'init');
    assert.deepEqual(r.message.runs.map((s) => s.meta.id), ['a']);
    assert.deepEqual(r.warnings, ['dropped 1 malformed run snapshot(s) from init']);
  });
});
