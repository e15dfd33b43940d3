/**
 * The two leading principal directions of the points the runs visited (Li et al. 2018, §7:
 * PCA of the trajectory, as their code does with sklearn's PCA: the points are centred on their
 * mean). Exact for few dimensions or few points (the small covariance or Gram matrix
 * diagonalised by Jacobi); for many of both, subspace iteration on XᵀX with Rayleigh–Ritz,
 * which converges to the same directions (tested against the exact route).
 *
 * Directions are unit vectors, each signed so that its largest component is positive. When the
 * paths span only a line (or nothing), the missing direction is a coordinate axis made
 * orthogonal to the others, and its explained variance is 0.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { seededGenerator } from '../minimize/sampler';
import { dot } from './plane';
import { symmetricEigen } from './symmetricEigen';

export interface PrincipalDirections {
  readonly directions: [Float64Array, Float64Array];
  /** Variance along each direction (eigenvalues of the sample covariance). */
  readonly variances: [number, number];
  /** Share of the total variance along each direction (sklearn's explained_variance_ratio_). */
  readonly explained: [number, number];
  /** Points the PCA used (paths are subsampled evenly beyond `maxRows`). */
  readonly rows: number;
}

/** Rows of points: `count` rows of `dim` values each, row-major. */
export interface PointRows {
  readonly params: ArrayLike<number>;
  readonly count: number;
}

const EXACT_LIMIT = 64;
const BLOCK = 4;
const MAX_ITERATIONS = 1000;

export function principalDirections(paths: readonly PointRows[], dim: number, maxRows = 4000): PrincipalDirections {
  const x = centredRows(paths, dim, maxRows);
  const m = x.length / dim;
  let total = 0;
  for (let i = 0; i < x.length; i++) total += x[i]! * x[i]!;
  const denominator = Math.max(1, m - 1);
  const found = m === 0 || total === 0 ? { values: [], vectors: [] } : dim <= EXACT_LIMIT ? covarianceEigen(x, m, dim) : m <= EXACT_LIMIT ? gramEigen(x, m, dim) : subspaceEigen(x, m, dim);
  // Keep directions with real variance; fill up with axes made orthogonal to them.
  const directions: Float64Array[] = [];
  const values: number[] = [];
  for (let k = 0; k < found.values.length && directions.length < 2; k++) {
    // Below this share the direction is rounding noise (a straight path has one direction only).
    if (!(found.values[k]! > 1e-10 * total)) break;
    directions.push(signed(found.vectors[k]!));
    values.push(found.values[k]!);
  }
  while (directions.length < 2) {
    directions.push(orthogonalAxis(directions, dim));
    values.push(0);
  }
  return {
    directions: [directions[0]!, directions[1]!],
    variances: [values[0]! / denominator, values[1]! / denominator],
    explained: total > 0 ? [values[0]! / total, values[1]! / total] : [0, 0],
    rows: m,
  };
}

/** The rows (subsampled evenly to ≤ maxRows), each minus the mean row. */
function centredRows(paths: readonly PointRows[], dim: number, maxRows: number): Float64Array {
  const total = paths.reduce((n, p) => n + p.count, 0);
  const every = Math.max(1, Math.ceil(total / maxRows));
  let index = 0;
  const rows: ArrayLike<number>[] = [];
  const offsets: number[] = [];
  for (const p of paths) {
    for (let r = 0; r < p.count; r++, index++) {
      if (index % every !== 0) continue;
      rows.push(p.params);
      offsets.push(r * dim);
    }
  }
  const m = rows.length;
  const mean = new Float64Array(dim);
  for (let r = 0; r < m; r++) for (let j = 0; j < dim; j++) mean[j] += rows[r]![offsets[r]! + j]!;
  for (let j = 0; j < dim; j++) mean[j] /= Math.max(1, m);
  const x = new Float64Array(m * dim);
  for (let r = 0; r < m; r++) for (let j = 0; j < dim; j++) x[r * dim + j] = rows[r]![offsets[r]! + j]! - mean[j]!;
  return x;
}

/** Eigenpairs of XᵀX (dim × dim). */
function covarianceEigen(x: Float64Array, m: number, dim: number) {
  const c = new Float64Array(dim * dim);
  for (let r = 0; r < m; r++) {
    const o = r * dim;
    for (let i = 0; i < dim; i++) {
      const xi = x[o + i]!;
      if (xi === 0) continue;
      for (let j = i; j < dim; j++) c[i * dim + j] += xi * x[o + j]!;
    }
  }
  for (let i = 0; i < dim; i++) for (let j = 0; j < i; j++) c[i * dim + j] = c[j * dim + i]!;
  return symmetricEigen(c, dim);
}

/** Eigenpairs of XᵀX through the Gram matrix XXᵀ (m × m): u = Xᵀw / ‖Xᵀw‖, same eigenvalue. */
function gramEigen(x: Float64Array, m: number, dim: number) {
  const g = new Float64Array(m * m);
  for (let a = 0; a < m; a++) for (let b = a; b < m; b++) g[a * m + b] = g[b * m + a] = dotRows(x, a, x, b, dim);
  const { values, vectors } = symmetricEigen(g, m);
  return {
    values,
    vectors: vectors.map((w) => {
      const u = new Float64Array(dim);
      for (let r = 0; r < m; r++) {
        const wr = w[r]!;
        for (let j = 0; j < dim; j++) u[j] += wr * x[r * dim + j]!;
      }
      return normalized(u);
    }),
  };
}

/** Leading eigenpairs of XᵀX by subspace iteration on a block of BLOCK vectors, with Rayleigh–Ritz. */
function subspaceEigen(x: Float64Array, m: number, dim: number) {
  const p = Math.min(BLOCK, dim);
  const rng = seededGenerator(20180101);
  let block: Float64Array[] = Array.from({ length: p }, () => Float64Array.from({ length: dim }, () => uniformFloat64(rng) - 0.5));
  orthonormalize(block);
  let previous: number[] = [];
  let result = { values: [] as number[], vectors: [] as Float64Array[] };
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    // Y = Xᵀ(X·B), and XB kept for the Rayleigh quotient H = (XB)ᵀ(XB) = Bᵀ XᵀX B.
    const xb = block.map((b) => {
      const out = new Float64Array(m);
      for (let r = 0; r < m; r++) out[r] = dotRowVector(x, r, b, dim);
      return out;
    });
    const h = new Float64Array(p * p);
    for (let a = 0; a < p; a++) for (let b = a; b < p; b++) h[a * p + b] = h[b * p + a] = dot(xb[a]!, xb[b]!);
    const ritz = symmetricEigen(h, p);
    // Ritz vectors: B·z for each eigenvector z of H.
    const rotated = ritz.vectors.map((z) => {
      const v = new Float64Array(dim);
      for (let k = 0; k < p; k++) {
        const zk = z[k]!;
        const bk = block[k]!;
        for (let j = 0; j < dim; j++) v[j] += zk * bk[j]!;
      }
      return v;
    });
    result = { values: ritz.values, vectors: rotated.map((v) => normalized(Float64Array.from(v))) };
    const converged = previous.length > 0 && [0, 1].every((k) => Math.abs(ritz.values[k]! - previous[k]!) <= 1e-14 * Math.abs(ritz.values[0]!));
    if (converged) break;
    previous = ritz.values;
    // Next block: XᵀX applied to the Ritz vectors, orthonormalised.
    const xr = rotated.map((v) => {
      const out = new Float64Array(m);
      for (let r = 0; r < m; r++) out[r] = dotRowVector(x, r, v, dim);
      return out;
    });
    block = xr.map((w) => {
      const y = new Float64Array(dim);
      for (let r = 0; r < m; r++) {
        const wr = w[r]!;
        if (wr === 0) continue;
        const o = r * dim;
        for (let j = 0; j < dim; j++) y[j] += wr * x[o + j]!;
      }
      return y;
    });
    orthonormalize(block);
  }
  return result;
}

function dotRows(a: Float64Array, ra: number, b: Float64Array, rb: number, dim: number): number {
  let s = 0;
  for (let j = 0; j < dim; j++) s += a[ra * dim + j]! * b[rb * dim + j]!;
  return s;
}

function dotRowVector(x: Float64Array, r: number, v: Float64Array, dim: number): number {
  let s = 0;
  const o = r * dim;
  for (let j = 0; j < dim; j++) s += x[o + j]! * v[j]!;
  return s;
}

/**
 * Orthonormalise in place: modified Gram–Schmidt, twice ("twice is enough": one pass loses
 * orthogonality when a vector is nearly in the span of the others). A vector that is (nearly)
 * in that span is replaced by an orthogonal axis.
 */
function orthonormalize(vectors: Float64Array[]): void {
  for (let k = 0; k < vectors.length; k++) {
    let v = vectors[k]!;
    const before = Math.sqrt(dot(v, v));
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < k; i++) {
        const u = vectors[i]!;
        const d = dot(v, u);
        for (let j = 0; j < v.length; j++) v[j] -= d * u[j]!;
      }
    }
    const n = Math.sqrt(dot(v, v));
    if (n > 1e-10 * before && n > 0) for (let j = 0; j < v.length; j++) v[j] /= n;
    else v = orthogonalAxis(vectors.slice(0, k), v.length);
    vectors[k] = v;
  }
}

function normalized(v: Float64Array): Float64Array {
  const n = Math.sqrt(dot(v, v));
  if (n > 0) for (let j = 0; j < v.length; j++) v[j] /= n;
  return v;
}

/** `v` or −v, whichever has its largest-magnitude component positive (the first of near-equal ones, so rounding does not flip it). */
function signed(v: Float64Array): Float64Array {
  let largest = 0;
  for (let j = 0; j < v.length; j++) largest = Math.max(largest, Math.abs(v[j]!));
  const at = v.findIndex((x) => Math.abs(x) >= largest * (1 - 1e-9));
  if (at >= 0 && v[at]! < 0) for (let j = 0; j < v.length; j++) v[j] = -v[j]!;
  return v;
}

/** A unit coordinate axis (the one least along the given unit vectors) made orthogonal to them. */
export function orthogonalAxis(others: readonly Float64Array[], dim: number): Float64Array {
  let best = 0;
  let bestWeight = Infinity;
  for (let j = 0; j < dim; j++) {
    let weight = 0;
    for (const o of others) weight += o[j]! * o[j]!;
    if (weight < bestWeight - 1e-15) {
      bestWeight = weight;
      best = j;
    }
  }
  const v = new Float64Array(dim);
  v[best] = 1;
  for (const o of others) {
    const d = dot(v, o);
    for (let j = 0; j < dim; j++) v[j] -= d * o[j]!;
  }
  return signed(normalized(v));
}
