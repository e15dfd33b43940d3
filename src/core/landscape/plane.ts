/**
 * A plane through parameter space on which the landscape is drawn: θ(α, β) = origin + α·u + β·v.
 * For a 2-parameter objective it is the parameter space itself (α = θ₁, β = θ₂); for more, a
 * plane through the final point (principal directions of the paths, or random directions).
 * Paths are drawn by their plane coordinates: the least-squares (α, β) of each point, which is
 * the orthogonal projection when u ⟂ v.
 */

export type PlaneKind = 'axes' | 'pca' | 'random';

export interface Plane {
  readonly kind: PlaneKind;
  readonly dim: number;
  readonly origin: Float64Array;
  readonly u: Float64Array;
  readonly v: Float64Array;
  /** Share of the paths' variance along u and v (PCA), else null. */
  readonly explained: readonly [number, number] | null;
}

/** The parameter space of a 2-parameter objective. */
export function axesPlane(): Plane {
  return { kind: 'axes', dim: 2, origin: new Float64Array(2), u: Float64Array.of(1, 0), v: Float64Array.of(0, 1), explained: null };
}

/** θ(α, β) written into `out` (length dim). */
export function planePoint(plane: Plane, alpha: number, beta: number, out: Float64Array): Float64Array {
  const { origin, u, v } = plane;
  for (let i = 0; i < plane.dim; i++) out[i] = origin[i]! + alpha * u[i]! + beta * v[i]!;
  return out;
}

/** Projects points onto a plane: solves the 2×2 normal equations of [u v]·(α, β) ≈ θ − origin. */
export class PlaneProjector {
  private readonly uu: number;
  private readonly uv: number;
  private readonly vv: number;
  private readonly det: number;

  constructor(private readonly plane: Plane) {
    this.uu = dot(plane.u, plane.u);
    this.uv = dot(plane.u, plane.v);
    this.vv = dot(plane.v, plane.v);
    this.det = this.uu * this.vv - this.uv * this.uv;
  }

  /** Plane coordinates of the point at `offset` in `params` (row of length dim). */
  project(params: ArrayLike<number>, offset = 0): [number, number] {
    const { origin, u, v, dim, kind } = this.plane;
    if (kind === 'axes') return [params[offset]!, params[offset + 1]!];
    let pu = 0;
    let pv = 0;
    for (let i = 0; i < dim; i++) {
      const d = params[offset + i]! - origin[i]!;
      pu += d * u[i]!;
      pv += d * v[i]!;
    }
    return [(this.vv * pu - this.uv * pv) / this.det, (this.uu * pv - this.uv * pu) / this.det];
  }

  /** Plane coordinates of every row of `params` (n rows of dim). */
  projectAll(params: ArrayLike<number>, n: number): { xs: number[]; ys: number[] } {
    const xs = new Array<number>(n);
    const ys = new Array<number>(n);
    for (let r = 0; r < n; r++) {
      const [a, b] = this.project(params, r * this.plane.dim);
      xs[r] = a;
      ys[r] = b;
    }
    return { xs, ys };
  }
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
