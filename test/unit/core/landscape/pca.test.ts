/**
 * Principal directions of constructed trajectories whose answer is known by construction:
 * points centre + aᵢ·u + bᵢ·v with u ⟂ v, Σaᵢ = Σbᵢ = Σaᵢbᵢ = 0, so the sample covariance has
 * eigenvectors u, v and eigenvalues Σaᵢ²/(m − 1), Σbᵢ²/(m − 1).
 */
import assert from 'node:assert/strict';
import { orthogonalAxis, principalDirections, symmetricEigen } from '../../../../src/core/landscape';
import { assertClose, assertCloseAll } from '../minimize/helpers';

function pointsAlong(centre: number[], u: Float64Array, v: Float64Array, ab: Array<[number, number]>): Float64Array {
  const dim = centre.length;
  const out = new Float64Array(ab.length * dim);
  ab.forEach(([a, b], r) => {
    for (let j = 0; j < dim; j++) out[r * dim + j] = centre[j]! + a * u[j]! + b * v[j]!;
  });
  return out;
}

/** Orthonormal dense u, v in `dim` dimensions (Gram–Schmidt of sin and cos patterns). */
function denseBasis(dim: number): [Float64Array, Float64Array] {
  const u = Float64Array.from({ length: dim }, (_, j) => Math.sin(j + 1) + 0.1);
  const v = Float64Array.from({ length: dim }, (_, j) => Math.cos(3 * j + 1));
  const norm = (x: Float64Array) => Math.sqrt(x.reduce((s, y) => s + y * y, 0));
  const nu = norm(u);
  for (let j = 0; j < dim; j++) u[j] /= nu;
  const d = u.reduce((s, x, j) => s + x * v[j]!, 0);
  for (let j = 0; j < dim; j++) v[j] -= d * u[j]!;
  const nv = norm(v);
  for (let j = 0; j < dim; j++) v[j] /= nv;
  return [u, v];
}

/** |⟨a, b⟩| = 1 to `tol`: the same direction up to sign. */
function assertSameDirection(a: Float64Array, b: Float64Array, tol: number, what: string): void {
  const d = a.reduce((s, x, j) => s + x * b[j]!, 0);
  assertClose(Math.abs(d), 1, tol, what);
}

/** The circle aᵢ = A cos(2πi/m), bᵢ = B sin(2πi/m): Σa = Σb = Σab = 0, Σa² = A²m/2, Σb² = B²m/2. */
function circle(m: number, a: number, b: number): Array<[number, number]> {
  return Array.from({ length: m }, (_, i) => [a * Math.cos((2 * Math.PI * i) / m), b * Math.sin((2 * Math.PI * i) / m)]);
}

describe('landscape PCA', () => {
  it('finds u and v with variances Σa²/(m−1), Σb²/(m−1) in 4 dimensions (exact route)', () => {
    const s = Math.SQRT1_2;
    const u = Float64Array.of(s, s, 0, 0);
    const v = Float64Array.of(0, 0, s, -s);
    // (±3, ±1): Σa² = 36, Σb² = 4, m = 4 → variances 12 and 4/3; explained 0.9 and 0.1.
    const params = pointsAlong([1, 2, 3, 4], u, v, [[3, 1], [-3, 1], [3, -1], [-3, -1]]);
    const pca = principalDirections([{ params, count: 4 }], 4);
    assertCloseAll(Array.from(pca.directions[0]), [s, s, 0, 0], 1e-12, 'u');
    // Signed so the largest component is positive.
    assertCloseAll(Array.from(pca.directions[1]), [0, 0, s, -s], 1e-12, 'v');
    assertCloseAll(pca.variances, [12, 4 / 3], 1e-12, 'variances');
    assertCloseAll(pca.explained, [0.9, 0.1], 1e-12, 'explained');
  });

  it('finds them across several paths and 120 dimensions by subspace iteration', () => {
    const dim = 120;
    const [u, v] = denseBasis(dim);
    const centre = Array.from({ length: dim }, (_, j) => j / 10);
    // Two paths, 200 points in all on an ellipse: Σa² = 25·100, Σb² = 4·100 → explained 25/29, 4/29.
    const points = circle(200, 5, 2);
    const first = pointsAlong(centre, u, v, points.slice(0, 130));
    const second = pointsAlong(centre, u, v, points.slice(130));
    const pca = principalDirections([{ params: first, count: 130 }, { params: second, count: 70 }], dim);
    assertSameDirection(pca.directions[0], u, 1e-10, 'u');
    assertSameDirection(pca.directions[1], v, 1e-10, 'v');
    assertCloseAll(pca.explained, [25 / 29, 4 / 29], 1e-10, 'explained');
    assertCloseAll(pca.variances, [2500 / 199, 400 / 199], 1e-10, 'variances');
  });

  it('takes the Gram route for few points in many dimensions', () => {
    const dim = 300;
    const [u, v] = denseBasis(dim);
    const pca = principalDirections([{ params: pointsAlong(new Array(dim).fill(1), u, v, circle(40, 3, 1)), count: 40 }], dim);
    assertSameDirection(pca.directions[0], u, 1e-12, 'u');
    assertSameDirection(pca.directions[1], v, 1e-12, 'v');
    assertCloseAll(pca.explained, [0.9, 0.1], 1e-12, 'explained');
  });

  it('fills a second direction orthogonal to a straight path, with 0 explained', () => {
    // A straight line along (1, 2, 2)/3 in 3-D.
    const dir = Float64Array.of(1 / 3, 2 / 3, 2 / 3);
    const pca = principalDirections([{ params: pointsAlong([0, 0, 0], dir, new Float64Array(3), [[0, 0], [1, 0], [2, 0], [5, 0]]), count: 4 }], 3);
    assertCloseAll(Array.from(pca.directions[0]), Array.from(dir), 1e-12, 'u');
    assertClose(pca.explained[0], 1, 1e-12, 'explained u');
    assert.equal(pca.explained[1], 0);
    // The axis least along u is x (1/3), made orthogonal: (1, 0, 0) − (1/3)·u = (8, −2, −2)/9, normalised.
    const w = [8, -2, -2].map((x) => x / Math.sqrt(72));
    assertCloseAll(Array.from(pca.directions[1]), w, 1e-12, 'v');
    // No movement at all: two axes.
    const still = principalDirections([{ params: Float64Array.of(1, 1, 1, 1, 1, 1), count: 2 }], 3);
    assert.deepEqual(still.explained, [0, 0]);
    assert.deepEqual(Array.from(still.directions[0]), [1, 0, 0]);
    assert.deepEqual(Array.from(still.directions[1]), [0, 1, 0]);
    assert.deepEqual(Array.from(orthogonalAxis([Float64Array.of(0, 1, 0)], 3)), [1, 0, 0]);
  });

  it('subsamples evenly beyond maxRows and still finds the directions', () => {
    const dim = 5;
    const [u, v] = denseBasis(dim);
    const pca = principalDirections([{ params: pointsAlong([0, 0, 0, 0, 0], u, v, circle(1000, 4, 1)), count: 1000 }], dim, 100);
    assert.equal(pca.rows, 100);
    assertSameDirection(pca.directions[0], u, 1e-12, 'u');
    assertCloseAll(pca.explained, [16 / 17, 1 / 17], 1e-12, 'explained');
  });

  it('diagonalises a symmetric matrix (Jacobi) to its known eigenpairs', () => {
    // [[2, 1], [1, 2]]: eigenvalues 3 and 1, vectors (1, 1)/√2 and (1, −1)/√2.
    const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
    assertCloseAll(values, [3, 1], 1e-15, 'values');
    assertSameDirection(vectors[0]!, Float64Array.of(Math.SQRT1_2, Math.SQRT1_2), 1e-15, 'first');
    assertSameDirection(vectors[1]!, Float64Array.of(Math.SQRT1_2, -Math.SQRT1_2), 1e-15, 'second');
  });
});
