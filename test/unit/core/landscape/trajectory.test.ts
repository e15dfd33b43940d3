/** Decimated trajectories, f on a grid, random filter-normalised planes and the scene. */
import assert from 'node:assert/strict';
import { axesPlane, buildScene, evaluateGrid, PlaneProjector, randomPlane, Trajectory, trajectoryCapacity } from '../../../../src/core/landscape';
import type { RecordBatch } from '../../../../src/core/minimize/records';
import { assertClose, assertCloseAll } from '../minimize/helpers';

/** Records of steps from..to of a 2-parameter run: params after step k = (k, −k), loss at the step's start = 1000 − (k − 1), lr = k/10. */
function batch(from: number, to: number): RecordBatch {
  const count = to - from + 1;
  const params = new Float64Array(count * 2);
  const loss = new Float64Array(count);
  const lr = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const k = from + i;
    params[2 * i] = k;
    params[2 * i + 1] = -k;
    loss[i] = 1000 - (k - 1);
    lr[i] = k / 10;
  }
  return { firstStep: from, count, dim: 2, lr, loss, gradNorm: new Float64Array(count), params, metrics: {} };
}

describe('landscape trajectory (decimated path)', () => {
  it('keeps every point of a short run, with the loss at each point and the lr that led there', () => {
    const t = new Trajectory(2, [0, 0]);
    t.append(batch(1, 3));
    t.append(batch(4, 5));
    t.finish(42);
    const p = t.points();
    assert.deepEqual(p.steps, [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(Array.from(p.params), [0, 0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5]);
    // Loss at point k is step k+1's recorded loss (1000 − k); at the last point, the final loss.
    assert.deepEqual(p.losses, [1000, 999, 998, 997, 996, 42]);
    assert.deepEqual(p.lrs, [NaN, 0.1, 0.2, 0.3, 0.4, 0.5]);
  });

  it('keeps at most its capacity, on a doubling stride, first and latest always', () => {
    const t = new Trajectory(2, [0, 0], 8);
    for (let from = 1; from <= 100; from += 7) t.append(batch(from, Math.min(100, from + 6)));
    const p = t.points();
    assert.ok(p.steps.length <= 8, `${p.steps.length} points`);
    assert.equal(p.steps[0], 0);
    assert.equal(p.steps.at(-1), 100);
    // 7 kept on the stride + the latest: stride 16 → 0 16 32 48 64 80 96, then 100.
    assert.deepEqual(p.steps, [0, 16, 32, 48, 64, 80, 96, 100]);
    for (let i = 0; i < p.steps.length; i++) assert.deepEqual(Array.from(p.params.subarray(2 * i, 2 * i + 2)), [p.steps[i], p.steps[i] === 0 ? 0 : -p.steps[i]!]);
    assert.deepEqual(p.losses.slice(0, 7), [1000, 984, 968, 952, 936, 920, 904]);
    assert.ok(Number.isNaN(p.losses[7]!), 'the latest point has no loss until the run ends');
  });

  it('keeps 10,000 points at most, fewer in many dimensions, and ignores repeated steps', () => {
    assert.equal(trajectoryCapacity(2), 10_000);
    assert.equal(trajectoryCapacity(1000), 1048);
    assert.equal(trajectoryCapacity(10_000_000), 2);
    const t = new Trajectory(2, [0, 0]);
    t.append(batch(1, 30_000));
    t.append(batch(20_000, 30_001));
    const p = t.points();
    assert.ok(p.steps.length <= 10_000 && p.steps.length > 5000, String(p.steps.length));
    assert.equal(p.steps.at(-1), 30_001);
  });

  it('comes back from its points (a restored run)', () => {
    const t = new Trajectory(2, [0, 0]);
    t.append(batch(1, 4));
    t.finish(7);
    const again = Trajectory.fromPoints(t.points());
    assert.deepEqual(again.points(), t.points());
  });
});

describe('landscape grid', () => {
  it('samples f at the cell centres, row by row, and marks the least value', () => {
    // Box [0, 2] × [0, 1], 4 × 2: α = 0.25 0.75 1.25 1.75, β = 0.25 0.75; f = α + 10β.
    const grid = evaluateGrid((x) => x[0]! + 10 * x[1]!, axesPlane(), { box: { xMin: 0, xMax: 2, yMin: 0, yMax: 1 }, nx: 4, ny: 2 });
    assert.deepEqual(Array.from(grid.values), [2.75, 3.25, 3.75, 4.25, 7.75, 8.25, 8.75, 9.25]);
    assert.deepEqual(grid.min, { alpha: 0.25, beta: 0.25, value: 2.75 });
    assert.equal(grid.failures, 0);
  });

  it('puts NaN where f throws or returns no finite number, and says why the first one failed', () => {
    const grid = evaluateGrid(
      (x) => {
        if (x[0]! > 1) throw new Error('log of a negative');
        return x[1]! > 0.5 ? Infinity : 1;
      },
      axesPlane(),
      { box: { xMin: 0, xMax: 2, yMin: 0, yMax: 1 }, nx: 4, ny: 2 },
      (e) => (e as Error).message,
    );
    assert.deepEqual(Array.from(grid.values), [1, 1, NaN, NaN, NaN, NaN, NaN, NaN]);
    assert.equal(grid.failures, 6);
    assert.deepEqual(grid.firstFailure, { alpha: 1.25, beta: 0.25, reason: 'log of a negative' });
  });

  it('evaluates along a plane θ = origin + αu + βv', () => {
    const plane = { kind: 'pca' as const, dim: 3, origin: Float64Array.of(1, 1, 1), u: Float64Array.of(1, 0, 0), v: Float64Array.of(0, 0, 1), explained: [0.9, 0.1] as [number, number] };
    const seen: number[][] = [];
    evaluateGrid((x) => (seen.push(Array.from(x)), 0), plane, { box: { xMin: -1, xMax: 1, yMin: 0, yMax: 2 }, nx: 2, ny: 1 });
    assert.deepEqual(seen, [[0.5, 1, 2], [1.5, 1, 2]]);
  });
});

describe('landscape planes', () => {
  it('scales random directions to the parameters’ norm (one filter without blocks), the same per seed', () => {
    const centre = Float64Array.of(3, 4, 0, 0);
    const a = randomPlane(centre, 7, 1);
    const b = randomPlane(centre, 7, 1);
    const c = randomPlane(centre, 8, 1);
    const norm = (x: Float64Array) => Math.sqrt(x.reduce((s, y) => s + y * y, 0));
    assertClose(norm(a.u), 5, 1e-14, '‖u‖');
    assertClose(norm(a.v), 5, 1e-14, '‖v‖');
    assert.deepEqual(a, b);
    assert.notDeepEqual(Array.from(a.u), Array.from(c.u));
  });

  it('normalises each row of a declared block to that row’s norm (Li et al.’s filters), the rest parameter by parameter', () => {
    // A 2×2 block at 0: rows (3, 4) and (0, 1); then one loose parameter (−2), and a zero one.
    const centre = Float64Array.of(3, 4, 0, 1, -2, 0);
    const { u } = randomPlane(centre, 1, 0.5, [{ offset: 0, rows: 2, cols: 2 }]);
    assertClose(Math.hypot(u[0]!, u[1]!), 5, 1e-14, 'row 1');
    assertClose(Math.hypot(u[2]!, u[3]!), 1, 1e-14, 'row 2');
    assertClose(Math.abs(u[4]!), 2, 1e-14, 'loose parameter');
    assertClose(Math.abs(u[5]!), 0.5, 1e-14, 'zero parameter takes the fallback scale');
  });

  it('projects onto a plane by least squares (exact for points in it)', () => {
    const plane = { kind: 'random' as const, dim: 3, origin: Float64Array.of(1, 2, 3), u: Float64Array.of(1, 1, 0), v: Float64Array.of(1, 0, 1), explained: null };
    // θ = origin + 2u − 3v = (0, 4, 0).
    assertCloseAll(new PlaneProjector(plane).project([0, 4, 0]), [2, -3], 1e-14, 'coordinates');
  });

  it('builds a scene: axes for 2 parameters, PCA through the first run’s final point for more', () => {
    const two = buildScene([{ id: 'a', points: { dim: 2, steps: [0, 1], params: Float64Array.of(0, 0, 2, 1), lrs: [NaN, 0.1], losses: [1, 0] } }], 2, { mode: 'pca', seed: 0 });
    assert.equal(two.plane.kind, 'axes');
    assert.deepEqual(two.paths[0]!.xs, [0, 2]);
    assert.equal(two.box!.aspectLocked, true);
    const path3 = { dim: 3, steps: [0, 1, 2, 3], params: Float64Array.of(0, 0, 0, 1, 0, 0, 2, 0.5, 0, 3, 0, 0), lrs: [NaN, 1, 1, 1], losses: [3, 2, 1, 0] };
    const three = buildScene([{ id: 'b', points: path3 }], 3, { mode: 'pca', seed: 0 });
    assert.equal(three.plane.kind, 'pca');
    assert.equal(three.centreId, 'b');
    assert.deepEqual(Array.from(three.plane.origin), [3, 0, 0]);
    // The last point is the origin of the plane.
    assertCloseAll([three.paths[0]!.xs[3]!, three.paths[0]!.ys[3]!], [0, 0], 0, 'final point', 1e-15);
    const random = buildScene([{ id: 'b', points: path3 }], 3, { mode: 'random', seed: 3 });
    assert.equal(random.plane.kind, 'random');
    assert.ok(random.box!.xMin <= -1 && random.box!.xMax >= 1, 'the random box holds [−1, 1]');
  });
});
