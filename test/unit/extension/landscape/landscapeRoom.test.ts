/**
 * The landscape room on the built worker: the scene of the runs the page shows (their paths,
 * the padded box) at once, then f on the grid over it — checked against f by hand at the cell
 * centres — computed once per box (the second ask is served from the cache); a 5-parameter
 * objective on the principal plane of the paths (f on that plane); a mini-batch objective's
 * landscape is f on all its data; what it says when there is nothing to draw, or in
 * Restricted Mode.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { evaluateGridInFile } from '../../../../src/core/loader';
import { buildScene } from '../../../../src/core/landscape/scene';
import { planePoint } from '../../../../src/core/landscape/plane';
import { LandscapeRoom, type LandscapeRequest } from '../../../../src/extension/landscape/landscapeRoom';
import { RunStore } from '../../../../src/extension/runs/runStore';
import { SETTINGS_DEFAULTS } from '../../../../src/extension/settings';
import type { RunMeta } from '../../../../src/shared/protocol';
import { fakeUri, FakeLog, FakePages, FakeRunUi } from '../fakes';
import { requireBuild, workerPath } from '../../core/loader/fixtures';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'fixtures');
const BOWL = path.join(FIXTURES, 'quadraticBowl.ts');
const FIVE = path.join(FIXTURES, 'illConditioned5.ts');
const LINE = path.join(FIXTURES, 'miniBatch.ts');

const bowl = (x: readonly number[]): number => (x[0]! - 1) ** 2 + 2 * (x[1]! + 2) ** 2;
const bowlGrad = (x: readonly number[]): number[] => [2 * (x[0]! - 1), 4 * (x[1]! + 2)];
const A5 = [1, 3, 10, 30, 100];
const five = (x: ArrayLike<number>): number => A5.reduce((s, a, i) => s + 0.5 * a * x[i]! ** 2, 0);
const fiveGrad = (x: readonly number[]): number[] => A5.map((a, i) => a * x[i]!);

/** Add a finished run of plain gradient descent (by hand) on `f` to the store, parameters recorded. */
function addRun(store: RunStore, id: string, file: string, name: string, x0: number[], lr: number, steps: number, f: (x: readonly number[]) => number, grad: (x: readonly number[]) => number[]): void {
  const dim = x0.length;
  const meta: RunMeta = { id, label: `sgd lr=${lr}`, colorIndex: store.takeColorIndex(), objective: { file, label: path.basename(file), name }, config: { optimizer: { type: 'sgd', lr }, schedule: { type: 'constant' }, iterations: steps }, gradient: 'user', dim, startedAt: 0 };
  store.add(meta, { recordParams: true, x0 });
  let x = [...x0];
  const loss: number[] = [];
  const params: number[] = [];
  for (let k = 0; k < steps; k++) {
    loss.push(f(x));
    const g = grad(x);
    x = x.map((v, i) => v - lr * g[i]!);
    params.push(...x);
  }
  store.append(id, { firstStep: 1, count: steps, dim, lr: new Float64Array(steps).fill(lr), loss: Float64Array.from(loss), gradNorm: new Float64Array(steps).fill(1), params: Float64Array.from(params), metrics: {} });
  store.finish(id, { stopReason: 'maxIterations', detail: '', steps, finalLoss: f(x), bestLoss: Math.min(...loss, f(x)), wallTimeMs: 1 });
}

function setup() {
  const pages = new FakePages();
  const ui = new FakeRunUi();
  const store = new RunStore();
  let evaluations = 0;
  const room = new LandscapeRoom({
    pages,
    store,
    ui,
    log: new FakeLog(),
    settings: () => SETTINGS_DEFAULTS,
    target: () => undefined,
    targetOf: (objective) => ({ uri: fakeUri(objective.file), objective: objective.name }),
    evaluate: (opts) => {
      evaluations++;
      return evaluateGridInFile({ ...opts, workerPath });
    },
  });
  return { pages, ui, store, room, evaluations: () => evaluations };
}

const request = (requestId: number, runIds: string[], extra: Partial<LandscapeRequest> = {}): LandscapeRequest => ({ requestId, runIds, mode: 'pca', seed: 0, box: null, resolution: 24, ...extra });

/** Cell centre i of n over [lo, hi]. */
const centre = (lo: number, hi: number, i: number, n: number): number => lo + ((i + 0.5) * (hi - lo)) / n;

describe('LandscapeRoom', function () {
  this.timeout(60_000);
  before(requireBuild);

  it('draws two runs of a 2-parameter objective: their paths, then f on the grid (as by hand), once per box', async () => {
    const { pages, store, room, evaluations } = setup();
    addRun(store, 'a', BOWL, 'quadraticBowl', [0, 0], 0.1, 30, bowl, bowlGrad);
    addRun(store, 'b', BOWL, 'quadraticBowl', [0, 0], 0.02, 40, bowl, bowlGrad);
    await room.request(request(1, ['a', 'b']));
    const scene = pages.of('landscapeScene')[0]!;
    assert.equal(scene.plane.kind, 'axes');
    assert.equal(scene.dim, 2);
    assert.deepEqual(scene.paths.map((p) => [p.runId, p.steps.length]), [['a', 31], ['b', 41]], 'x₀ and every step');
    assert.deepEqual([scene.paths[0]!.xs[0], scene.paths[0]!.ys[0]], [0, 0], 'each path starts at x₀');
    const box = scene.box!;
    // Every point inside the box (10% padding around the paths).
    for (const p of scene.paths) for (let i = 0; i < p.xs.length; i++) assert.ok(p.xs[i]! > box.xMin && p.xs[i]! < box.xMax && p.ys[i]! > box.yMin && p.ys[i]! < box.yMax);
    const grid = pages.of('landscapeGrid')[0]!;
    assert.equal(grid.requestId, 1);
    assert.deepEqual([grid.nx, grid.ny, grid.cached, grid.failures], [24, 24, false, 0]);
    for (const [i, j] of [[0, 0], [23, 0], [5, 17], [23, 23]] as const) {
      const expected = bowl([centre(box.xMin, box.xMax, i, 24), centre(box.yMin, box.yMax, j, 24)]);
      assert.ok(Math.abs(grid.values[j * 24 + i]! - expected) <= 1e-12 * Math.max(1, expected), `f at cell (${i}, ${j})`);
    }
    assert.ok(grid.levels.length >= 5 && grid.scale === 'log', `levels ${grid.levels.length} ${grid.scale}`);
    assert.ok(grid.min !== null && grid.min.value === Math.min(...(grid.values as number[])));
    assert.equal(evaluations(), 1);

    await room.request(request(2, ['a', 'b']));
    const again = pages.of('landscapeGrid')[1]!;
    assert.equal(again.requestId, 2);
    assert.equal(again.cached, true, 'the same box: from the cache');
    assert.deepEqual(again.values, grid.values);
    assert.equal(evaluations(), 1, 'no worker ran for it');
  });

  it('draws 5 parameters on the principal plane of the paths through the first run’s end, f evaluated on that plane', async () => {
    const { pages, store, room } = setup();
    addRun(store, 'p', FIVE, 'illConditioned', [1, 1, 1, 1, 1], 0.01, 60, five, fiveGrad);
    addRun(store, 'q', FIVE, 'illConditioned', [1, 1, 1, 1, 1], 0.005, 60, five, fiveGrad);
    await room.request(request(1, ['p', 'q']));
    const scene = pages.of('landscapeScene')[0]!;
    assert.equal(scene.plane.kind, 'pca');
    assert.equal(scene.plane.centreRunId, 'p');
    const [e1, e2] = scene.plane.explained!;
    assert.ok(e1 >= e2 && e2 > 0 && e1 + e2 <= 1 + 1e-12, `explained ${e1}, ${e2}`);
    // The plane the page was told of, rebuilt from the same paths: the grid is f on it.
    const built = buildScene(['p', 'q'].map((id) => ({ id, points: store.get(id)!.trajectory!.points() })), 5, { mode: 'pca', seed: 0 });
    const grid = pages.of('landscapeGrid')[0]!;
    const box = scene.box!;
    const theta = new Float64Array(5);
    for (const [i, j] of [[0, 0], [12, 7], [23, 23]] as const) {
      planePoint(built.plane, centre(box.xMin, box.xMax, i, 24), centre(box.yMin, box.yMax, j, 24), theta);
      assert.ok(Math.abs(grid.values[j * 24 + i]! - five(theta)) <= 1e-10 * Math.max(1, five(theta)), `f at cell (${i}, ${j})`);
    }
    // The first run ends at the plane's origin (0, 0).
    const p = scene.paths[0]!;
    assert.ok(Math.abs(p.xs.at(-1)!) < 1e-12 && Math.abs(p.ys.at(-1)!) < 1e-12);

    await room.request(request(2, ['p', 'q'], { mode: 'random', seed: 3 }));
    const random = pages.of('landscapeScene')[1]!;
    assert.equal(random.plane.kind, 'random');
    assert.equal(random.plane.explained, null);
    assert.equal(pages.of('landscapeGrid')[1]!.cached, false, 'another plane: another grid');
  });

  it('a mini-batch objective’s landscape is f on all its data', async () => {
    const { pages, store, room } = setup();
    // y = 3t − 1 at t = 0, 1/7, …, 1: the full-data mean squared error of the line a·t + b.
    const ts = [0, 1, 2, 3, 4, 5, 6, 7].map((t) => t / 7);
    const full = (x: readonly number[]): number => ts.reduce((s, t) => s + (x[0]! * t + x[1]! - (3 * t - 1)) ** 2, 0) / ts.length;
    const fullGrad = (x: readonly number[]): number[] => [ts.reduce((s, t) => s + (2 * (x[0]! * t + x[1]! - (3 * t - 1)) * t) / ts.length, 0), ts.reduce((s, t) => s + (2 * (x[0]! * t + x[1]! - (3 * t - 1))) / ts.length, 0)];
    addRun(store, 'm', LINE, 'line', [0, 0], 0.3, 50, full, fullGrad);
    await room.request(request(1, ['m']));
    const scene = pages.of('landscapeScene')[0]!;
    const grid = pages.of('landscapeGrid')[0]!;
    const box = scene.box!;
    for (const [i, j] of [[0, 0], [11, 13], [23, 23]] as const) {
      const expected = full([centre(box.xMin, box.xMax, i, 24), centre(box.yMin, box.yMax, j, 24)]);
      assert.ok(Math.abs(grid.values[j * 24 + i]! - expected) <= 1e-12 * Math.max(1, expected), `full-data f at cell (${i}, ${j}): ${grid.values[j * 24 + i]} vs ${expected}`);
    }
  });

  it('says why there is nothing to draw, and draws no f in Restricted Mode', async () => {
    const { pages, ui, store, room, evaluations } = setup();
    await room.request(request(1, []));
    assert.match(pages.of('landscapeScene')[0]!.notice!, /^No runs to draw/);
    addRun(store, 'one', BOWL, 'quadraticBowl', [0, 0], 0.1, 5, bowl, bowlGrad);
    ui.trusted = false;
    await room.request(request(2, ['one']));
    assert.equal(pages.of('landscapeScene')[1]!.paths.length, 1, 'the paths are the runs’ records: drawn');
    assert.match(pages.of('landscapeError')[0]!.message, /^Restricted Mode/);
    assert.equal(evaluations(), 0);
    assert.equal(pages.of('landscapeGrid').length, 0);
  });
});
