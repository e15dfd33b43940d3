import assert from 'node:assert/strict';
import { buildCatalog } from '../../../../src/extension/catalog';
import { PanelController } from '../../../../src/extension/panel/controller';
import { panelContext } from '../../../../src/extension/panel/context';
import { decimateCurve, previewBaseLr, PREVIEW_POINTS } from '../../../../src/extension/panel/handlers/previewSchedule';
import { noObjectiveYet } from '../../../../src/extension/panel/handlers/run';
import type { PanelRoom } from '../../../../src/extension/panel/room';
import { ClearedRuns } from '../../../../src/extension/runs/clearedRuns';
import { Playground } from '../../../../src/extension/runs/persistence';
import { RunStore } from '../../../../src/extension/runs/runStore';
import type { RunTarget } from '../../../../src/extension/runs/types';
import { PROTOCOL_VERSION, type ControlValues, type WebviewToHost } from '../../../../src/shared/protocol';
import { batch, FakeLog, FakePages, fakeUri, MemoryState, target } from '../fakes';

const controls: ControlValues = { optimizer: { type: 'adam', lr: 0.01 }, schedule: { type: 'constant' }, iterations: 50 };

function setup(aimed: RunTarget | null = target()) {
  const pages = new FakePages();
  const store = new RunStore();
  const playground = new Playground(new MemoryState(), () => controls, fakeUri);
  if (aimed) playground.setTarget(aimed);
  const calls: unknown[][] = [];
  const call = (...args: unknown[]) => void calls.push(args);
  const room: PanelRoom = {
    pages,
    store,
    playground,
    launcher: {
      run: async (t, c, options) => (call('run', t.objective, c, ...(options?.stepThrough ? ['stepThrough'] : [])), { status: 'finished', runId: null, target: t, meta: null, outcome: null }),
      stop: () => (call('stop'), 0),
      control: (action, runId) => (call('control', action, runId), 1),
      paused: () => [],
    },
    archive: { schedulePersist: () => call('persist') },
    cleared: new ClearedRuns(),
    status: { forget: (ids) => call('status-forget', ids), restored: (ids) => call('status-restored', ids) },
    exporter: { exportRuns: async (format, ids) => call('export', format, ids), savePng: async (url) => call('png', url) },
    editor: { reveal: async (file, line, column) => call('reveal', file, line, column), insertSchedule: async (id) => call('insert', id), insertOptimizer: async (id) => call('insertOptimizer', id) },
    saveDefaults: async (c) => {
      if (c.iterations === 13) throw new Error('settings.json is not writable');
      call('save-defaults', c);
    },
    landscape: { request: async (r) => call('landscape', r.requestId, r.runIds, r.mode) },
    finder: { find: async (t, r) => (call('findLr', t.objective, r), { status: 'refused', reason: 'fake' }), cancel: () => (call('cancelFinder'), false), state: null },
    sweep: {
      sweep: async (t, r) => (call('sweep', t.objective, r), { status: 'refused', reason: 'fake' }),
      cancel: (index) => (call('cancelSweep', index), false),
      setTargetLoss: async (id, loss) => call('sweepTarget', id, loss),
      showCell: async (id, index) => (call('showSweepCell', id, index), null),
      state: null,
    },
    runSets: { save: async (ids) => (call('saveRuns', ids), null), open: async () => (call('openRuns'), []), copyCommand: async (id) => (call('copyCommand', id), null) },
    context: () => panelContext({ trusted: true, objective: playground.target ? { file: playground.target.uri.fsPath, label: 'f.ts', name: playground.target.objective } : null, objectivesInFile: ['rosenbrock', 'sphere'] }),
  };
  const log = new FakeLog();
  const controller = new PanelController(room, buildCatalog, () => 75, log);
  const handle = (m: WebviewToHost) => controller.handle(m);
  return { controller, handle, pages, store, playground, calls, log };
}

describe('PanelController', () => {
  it('snapshot is the init a page gets on ready: runs, catalog, controls, context, refresh interval', () => {
    const { controller } = setup();
    const init = controller.snapshot();
    assert.equal(init.protocolVersion, PROTOCOL_VERSION);
    assert.deepEqual(init.controls, controls);
    assert.equal(init.refreshMs, 75);
    assert.deepEqual(init.context.objectives, ['rosenbrock', 'sphere']);
    assert.ok(init.catalog.optimizers.some((o) => o.type === 'adam'));
  });

  it('run runs the panel objective with the page controls; without an objective it says what to do', async () => {
    const t = setup();
    await t.handle({ type: 'run', controls });
    assert.deepEqual(t.calls, [['run', 'rosenbrock', controls]]);
    const none = setup(null);
    await none.handle({ type: 'run', controls });
    const stepped = setup();
    await stepped.handle({ type: 'run', controls, stepThrough: true });
    await stepped.handle({ type: 'stepRun', action: 'step' });
    await stepped.handle({ type: 'stepRun', action: 'resume', runId: 'r1' });
    assert.deepEqual(stepped.calls, [
      ['run', 'rosenbrock', controls, 'stepThrough'],
      ['control', 'step', undefined],
      ['control', 'resume', 'r1'],
    ]);
    assert.deepEqual(none.calls, []);
    assert.deepEqual(none.pages.messages, [{ type: 'error', message: noObjectiveYet() }]);
  });

  it('clear removes the runs, tells the pages and saves; controlsChanged is remembered; selectObjective re-aims and sends the context', async () => {
    const t = setup();
    await t.handle({ type: 'clear' });
    assert.deepEqual(t.pages.messages, [{ type: 'runsCleared', runIds: [], undoable: false }]);
    assert.deepEqual(t.calls, [['status-forget', []], ['persist']]);
    const next = { ...controls, iterations: 7 };
    let changes = 0;
    t.playground.onDidChange(() => changes++);
    await t.handle({ type: 'controlsChanged', controls: next });
    assert.equal(t.playground.controls.iterations, 7);
    // A form that does not read: its last valid controls and the problem (the CodeLens says it).
    await t.handle({ type: 'controlsChanged', controls: next, problem: 'pctStart: expected a number from 0 to 1, got 1.5' });
    assert.equal(t.playground.problem, 'pctStart: expected a number from 0 to 1, got 1.5');
    await t.handle({ type: 'controlsChanged', controls: next });
    assert.equal(t.playground.problem, null);
    assert.equal(changes, 3, 'the CodeLens hears of each');
    await t.handle({ type: 'selectObjective', name: 'sphere' });
    assert.equal(t.playground.target?.objective, 'sphere');
    assert.equal(t.pages.of('context')[0]!.context.objective?.name, 'sphere');
  });

  it('clear keeps what it removed for Undo: undoClear puts those runs back in their order, data and all, for the pages and the status bar; only the last clear', async () => {
    const t = setup();
    for (const [id, startedAt] of [['a', 1], ['b', 2], ['c', 3]] as const) {
      t.store.add({ id, label: id, colorIndex: 0, objective: { file: '/w/f.ts', label: 'f.ts', name: 'f' }, config: { optimizer: { type: 'adam' }, schedule: { type: 'constant' }, iterations: 3 }, gradient: 'user', dim: 2, startedAt }, false);
      t.store.append(id, batch(1, 3));
      t.store.finish(id, { stopReason: 'maxIterations', detail: '', steps: 3, finalLoss: 0.3, bestLoss: 0.3, wallTimeMs: 1 });
    }
    const ids = () => t.store.list().map((r) => r.meta.id);
    await t.handle({ type: 'clear', runIds: ['b'] });
    assert.deepEqual(ids(), ['a', 'c']);
    assert.deepEqual(t.pages.messages.at(-1), { type: 'runsCleared', runIds: ['b'], undoable: true });
    await t.handle({ type: 'clear' });
    assert.deepEqual(ids(), []);
    assert.deepEqual(t.calls, [['status-forget', ['b']], ['persist'], ['status-forget', ['a', 'c']], ['persist']]);
    await t.handle({ type: 'undoClear' });
    assert.deepEqual(ids(), ['a', 'c'], "the last clear's runs are back; b went with the clear before");
    const restored = t.pages.of('runsRestored')[0]!;
    assert.deepEqual(restored.runs.map((r) => [r.meta.id, r.data.loss.length, r.outcome?.finalLoss]), [['a', 3, 0.3], ['c', 3, 0.3]]);
    assert.deepEqual(t.calls.slice(4), [['status-restored', ['a', 'c']], ['persist']]);
    await t.handle({ type: 'undoClear' });
    assert.match(t.pages.of('error')[0]!.message, /^Nothing to undo/);
    assert.deepEqual(ids(), ['a', 'c']);
  });

  it('stop, export, png, insertSchedule, insertOptimizer and reveal go to their rooms', async () => {
    const t = setup();
    await t.handle({ type: 'stop' });
    await t.handle({ type: 'export', format: 'csv', runIds: ['a'] });
    await t.handle({ type: 'png', dataUrl: 'data:image/png;base64,AA==' });
    await t.handle({ type: 'insertSchedule', runId: 'r1' });
    await t.handle({ type: 'insertOptimizer', runId: 'r2' });
    await t.handle({ type: 'reveal', file: '/w/f.ts', line: 3, column: 2 });
    await t.handle({ type: 'ready', protocolVersion: PROTOCOL_VERSION });
    // Stop stops everything running: runs, the lr finder and the sweep.
    assert.deepEqual(t.calls, [['stop'], ['cancelFinder'], ['cancelSweep', undefined], ['export', 'csv', ['a']], ['png', 'data:image/png;base64,AA=='], ['insert', 'r1'], ['insertOptimizer', 'r2'], ['reveal', '/w/f.ts', 3, 2]]);
    assert.deepEqual(t.pages.messages, []);
  });

  it('saveDefaults writes the controls as the defaults; a write that fails is said in the panel', async () => {
    const t = setup();
    const saved = { optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9 }, schedule: { type: 'cosine' }, iterations: 300 };
    await t.handle({ type: 'saveDefaults', controls: saved });
    assert.deepEqual(t.calls, [['save-defaults', saved]]);
    await t.handle({ type: 'saveDefaults', controls: { ...saved, iterations: 13 } });
    assert.deepEqual(t.pages.messages, [{ type: 'error', message: 'Could not save the defaults: settings.json is not writable' }]);
  });

  it('the playground’s messages go to its rooms: landscape, finder, sweep, run sets', async () => {
    const t = setup();
    const sweep = { type: 'sweep' as const, lrMin: 1e-4, lrMax: 1, lrCount: 3, optimizers: [{ type: 'sgd' }], schedules: [{ type: 'constant' }], seeds: [0], iterations: 10, targetLoss: null };
    await t.handle({ type: 'landscape', requestId: 7, runIds: ['a'], mode: 'pca', seed: 0, box: null });
    await t.handle({ type: 'findLr', optimizer: { type: 'sgd', lr: 0.1 }, numIt: 50 });
    await t.handle({ type: 'cancelFinder' });
    await t.handle(sweep);
    await t.handle({ type: 'sweepTarget', sweepId: 's', targetLoss: 0.5 });
    await t.handle({ type: 'showSweepCell', sweepId: 's', index: 2 });
    await t.handle({ type: 'saveRuns', runIds: ['a'] });
    await t.handle({ type: 'openRuns' });
    await t.handle({ type: 'copyCommand', runId: 'a' });
    assert.deepEqual(t.calls, [
      ['landscape', 7, ['a'], 'pca'],
      ['findLr', 'rosenbrock', { optimizer: { type: 'sgd', lr: 0.1 }, numIt: 50 }],
      ['cancelFinder'],
      ['sweep', 'rosenbrock', { lrMin: 1e-4, lrMax: 1, lrCount: 3, optimizers: [{ type: 'sgd' }], schedules: [{ type: 'constant' }], seeds: [0], iterations: 10, targetLoss: null }],
      ['sweepTarget', 's', 0.5],
      ['showSweepCell', 's', 2],
      ['saveRuns', ['a']],
      ['openRuns'],
      ['copyCommand', 'a'],
    ]);
  });

  it('applyLr sets the lr control, tells the pages, and runs when asked', async () => {
    const t = setup();
    await t.handle({ type: 'applyLr', lr: 0.003, run: false });
    assert.equal(t.playground.controls.optimizer.lr, 0.003);
    assert.deepEqual(t.pages.of('controls')[0]!.controls.optimizer, { type: 'adam', lr: 0.003 });
    assert.deepEqual(t.calls, []);
    await t.handle({ type: 'applyLr', lr: 0.02, run: true });
    assert.deepEqual(t.calls, [['run', 'rosenbrock', { ...controls, optimizer: { type: 'adam', lr: 0.02 } }]]);
  });

  it('findLr and sweep without an objective say what to do', async () => {
    const none = setup(null);
    await none.handle({ type: 'findLr', optimizer: { type: 'adam' } });
    await none.handle({ type: 'applyLr', lr: 0.1, run: true });
    assert.deepEqual(none.calls, []);
    assert.deepEqual(none.pages.of('error').map((m) => m.message), [noObjectiveYet(), noObjectiveYet()]);
  });

  it('previewSchedule of a loss-based schedule uses the last run’s losses, and says what it needs without one', async () => {
    const t = setup();
    await t.handle({ type: 'previewSchedule', requestId: 1, schedule: { type: 'lossBased', beta: 1 }, optimizer: { type: 'sgd', lr: 1 }, steps: 5 });
    assert.match(t.pages.of('error')[0]!.message, /needs a run's losses: run once/);
    const run = t.store.add({ id: 'r', label: 'sgd lr=1', colorIndex: 0, objective: { file: '/w/rosenbrock.ts', label: 'rosenbrock.ts', name: 'rosenbrock' }, config: { optimizer: { type: 'sgd' }, schedule: { type: 'constant' }, iterations: 3 }, gradient: 'user', dim: 1, startedAt: 0 }, false);
    t.store.append('r', { firstStep: 1, count: 3, dim: 1, lr: Float64Array.of(1, 1, 1), loss: Float64Array.of(3, 1, 0), gradNorm: Float64Array.of(1, 1, 1), params: null, metrics: {} });
    void run;
    await t.handle({ type: 'previewSchedule', requestId: 2, schedule: { type: 'lossBased', beta: 1 }, optimizer: { type: 'sgd', lr: 1 }, steps: 5 });
    // lossBased: lr / sqrt(1 + β·loss) at the loss where each step started: 1/2, 1/√2, 1 — 3 steps, the run's.
    const preview = t.pages.of('schedulePreview')[0]!;
    assert.deepEqual(preview.lrs, [0.5, 1 / Math.SQRT2, 1]);
    assert.match(preview.label, /lossBased preview on the losses of sgd lr=1 \(its 3 steps\)/);
  });

  it('previewSchedule sends the lr curve (lrs[i] = lr of step i+1) at the optimizer lr, or the schedule error', async () => {
    const t = setup();
    await t.handle({ type: 'previewSchedule', requestId: 4, schedule: { type: 'step', stepSize: 2, gamma: 0.5 }, optimizer: { type: 'sgd', lr: 1 }, steps: 5 });
    assert.deepEqual(t.pages.messages, [{ type: 'schedulePreview', requestId: 4, label: 'step(stepSize=2, gamma=0.5) · lr 1', lrs: [1, 1, 0.5, 0.5, 0.25] }], "labelled with the options that are not the schedule's defaults (StepLR's gamma is 0.1), and the lr");
    await t.handle({ type: 'previewSchedule', requestId: 7, schedule: { type: 'step', stepSize: 2, gamma: 0.1 }, optimizer: { type: 'sgd', lr: 1 }, steps: 3 });
    assert.equal(t.pages.of('schedulePreview')[1]!.label, 'step(stepSize=2) · lr 1', "StepLR's own gamma is left out");
    t.pages.messages.length = 0;
    await t.handle({ type: 'previewSchedule', requestId: 5, schedule: { type: 'cosine', tMaxx: 3 }, optimizer: { type: 'sgd', lr: 1 }, steps: 5 });
    assert.match(t.pages.of('error')[0]!.message, /^Schedule preview: .*tMaxx/);
  });

  it('previewSchedule of a long run sends the curve min-max decimated with its steps: every jump of a step schedule kept, about 4000 points', async () => {
    const t = setup();
    await t.handle({ type: 'previewSchedule', requestId: 8, schedule: { type: 'step', stepSize: 25_000, gamma: 0.5 }, optimizer: { type: 'sgd', lr: 1 }, steps: 100_000 });
    const [message] = t.pages.of('schedulePreview');
    assert.ok(message!.steps && message!.steps.length === message!.lrs.length && message!.lrs.length <= PREVIEW_POINTS + 2, `${message!.lrs.length} points`);
    assert.deepEqual([message!.steps![0], message!.steps!.at(-1)], [1, 100_000]);
    assert.ok(message!.steps!.every((s, i) => i === 0 || s > message!.steps![i - 1]!), 'steps in order');
    // Each value is the lr of its step; the four levels and the steps where they change are all there.
    for (const [i, step] of message!.steps!.entries()) assert.equal(message!.lrs[i], 0.5 ** Math.floor((step - 1) / 25_000));
    for (const level of [1, 0.5, 0.25, 0.125]) assert.ok(message!.lrs.includes(level));
    assert.equal(decimateCurve([1, 2, 3]), null, 'short curves go whole');
  });

  it("previewSchedule without an lr starts from the optimizer's default (Adagrad 1e-2, Adam 1e-3), as a run does — never a fixed 0.01", async () => {
    const t = setup();
    await t.handle({ type: 'previewSchedule', requestId: 6, schedule: { type: 'constant' }, optimizer: { type: 'adam' }, steps: 2 });
    await t.handle({ type: 'previewSchedule', requestId: 7, schedule: { type: 'constant' }, optimizer: { type: 'adagrad' }, steps: 2 });
    assert.deepEqual(
      t.pages.of('schedulePreview').map((m) => m.lrs),
      [
        [1e-3, 1e-3],
        [1e-2, 1e-2],
      ],
    );
    assert.equal(previewBaseLr({ type: 'adadelta' }), 1);
  });

  it('rejected messages are logged and shown in the pages', () => {
    const t = setup();
    t.controller.rejected('invalid "run" message from the panel at controls: expected object');
    assert.deepEqual(t.log.lines, ['warn invalid "run" message from the panel at controls: expected object']);
    assert.equal(t.pages.of('error')[0]!.message, 'invalid "run" message from the panel at controls: expected object');
  });
});
