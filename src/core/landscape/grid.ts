/**
 * f on a grid over a box of a plane: nx × ny samples at the cell centres,
 * α_i = xMin + (i + ½)·(xMax − xMin)/nx, β_j likewise, stored row by row (values[j·nx + i]) —
 * the layout and the sample positions d3-contour assumes (sample i sits at contour x = i + ½, so
 * contour coordinate c maps back to xMin + c·(xMax − xMin)/nx). A point where f throws or
 * returns something that is not a finite number is NaN on the grid (counted, the first reason
 * kept): one bad point does not lose the picture.
 */
import type { Box } from './box';
import { planePoint, type Plane } from './plane';

export const DEFAULT_GRID_SIZE = 200;
export const MAX_GRID_SIZE = 1000;

export interface GridSpec {
  readonly box: Box;
  readonly nx: number;
  readonly ny: number;
}

export interface Grid extends GridSpec {
  readonly values: Float64Array;
  /** Points where f threw or gave no finite number. */
  readonly failures: number;
  /** Why the first of them failed, and where (plane coordinates). */
  readonly firstFailure: { readonly alpha: number; readonly beta: number; readonly reason: string } | null;
  /** The least finite value and its sample (null when none is finite). */
  readonly min: { readonly alpha: number; readonly beta: number; readonly value: number } | null;
  readonly ms: number;
}

/** The sample coordinate of index i of n over [lo, hi]. */
export function sampleAt(lo: number, hi: number, n: number, i: number): number {
  return lo + ((i + 0.5) * (hi - lo)) / n;
}

export function evaluateGrid(f: (x: Float64Array) => number, plane: Plane, spec: GridSpec, describe: (error: unknown) => string = String): Grid {
  const started = performance.now();
  const { box, nx, ny } = spec;
  const values = new Float64Array(nx * ny);
  const x = new Float64Array(plane.dim);
  let failures = 0;
  let firstFailure: Grid['firstFailure'] = null;
  let min: Grid['min'] = null;
  for (let j = 0; j < ny; j++) {
    const beta = sampleAt(box.yMin, box.yMax, ny, j);
    for (let i = 0; i < nx; i++) {
      const alpha = sampleAt(box.xMin, box.xMax, nx, i);
      let value: number;
      let reason: string | null = null;
      try {
        value = f(planePoint(plane, alpha, beta, x));
        if (typeof value !== 'number' || !Number.isFinite(value)) reason = `f returned ${String(value)}`;
      } catch (e) {
        value = NaN;
        reason = describe(e);
      }
      if (reason !== null) {
        values[j * nx + i] = NaN;
        failures++;
        firstFailure ??= { alpha, beta, reason };
        continue;
      }
      values[j * nx + i] = value;
      if (min === null || value < min.value) min = { alpha, beta, value };
    }
  }
  return { box, nx, ny, values, failures, firstFailure, min, ms: performance.now() - started };
}
