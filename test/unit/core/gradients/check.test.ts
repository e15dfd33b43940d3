import assert from 'node:assert/strict';
import { LrLabError } from '../../../../src/core/errors';
import { checkGradient } from '../../../../src/core/gradients/check';
import type { Objective } from '../../../../src/core/objective';

/** f = Σ xᵢ² with grad 2x, except component `wrong` whose grad is multiplied by `factor`. */
function sphere(x0: number[], wrong = -1, factor = 1): Objective {
  return {
    name: 'sphere',
    dim: x0.length,
    x0: Float64Array.from(x0),
    f: (x) => x.reduce((s, xi) => s + xi * xi, 0),
    grad: (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = 2 * x[i]! * (i === wrong ? factor : 1);
    },
  };
}

describe('checkGradient', () => {
  it('checkGradient(correct grad) is ok with errors near rounding', () => {
    const r = checkGradient(sphere([1, 2, -3]));
    assert.equal(r.ok, true);
    assert.equal(r.dim, 3);
    assert.equal(r.tolerance, 1e-6);
    assert.ok(r.maxRelError < 1e-9, `maxRelError ${r.maxRelError}`);
    assert.ok(r.maxAbsError < 1e-8, `maxAbsError ${r.maxAbsError}`);
  });

  it('checkGradient(one wrong component) fails and reports it as worst, with its numbers', () => {
    // At x = (1, 2, 3) the true gradient is (2, 4, 6); the grad says 1.5 · 6 = 9 for x[2].
    const r = checkGradient(sphere([1, 2, 3], 2, 1.5));
    assert.equal(r.ok, false);
    assert.equal(r.worst.index, 2);
    assert.equal(r.worst.analytic, 9);
    assert.ok(Math.abs(r.worst.numeric - 6) < 1e-8, `numeric ${r.worst.numeric}`);
    assert.ok(Math.abs(r.worst.absError - 3) < 1e-8, `absError ${r.worst.absError}`);
    assert.ok(Math.abs(r.worst.relError - 1 / 3) < 1e-9, `relError ${r.worst.relError}`);
    assert.equal(r.maxAbsError, r.worst.absError);
    assert.equal(r.maxRelError, r.worst.relError);
  });

  it('checkGradient picks the component furthest outside its allowance, not the largest absolute error', () => {
    // x = (1000, 1): grad[0] is off by 2e-3 (relative 1e-6 of 2000: allowed), grad[1] is off by 1e-3 (relative 5e-4).
    const objective: Objective = {
      ...sphere([1000, 1]),
      grad: (x, out) => {
        out[0] = 2 * x[0]! + 2e-3 * 0.99;
        out[1] = 2 * x[1]! + 1e-3;
      },
    };
    const r = checkGradient(objective);
    assert.equal(r.ok, false);
    assert.equal(r.worst.index, 1);
    assert.ok(r.maxAbsError > r.worst.absError);
  });

  it('checkGradient honours the tolerance option: an error of 1e-5 relative fails at 1e-6, passes at 1e-4', () => {
    const objective = sphere([0.5, -1.5], 1, 1 + 1e-5);
    assert.equal(checkGradient(objective).ok, false);
    const loose = checkGradient(objective, { tolerance: 1e-4 });
    assert.equal(loose.ok, true);
    assert.equal(loose.tolerance, 1e-4);
    assert.ok(Math.abs(loose.worst.relError - 1e-5 / (1 + 1e-5)) < 1e-9);
  });

  it('checkGradient does not fail a derivative of 0 on finite-difference noise (sin at π/2)', () => {
    const objective: Objective = {
      name: 'sin',
      dim: 1,
      x0: Float64Array.of(Math.PI / 2),
      f: (x) => 3 + Math.sin(x[0]!),
      grad: (x, out) => {
        out[0] = Math.cos(x[0]!);
      },
    };
    assert.equal(checkGradient(objective).ok, true);
    // …but a wrong derivative there still fails.
    assert.equal(checkGradient({ ...objective, grad: (_x, out) => void (out[0] = 1e-4) }).ok, false);
  });

  it('checkGradient says which components it judged at the noise floor and which by the relative tolerance', () => {
    // f = (x0 − 0.3)³ + (x1² − 4) at (0.3, 2), where f = 0: the first derivative is exactly 0, and
    // the central difference gives its truncation error h² ≈ 4e-11 there (h = ∛ε·max(1, |x0|)),
    // 4e3 times the 1e-8 floor of relative errors; the second derivative is 4.
    const objective: Objective = {
      name: 'mixed',
      dim: 2,
      x0: Float64Array.of(0.3, 2),
      f: (x) => (x[0]! - 0.3) ** 3 + (x[1]! ** 2 - 4),
      grad: (x, out) => {
        out[0] = 3 * (x[0]! - 0.3) ** 2;
        out[1] = 2 * x[1]!;
      },
    };
    const r = checkGradient(objective);
    assert.equal(r.ok, true);
    assert.deepEqual(
      r.noiseFloor.map((c) => c.index),
      [0],
    );
    const floor = r.noiseFloor[0]!;
    // noise = 10·ε·max(1, |f(x)|) / (∛ε · max(1, |x0|)) with f(x) = 0.
    const noise = (10 * Number.EPSILON) / Math.cbrt(Number.EPSILON);
    assert.ok(Math.abs(floor.noise - noise) <= 1e-12 * noise, `noise ${floor.noise} vs ${noise}`);
    assert.ok(floor.ok && floor.absError <= floor.noise && floor.relError > 1e-6);
    assert.equal(r.relative.count, 1);
    assert.equal(r.relative.index, 1);
    assert.ok(r.relative.maxRelError < 1e-9, `relative max ${r.relative.maxRelError}`);
    assert.ok(r.maxRelError >= floor.relError, 'maxRelError still covers every component');
  });

  it('checkGradient checks at options.x without changing it', () => {
    const x = Float64Array.of(0.25, -4);
    const r = checkGradient(sphere([1, 1], 0, 2), { x });
    assert.deepEqual(Array.from(x), [0.25, -4]);
    assert.equal(r.worst.index, 0);
    assert.equal(r.worst.analytic, 1);
    assert.ok(Math.abs(r.worst.numeric - 0.5) < 1e-9);
  });

  it('checkGradient gives f and grad the whole data set in mini-batch form, or options.batch', () => {
    const seen: (readonly unknown[] | undefined)[] = [];
    const data = [1, 2, 4];
    const objective: Objective<number> = {
      name: 'mean',
      dim: 1,
      x0: Float64Array.of(0.5),
      data,
      batchSize: 1,
      f: (x, batch) => {
        seen.push(batch);
        return batch!.reduce((s, d) => s + (x[0]! - d) ** 2, 0) / batch!.length;
      },
      grad: (x, out, batch) => {
        seen.push(batch);
        out[0] = batch!.reduce((s, d) => s + 2 * (x[0]! - d), 0) / batch!.length;
      },
    };
    const r = checkGradient(objective as Objective);
    assert.equal(r.ok, true);
    assert.equal(r.worst.analytic, (2 * (0.5 - 1) + 2 * (0.5 - 2) + 2 * (0.5 - 4)) / 3);
    assert.ok(seen.every((b) => b === data));
    seen.length = 0;
    const batch = [10];
    const r2 = checkGradient(objective as Objective, { batch });
    assert.equal(r2.worst.analytic, 2 * (0.5 - 10));
    assert.ok(seen.every((b) => b === batch));
  });

  it('checkGradient fails on a non-finite analytic component', () => {
    const r = checkGradient({ ...sphere([1, 2]), grad: (_x, out) => out.set([2, NaN]) });
    assert.equal(r.ok, false);
    assert.equal(r.worst.index, 1);
    assert.equal(r.worst.absError, Infinity);
  });

  it('checkGradient(objective without grad) throws LrLabError invalidObjective', () => {
    const { grad: _grad, ...noGrad } = sphere([1]);
    assert.throws(
      () => checkGradient(noGrad),
      (e: unknown) => e instanceof LrLabError && e.code === 'invalidObjective' && /objective "sphere" has no grad/.test(e.message),
    );
  });

  it('checkGradient rejects a point of the wrong length and a tolerance ≤ 0', () => {
    assert.throws(() => checkGradient(sphere([1, 2]), { x: Float64Array.of(1) }), (e: unknown) => e instanceof LrLabError && e.code === 'invalidConfig' && e.message === 'gradient check point has 1 value but objective "sphere" has 2 parameters');
    assert.throws(() => checkGradient(sphere([1, 2]), { tolerance: 0 }), /tolerance must be a finite number > 0 \(got 0\)/);
  });
});
