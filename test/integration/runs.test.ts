/**
 * Runs in a real extension host: objective discovery on the examples, `lrlab.runOptimizer` with
 * a file and an objective (as the CodeLens calls it), the records and outcome it produces, the
 * panel beside the editor and its PNG, the status bar, `lrlab.runAgain`, `lrlab.stop` on an
 * objective that never returns, the time limit, and objectives that go wrong (NaN loss, a
 * gradient of the wrong length, a NaN gradient mid-run) with a diagnostic on the line at fault.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  assertAllClose,
  assertClose,
  assertStopReason,
  closePanel,
  lineOf,
  lrlab,
  lrlabDiagnostics,
  markedLine,
  nextCompletion,
  open,
  panelTab,
  rosenbrock,
  runCommand,
  runOf,
  sgdByHand,
  SettingsScope,
  waitFor,
  workspaceUri,
  type LrLabApi,
  type RunCompletion,
} from './support';

const LR = 0.001;
const ITERATIONS = 40;

/** SGD at lr 0.001 with a constant schedule, set as a user sets it (settings). */
const SGD_SETTINGS = { optimizer: 'sgd', learningRate: LR, schedule: 'constant', iterations: ITERATIONS };
const sgdControls = (iterations = ITERATIONS) => ({ optimizer: { type: 'sgd', lr: LR }, schedule: { type: 'constant' }, iterations });

/** The names `export const NAME` / `export function NAME` declare, read off the text. */
function exportedNames(text: string): string[] {
  return [...text.matchAll(/^export (?:const|function) (\w+)/gm)].map((m) => m[1]!);
}

describe('runs: LR Lab runs objectives in the extension host', () => {
  let api: LrLabApi;
  /** The first rosenbrock run; later tests look at what it left (panel, status bar) and run it again. */
  let first: RunCompletion | undefined;

  const suiteSettings = new SettingsScope();
  const testSettings = new SettingsScope();

  before(async () => {
    api = await lrlab();
    await suiteSettings.set(SGD_SETTINGS, api, sgdControls());
  });

  afterEach(async () => {
    await testSettings.restore();
  });

  after(async () => {
    await suiteSettings.restore();
  });

  it('discovers the objectives of every example statically: names, forms, lines, x0, grad', async () => {
    const rosenbrockFile = (await open('rosenbrock.ts')).document;
    const [found, ...more] = api.discover(rosenbrockFile);
    assert.deepEqual(more, []);
    assert.ok(found);
    assert.deepEqual(
      { name: found.name, form: found.form, line: found.line, x0: found.x0, hasGrad: found.hasGrad },
      { name: 'rosenbrock', form: 'object', line: lineOf(rosenbrockFile, 'export const rosenbrock') + 1, x0: [-1.2, 1], hasGrad: true },
    );

    const quadratic = await vscode.workspace.openTextDocument(workspaceUri('quadratic.ts'));
    assert.deepEqual(
      api.discover(quadratic).map((o) => ({ name: o.name, form: o.form, line: o.line, x0: o.x0, hasGrad: o.hasGrad })),
      [
        { name: 'quadratic', form: 'object', line: lineOf(quadratic, 'export const quadratic') + 1, x0: [-2, 1], hasGrad: true },
        { name: 'sphere', form: 'function', line: lineOf(quadratic, 'export function sphere') + 1, x0: [1, -2, 3], hasGrad: false },
      ],
    );

    const examples = (await vscode.workspace.fs.readDirectory(workspaceUri(''))).filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.ts')).map(([name]) => name);
    assert.ok(examples.length >= 7, `examples: ${examples.join(', ')}`);
    for (const name of examples) {
      const document = await vscode.workspace.openTextDocument(workspaceUri(name));
      const objectives = api.discover(document);
      assert.deepEqual(objectives.map((o) => o.name), exportedNames(document.getText()), name);
      // x0 may be computed (illConditioned's Array.from): then it is known only when the file runs.
      for (const o of objectives) assert.equal(o.x0Problem, null, `${name}: ${o.name}`);
    }
    assert.deepEqual(api.discover(await vscode.workspace.openTextDocument(workspaceUri('fixtures/noObjective.ts'))), []);
  });

  it('lrlab.runOptimizer(uri, name) on rosenbrock.ts: records of steps 1..N at the configured lr, the losses of SGD by hand, stopReason maxIterations', async () => {
    const editor = await open('rosenbrock.ts');
    await closePanel(api);
    const completion = await runCommand(api, editor.document.uri, 'rosenbrock');
    first = completion;
    assertStopReason(completion, 'maxIterations');
    assert.equal(completion.target.objective, 'rosenbrock');
    assert.equal(completion.target.uri.toString(), editor.document.uri.toString());
    const outcome = completion.outcome!;
    assert.equal(outcome.steps, ITERATIONS);

    const run = runOf(api, completion);
    assert.equal(run.meta.objective.name, 'rosenbrock');
    assert.equal(run.meta.objective.label, 'rosenbrock.ts');
    assert.equal(run.meta.dim, 2);
    assert.equal(run.meta.gradient, 'user');
    assert.equal(run.meta.config.optimizer.type, 'sgd');
    assert.equal(run.meta.config.optimizer.lr, LR);
    assert.equal(run.meta.config.iterations, ITERATIONS);
    assert.deepEqual(run.outcome && { stopReason: run.outcome.stopReason, steps: run.outcome.steps }, { stopReason: 'maxIterations', steps: ITERATIONS });

    // Steps 1..N: the columns start at step 1 and hold one value per step.
    const { data } = run;
    assert.equal(data.firstStep, 1);
    for (const column of [data.lr, data.loss, data.gradNorm]) assert.equal(column.length, ITERATIONS);
    assert.ok(data.loss.every(Number.isFinite), 'every loss is finite');
    assert.deepEqual(new Set(data.lr), new Set([LR]), 'every step used the configured lr');
    // Step 1 starts at (−1.2, 1), where f = 2.2² + 100·0.44² = 24.2.
    assertClose(data.loss[0]!, 24.2, 1e-14, 'loss of step 1');
    const expected = sgdByHand(rosenbrock, [-1.2, 1], new Array<number>(ITERATIONS).fill(LR));
    assertAllClose(data.loss, expected.losses, 1e-12, 'loss');
    assertAllClose(data.gradNorm, expected.gradNorms, 1e-12, 'gradNorm');
    assertClose(outcome.finalLoss, rosenbrock.f(expected.x), 1e-12, 'final loss');
    assert.ok(outcome.finalLoss < data.loss[ITERATIONS - 1]!, 'the loss went down');
  });

  it('opens the panel beside the editor (view column two), and captures its charts as a PNG', async () => {
    assert.ok(first, 'the first run did not happen');
    assert.deepEqual({ open: api.panel().open, visible: api.panel().visible }, { open: true, visible: true });
    // (the tab model reaches the extension host a moment after the panel opens)
    const tab = await waitFor(panelTab, 'a tab of the lrlab.panel webview');
    assert.equal(tab.group.viewColumn, vscode.ViewColumn.Two);
    assert.equal(tab.label, 'LR Lab');
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === first!.target.uri.toString());
    assert.equal(editor?.viewColumn, vscode.ViewColumn.One, 'the objective stays in the first column');

    await api.whenPanelReady();
    assert.equal(api.panel().ready, true);
    const dataUrl = await api.capturePanel();
    const prefix = 'data:image/png;base64,';
    assert.ok(dataUrl.startsWith(prefix), dataUrl.slice(0, 40));
    const png = Buffer.from(dataUrl.slice(prefix.length), 'base64');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    assert.equal(png.toString('latin1', 12, 16), 'IHDR');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    assert.ok(width >= 200 && height >= 100, `${width}×${height}`);
    // Axes, curves and labels: far more than a blank image of that size compresses to.
    assert.ok(png.length > 8_000, `only ${png.length} bytes`);
  });

  it('shows the final loss in the status bar', () => {
    assert.ok(first?.outcome, 'the first run did not happen');
    const match = /^\$\(graph-line\) loss (\S+)$/.exec(api.statusText());
    assert.ok(match, `status bar: ${JSON.stringify(api.statusText())}`);
    // Four significant digits.
    assertClose(Number(match[1]), first.outcome.finalLoss, 5e-4, 'status bar loss');
  });

  it('lrlab.runAgain runs the same objective and controls again: a second run, same records', async () => {
    assert.ok(first, 'the first run did not happen');
    const before = runOf(api, first);
    const announced = nextCompletion(api);
    await vscode.commands.executeCommand('lrlab.runAgain');
    const again = await announced;
    assertStopReason(again, 'maxIterations');
    assert.notEqual(again.runId, first.runId);
    assert.equal(again.target.objective, 'rosenbrock');
    const ids = api.runs().map((r) => r.meta.id);
    assert.ok(ids.includes(first.runId!) && ids.includes(again.runId!), 'both runs are in the panel');
    const second = runOf(api, again);
    assert.deepEqual(second.data.loss, before.data.loss);
    assert.deepEqual(second.data.lr, before.data.lr);
    assert.equal(second.meta.label, `${before.meta.label} #2`, 'a repeat of the same config is numbered');
  });

  it('lrlab.stop ends a run whose objective never returns: cancelled at once, long before any time limit', async () => {
    await testSettings.set({ iterations: 1_000_000 }, api, sgdControls(1_000_000));
    const editor = await open('fixtures/infiniteLoop.ts');
    const announced = nextCompletion(api);
    let ended = false;
    void announced.then(() => (ended = true));
    let commandFailed: unknown;
    const command = Promise.resolve(vscode.commands.executeCommand('lrlab.runOptimizer', editor.document.uri, 'stuck')).catch((e: unknown) => (commandFailed = e ?? 'failed'));
    // The first 100 calls take 2 ms each and stream records; then f never returns.
    const running = await waitFor(() => {
      if (commandFailed) throw commandFailed;
      return api.runs().find((r) => r.meta.objective.name === 'stuck' && r.outcome === null && r.data.loss.length > 0);
    }, 'records of the stuck run');
    // Stop once f is stuck (the fixture says so on stderr, which the output channel shows).
    await waitFor(() => api.logLines().some((line) => line.includes('stuck: f never returns')), 'the stuck run to say it is stuck');
    assert.equal(ended, false, 'the stuck run ended by itself');
    const stopped = performance.now();
    assert.equal(await vscode.commands.executeCommand('lrlab.stop'), 1, 'one run was stopped');
    const completion = await announced;
    const took = performance.now() - stopped;
    await command;
    assertStopReason(completion, 'cancelled');
    assert.equal(completion.runId, running.meta.id);
    // Stop asks the run to end after its step; stuck in f, it cannot, so its worker is terminated after
    // the grace (half a second) and the records it had not sent are read. The bound (far below the
    // run's 60 s limit and 10 s per-call limit the run would otherwise end at) only catches a Stop that
    // does not work; a busy machine must not reach it.
    assert.ok(took < 9_000, `cancelling took ${took.toFixed(0)} ms`);
    const run = runOf(api, completion);
    assert.equal(run.outcome?.stopReason, 'cancelled');
    assert.ok(completion.outcome!.steps >= running.data.loss.length && completion.outcome!.steps <= 100, `steps ${completion.outcome!.steps}`);
    assert.equal(await vscode.commands.executeCommand('lrlab.stop'), 0, 'nothing left to stop');
  });

  it('lrlab.stop ends a run that is making steps after its step under way: cancelled, every step recorded, with its final loss', async () => {
    await testSettings.set({ iterations: 1_000_000 }, api, sgdControls(1_000_000));
    const editor = await open('fixtures/slow.ts');
    const announced = nextCompletion(api);
    let commandFailed: unknown;
    const command = Promise.resolve(vscode.commands.executeCommand('lrlab.runOptimizer', editor.document.uri, 'slowBowl')).catch((e: unknown) => (commandFailed = e ?? 'failed'));
    const running = await waitFor(() => {
      if (commandFailed) throw commandFailed;
      return api.runs().find((r) => r.meta.objective.name === 'slowBowl' && r.outcome === null && r.data.loss.length > 0);
    }, 'records of the slow run');
    const recordedBefore = running.data.loss.length;
    assert.equal(await vscode.commands.executeCommand('lrlab.stop'), 1, 'one run was stopped');
    const completion = await announced;
    await command;
    assertStopReason(completion, 'cancelled');
    const steps = completion.outcome!.steps;
    const run = runOf(api, completion);
    assert.ok(steps >= recordedBefore, `${steps} steps, ${recordedBefore} recorded before Stop`);
    assert.equal(run.data.loss.length, steps, 'every step the worker took is recorded');
    // slowBowl is x² from 4; SGD at lr 0.001 multiplies x by 0.998 each step: the worker's own final
    // loss (a terminated worker has none) is (4·0.998ⁿ)² after n steps, the record of step k (4·0.998ᵏ⁻¹)².
    assertClose(run.data.loss[steps - 1]!, (4 * 0.998 ** (steps - 1)) ** 2, 1e-9, `loss of step ${steps}`);
    assertClose(completion.outcome!.finalLoss, (4 * 0.998 ** steps) ** 2, 1e-9, 'final loss');
  });

  it('a run longer than lrlab.timeLimitSeconds ends with stopReason timeout, its records kept', async () => {
    // 3 s: the limit counts from the start (bundling and the worker's start included), and a busy
    // machine can spend most of half a second there, leaving no steps to check.
    await testSettings.set({ iterations: 1_000_000, timeLimitSeconds: 3 }, api, sgdControls(1_000_000));
    const editor = await open('fixtures/slow.ts');
    const started = performance.now();
    const completion = await runCommand(api, editor.document.uri, 'slowBowl');
    const took = performance.now() - started;
    assertStopReason(completion, 'timeout');
    // The loop stops just before the limit (counted from the start of the run, bundling included).
    // The upper bound only catches a hang (the worker stops itself; the hard stop comes 1 s after the limit).
    assert.ok(took >= 2_900 && took < 60_000, `the run took ${took.toFixed(0)} ms`);
    const steps = completion.outcome!.steps;
    // About 3 ms per call: well over 10 steps in three seconds, far from the million asked.
    assert.ok(steps > 10 && steps < 10_000, `steps ${steps}`);
    assert.equal(runOf(api, completion).data.loss.length, steps);
    assert.match(api.statusText(), /^\$\(warning\) loss /);
  });

  describe('an objective that goes wrong ends with the named reason and a diagnostic on its line', () => {
    const cases = [
      { file: 'fixtures/returnsNaN.ts', objective: 'nan', stopReason: 'error', code: 'nonFiniteLoss', message: /f returned NaN at the starting point/, mark: 'nanF', steps: 0 },
      { file: 'fixtures/wrongGradLength.ts', objective: 'lopsided', stopReason: 'error', code: 'gradientLength', message: /grad returned 3 values, expected 2/, mark: 'grad', steps: 0 },
      // A wrong value in the object (no stack to point at): at its f, the run never starting.
      { file: 'fixtures/badObjects.ts', objective: 'nanStart', stopReason: 'error', code: 'invalidObjective', message: /nanStart\.x0\[1\] must be a finite number \(got NaN\)/, mark: 'nanStart', steps: 0 },
      { file: 'fixtures/badObjects.ts', objective: 'nanShape', stopReason: 'error', code: 'invalidObjective', message: /nanShape\.shape\[1\]\[0\] is NaN, but a dimension of a block must be an integer ≥ 1/, mark: 'nanShape', steps: 0 },
      { file: 'fixtures/badValues.ts', objective: 'nanGradient', stopReason: 'diverged', code: 'nonFiniteGradient', message: /gradient component 1 \(x\[1\]\) is NaN at step 3/, mark: 'nanGrad', steps: 2 },
    ];
    for (const c of cases) {
      it(`${c.file} (${c.objective}): ${c.stopReason}, ${c.code} at // MARK: ${c.mark}`, async () => {
        const editor = await open(c.file);
        const { uri } = editor.document;
        const completion = await runCommand(api, uri, c.objective);
        assertStopReason(completion, c.stopReason);
        const outcome = completion.outcome!;
        assert.equal(outcome.steps, c.steps);
        assert.equal(outcome.error?.code, c.code);
        assert.match(outcome.error!.message, c.message);

        const diagnostics = lrlabDiagnostics(uri);
        assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
        const [diagnostic] = diagnostics;
        assert.equal(diagnostic!.range.start.line, markedLine(editor.document, c.mark));
        assert.equal(diagnostic!.code, c.code);
        assert.equal(diagnostic!.severity, vscode.DiagnosticSeverity.Error);
        assert.match(diagnostic!.message, c.message);
        assert.deepEqual(api.diagnostics(uri).map((d) => d.message), [diagnostic!.message]);
        // A diverged run: where its records end (the panel's words); an error says so.
        assert.equal(api.statusText(), c.stopReason === 'diverged' ? `$(warning) diverged at step ${c.steps}` : '$(warning) error');
      });
    }
  });
});
