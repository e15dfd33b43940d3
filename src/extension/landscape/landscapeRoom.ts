/**
 * The landscape in the panel: for the runs the page shows, their paths on a plane (the
 * parameter space of a 2-parameter objective; for more, a plane through the first run's final
 * point — principal directions of the paths, or filter-normalised random directions) and f on
 * a grid over the box that holds them, computed in a worker (the loader's, with the run
 * limits) once per box and cached. Paths come from the runs' decimated trajectories (the run
 * store keeps them while the runs stream), so a landscape costs a run nothing.
 *
 * The box stays put while the paths stay well inside it (a streaming run does not move it, and
 * so does not recompute the grid, on every refresh).
 */
import * as l10n from '@vscode/l10n';
import type * as vscode from 'vscode';
import { isLrLabError, thrownWords, type SourceLocation } from '../../core/errors';
import { evaluateGridInFile, type GridHandle } from '../../core/loader';
import { contourLevels } from '../../core/landscape/levels';
import type { Grid } from '../../core/landscape/grid';
import { buildScene, type PathInput } from '../../core/landscape/scene';
import type { Box, PlaneBox } from '../../core/landscape/box';
import type { Plane } from '../../core/landscape/plane';
import { sha256 } from '../../core/runSet/objectiveFile';
import type { LandscapeGridMessage, LandscapeSceneMessage, ObjectiveRef, PlaneModeMessage } from '../../shared/protocol';
import type { PanelSink } from '../panel/pages';
import type { Logger } from '../runs/persistence';
import type { RunUi } from '../runs/RunLauncher';
import type { RunStore, StoredRun } from '../runs/runStore';
import type { RunTarget } from '../runs/types';
import { settingsToLimits, type LrLabSettings } from '../settings';
import { GridCache, gridKey } from './gridCache';

export interface LandscapeRequest {
  readonly requestId: number;
  readonly runIds: readonly string[];
  readonly mode: PlaneModeMessage;
  readonly seed: number;
  /** The user's zoom, or null for the paths' box. */
  readonly box: Box | null;
  /** Points per side (default: the lrlab.landscape.gridSize setting). */
  readonly resolution?: number;
}

export interface LandscapeRoomDeps {
  readonly pages: PanelSink;
  readonly store: RunStore;
  readonly ui: Pick<RunUi, 'isTrusted' | 'openText'>;
  readonly log: Pick<Logger, 'warn'>;
  settings(): LrLabSettings;
  /** The playground's objective (its runs are preferred when several objectives are visible). */
  target(): RunTarget | undefined;
  /** The objective file of a run (its meta names the file by path). */
  targetOf(objective: ObjectiveRef): RunTarget;
  /** The loader's evaluateGridInFile (a fake in tests). */
  readonly evaluate?: typeof evaluateGridInFile;
}

/** The paths may use this share of the box before a new one is taken (else the box holds still). */
const STILL_SHRINK = 0.35;

/** Parameters up to this many are sent with each point (the tooltip shows θ); beyond, only plane coordinates. */
const MAX_SENT_DIM = 8;

export class LandscapeRoom implements vscode.Disposable {
  private readonly cache = new GridCache<Grid & { levels: ReturnType<typeof contourLevels> }>();
  private pending: { key: string; handle: GridHandle } | null = null;
  /** The box last drawn per objective and plane kind (kept while the paths stay well inside). */
  private lastBox = new Map<string, PlaneBox>();
  /** What the last scene was (for the API and tests). */
  private last: { scene: LandscapeSceneMessage; grid: LandscapeGridMessage | null } | null = null;

  constructor(private readonly deps: LandscapeRoomDeps) {}

  get lastDrawn(): { scene: LandscapeSceneMessage; grid: LandscapeGridMessage | null } | null {
    return this.last;
  }

  /** Answer a page's request: the scene at once, then the grid (from the cache or a worker). */
  async request(request: LandscapeRequest): Promise<void> {
    const { deps } = this;
    const runs = request.runIds.map((id) => deps.store.get(id)).filter((run): run is StoredRun => run !== undefined);
    const group = pickObjective(runs, deps.target());
    const { scene, plane } = this.scene(request, runs, group);
    deps.pages.post(scene);
    this.last = { scene, grid: null };
    if (scene.box === null || group === null || plane === null) return;
    if (!deps.ui.isTrusted()) {
      deps.pages.post({ type: 'landscapeError', requestId: request.requestId, message: l10n.t('Restricted Mode: f is drawn by running your objective; trust the workspace to see the landscape') });
      return;
    }
    const target = deps.targetOf(group.objective);
    const source = deps.ui.openText(target);
    let sourceSha256: string;
    try {
      sourceSha256 = source !== undefined ? sha256(source) : (group.runs[0]!.sourceSha256 ?? 'disk');
    } catch {
      sourceSha256 = 'disk';
    }
    const box = scene.box;
    const nx = request.resolution ?? deps.settings().landscapeGridSize;
    const ny = nx;
    const key = gridKey({ sourceSha256, objective: `${group.objective.file}#${group.objective.name}`, plane, box, nx, ny });
    const cached = this.cache.get(key);
    if (cached) {
      this.postGrid(request.requestId, cached, true);
      return;
    }
    if (this.pending?.key === key) return; // the same grid is on its way
    this.pending?.handle.cancel();
    const handle = (deps.evaluate ?? evaluateGridInFile)({
      file: target.uri.fsPath,
      objective: target.objective,
      x0: Array.from(group.runs[0]!.trajectory!.points().params.subarray(0, group.dim)),
      plane,
      box,
      nx,
      ny,
      limits: settingsToLimits(deps.settings()),
      ...(source !== undefined ? { source } : {}),
    });
    this.pending = { key, handle };
    try {
      const grid = await handle.done;
      const entry = { ...grid, levels: contourLevels(grid.values) };
      this.cache.set(key, entry);
      if (this.pending?.key === key) this.pending = null;
      this.postGrid(request.requestId, entry, false);
    } catch (e) {
      if (this.pending?.key === key) this.pending = null;
      if (isLrLabError(e) && e.code === 'cancelled') return;
      const message = thrownWords(e);
      deps.log.warn(`landscape: ${message}`);
      const location: SourceLocation | undefined = isLrLabError(e) ? e.location : undefined;
      deps.pages.post({ type: 'landscapeError', requestId: request.requestId, message: l10n.t('The landscape could not be computed: {0}', message), ...(location ? { location } : {}) });
    }
  }

  dispose(): void {
    this.pending?.handle.cancel();
    this.pending = null;
  }

  /** What the page draws at once (paths, box, plane) and the plane the grid is computed on (null: nothing to draw). */
  private scene(request: LandscapeRequest, runs: readonly StoredRun[], group: ObjectiveGroup | null): { scene: LandscapeSceneMessage; plane: Plane | null } {
    const empty = (notice: string, objective: ObjectiveRef | null = null, dim = 0): { scene: LandscapeSceneMessage; plane: null } => ({ plane: null, scene: {
      type: 'landscapeScene',
      requestId: request.requestId,
      objective,
      dim,
      plane: { kind: 'axes', explained: null, centreRunId: null },
      box: null,
      paths: [],
      notice,
      omitted: 0,
    } });
    if (runs.length === 0) return empty(l10n.t('No runs to draw: run the optimizer (or show a run) and its path appears on the landscape.'));
    if (group === null) return empty(l10n.t('The visible runs have no recorded parameters (recordParams is off), so there is no path to draw.'));
    if (group.dim < 2) return empty(l10n.t('{0} has 1 parameter: its landscape is the loss curve f(θ) itself; the landscape view needs 2 or more.', group.objective.name), group.objective, group.dim);
    const built = buildScene(pathInputs(group), group.dim, { mode: request.mode, seed: request.seed });
    const planeKey = `${group.objective.file}#${group.objective.name}|${built.plane.kind}`;
    let box: PlaneBox | null = built.box;
    if (request.box !== null) box = { ...request.box, aspectLocked: built.box?.aspectLocked ?? false };
    else if (box !== null && built.plane.kind === 'axes') {
      const previous = this.lastBox.get(planeKey);
      if (previous && holdsStill(previous, box)) box = previous;
      else this.lastBox.set(planeKey, box);
    }
    const sendParams = group.dim <= MAX_SENT_DIM;
    const scene: LandscapeSceneMessage = {
      type: 'landscapeScene',
      requestId: request.requestId,
      objective: group.objective,
      dim: group.dim,
      plane: { kind: built.plane.kind, explained: built.plane.explained ? [built.plane.explained[0], built.plane.explained[1]] : null, centreRunId: built.centreId },
      box,
      paths: built.paths.map((p) => {
        const run = group.runs.find((r) => r.meta.id === p.id)!;
        return { runId: p.id, steps: p.steps, xs: p.xs, ys: p.ys, losses: p.losses, lrs: p.lrs, ...(sendParams ? { params: Array.from(run.trajectory!.points().params) } : {}) };
      }),
      notice: null,
      omitted: runs.length - group.runs.length,
    };
    return { scene, plane: built.plane };
  }

  private postGrid(requestId: number, grid: Grid & { levels: ReturnType<typeof contourLevels> }, cached: boolean): void {
    const message: LandscapeGridMessage = {
      type: 'landscapeGrid',
      requestId,
      box: { xMin: grid.box.xMin, xMax: grid.box.xMax, yMin: grid.box.yMin, yMax: grid.box.yMax },
      nx: grid.nx,
      ny: grid.ny,
      values: Array.from(grid.values),
      levels: grid.levels.levels,
      scale: grid.levels.scale,
      min: grid.min,
      failures: grid.failures,
      firstFailure: grid.firstFailure,
      ms: grid.ms,
      cached,
    };
    if (this.last && this.last.scene.requestId === requestId) this.last.grid = message;
    this.deps.pages.post(message);
  }
}

interface ObjectiveGroup {
  readonly objective: ObjectiveRef;
  readonly dim: number;
  readonly runs: StoredRun[];
}

/**
 * The runs drawn together: those with a path, of one objective — the playground's when it has
 * visible runs, else the objective of the last visible run.
 */
function pickObjective(runs: readonly StoredRun[], target: RunTarget | undefined): ObjectiveGroup | null {
  const withPaths = runs.filter((run) => run.trajectory !== null && run.trajectory.length > 0);
  if (withPaths.length === 0) return null;
  const same = (a: ObjectiveRef, b: ObjectiveRef): boolean => a.file === b.file && a.name === b.name;
  const preferred = target ? withPaths.find((run) => run.meta.objective.file === target.uri.fsPath && run.meta.objective.name === target.objective) : undefined;
  const objective = (preferred ?? withPaths[withPaths.length - 1]!).meta.objective;
  const group = withPaths.filter((run) => same(run.meta.objective, objective));
  const dim = group[group.length - 1]!.meta.dim;
  return { objective, dim, runs: group.filter((run) => run.meta.dim === dim) };
}

function pathInputs(group: ObjectiveGroup): PathInput[] {
  return group.runs.map((run) => ({ id: run.meta.id, points: run.trajectory!.points() }));
}

/** Keep the previous box while it holds the new one and is not much larger (the view holds still). */
function holdsStill(previous: Box, next: Box): boolean {
  const inside = next.xMin >= previous.xMin && next.xMax <= previous.xMax && next.yMin >= previous.yMin && next.yMax <= previous.yMax;
  const w = (next.xMax - next.xMin) / (previous.xMax - previous.xMin);
  const h = (next.yMax - next.yMin) / (previous.yMax - previous.yMin);
  return inside && w >= STILL_SHRINK && h >= STILL_SHRINK;
}
