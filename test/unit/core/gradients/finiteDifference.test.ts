import assert from 'node:assert/strict';
import { LrLabError } from '../../../../src/core/errors';
import { centralDifferenceGradient } from '../../../../src/core/gradients/finiteDifference';

/** max_i |actual_i − expected_i| / max(|expected_i|, 1e-300): the worst relative error. */
function maxRelativeError(actual: Float64Array, expected: readonly number[]): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), 1e-300));
  return worst;
}

function numericGradient(f: (x: Float64Array) => number, x: readonly number[]): Float64Array {
  const out = new Float64Array(x.length);
  centralDifferenceGradient(f, Float64Array.from(x), out);
  return out;
}

describe('centralDifferenceGradient', () => {
  it('matches the exact gradient of a diagonal quadratic ½Σaᵢxᵢ² + Σbᵢxᵢ + c to 1e-9 relative', () => {
    const a = [1, 10, 0.5, 3];
    const b = [0.25, -1, 2, 0];
    const f = (x: Float64Array) => {
      let s = 7;
      for (let i = 0; i < a.length; i++) s += 0.5 * a[i]! * x[i]! ** 2 + b[i]! * x[i]!;
      return s;
    };
    const x = [1.5, -0.7, 3, 0.2];
    const exact = x.map((xi, i) => a[i]! * xi + b[i]!);
    assert.ok(maxRelativeError(numericGradient(f, x), exact) < 1e-9);
  });

  it('matches the exact gradient of a coupled quadratic ½xᵀAx (A symmetric) to 1e-9 relative', () => {
    const A = [
      [4, 1, -2],
      [1, 3, 0.5],
      [-2, 0.5, 5],
    ];
    const f = (x: Float64Array) => {
      let s = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) s += 0.5 * x[i]! * A[i]![j]! * x[j]!;
      return s;
    };
    const x = [0.3, -1.2, 2.1];
    const exact = A.map((row) => row.reduce((s, aij, j) => s + aij * x[j]!, 0));
    assert.ok(maxRelativeError(numericGradient(f, x), exact) < 1e-9);
  });

  it('matches sin/exp derivatives to 1e-8 relative: f = sin(x₀) + exp(x₁) + x₀x₁', () => {
    const f = (x: Float64Array) => Math.sin(x[0]!) + Math.exp(x[1]!) + x[0]! * x[1]!;
    for (const x of [
      [0.4, -0.3],
      [2.5, 1.7],
      [-3, 0.01],
    ]) {
      const exact = [Math.cos(x[0]!) + x[1]!, Math.exp(x[1]!) + x[0]!];
      const rel = maxRelativeError(numericGradient(f, x), exact);
      assert.ok(rel < 1e-8, `at ${x}: relative error ${rel}`);
    }
  });

  it('scales the step with |x|, so large coordinates keep their accuracy: f = x² + sin(x/1e6)', () => {
    const f = (x: Float64Array) => x[0]! * x[0]! + Math.sin(x[0]! / 1e6);
    for (const x of [1e6, -3.7e8, 12345.678, 4.2e12]) {
      const exact = 2 * x + Math.cos(x / 1e6) / 1e6;
      const rel = maxRelativeError(numericGradient(f, [x]), [exact]);
      assert.ok(rel < 1e-9, `at ${x}: relative error ${rel}`);
    }
  });

  it('steps by ∛ε·max(1, |xᵢ|), exactly representable, one coordinate at a time', () => {
    const x0 = [0, 0.1, -2.5, 1e6];
    const seen: number[][] = [];
    centralDifferenceGradient(
      (p) => {
        seen.push(Array.from(p));
        return 0;
      },
      Float64Array.from(x0),
      new Float64Array(4),
    );
    assert.equal(seen.length, 8);
    for (let i = 0; i < 4; i++) {
      const plus = seen[2 * i]!;
      const minus = seen[2 * i + 1]!;
      for (let j = 0; j < 4; j++) if (j !== i) assert.ok(Object.is(plus[j], x0[j]) && Object.is(minus[j], x0[j]), `only x[${i}] moves`);
      const h = plus[i]! - x0[i]!;
      const nominal = Math.cbrt(2 ** -52) * Math.max(1, Math.abs(x0[i]!));
      assert.ok(Math.abs(h - nominal) <= 1e-9 * nominal, `step of x[${i}]: ${h} vs ${nominal}`);
      assert.equal(x0[i]! + h, plus[i], 'x + h is the point f saw');
      assert.equal(x0[i]! - h, minus[i], 'x − h is the point f saw');
    }
  });

  it('restores x bit for bit and evaluates f on the same array (no copy)', () => {
    const values = [0.1, -0.3, 1e-300, 1e6 + 0.1, -0, 123456789.123, Math.PI];
    const x = Float64Array.from(values);
    const arrays = new Set<Float64Array>();
    centralDifferenceGradient(
      (p) => {
        arrays.add(p);
        return Math.exp(p[0]!) * p[5]! + p[6]! ** 3;
      },
      x,
      new Float64Array(values.length),
    );
    assert.deepEqual([...arrays], [x]);
    for (let i = 0; i < values.length; i++) assert.ok(Object.is(x[i], values[i]), `x[${i}] restored`);
  });

  it('restores x when f throws', () => {
    const x = Float64Array.from([0.7, 0.2]);
    let calls = 0;
    assert.throws(
      () =>
        centralDifferenceGradient(
          () => {
            if (++calls === 3) throw new Error('boom');
            return 1;
          },
          x,
          new Float64Array(2),
        ),
      /boom/,
    );
    assert.deepEqual(Array.from(x), [0.7, 0.2]);
  });

  it('writes every component of out, whatever it held', () => {
    const out = Float64Array.from([NaN, NaN]);
    centralDifferenceGradient((p) => 3 * p[0]! - 2 * p[1]!, Float64Array.from([1, 1]), out);
    assert.ok(Math.abs(out[0]! - 3) < 1e-9 && Math.abs(out[1]! + 2) < 1e-9, `got ${out}`);
  });

  it('with scratch, evaluates f on scratch and never writes x; same numbers to the bit', () => {
    const values = [0.4, -1.25, 3e5];
    const f = (p: Float64Array) => Math.sin(p[0]!) * p[1]! + Math.log1p(p[2]! * p[2]!);
    const inPlace = new Float64Array(3);
    centralDifferenceGradient(f, Float64Array.from(values), inPlace);

    const x = Float64Array.from(values);
    const scratch = new Float64Array(3).fill(99);
    const withScratch = new Float64Array(3);
    const arrays = new Set<Float64Array>();
    centralDifferenceGradient(
      (p) => {
        arrays.add(p);
        for (let i = 0; i < 3; i++) assert.ok(Object.is(x[i], values[i]), `x[${i}] untouched while f runs`);
        return f(p);
      },
      x,
      withScratch,
      scratch,
    );
    assert.deepEqual([...arrays], [scratch]);
    assert.deepEqual(Array.from(withScratch), Array.from(inPlace));
    assert.deepEqual(Array.from(scratch), values, 'scratch ends holding x');
  });

  it('rejects a scratch array of the wrong length', () => {
    assert.throws(
      () => centralDifferenceGradient((p) => p[0]!, Float64Array.of(1, 2), new Float64Array(2), new Float64Array(3)),
      (e: unknown) => e instanceof LrLabError && e.code === 'invalidConfig' && e.message === 'centralDifferenceGradient: scratch has 3 entries but x has 2',
    );
  });
});
