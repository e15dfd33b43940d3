import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beale } from '../../../examples/beale';
import { iris, IRIS_FEATURES, IRIS_SPECIES } from '../../../examples/data/iris';
import { illConditioned } from '../../../examples/illConditioned';
import { linearRegression } from '../../../examples/linearRegression';
import { logisticRegression } from '../../../examples/logisticRegression';
import { mlpIris } from '../../../examples/mlpIris';
import { quadratic, sphere } from '../../../examples/quadratic';
import { rosenbrock } from '../../../examples/rosenbrock';

const examplesDir = join(__dirname, '../../../examples');

/** Central differences (f(x + h eᵢ) − f(x − h eᵢ)) / 2h with h = 1e-6·max(1, |xᵢ|). */
function centralDifference(f: (x: number[]) => number, x: readonly number[]): number[] {
  return x.map((xi, i) => {
    const h = 1e-6 * Math.max(1, Math.abs(xi));
    const plus = [...x];
    const minus = [...x];
    plus[i] = xi + h;
    minus[i] = xi - h;
    return (f(plus) - f(minus)) / (plus[i]! - minus[i]!);
  });
}

/** Every component within 1e-6 of the central difference, relative to max(1, largest |component|). */
function assertGradientMatches(exact: readonly number[], f: (x: number[]) => number, x: readonly number[], where: string): void {
  const numeric = centralDifference(f, x);
  assert.equal(exact.length, x.length, `${where}: gradient length`);
  const scale = Math.max(1, ...numeric.map(Math.abs));
  for (let i = 0; i < x.length; i++) {
    const error = Math.abs(exact[i]! - numeric[i]!);
    assert.ok(error <= 1e-6 * scale, `${where}: ∂f/∂x${i} exact ${exact[i]} vs central difference ${numeric[i]} (error ${error}, scale ${scale})`);
  }
}

function assertClose(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: expected ${expected} ± ${tolerance}, got ${actual}`);
}

function assertStartsWell(x0: readonly number[], dim: number, loss: number): void {
  assert.equal(x0.length, dim);
  assert.ok(x0.every(Number.isFinite), `x0 has a non-finite entry: ${x0.join(', ')}`);
  assert.ok(Number.isFinite(loss), `f(x0) = ${loss}`);
}

/** The engine hands objectives a Float64Array: the examples must only index (or iterate) x. */
function asFloat64(x: readonly number[]): number[] {
  return Float64Array.from(x) as unknown as number[];
}

describe('examples/quadratic.ts', () => {
  it('quadratic is 2-D with f(x0) = ½ dᵀAd = 13.5 for d = x0 − c = (−3, 3)', () => {
    assertStartsWell(quadratic.x0, 2, quadratic.f(quadratic.x0));
    // dᵀAd = 3·9 + 2·1·(−3)(3) + 2·9 = 27
    assert.equal(quadratic.f(quadratic.x0), 13.5);
    assert.equal(quadratic.f(asFloat64(quadratic.x0)), 13.5);
  });

  it('quadratic has its minimum 0 at c = (1, −2), where the gradient vanishes', () => {
    assert.equal(quadratic.f([1, -2]), 0);
    assert.deepEqual(quadratic.grad([1, -2]).map(Math.abs), [0, 0]);
    for (const [dx, dy] of [[1, 0], [0, 1], [1, -1], [-0.3, 0.2]] as const) {
      assert.ok(quadratic.f([1 + dx, -2 + dy]) > 0, `f rises away from the minimum along (${dx}, ${dy})`);
    }
  });

  it('quadratic.grad matches central differences', () => {
    for (const x of [quadratic.x0, [0, 0], [3.5, -7.25]]) assertGradientMatches(quadratic.grad(x), (y) => quadratic.f(y), x, `quadratic at (${x})`);
  });

  it('sphere has an @x0 tag of its dimension, where Σ xᵢ² = 14', () => {
    const source = readFileSync(join(examplesDir, 'quadratic.ts'), 'utf8');
    const docAndSignature = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export function sphere\(x: number\[\]\)/.exec(source);
    assert.ok(docAndSignature, 'sphere is exported as a plain function right after its JSDoc comment');
    const tag = /@x0\s+(\[[^\]]*\])/.exec(docAndSignature[1]!);
    assert.ok(tag, 'the JSDoc comment of sphere has an @x0 tag');
    const x0: unknown = JSON.parse(tag[1]!);
    assert.ok(Array.isArray(x0) && x0.every((v) => typeof v === 'number'), `@x0 is a JSON array of numbers: ${tag[1]}`);
    assertStartsWell(x0 as number[], 3, sphere(x0 as number[]));
    assert.equal(sphere(x0 as number[]), 14);
    assert.equal(sphere(asFloat64(x0 as number[])), 14);
    assert.equal(sphere([0, 0, 0]), 0);
  });
});

describe('examples/illConditioned.ts', () => {
  const curvatureSum = (10 ** (10 / 3) - 1) / (10 ** (1 / 3) - 1); // Σ_{i=0}^{9} 1000^(i/9)

  it('illConditioned is 10-D, starts at all ones where f = ½ Σ κᵢ', () => {
    assertStartsWell(illConditioned.x0, 10, illConditioned.f(illConditioned.x0));
    assert.ok(illConditioned.x0.every((v) => v === 1));
    assertClose(illConditioned.f(illConditioned.x0), curvatureSum / 2, 1e-9, 'f(x0)');
    assert.equal(illConditioned.f(new Array(10).fill(0)), 0);
  });

  it('illConditioned has curvatures 1 … 1000 (condition number 1000) on the axes', () => {
    const unit = (i: number) => Array.from({ length: 10 }, (_, j) => (j === i ? 1 : 0));
    assertClose(illConditioned.f(unit(0)), 0.5, 1e-12, 'f(e₀) = κ₀/2');
    assertClose(illConditioned.f(unit(9)), 500, 1e-9, 'f(e₉) = κ₉/2');
    assertClose(illConditioned.f(unit(3)), 0.5 * 10, 1e-9, 'f(e₃) = 1000^(3/9)/2');
  });

  it('illConditioned.grad matches central differences', () => {
    const points = [illConditioned.x0, Array.from({ length: 10 }, (_, i) => Math.sin(i + 1)), Array.from({ length: 10 }, (_, i) => 0.01 * (i - 4.5))];
    for (const x of points) assertGradientMatches(illConditioned.grad(x), (y) => illConditioned.f(y), x, `illConditioned at (${x.map((v) => v.toFixed(3))})`);
  });

  it('illConditioned.metrics reports |x| along the flattest and steepest axes', () => {
    const x = [-0.25, 0, 0, 0, 0, 0, 0, 0, 0, 0.5];
    assert.deepEqual(illConditioned.metrics(x), { flatCoordinate: 0.25, steepCoordinate: 0.5 });
  });
});

describe('examples/rosenbrock.ts', () => {
  it('rosenbrock is 2-D, starts at (−1.2, 1) where f = 24.2', () => {
    assert.deepEqual(rosenbrock.x0, [-1.2, 1]);
    assertStartsWell(rosenbrock.x0, 2, rosenbrock.f(rosenbrock.x0));
    // (1 + 1.2)² + 100 (1 − 1.44)² = 4.84 + 19.36
    assertClose(rosenbrock.f(rosenbrock.x0), 24.2, 1e-12, 'f(x0)');
    assertClose(rosenbrock.f(asFloat64(rosenbrock.x0)), 24.2, 1e-12, 'f(x0) on a Float64Array');
  });

  it('rosenbrock has its minimum 0 at (1, 1) with a zero gradient', () => {
    assert.equal(rosenbrock.f([1, 1]), 0);
    assert.deepEqual(rosenbrock.grad([1, 1]).map(Math.abs), [0, 0]);
  });

  it('rosenbrock.grad is (−215.6, −88) at x0 and matches central differences', () => {
    // ∂x = −2(2.2) − 400(−1.2)(−0.44) = −4.4 − 211.2;  ∂y = 200(−0.44)
    const g = rosenbrock.grad(rosenbrock.x0);
    assertClose(g[0]!, -215.6, 1e-9, '∂f/∂x at x0');
    assertClose(g[1]!, -88, 1e-9, '∂f/∂y at x0');
    for (const x of [rosenbrock.x0, [0.5, 0.25], [2, 3.5], [1.001, 0.999]]) assertGradientMatches(rosenbrock.grad(x), (y) => rosenbrock.f(y), x, `rosenbrock at (${x})`);
  });
});

describe('examples/beale.ts', () => {
  it('beale is 2-D without a grad, starts at (1, 1) where f = 1.5² + 2.25² + 2.625² = 14.203125', () => {
    assertStartsWell(beale.x0, 2, beale.f(beale.x0));
    assert.deepEqual(beale.x0, [1, 1]);
    assert.equal(beale.f(beale.x0), 14.203125);
    assert.equal(beale.f(asFloat64(beale.x0)), 14.203125);
    assert.equal('grad' in beale, false);
  });

  it('beale has its minimum 0 at (3, 0.5)', () => {
    assert.equal(beale.f([3, 0.5]), 0);
    for (const [dx, dy] of [[0.01, 0], [0, 0.01], [-0.01, -0.01]] as const) assert.ok(beale.f([3 + dx, 0.5 + dy]) > 0);
  });
});

describe('examples/linearRegression.ts', () => {
  const points = linearRegression.data;
  const truth = [2, -3, 0.5, 1];

  it('linearRegression has 4 parameters (3 weights, bias), 256 points and batches of 32', () => {
    assertStartsWell(linearRegression.x0, 4, linearRegression.f(linearRegression.x0, points));
    assert.equal(points.length, 256);
    assert.equal(linearRegression.batchSize, 32);
    for (const p of points) {
      assert.equal(p.features.length, 3);
      assert.ok(p.features.every((a) => a >= -1 && a < 1), `features in [−1, 1): ${p.features.join(', ')}`);
      assert.ok(Number.isFinite(p.target));
    }
  });

  it('linearRegression data are y = w·a + b + noise with noise of mean ≈ 0 and standard deviation ≈ 0.5', () => {
    const residuals = points.map((p) => p.target - (truth[0]! * p.features[0]! + truth[1]! * p.features[1]! + truth[2]! * p.features[2]! + truth[3]!));
    const mean = residuals.reduce((s, r) => s + r, 0) / residuals.length;
    const variance = residuals.reduce((s, r) => s + (r - mean) ** 2, 0) / residuals.length;
    // Standard error of the mean is 0.5/16 ≈ 0.031; of the variance ≈ 0.25·√(2/256) ≈ 0.022.
    assertClose(mean, 0, 0.1, 'mean noise');
    assertClose(variance, 0.25, 0.07, 'noise variance');
    // The full-batch loss at the true parameters is the mean squared noise.
    const meanSquare = residuals.reduce((s, r) => s + r * r, 0) / residuals.length;
    assertClose(linearRegression.f(truth, points), meanSquare, 1e-12, 'f(truth, all points)');
    assert.deepEqual(linearRegression.metrics(truth), { weightError: 0 });
  });

  it('linearRegression least-squares fit recovers the true parameters', () => {
    // Normal equations (AᵀA) x = Aᵀy with rows (a, 1), solved by Gaussian elimination.
    const m = Array.from({ length: 4 }, () => new Array<number>(5).fill(0));
    for (const p of points) {
      const row = [...p.features, 1];
      for (let i = 0; i < 4; i++) {
        for (let j = 0; j < 4; j++) m[i]![j]! += row[i]! * row[j]!;
        m[i]![4]! += row[i]! * p.target;
      }
    }
    for (let k = 0; k < 4; k++) {
      for (let i = k + 1; i < 4; i++) {
        const factor = m[i]![k]! / m[k]![k]!;
        for (let j = k; j < 5; j++) m[i]![j]! -= factor * m[k]![j]!;
      }
    }
    const fit = new Array<number>(4).fill(0);
    for (let i = 3; i >= 0; i--) {
      let s = m[i]![4]!;
      for (let j = i + 1; j < 4; j++) s -= m[i]![j]! * fit[j]!;
      fit[i] = s / m[i]![i]!;
    }
    for (let i = 0; i < 4; i++) assertClose(fit[i]!, truth[i]!, 0.2, `least-squares parameter ${i}`);
    // The exact gradient vanishes at the least-squares solution.
    for (const g of linearRegression.grad(fit, points)) assertClose(g, 0, 1e-9, 'gradient at the least-squares fit');
  });

  it('linearRegression.grad matches central differences on a fixed batch', () => {
    const batches = [points.slice(0, 32), points.filter((_, i) => i % 9 === 4), points];
    for (const batch of batches) {
      for (const x of [linearRegression.x0, truth, [-1.5, 0.25, 4, -2]]) {
        assertGradientMatches(linearRegression.grad(x, batch), (y) => linearRegression.f(y, batch), x, `linearRegression at (${x}), batch of ${batch.length}`);
      }
    }
  });

  it('linearRegression.metrics weightError is the distance to (2, −3, 0.5, 1)', () => {
    assertClose(linearRegression.metrics(linearRegression.x0).weightError, Math.sqrt(4 + 9 + 0.25 + 1), 1e-12, 'weightError at x0');
    assertClose(linearRegression.metrics([2, -3, 0.5, 4]).weightError, 3, 1e-12, 'weightError off by 3 in the bias');
  });
});

describe('examples/data/iris.ts', () => {
  it('iris has 150 rows of 4 measurements and a species code, 50 per species in order', () => {
    assert.equal(iris.length, 150);
    assert.deepEqual(IRIS_SPECIES, ['setosa', 'versicolor', 'virginica']);
    assert.equal(IRIS_FEATURES.length, 4);
    iris.forEach((row, i) => {
      assert.equal(row.length, 5);
      assert.ok(row.slice(0, 4).every((v) => Number.isFinite(v) && v > 0), `row ${i}: ${row.join(', ')}`);
      assert.equal(row[4], Math.floor(i / 50), `row ${i} species`);
    });
  });

  it('iris column sums and means are the published ones (876.5, 458.6, 563.7, 179.9)', () => {
    const sums = [0, 1, 2, 3].map((j) => iris.reduce((s, row) => s + row[j]!, 0));
    [876.5, 458.6, 563.7, 179.9].forEach((expected, j) => assertClose(sums[j]!, expected, 1e-9, `sum of column ${j}`));
    [5.843, 3.057, 3.758, 1.199].forEach((expected, j) => assert.equal((sums[j]! / 150).toFixed(3), expected.toFixed(3), `mean of column ${j}`));
  });

  it('iris petal length means per species are 1.462, 4.260, 5.552', () => {
    [1.462, 4.26, 5.552].forEach((expected, species) => {
      const rows = iris.filter((row) => row[4] === species);
      assertClose(rows.reduce((s, row) => s + row[2], 0) / rows.length, expected, 1e-9, `${IRIS_SPECIES[species]} petal length mean`);
    });
  });

  it("iris rows 35 and 38 follow Fisher's paper, not the UCI copy", () => {
    assert.deepEqual(iris[34], [4.9, 3.1, 1.5, 0.2, 0]);
    assert.deepEqual(iris[37], [4.9, 3.6, 1.4, 0.1, 0]);
  });
});

/** Column means and population standard deviations of the first four columns of `rows`. */
function columnStats(rows: readonly (readonly number[])[]): { means: number[]; stds: number[] } {
  const means = [0, 1, 2, 3].map((j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);
  const stds = means.map((mean, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j]! - mean) ** 2, 0) / rows.length));
  return { means, stds };
}

describe('examples/logisticRegression.ts', () => {
  const flowers = logisticRegression.data;

  it('logisticRegression has 5 parameters and the 100 versicolor/virginica flowers, full batch', () => {
    assertStartsWell(logisticRegression.x0, 5, logisticRegression.f(logisticRegression.x0, flowers));
    assert.equal(flowers.length, 100);
    assert.equal('batchSize' in logisticRegression, false);
  });

  it('logisticRegression flowers are iris rows 50–149, standardized, labelled 1 for virginica', () => {
    const rows = iris.slice(50);
    const { means, stds } = columnStats(rows);
    flowers.forEach((flower, k) => {
      assert.equal(flower.label, rows[k]![4] === 2 ? 1 : 0);
      flower.features.forEach((a, j) => assertClose(a * stds[j]! + means[j]!, rows[k]![j]!, 1e-12, `flower ${k} feature ${j}`));
    });
    assert.equal(flowers.filter((f) => f.label === 1).length, 50);
  });

  it('logisticRegression at w = 0 has loss ln 2 and accuracy ½ (every flower called virginica)', () => {
    assertClose(logisticRegression.f([0, 0, 0, 0, 0], flowers), Math.LN2, 1e-12, 'f(0)');
    assert.deepEqual(logisticRegression.metrics([0, 0, 0, 0, 0]), { accuracy: 0.5 });
    // A large bias in either direction gets exactly one class right.
    assert.deepEqual(logisticRegression.metrics([0, 0, 0, 0, -5]), { accuracy: 0.5 });
  });

  it('logisticRegression loss stays finite for huge logits (no exp overflow)', () => {
    const x = [0, 0, 1e4, 0, 0];
    assert.ok(Number.isFinite(logisticRegression.f(x, flowers)));
    assert.ok(logisticRegression.grad(x, flowers).every(Number.isFinite));
  });

  it('logisticRegression.grad matches central differences on fixed batches', () => {
    const batches = [flowers.slice(0, 10), flowers.filter((_, i) => i % 7 === 3), flowers];
    for (const batch of batches) {
      for (const x of [logisticRegression.x0, [0.3, -0.7, 1.2, 2, -0.4], [-1.6, -2.2, 7.7, 7.7, -0.35]]) {
        assertGradientMatches(logisticRegression.grad(x, batch), (y) => logisticRegression.f(y, batch), x, `logisticRegression at (${x}), batch of ${batch.length}`);
      }
    }
  });
});

describe('examples/mlpIris.ts', () => {
  const flowers = mlpIris.data;
  const dim = 8 * 4 + 8 + 3 * 8 + 3;

  it('mlpIris has 67 parameters, all 150 flowers and batches of 16', () => {
    assert.equal(dim, 67);
    assertStartsWell(mlpIris.x0, dim, mlpIris.f(mlpIris.x0, flowers));
    assert.equal(flowers.length, 150);
    assert.equal(mlpIris.batchSize, 16);
  });

  it('mlpIris x0 is a seeded nn.Linear-style init: Uniform(±1/√4) then Uniform(±1/√8), not constant', () => {
    const first = mlpIris.x0.slice(0, 40);
    const second = mlpIris.x0.slice(40);
    assert.ok(first.every((v) => Math.abs(v) <= 0.5));
    assert.ok(second.every((v) => Math.abs(v) <= 1 / Math.sqrt(8)));
    assert.ok(new Set(mlpIris.x0).size > 60, 'entries are distinct draws');
    assert.ok(Math.max(...first.map(Math.abs)) > 0.3, 'the first layer uses its range');
  });

  it('mlpIris flowers are all iris rows standardized, with their species', () => {
    const { means, stds } = columnStats(iris);
    flowers.forEach((flower, k) => {
      assert.equal(flower.species, iris[k]![4]);
      flower.features.forEach((a, j) => assertClose(a * stds[j]! + means[j]!, iris[k]![j]!, 1e-12, `flower ${k} feature ${j}`));
    });
  });

  it('mlpIris at x = 0 has loss ln 3 and accuracy ⅓ (ties go to setosa)', () => {
    const zero = new Array<number>(dim).fill(0);
    assertClose(mlpIris.f(zero, flowers), Math.log(3), 1e-12, 'f(0)');
    assert.deepEqual(mlpIris.metrics(zero), { accuracy: 1 / 3 });
  });

  it('mlpIris reads b1, W2 and b2 from their documented offsets', () => {
    // W1 = 0 and b1[h] = 0.1 (h + 1), so hidden = tanh(b1) for every flower; W2 = [I₃ | 0];
    // b2 = (0, 0, 1): logits = (tanh 0.1, tanh 0.2, tanh 0.3 + 1), the same for every flower.
    const x = new Array<number>(dim).fill(0);
    for (let h = 0; h < 8; h++) x[32 + h] = 0.1 * (h + 1);
    for (let c = 0; c < 3; c++) x[40 + c * 8 + c] = 1;
    x[64 + 2] = 1;
    const logits = [Math.tanh(0.1), Math.tanh(0.2), Math.tanh(0.3) + 1];
    const logSumExp = Math.log(logits.reduce((s, z) => s + Math.exp(z), 0));
    // 50 flowers of each species: mean of −log softmax over the three classes.
    const expected = logSumExp - (logits[0]! + logits[1]! + logits[2]!) / 3;
    assertClose(mlpIris.f(x, flowers), expected, 1e-12, 'f with hand-set parameters');
    assert.deepEqual(mlpIris.metrics(x), { accuracy: 1 / 3 });
  });

  it('mlpIris.grad (backpropagation) matches central differences on fixed batches', () => {
    const points = [mlpIris.x0, mlpIris.x0.map((v) => 3 * v), Array.from({ length: dim }, (_, i) => 0.8 * Math.sin(1.7 * i + 0.3))];
    const batches = [flowers.slice(0, 16), flowers.filter((_, i) => i % 10 === 7), flowers];
    for (const batch of batches) {
      for (const [p, x] of points.entries()) {
        assertGradientMatches(mlpIris.grad(x, batch), (y) => mlpIris.f(y, batch), x, `mlpIris at point ${p}, batch of ${batch.length}`);
      }
    }
  });

  it('mlpIris gives the same loss and gradient for a Float64Array', () => {
    const batch = flowers.slice(20, 36);
    assert.equal(mlpIris.f(asFloat64(mlpIris.x0), batch), mlpIris.f(mlpIris.x0, batch));
    assert.deepEqual(mlpIris.grad(asFloat64(mlpIris.x0), batch), mlpIris.grad(mlpIris.x0, batch));
  });
});
