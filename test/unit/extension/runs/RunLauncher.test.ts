import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import type { RunHandle, RunListener, StartRunOptions } from '../../../../src/core/loader';
import type { LoaderOutcome } from '../../../../src/core/loader/outcome';
import { statusText, type StatusSummary } from '../../../../src/extension/runs/statusSummary';
import { Playground } from '../../../../src/extension/runs/persistence';
import { RunLauncher } from '../../../../src/extension/runs/RunLauncher';
import { RunStore } from '../../../../src/extension/runs/runStore';
import type { RunCompletion } from '../../../../src/extension/runs/types';
import type { TypeProblem } from '../../../../src/core/loader/typecheck';
import type { StepInspection } from '../../../../src/core/minimize/stepGate';
import { SETTINGS_DEFAULTS, type LrLabSettings } from '../../../../src/extension/settings';
import { restrictedNotice } from '../../../../src/extension/panel/context';
import { batch, FakeLog, FakePages, FakeRunUi, fakeUri, MemoryState, target } from '../fakes';

const tick = () => new Promise((resolve) => setImmediate(resolve));

const controls = { optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9 }, schedule: { type: 'cosine' }, iterations: 4 };

function outcome(over: Partial<LoaderOutcome> = {}): LoaderOutcome {
  return { stopReason: 'maxIterations', detail: 'reached 4 iterations', steps: 4, finalLoss: 0.25, bestLoss: 0.25, finalParams: [0, 0], wallTimeMs: 12, ...over };
}

/** A launcher whose runs are scripted: `script(listener)` plays a run and returns its outcome. */
function setup(script: (listener: RunListener, opts: StartRunOptions) => Promise<LoaderOutcome>, options: { settings?: Partial<LrLabSettings>; typeProblems?: TypeProblem[] } = {}) {
  const pages = new FakePages();
  const ui = new FakeRunUi();
  const store = new RunStore();
  const playground = new Playground(new MemoryState(), () => ({ optimizer: { type: 'adam' }, schedule: { type: 'constant' }, iterations: 200 }), fakeUri);
  const persisted: number[] = [];
  const reported: Array<{ file: string; errors: readonly unknown[] }> = [];
  const status: Array<string | StatusSummary> = [];
  const cancelled: number[] = [];
  const controlled: string[] = [];
  const started: StartRunOptions[] = [];
  const checked: string[] = [];
  let contexts = 0;
  let shown = 0;
  const log = new FakeLog();
  const launcher = new RunLauncher({
    store,
    pages,
    playground,
    archive: { schedulePersist: () => persisted.push(1) },
    ui,
    diagnostics: { report: (uri, errors) => reported.push({ file: uri.fsPath, errors }) },
    statusBar: { running: (o) => status.push(o), finished: (s) => status.push(s) },
    log,
    // The type check has tests of its own below; elsewhere it is off, so only the run's messages are posted.
    settings: () => ({ ...SETTINGS_DEFAULTS, typeCheck: 'off', ...options.settings }),
    typecheck: async (file) => {
      checked.push(file);
      return options.typeProblems ?? [];
    },
    showPanel: async () => void shown++,
    postContext: () => void contexts++,
    start: (opts, listener = {}): RunHandle => {
      started.push(opts);
      return { done: script(listener, opts), cancel: () => void cancelled.push(1), pause: () => void controlled.push('pause'), step: () => void controlled.push('step'), resume: () => void controlled.push('resume') };
    },
  });
  const completions: RunCompletion[] = [];
  launcher.onDidFinishRun((c) => completions.push(c));
  return { launcher, log, pages, ui, store, playground, persisted, reported, status, cancelled, controlled, started, checked, completions, counts: () => ({ contexts, shown }) };
}

const header = { objective: { name: 'rosenbrock', form: 'object' as const, dim: 2, hasGradient: true, stochastic: false, hasMetrics: false }, x0: [-1.2, 1], gradient: 'user' as const, gradientReason: null, config: {} as never };

describe('RunLauncher', () => {
  it('run streams header → batches → outcome into the store and the pages, with progress, status bar, archive and diagnostics', async () => {
    const t = setup(async (listener) => {
      await tick(); // a worker answers later: the progress notification is up by then
      listener.onHeader!(header);
      listener.onBatch!(batch(1, 2));
      listener.onBatch!(batch(3, 2));
      return outcome();
    });
    const c = await t.launcher.run(target(), controls);
    assert.equal(c.status, 'finished');
    assert.deepEqual(t.pages.types, ['runStarted', 'runFinished']);
    const meta = t.pages.of('runStarted')[0]!.run;
    assert.equal(meta.label, 'sgd lr=0.1 momentum=0.9 · cosine · 4 steps', 'the label shows what differs from the resolved defaults');
    assert.deepEqual(meta.objective, { file: '/w/rosenbrock.ts', label: 'rosenbrock.ts', name: 'rosenbrock' });
    assert.equal(meta.config.optimizer.dampening, 0, 'the resolved config');
    assert.deepEqual(t.pages.data.map((d) => [d.runId, d.chunk.firstStep, d.chunk.loss.length]), [[meta.id, 1, 2], [meta.id, 3, 2]]);
    assert.deepEqual(t.pages.of('runFinished')[0]!.outcome, { stopReason: 'maxIterations', detail: 'reached 4 iterations', steps: 4, finalLoss: 0.25, bestLoss: 0.25, wallTimeMs: 12 });
    assert.equal(t.store.get(meta.id)!.lr.length, 4);
    assert.deepEqual(t.ui.progress[0]!.reports, [[0.5, 'step 2 / 4'], [1, 'step 4 / 4']]);
    assert.equal(t.ui.progress[0]!.title, `LR Lab: ${meta.label} on rosenbrock`);
    assert.deepEqual(t.persisted, [1]);
    assert.deepEqual(t.reported, [{ file: '/w/rosenbrock.ts', errors: [] }]);
    assert.deepEqual((t.status[1] as StatusSummary).numbers, { running: null, final: 0.25, best: 0.25, divergedAt: null });
    assert.equal(statusText(t.status[1] as StatusSummary), '$(graph-line) loss 0.25');
    assert.deepEqual(t.completions, [c]);
    assert.deepEqual(t.playground.controls, controls, 'the controls of a valid run are remembered');
    assert.equal(t.playground.target?.objective, 'rosenbrock');
    assert.deepEqual(t.counts(), { contexts: 1, shown: 1 });
    assert.deepEqual(t.started[0]!.limits, { timeMs: 60_000, memoryMb: 512, evalTimeMs: 10_000 });
  });

  it('a diverged run: the status bar says where its records end and the loss there, as the panel does — not the loss after the blow-up', async () => {
    const t = setup(async (listener) => {
      listener.onHeader!(header);
      listener.onBatch!({ ...batch(1, 3), loss: Float64Array.from([24.2, 3.1e6, 4.2e35]) });
      return outcome({ stopReason: 'diverged', detail: 'loss exploded: 4.2e+35 > 1e+12 × max(1, |initial loss 24.2|) at step 3', steps: 3, finalLoss: 1.8e105, bestLoss: 24.2 });
    });
    await t.launcher.run(target(), controls);
    const summary = t.status[1] as StatusSummary;
    assert.deepEqual(summary.numbers, { running: null, final: null, best: 24.2, divergedAt: { step: 3, loss: 4.2e35 } });
    assert.equal(statusText(summary), '$(warning) diverged at step 3');
    assert.equal(summary.runId, t.pages.of('runStarted')[0]!.run.id);
  });

  it('a run that never starts (compile error) shows the error at its place, and no run', async () => {
    const error = { code: 'compileError' as const, message: 'Expected ";"', location: { file: '/w/rosenbrock.ts', line: 3, column: 5 } };
    const t = setup(async () => outcome({ stopReason: 'error', detail: 'compile error', steps: 0, finalLoss: NaN, bestLoss: NaN, error }));
    const c = await t.launcher.run(target(), controls, { progress: false });
    assert.equal(c.runId, null);
    assert.deepEqual(t.pages.messages, [{ type: 'error', message: 'Expected ";"', location: error.location }]);
    assert.deepEqual(t.reported[0]!.errors, [error]);
    assert.deepEqual(t.ui.errors, ['LR Lab: Expected ";" (/w/rosenbrock.ts:3)']);
    assert.equal(t.ui.progress.length, 0, 'progress: false shows none');
    assert.deepEqual(t.persisted, []);
  });

  it('a run that fails, before or after its first step, loses none of the runs before it', async () => {
    const endings = [outcome(), outcome({ stopReason: 'error', detail: 'compile error', steps: 0, finalLoss: NaN, bestLoss: NaN, error: { code: 'compileError', message: 'Expected ";"' } }), outcome({ stopReason: 'error', detail: 'f failed at step 2: boom', steps: 1, finalLoss: NaN, bestLoss: 1, error: { code: 'objectiveError', message: 'boom' } })];
    let n = 0;
    const t = setup(async (listener) => {
      const ending = endings[n++]!;
      if (ending.steps > 0) {
        listener.onHeader!(header);
        listener.onBatch!(batch(1, ending.steps));
      }
      return ending;
    });
    for (let i = 0; i < endings.length; i++) await t.launcher.run(target(), controls, { progress: false });
    assert.deepEqual(t.store.list().map((r) => [r.outcome?.stopReason, r.loss.length]), [['maxIterations', 4], ['error', 1]]);
    assert.ok(!t.pages.types.includes('runsCleared'), t.pages.types.join());
  });

  it("a failed run's notification is in the reader's language, as the panel's message and the diagnostic are (zh-cn)", async () => {
    const error = { code: 'nonFiniteLoss' as const, message: 'f returned NaN at the starting point', text: { id: 'lossNonFiniteAtStart' as const, args: ['NaN'] }, location: { file: '/w/rosenbrock.ts', line: 3, column: 5 } };
    l10n.config({ contents: JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string> });
    try {
      const t = setup(async () => outcome({ stopReason: 'error', detail: error.message, detailText: error.text, steps: 0, finalLoss: NaN, bestLoss: NaN, error }));
      await t.launcher.run(target(), controls, { progress: false });
      assert.deepEqual(t.ui.errors, ['LR Lab: f 在起始点返回了 NaN (/w/rosenbrock.ts:3)']);
      assert.deepEqual(t.pages.messages, [{ type: 'error', message: 'f 在起始点返回了 NaN', location: error.location }]);
    } finally {
      l10n.config({ contents: {} });
    }
  });

  it('in Restricted Mode nothing runs: refused with the notice, explained, the context re-sent', async () => {
    const t = setup(async () => assert.fail('must not start'));
    t.ui.trusted = false;
    const c = await t.launcher.run(target(), controls);
    assert.deepEqual({ status: c.status, reason: c.reason }, { status: 'refused', reason: restrictedNotice() });
    assert.equal(t.ui.restrictedExplained, 1);
    assert.deepEqual(t.counts(), { contexts: 1, shown: 1 });
    assert.deepEqual(t.started, []);
  });

  it('invalid controls are refused with the reason in the pages and a notification; the controls are not remembered', async () => {
    const t = setup(async () => assert.fail('must not start'));
    const c = await t.launcher.run(target(), { ...controls, optimizer: { type: 'adamm' } }, { showPanel: false });
    assert.equal(c.status, 'refused');
    assert.match(c.reason!, /adamm/);
    assert.match(t.pages.of('error')[0]!.message, /^Invalid run settings: .*adamm/);
    assert.match(t.ui.errors[0]!, /^LR Lab: .*adamm/);
    assert.equal(t.playground.controls.optimizer.type, 'adam');
    assert.deepEqual(t.counts(), { contexts: 0, shown: 0 });
  });

  it('stop cancels every running run; the progress Cancel does too; runAgain repeats the last request', async () => {
    let finish!: () => void;
    const t = setup((listener) => {
      listener.onHeader!(header);
      return new Promise((resolve) => (finish = () => resolve(outcome({ stopReason: 'cancelled' }))));
    });
    const running = t.launcher.run(target(), controls);
    await tick();
    assert.equal(t.launcher.isRunning, true);
    assert.equal(t.launcher.stop(), 1);
    t.ui.cancelProgress!();
    assert.deepEqual(t.cancelled, [1, 1]);
    finish();
    await running;
    assert.equal(t.launcher.isRunning, false);
    assert.equal(t.launcher.stop(), 0);
    const again = t.launcher.runAgain();
    await tick();
    finish();
    assert.equal((await again)?.target.objective, 'rosenbrock');
    assert.equal(t.started.length, 2);
  });

  it('step through: the run starts paused; its pauses reach the pages with the inspection; Step and Resume reach the worker only while it is paused', async () => {
    let finish!: () => void;
    let paused!: (inspection: StepInspection) => void;
    const t = setup((listener) => {
      listener.onHeader!(header);
      paused = (inspection) => listener.onPaused!(inspection);
      return new Promise((resolve) => (finish = () => resolve(outcome())));
    });
    const running = t.launcher.run(target(), controls, { stepThrough: true });
    await tick();
    assert.equal(t.started[0]!.stepping, 'paused');
    const runId = t.pages.of('runStarted')[0]!.run.id;
    assert.equal(t.launcher.control('step'), 1);
    assert.deepEqual(t.controlled, [], 'no step before the run has paused');
    paused({ step: 0, dim: 2, shown: 2, optimizer: 'sgd', lr: null, loss: null, gradNorm: null, params: Float64Array.of(-1.2, 1), previous: null, grad: null, delta: null, state: [{ name: 'momentum_buffer', values: Float64Array.of(0, 0) }], scalars: [{ name: 'step', value: 0 }], otherBuffers: [], stepSize: null });
    const message = await t.pages.first('runPaused');
    assert.equal(message.runId, runId);
    assert.deepEqual(message.inspection.params, [-1.2, 1]);
    assert.deepEqual(message.inspection.state, [{ name: 'momentum_buffer', values: [0, 0] }]);
    assert.deepEqual(t.launcher.paused(), [{ runId, inspection: message.inspection }]);
    t.launcher.control('step', runId);
    assert.deepEqual(t.controlled, ['step']);
    assert.deepEqual(t.launcher.paused(), [], 'stepping: not paused until the next pause');
    t.launcher.control('pause');
    t.launcher.control('resume', runId);
    assert.deepEqual(t.controlled, ['step', 'pause', 'resume']);
    assert.deepEqual(t.pages.of('runResumed'), [{ type: 'runResumed', runId }]);
    assert.equal(t.launcher.control('pause', 'no-such-run'), 0);
    finish();
    await running;
    assert.equal(t.launcher.control('pause'), 0, 'a finished run is not steered');
  });

  it('every panel run can be paused (stepping running); a plain run starts running', async () => {
    const t = setup(async (listener) => {
      listener.onHeader!(header);
      return outcome();
    });
    await t.launcher.run(target(), controls);
    assert.equal(t.started[0]!.stepping, 'running');
  });

  describe('the type check (lrlab.typeCheck)', () => {
    const problem: TypeProblem = { code: 'TS2322', message: "Type 'string' is not assignable to type 'number'.", location: { file: '/w/rosenbrock.ts', line: 2, column: 7 } };
    const plays = async (listener: RunListener) => {
      listener.onHeader!(header);
      listener.onBatch!(batch(1, 4));
      return outcome();
    };

    it('warn: the run goes ahead, and the pages get the errors of its file', async () => {
      const t = setup(plays, { settings: { typeCheck: 'warn' }, typeProblems: [problem] });
      const c = await t.launcher.run(target(), controls);
      assert.equal(c.status, 'finished');
      assert.deepEqual(t.checked, ['/w/rosenbrock.ts']);
      assert.deepEqual(t.pages.of('typeCheck'), [{ type: 'typeCheck', file: '/w/rosenbrock.ts', label: 'rosenbrock.ts', problems: [problem], strict: false }]);
      assert.equal(t.started.length, 1);
    });

    it('warn on a correct file: an empty list (it clears the last warnings)', async () => {
      const t = setup(plays, { settings: { typeCheck: 'warn' } });
      await t.launcher.run(target(), controls);
      assert.deepEqual(t.pages.of('typeCheck')[0]!.problems, []);
    });

    it('strict: a file with errors does not run; they are shown, and the run is refused with the reason', async () => {
      const t = setup(plays, { settings: { typeCheck: 'strict' }, typeProblems: [problem] });
      const c = await t.launcher.run(target(), controls);
      assert.equal(c.status, 'refused');
      assert.equal(c.reason, '1 TypeScript error in rosenbrock.ts: lrlab.typeCheck is strict, so it does not run');
      assert.equal(t.started.length, 0);
      assert.equal(t.pages.of('typeCheck')[0]!.strict, true);
      assert.deepEqual(t.ui.errors, [`LR Lab: ${c.reason}`]);
    });

    it('off: nothing is checked', async () => {
      const t = setup(plays, { settings: { typeCheck: 'off' }, typeProblems: [problem] });
      await t.launcher.run(target(), controls);
      assert.deepEqual(t.checked, []);
      assert.deepEqual(t.pages.of('typeCheck'), []);
    });
  });

  it("the controls' batch size reaches an objective with data, and never one without", async () => {
    const plays = async (listener: RunListener) => {
      listener.onHeader!(header);
      return outcome();
    };
    const withData = setup(plays);
    withData.ui.hasData = true;
    await withData.launcher.run(target(), { ...controls, batchSize: 8 });
    assert.equal(withData.started[0]!.config.batchSize, 8);
    const without = setup(plays);
    await without.launcher.run(target(), { ...controls, batchSize: 8 });
    assert.equal(without.started[0]!.config.batchSize, null);
  });

  it('the run says which gradient it uses and why not the exact one: in its meta, to the pages when it changes mid-run, and in the output channel', async () => {
    const location = { file: '/w/rosenbrock.ts', line: 12 };
    const numeric = setup(async (listener) => {
      listener.onHeader!({ ...header, gradient: 'numeric', gradientReason: 'calls Math.random(), so the objective is not a function of the parameters alone', gradientLocation: location });
      return outcome();
    });
    await numeric.launcher.run(target(), controls);
    const meta = numeric.pages.of('runStarted')[0]!.run;
    assert.equal(meta.gradient, 'numeric');
    assert.equal(meta.gradientReason, 'calls Math.random(), so the objective is not a function of the parameters alone');
    assert.deepEqual(meta.gradientLocation, location);
    assert.ok(numeric.log.lines.some((l) => l.includes('gradient: central differences, not exact — /w/rosenbrock.ts:12: calls Math.random()')), numeric.log.lines.join('\n'));

    const midRun = setup(async (listener) => {
      listener.onHeader!({ ...header, gradient: 'exact' });
      listener.onBatch!(batch(1, 2));
      listener.onGradientFallback!({ step: 3, reason: 'turns a value that depends on the parameters into a string', location });
      return outcome();
    });
    await midRun.launcher.run(target(), controls);
    assert.deepEqual(midRun.pages.types, ['runStarted', 'runGradient', 'runFinished']);
    const runId = midRun.pages.of('runStarted')[0]!.run.id;
    assert.deepEqual(midRun.pages.of('runGradient')[0], { type: 'runGradient', runId, fallback: { step: 3, reason: 'turns a value that depends on the parameters into a string', location } });
    assert.deepEqual(midRun.store.get(runId)!.meta.gradientFallback, { step: 3, reason: 'turns a value that depends on the parameters into a string', location });
    assert.equal(midRun.store.get(runId)!.meta.gradient, 'exact', 'the run started on the exact gradient');
    assert.ok(midRun.log.lines.some((l) => l.includes('from step 3 on, central differences instead of the exact gradient: turns a value')), midRun.log.lines.join('\n'));
  });

  it("the lrlab.gradient setting reaches the run's config", async () => {
    const t = setup(
      async (listener) => {
        listener.onHeader!(header);
        return outcome();
      },
      { settings: { gradient: 'numeric' } },
    );
    await t.launcher.run(target(), controls);
    assert.equal(t.started[0]!.config.gradient, 'numeric');
    const byDefault = setup(async (listener) => {
      listener.onHeader!(header);
      return outcome();
    });
    await byDefault.launcher.run(target(), controls);
    assert.equal(byDefault.started[0]!.config.gradient, 'auto');
  });

  it("the run's meta carries the objective as the worker loaded it and its x0 (for exports in lrlab run's shape)", async () => {
    const t = setup(async (listener) => {
      listener.onHeader!(header);
      return outcome();
    });
    await t.launcher.run(target(), controls);
    assert.deepEqual(t.pages.of('runStarted')[0]!.run.info, { form: 'object', hasGradient: true, stochastic: false, hasMetrics: false, x0: [-1.2, 1] });
  });

  it("a mini-batch objective's data set size and own batch size reach the run's meta (the panel's epoch axis)", async () => {
    const t = setup(async (listener) => {
      listener.onHeader!({ ...header, objective: { ...header.objective, stochastic: true, dataItems: 150, batchSize: 16 } });
      return outcome();
    });
    await t.launcher.run(target(), controls);
    assert.deepEqual(t.pages.of('runStarted')[0]!.run.info, { form: 'object', hasGradient: true, stochastic: true, hasMetrics: false, dataItems: 150, batchSize: 16, x0: [-1.2, 1] });
  });

  it("a run with adoptControls false (Compare's) leaves the panel's controls as they are", async () => {
    const t = setup(async (listener) => {
      listener.onHeader!(header);
      return outcome();
    });
    const before = t.playground.controls;
    const c = await t.launcher.run(target(), controls, { adoptControls: false, progress: false });
    assert.equal(c.status, 'finished');
    assert.equal(t.playground.controls, before);
  });
});
