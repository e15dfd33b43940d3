/**
 * What the landscape view draws for a set of runs of one objective: the plane (for 2
 * parameters the parameter space; for more, a plane through the final point of the first run,
 * spanned by the principal directions of all the paths or by filter-normalised random
 * directions), each path in plane coordinates, and the padded box around them.
 */
import { pathsBox, type PlaneBox } from './box';
import { principalDirections } from './pca';
import { axesPlane, PlaneProjector, type Plane } from './plane';
import { randomPlane, type ParameterBlock } from './randomDirections';
import type { TrajectoryPoints } from './trajectory';

/** How the plane is chosen for more than 2 parameters. */
export type PlaneMode = 'pca' | 'random';

export interface PathInput {
  readonly id: string;
  readonly points: TrajectoryPoints;
}

export interface PlanePathData {
  readonly id: string;
  readonly steps: number[];
  readonly xs: number[];
  readonly ys: number[];
  readonly losses: number[];
  readonly lrs: number[];
}

export interface Scene {
  readonly plane: Plane;
  /** The run whose final point the plane goes through (more than 2 parameters). */
  readonly centreId: string | null;
  readonly paths: PlanePathData[];
  readonly box: PlaneBox | null;
}

export interface SceneOptions {
  readonly mode: PlaneMode;
  /** Seed of the random directions. */
  readonly seed: number;
  readonly blocks?: readonly ParameterBlock[];
}

/** The plane for `paths` (all of one dimension, at least one point each). */
export function choosePlane(paths: readonly PathInput[], dim: number, options: SceneOptions): { plane: Plane; centreId: string | null } {
  if (dim === 2 || paths.length === 0) return { plane: axesPlane(), centreId: null };
  const first = paths[0]!;
  const n = first.points.steps.length;
  const centre = first.points.params.slice((n - 1) * dim, n * dim);
  if (options.mode === 'random') {
    let reach = 0;
    for (const p of paths) {
      for (let r = 0; r < p.points.steps.length; r++) {
        let d = 0;
        for (let j = 0; j < dim; j++) d += (p.points.params[r * dim + j]! - centre[j]!) ** 2;
        reach = Math.max(reach, Math.sqrt(d));
      }
    }
    return { plane: randomPlane(centre, options.seed, reach > 0 ? reach : 1, options.blocks), centreId: first.id };
  }
  const pca = principalDirections(paths.map((p) => ({ params: p.points.params, count: p.points.steps.length })), dim);
  return { plane: { kind: 'pca', dim, origin: centre, u: pca.directions[0], v: pca.directions[1], explained: pca.explained }, centreId: first.id };
}

export function buildScene(paths: readonly PathInput[], dim: number, options: SceneOptions): Scene {
  const usable = paths.filter((p) => p.points.dim === dim && p.points.steps.length > 0);
  const { plane, centreId } = choosePlane(usable, dim, options);
  const projector = new PlaneProjector(plane);
  const projected = usable.map((p) => {
    const { xs, ys } = projector.projectAll(p.points.params, p.points.steps.length);
    return { id: p.id, steps: p.points.steps, xs, ys, losses: p.points.losses, lrs: p.points.lrs };
  });
  // Random directions are scaled to the parameters (Li et al.'s [−1, 1] box); the box holds that too.
  const extra = plane.kind === 'random' ? [{ xs: [-1, 1], ys: [-1, 1] }] : [];
  return { plane, centreId, paths: projected, box: pathsBox([...projected, ...extra]) };
}
