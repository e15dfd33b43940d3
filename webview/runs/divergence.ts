/**
 * A diverged run's exploding tail: its last points, where its values have left any scale the
 * other runs live on (SGD at lr 0.01 on Rosenbrock: 24 → 160 → 3e6 → 1e18 → 4e35). The charts
 * draw the tail but do not let it set the y range, so one diverged run does not flatten the
 * others into a line at zero; a ✕ marks where its records end.
 */
/** A point of a series (the runs model's). */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * The step where `points`' exploding tail starts: right after the last point at or below the
 * first one (from there on the run only climbed above where it started); null when the last
 * point is not above the first (nothing exploded, e.g. a NaN ended the run).
 */
export function tailStart(points: readonly Point[]): number | null {
  const n = points.length;
  if (n < 2) return null;
  const start = points[0]!.y;
  if (!(points[n - 1]!.y > start)) return null;
  let i = n - 1;
  while (i > 1 && points[i - 1]!.y > start) i--;
  return points[i]!.x;
}
