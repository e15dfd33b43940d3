/**
 * The playground in a real extension host: "Find lr" from the CodeLens runs fastai's range test
 * and a click on a suggestion (the page's message, handled as the page's are) sets the lr and
 * runs with it; a sweep of 6 cells, then a click on a cell overlays its run, whose curve is the
 * cell's; a new target typed after a sweep counts a cell that failed, by running it again for its
 * steps; the landscape of a 2-parameter objective with two runs: both paths and f on the grid
 * (checked against Rosenbrock by hand at the cell centres).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { assertClose, lrlab, lrlabLenses, nextCompletion, open, rosenbrock, runOf, SettingsScope, waitFor, type LrLabApi } from './support';

/** A constant lr is what the finder's suggestions are compared with; the panel's optimizer is SGD. */
const SETTINGS = { optimizer: 'sgd', learningRate: 0.001, schedule: 'constant', iterations: 60 };

describe('playground: lr finder, sweep and landscape in the extension host', () => {
  let api: LrLabApi;
  const settings = new SettingsScope();

  before(async () => {
    api = await lrlab();
    await settings.set(SETTINGS, api, { optimizer: { type: 'sgd', lr: 0.001 }, schedule: { type: 'constant' }, iterations: 60 });
  });

  after(async () => {
    await settings.restore();
  });

  it('Find lr from the CodeLens, then a click on the valley suggestion sets the lr and runs with it', async () => {
    const editor = await open('rosenbrock.ts');
    const found = (await lrlabLenses(editor.document.uri)).find((l) => l.command?.title === 'Find lr');
    assert.ok(found, 'the "Find lr" CodeLens');
    assert.deepEqual(found.command!.arguments!.map(String), [editor.document.uri.toString(), 'rosenbrock']);
    const done = (await vscode.commands.executeCommand(found.command!.command, ...found.command!.arguments!)) as Awaited<ReturnType<LrLabApi['findLr']>>;
    assert.equal(done.status, 'finished');
    const result = done.status === 'finished' ? done.result : null;
    assert.ok(result && result.lrs.length >= 10, 'the ramp took steps');
    assert.equal(result.config.optimizer.type, 'sgd', 'the panel’s optimizer');
    // One step per lr on fastai's exponential ramp from 1e-7 to 10 over 100 steps: lr_i = 1e-7 · (10 / 1e-7)^(i/100).
    assertClose(result.lrs[0]!, 1e-7, 1e-12, 'first lr');
    assertClose(result.lrs[1]! / result.lrs[0]!, 10 ** (8 / 100), 1e-9, 'ramp ratio');
    assert.ok(result.stopReason === 'numIt' || result.stopReason === 'diverged', result.stopReason);
    const valley = result.suggestions.valley;
    assert.ok(valley, 'a valley suggestion');

    const ran = nextCompletion(api);
    await api.fromPanel({ type: 'applyLr', lr: Number(valley.lr.toPrecision(3)), run: true });
    const completion = await ran;
    assert.equal(api.controls().optimizer.lr, Number(valley.lr.toPrecision(3)), 'the lr control took the suggestion');
    const run = runOf(api, completion);
    assert.equal(run.meta.config.optimizer.lr, Number(valley.lr.toPrecision(3)));
    assert.equal(run.meta.objective.name, 'rosenbrock');
    assert.equal(run.outcome?.steps, 60);
  });

  it('a sweep of 6 cells (3 lrs × SGD, Adam), then a click on a cell overlays its run: the cell’s curve and numbers', async () => {
    const editor = await open('rosenbrock.ts');
    const target = { uri: editor.document.uri, objective: 'rosenbrock' };
    const done = await api.sweep(target, { lrMin: 1e-4, lrMax: 1e-2, lrCount: 3, optimizers: [{ type: 'sgd' }, { type: 'adam' }], schedules: [{ type: 'constant' }], seeds: [0], iterations: 50, targetLoss: 1 });
    assert.equal(done.status, 'finished');
    const sweep = done.status === 'finished' ? done.sweep : null;
    assert.ok(sweep);
    assert.equal(sweep.cells.length, 6);
    assert.deepEqual(sweep.rows.map((r) => r.label), ['sgd', 'adam']);
    assert.ok(sweep.cells.every((c) => c.status === 'done' && c.summary !== null), 'every cell ran');
    const before = api.runs().length;
    const cell = sweep.cells.find((c) => c.row === 1 && c.column === 2)!;
    await api.fromPanel({ type: 'showSweepCell', sweepId: sweep.sweepId, index: cell.index });
    const runs = api.runs();
    assert.equal(runs.length, before + 1, 'the cell joined the panel’s runs');
    const overlaid = runs[runs.length - 1]!;
    assert.match(overlaid.meta.label, /^adam lr=0\.01 · 50 steps \(sweep\)$/);
    assert.equal(overlaid.data.loss.length, 50, 'its loss curve');
    assert.equal(overlaid.outcome?.finalLoss, cell.summary!.finalLoss);
    assert.equal(Math.min(...(overlaid.data.loss as number[]), overlaid.outcome!.finalLoss!), cell.summary!.bestLoss);
    // Step 1 starts at x₀ = (−1.2, 1) whatever the lr: f = 24.2.
    assertClose(overlaid.data.loss[0] as number, 24.2, 1e-14, 'loss of step 1');
  });

  it('a new target typed after a sweep counts a cell that failed after its last good step: it runs again for those steps', async () => {
    // hangsLater: f returns for 10,000 calls, then never; with 1 s a call the cell fails at step 10,001,
    // its worker stopped (no records kept). SGD at lr 0.01 from x₀ = 3: f = 9 · 0.98^(2j) after j steps, ≤ 1 from j = 55.
    const limit = new SettingsScope();
    try {
      await limit.set({ evalTimeLimitSeconds: 1 });
      const editor = await open('fixtures/hangsLater.ts');
      const target = { uri: editor.document.uri, objective: 'hangsLater' };
      const done = await api.sweep(target, { lrMin: 0.01, lrMax: 0.01, lrCount: 1, optimizers: [{ type: 'sgd' }], schedules: [{ type: 'constant' }], seeds: [0], iterations: 20_000, targetLoss: null });
      const sweep = done.status === 'finished' ? done.sweep : null;
      assert.ok(sweep);
      const failed = sweep.cells[0]!.summary!;
      assert.deepEqual([failed.stopReason, failed.steps, failed.finalLoss, failed.stepsToTarget], ['error', 10_000, null, null]);
      await api.fromPanel({ type: 'sweepTarget', sweepId: sweep.sweepId, targetLoss: 1 });
      assert.equal(sweep.cells[0]!.summary!.stepsUnknown, 'counting', 'at once: its best loss reached 1, the count is under way');
      const counted = await waitFor(() => (sweep.cells[0]!.summary!.stepsUnknown === undefined ? sweep.cells[0]!.summary! : undefined), 'the cell counted again');
      assert.equal(sweep.targetLoss, 1);
      assert.equal(counted.stepsToTarget, 55);
    } finally {
      await limit.restore();
    }
  });

  it('the landscape of rosenbrock with two runs: both paths from x₀, f on the grid as Rosenbrock gives it', async () => {
    const editor = await open('rosenbrock.ts');
    const target = { uri: editor.document.uri, objective: 'rosenbrock' };
    const a = await api.run(target, { optimizer: { type: 'adam', lr: 0.05 }, schedule: { type: 'constant' }, iterations: 80 }, { progress: false });
    const b = await api.run(target, { optimizer: { type: 'sgd', lr: 0.001, momentum: 0.9 }, schedule: { type: 'constant' }, iterations: 80 }, { progress: false });
    const ids = [a.runId!, b.runId!];
    await api.fromPanel({ type: 'landscape', requestId: 9001, runIds: ids, mode: 'pca', seed: 0, box: null, resolution: 60 });
    // The page's own landscape asks too: wait for a drawing of exactly these two runs with its grid.
    const drawn = await waitFor(() => {
      const last = api.landscape();
      return last && last.grid && last.grid.nx === 60 && last.scene.paths.map((p) => p.runId).join() === ids.join() ? last : undefined;
    }, 'the landscape of the two runs');
    const { scene, grid } = drawn as { scene: NonNullable<ReturnType<LrLabApi['landscape']>>['scene']; grid: NonNullable<NonNullable<ReturnType<LrLabApi['landscape']>>['grid']> };
    assert.equal(scene.plane.kind, 'axes');
    assert.deepEqual(scene.paths.map((p) => p.steps.length), [81, 81], 'x₀ and 80 steps each');
    for (const p of scene.paths) assert.deepEqual([p.xs[0], p.ys[0]], [-1.2, 1]);
    const box = scene.box!;
    assert.equal(grid.failures, 0);
    const centre = (lo: number, hi: number, i: number): number => lo + ((i + 0.5) * (hi - lo)) / 60;
    for (const [i, j] of [[0, 0], [30, 17], [59, 59]] as const) {
      assertClose(grid.values[j * 60 + i] as number, rosenbrock.f([centre(box.xMin, box.xMax, i), centre(box.yMin, box.yMax, j)]), 1e-12, `f at cell (${i}, ${j})`);
    }
    assert.equal(grid.scale, 'log', 'f > 0: log-spaced levels');
  });
});
