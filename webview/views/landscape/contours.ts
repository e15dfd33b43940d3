/**
 * Isolines and filled bands of f on the landscape's grid, with d3-contour (marching squares).
 * d3-contour puts the sample (i, j) at contour coordinates (i + ½, j + ½) and closes every
 * region along the grid's edge, so a polygon's boundary is an isoline except where it runs on
 * the edge: the bands are filled from the polygons as they are; the isolines are stroked from
 * the same rings without those edge segments. Paths are in grid coordinates, built once per
 * grid; the view maps them to pixels with a matrix (zoom and pan never rebuild them).
 */
import { contours } from 'd3-contour';

export interface ContourPaths {
  /** One per level, lowest first: the region where f ≥ level (fill with even-odd). */
  readonly bands: Path2D[];
  /** One per level: the isolines f = level. */
  readonly lines: Path2D[];
  /** Rings drawn (a level's closed curves, or open ones cut by the edge), for tests. */
  readonly rings: number;
  readonly levels: readonly number[];
  /** Time taken to compute them (ms). */
  readonly ms: number;
}

/**
 * Contours of `values` (nx × ny, row by row; null/NaN where f failed) at `levels`. A failed
 * point counts as higher than every level, so the region it is in is drawn as the walls, not
 * as a hole in the floor.
 */
export function contourPaths(values: ArrayLike<number | null>, nx: number, ny: number, levels: readonly number[]): ContourPaths {
  const started = performance.now();
  const grid = new Float64Array(nx * ny);
  let max = -Infinity;
  for (let i = 0; i < grid.length; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v) && v > max) max = v;
  }
  const high = Number.isFinite(max) ? Math.max(max, levels[levels.length - 1] ?? max) * 2 + 1 : 1;
  for (let i = 0; i < grid.length; i++) {
    const v = values[i];
    grid[i] = typeof v === 'number' && Number.isFinite(v) ? v : high;
  }
  const generator = contours().size([nx, ny]).thresholds(levels as number[]);
  const bands: Path2D[] = [];
  const lines: Path2D[] = [];
  let rings = 0;
  for (const level of generator(grid as unknown as number[])) {
    const band = new Path2D();
    const line = new Path2D();
    for (const polygon of level.coordinates) {
      for (const ring of polygon) {
        rings++;
        addRing(band, ring);
        addIsoline(line, ring, nx, ny);
      }
    }
    bands.push(band);
    lines.push(line);
  }
  return { bands, lines, rings, levels, ms: performance.now() - started };
}

function addRing(path: Path2D, ring: readonly (readonly number[])[]): void {
  ring.forEach(([x, y], k) => (k === 0 ? path.moveTo(x!, y!) : path.lineTo(x!, y!)));
  path.closePath();
}

/** The ring without its segments along the grid's edge (both ends on the same side). */
function addIsoline(path: Path2D, ring: readonly (readonly number[])[], nx: number, ny: number): void {
  const onEdge = (a: readonly number[], b: readonly number[]): boolean =>
    (a[0] === 0 && b[0] === 0) || (a[0] === nx && b[0] === nx) || (a[1] === 0 && b[1] === 0) || (a[1] === ny && b[1] === ny);
  let pen = false;
  for (let k = 1; k < ring.length; k++) {
    const a = ring[k - 1]!;
    const b = ring[k]!;
    if (onEdge(a, b)) {
      pen = false;
      continue;
    }
    if (!pen) path.moveTo(a[0]!, a[1]!);
    path.lineTo(b[0]!, b[1]!);
    pen = true;
  }
}

/** f at data point (x, y), bilinear between the grid's samples (NaN outside or where f failed). */
export function sampleGrid(values: ArrayLike<number | null>, nx: number, ny: number, box: { xMin: number; xMax: number; yMin: number; yMax: number }, x: number, y: number): number {
  const u = ((x - box.xMin) / (box.xMax - box.xMin)) * nx - 0.5;
  const v = ((y - box.yMin) / (box.yMax - box.yMin)) * ny - 0.5;
  if (!(u >= 0 && v >= 0 && u <= nx - 1 && v <= ny - 1)) return NaN;
  const i = Math.min(nx - 2, Math.floor(u));
  const j = Math.min(ny - 2, Math.floor(v));
  const fu = u - i;
  const fv = v - j;
  const at = (a: number, b: number): number => {
    const value = values[b * nx + a];
    return typeof value === 'number' ? value : NaN;
  };
  return (1 - fv) * ((1 - fu) * at(i, j) + fu * at(i + 1, j)) + fv * ((1 - fu) * at(i, j + 1) + fu * at(i + 1, j + 1));
}
