/**
 * The loss landscape: where the runs went (decimated trajectories), the plane they are drawn on
 * (the parameter space, principal directions of the paths, or filter-normalised random
 * directions), the box, f on a grid over it and its contour levels.
 */
export { ALIKE_RATIO, BOX_PADDING, pathsBox, sameBox, type Box, type PlaneBox, type PlanePath } from './box';
export { DEFAULT_GRID_SIZE, evaluateGrid, MAX_GRID_SIZE, sampleAt, type Grid, type GridSpec } from './grid';
export { contourLevels, DEFAULT_LEVEL_COUNT, linearLevels, logLevels, type ContourLevels } from './levels';
export { principalDirections, orthogonalAxis, type PointRows, type PrincipalDirections } from './pca';
export { axesPlane, dot, planePoint, PlaneProjector, type Plane, type PlaneKind } from './plane';
export { randomPlane, type ParameterBlock } from './randomDirections';
export { buildScene, choosePlane, type PathInput, type PlaneMode, type PlanePathData, type Scene, type SceneOptions } from './scene';
export { symmetricEigen, type Eigen } from './symmetricEigen';
export { MAX_TRAJECTORY_POINTS, Trajectory, trajectoryCapacity, type TrajectoryPoints } from './trajectory';
