/**
 * The box the landscape shows: every visible path (in plane coordinates) with 10% padding on
 * each side. When the two spans are alike (within a factor of 4) the box is made square, so the
 * view can lock the aspect ratio and a circle looks round; otherwise each axis keeps its span.
 * A path that does not move along an axis still gets a span (the other axis's, or 1).
 */

export interface Box {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

export interface PlaneBox extends Box {
  /** Draw with equal units per pixel on both axes. */
  readonly aspectLocked: boolean;
}

export const BOX_PADDING = 0.1;
/** Spans within this factor of each other count as alike. */
export const ALIKE_RATIO = 4;

/** Points given as parallel coordinate arrays. */
export interface PlanePath {
  readonly xs: ArrayLike<number>;
  readonly ys: ArrayLike<number>;
}

/** The padded box around `paths` (non-finite coordinates are skipped); null when there is no finite point. */
export function pathsBox(paths: readonly PlanePath[], padding = BOX_PADDING, alike = ALIKE_RATIO): PlaneBox | null {
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const { xs, ys } of paths) {
    const n = Math.min(xs.length, ys.length);
    for (let i = 0; i < n; i++) {
      const x = xs[i]!;
      const y = ys[i]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (x < xMin) xMin = x;
      if (x > xMax) xMax = x;
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
    }
  }
  if (xMin > xMax) return null;
  let w = xMax - xMin;
  let h = yMax - yMin;
  const cx = (xMin + xMax) / 2;
  const cy = (yMin + yMax) / 2;
  // A path still along an axis: borrow the other span; a single point: a unit box, or 10% of its size.
  if (w === 0 && h === 0) w = h = Math.max(1, 0.2 * Math.max(Math.abs(cx), Math.abs(cy)));
  else if (w === 0) w = h;
  else if (h === 0) h = w;
  const aspectLocked = Math.max(w, h) / Math.min(w, h) <= alike;
  if (aspectLocked) w = h = Math.max(w, h);
  const halfW = (w * (1 + 2 * padding)) / 2;
  const halfH = (h * (1 + 2 * padding)) / 2;
  return { xMin: cx - halfW, xMax: cx + halfW, yMin: cy - halfH, yMax: cy + halfH, aspectLocked };
}

/** Same box (to ~1e-12 of its size): a grid computed for one serves the other. */
export function sameBox(a: Box, b: Box): boolean {
  const tol = 1e-12 * Math.max(a.xMax - a.xMin, a.yMax - a.yMin, b.xMax - b.xMin, b.yMax - b.yMin);
  return Math.abs(a.xMin - b.xMin) <= tol && Math.abs(a.xMax - b.xMax) <= tol && Math.abs(a.yMin - b.yMin) <= tol && Math.abs(a.yMax - b.yMax) <= tol;
}
