/**
 * The playground's part of the host ⇄ panel protocol: the landscape (plane, paths, f on a
 * grid), the lr finder, sweeps, and run sets. zod/mini schemas like the rest of messages/;
 * hostToWebview.ts and webviewToHost.ts list them with the others. Number arrays are not
 * scanned (null stands for NaN on the wire).
 */
import * as z from 'zod/mini';
import { engineTextShape, finite, integer, numberArray, objectiveRef, sourceLocation, STOP_REASONS, typedConfig } from './shapes';

const text = z.string();
const id = z.string().check(z.minLength(1), z.maxLength(64));
const positive = z.number().check(z.gt(0));

// ------------------------------------------------------------------------------ landscape

export const planeBox = z.object({ xMin: finite, xMax: finite, yMin: finite, yMax: finite });
export type PlaneBoxMessage = z.output<typeof planeBox>;

export const PLANE_KINDS = ['axes', 'pca', 'random'] as const;
export const PLANE_MODES = ['pca', 'random'] as const;
export type PlaneModeMessage = (typeof PLANE_MODES)[number];

/** One run's path on the plane: step k (0 = x₀), plane coordinates, f at the point, lr of the step that led there; θ itself for few parameters. */
export const landscapePath = z.object({ runId: text, steps: numberArray, xs: numberArray, ys: numberArray, losses: numberArray, lrs: numberArray, params: z.optional(numberArray) });
export type LandscapePath = z.output<typeof landscapePath>;

export const landscapeScene = z.object({
  type: z.literal('landscapeScene'),
  requestId: integer,
  objective: z.nullable(objectiveRef),
  dim: integer,
  plane: z.object({ kind: z.enum(PLANE_KINDS), explained: z.nullable(z.tuple([finite, finite])), centreRunId: z.nullable(text) }),
  /** The box drawn (the paths' padded box, or the user's zoom), null when there is nothing to draw. */
  box: z.nullable(z.extend(planeBox, { aspectLocked: z.boolean() })),
  paths: z.array(landscapePath),
  /** Why there is no landscape (fewer than 2 parameters, no runs with parameters, …). */
  notice: z.nullable(text),
  /** Visible runs of other objectives, not drawn here. */
  omitted: integer,
});
export type LandscapeSceneMessage = z.output<typeof landscapeScene>;

export const landscapeGrid = z.object({
  type: z.literal('landscapeGrid'),
  requestId: integer,
  box: planeBox,
  nx: integer,
  ny: integer,
  /** f at the cell centres, row by row (values[j·nx + i]); null where f failed. */
  values: numberArray,
  levels: numberArray,
  scale: z.enum(['log', 'linear']),
  min: z.nullable(z.object({ alpha: finite, beta: finite, value: finite })),
  failures: integer,
  firstFailure: z.nullable(z.object({ alpha: finite, beta: finite, reason: text })),
  ms: finite,
  /** The grid came from the cache (no worker ran). */
  cached: z.boolean(),
});
export type LandscapeGridMessage = z.output<typeof landscapeGrid>;

export const landscapeError = z.object({ type: z.literal('landscapeError'), requestId: integer, message: text, location: z.optional(sourceLocation) });

// ------------------------------------------------------------------------------ lr finder

export const SUGGESTION_RULES = ['valley', 'steep', 'minimum'] as const;
export const FINDER_STOP_REASONS = ['numIt', 'diverged', 'error', 'timeout', 'cancelled'] as const;

const suggestion = z.nullable(z.object({ lr: finite, point: z.object({ lr: finite, loss: finite }) }));

export const finderResult = z.object({
  config: z.looseObject({ optimizer: typedConfig, startLr: finite, endLr: finite, numIt: integer }),
  lrs: numberArray,
  losses: numberArray,
  smoothed: numberArray,
  stopReason: z.enum(FINDER_STOP_REASONS),
  detail: text,
  /** The detail and the error as engine sentences, for the page to word in its language. */
  detailText: z.optional(engineTextShape),
  suggestions: z.object({ valley: suggestion, steep: suggestion, minimum: suggestion }),
  error: z.optional(z.object({ code: text, message: text, location: z.optional(sourceLocation), text: z.optional(engineTextShape) })),
});
export type FinderResultMessage = z.output<typeof finderResult>;

/** A finder as the page shows it: running (result null) or done. */
export const finderState = z.object({
  finderId: id,
  objective: objectiveRef,
  config: z.looseObject({ optimizer: typedConfig, startLr: finite, endLr: finite, numIt: integer }),
  /** Steps taken so far (while running), with the smoothed loss as the stop rule reads it. */
  lrs: numberArray,
  losses: numberArray,
  smoothed: numberArray,
  result: z.nullable(finderResult),
});
export type FinderStateMessage = z.output<typeof finderState>;

export const finderStarted = z.object({ type: z.literal('finderStarted'), finder: finderState });
export const finderData = z.object({ type: z.literal('finderData'), finderId: id, firstStep: integer, lrs: numberArray, losses: numberArray, smoothed: numberArray });
export const finderFinished = z.object({ type: z.literal('finderFinished'), finderId: id, result: finderResult });

// ------------------------------------------------------------------------------ sweep

export const CELL_STATUSES = ['waiting', 'running', 'done'] as const;

/** Why a cell's steps to a new target are not known although its best loss reached it: its run again is under way, or did not reproduce it. */
export const STEPS_UNKNOWN = ['counting', 'notReproduced'] as const;
const stepsUnknown = z.enum(STEPS_UNKNOWN);
export type StepsUnknown = (typeof STEPS_UNKNOWN)[number];

export const cellSummary = z.object({
  finalLoss: z.nullable(finite),
  bestLoss: z.nullable(finite),
  steps: integer,
  stepsToTarget: z.nullable(integer),
  stepsUnknown: z.optional(stepsUnknown),
  stopReason: z.enum(STOP_REASONS),
  detail: text,
  ms: finite,
});
export type CellSummaryMessage = z.output<typeof cellSummary>;

export const sweepCellState = z.object({
  index: integer,
  row: integer,
  column: integer,
  lr: finite,
  seed: integer,
  status: z.enum(CELL_STATUSES),
  summary: z.nullable(cellSummary),
  /** The run this cell is overlaid as in the curves and landscape (after a click). */
  runId: z.nullable(text),
});
export type SweepCellMessage = z.output<typeof sweepCellState>;

export const sweepState = z.object({
  sweepId: id,
  objective: objectiveRef,
  lrs: numberArray,
  /** One row per optimizer × schedule: its label and the optimizer's type (the sensitivity lines group by it). */
  rows: z.array(z.object({ label: text, optimizer: text, schedule: text })),
  seeds: z.array(integer),
  iterations: integer,
  targetLoss: z.nullable(finite),
  cells: z.array(sweepCellState),
  running: z.boolean(),
  jobs: integer,
});
export type SweepStateMessage = z.output<typeof sweepState>;

export const sweepStarted = z.object({ type: z.literal('sweepStarted'), sweep: sweepState });
export const sweepCell = z.object({ type: z.literal('sweepCell'), sweepId: id, cell: sweepCellState });
export const sweepFinished = z.object({ type: z.literal('sweepFinished'), sweepId: id });
/** Each cell's steps to the target (null: not reached, no target, or not known — `unknown` says why, where there is a reason). */
export const sweepSteps = z.object({ type: z.literal('sweepSteps'), sweepId: id, targetLoss: z.nullable(finite), steps: z.array(z.nullable(integer)), unknown: z.optional(z.array(z.nullable(stepsUnknown))) });

// ------------------------------------------------------------------------------ page → host

const runId = z.string().check(z.minLength(1), z.maxLength(64));

export const playgroundRequests = [
  /** Draw the landscape of these runs: plane, paths and f on a grid (box null: the paths' box). */
  z.strictObject({
    type: z.literal('landscape'),
    requestId: z.int(),
    runIds: z.array(runId).check(z.maxLength(1000)),
    mode: z.enum(PLANE_MODES),
    seed: z.int(),
    box: z.nullable(z.strictObject({ xMin: z.number(), xMax: z.number(), yMin: z.number(), yMax: z.number() }).check(z.refine((b) => b.xMax > b.xMin && b.yMax > b.yMin, { error: 'the box must have xMax > xMin and yMax > yMin' }))),
    /** Points per side of the grid; absent: the lrlab.landscape.gridSize setting. */
    resolution: z.optional(z.int().check(z.gte(20), z.lte(1000))),
  }),
  /** Run the lr range test on the panel's objective with this optimizer (its lr is the ramp's). */
  z.strictObject({ type: z.literal('findLr'), optimizer: typedConfig, startLr: z.optional(positive), endLr: z.optional(positive), numIt: z.optional(z.int().check(z.gte(6), z.lte(100_000))) }),
  z.strictObject({ type: z.literal('cancelFinder') }),
  /** Set the lr control (a suggestion was picked), and start a run with it when `run`. */
  z.strictObject({ type: z.literal('applyLr'), lr: positive, run: z.boolean() }),
  /** Sweep lrMin…lrMax (lrCount log-spaced) × optimizers × schedules × seeds on the panel's objective. */
  z.strictObject({
    type: z.literal('sweep'),
    lrMin: positive,
    lrMax: positive,
    lrCount: z.int().check(z.gte(1), z.lte(200)),
    optimizers: z.array(typedConfig).check(z.minLength(1), z.maxLength(30)),
    schedules: z.array(typedConfig).check(z.minLength(1), z.maxLength(30)),
    seeds: z.array(z.int()).check(z.minLength(1), z.maxLength(20)),
    iterations: z.int().check(z.gte(1), z.lte(10_000_000)),
    targetLoss: z.nullable(z.number()),
  }),
  /** Stop a sweep (or one of its cells). */
  z.strictObject({ type: z.literal('cancelSweep'), sweepId: id, index: z.optional(z.int().check(z.gte(0))) }),
  /** Count the cells' steps to this loss (null: none). */
  z.strictObject({ type: z.literal('sweepTarget'), sweepId: id, targetLoss: z.nullable(z.number()) }),
  /** Overlay a cell's run in the curves and the landscape. */
  z.strictObject({ type: z.literal('showSweepCell'), sweepId: id, index: z.int().check(z.gte(0)) }),
  /** Save runs (all, or these) to a `.lrlab.json` run set through a save dialog. */
  z.strictObject({ type: z.literal('saveRuns'), runIds: z.optional(z.array(runId).check(z.maxLength(1000))) }),
  /** Open a run set and run its runs again. */
  z.strictObject({ type: z.literal('openRuns') }),
  /** Copy the `lrlab run` line of a run to the clipboard. */
  z.strictObject({ type: z.literal('copyCommand'), runId }),
] as const;
