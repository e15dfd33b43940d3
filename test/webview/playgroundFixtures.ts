/**
 * Host messages of the playground views for the page tests and screenshots, made by the engine
 * itself in this process (no worker): real runs of real optimizers on Rosenbrock and a 5-D
 * quadratic with their decimated paths, f on the landscape's grid with its levels, a real lr
 * range test and a real sweep — what the host would send.
 */
import { finderResult, finderRunConfig, rampOf, rangeTest, resolveFinderConfig } from '../../src/core/finder';
import { buildScene, contourLevels, evaluateGrid, Trajectory, type PathInput } from '../../src/core/landscape';
import { resolveRunConfig, type RawRunConfig } from '../../src/core/minimize/config';
import { minimize } from '../../src/core/minimize/minimize';
import type { RecordBatch } from '../../src/core/minimize/records';
import type { Objective } from '../../src/core/objective';
import { cellSummary, logSpaced, sweepCells } from '../../src/core/sweep';
import { RunTally } from '../../src/core/minimize/tally';
import { finderResultMessage } from '../../src/extension/finder/finderRoom';
import { toOutcomeMessage } from '../../src/extension/runs/RunLauncher';
import { batchToChunk } from '../../src/extension/runs/runStore';
import type { HostMessage, HostToWebview, RunMeta, SweepStateMessage, WebviewToHost } from '../../src/shared/protocol';
import { CONTEXT, OBJECTIVE } from './fixtures';
import type { PanelPage } from './harness';
import type { PageDocument, PageInstrumentation, PageWindow } from './pageTypes';

// Browser globals, used only inside functions that run in the page.
declare const window: PageWindow & PageInstrumentation;
declare const document: PageDocument;

export const ROSENBROCK: Objective = {
  name: 'rosenbrock',
  dim: 2,
  x0: Float64Array.of(-1.2, 1),
  f: (x) => (1 - x[0]!) ** 2 + 100 * (x[1]! - x[0]! ** 2) ** 2,
  grad: (x, out) => {
    out[0] = -2 * (1 - x[0]!) - 400 * x[0]! * (x[1]! - x[0]! ** 2);
    out[1] = 200 * (x[1]! - x[0]! ** 2);
  },
};

/** ½ Σ aᵢ xᵢ² in 5 dimensions, from (1, 1, 1, 1, 1). */
export const QUADRATIC5: Objective = {
  name: 'illConditioned',
  dim: 5,
  x0: Float64Array.of(1, 1, 1, 1, 1),
  f: (x) => [1, 3, 10, 30, 100].reduce((s, a, i) => s + 0.5 * a * x[i]! ** 2, 0),
  grad: (x, out) => [1, 3, 10, 30, 100].forEach((a, i) => (out[i] = a * x[i]!)),
};

export interface FixtureRun {
  meta: RunMeta;
  messages: HostToWebview[];
  trajectory: Trajectory;
}

/** A finished run of `raw` on `objective`, as runStarted, one runData and runFinished. */
export function fixtureRun(objective: Objective, id: string, colorIndex: number, label: string, raw: RawRunConfig): FixtureRun {
  const config = resolveRunConfig(raw);
  const batches: RecordBatch[] = [];
  const outcome = minimize(objective, config, { onBatch: (b) => batches.push(b) });
  const trajectory = new Trajectory(objective.dim, objective.x0);
  for (const b of batches) trajectory.append(b);
  trajectory.finish(outcome.finalLoss);
  const meta: RunMeta = {
    id,
    label,
    colorIndex,
    objective: { ...OBJECTIVE, name: objective.name },
    config: { ...config } as unknown as RunMeta['config'],
    gradient: 'user',
    dim: objective.dim,
    startedAt: 1_700_000_000_000,
  };
  const merged = mergeBatches(batches);
  return {
    meta,
    trajectory,
    messages: [{ type: 'runStarted', run: meta }, ...(merged ? [{ type: 'runData' as const, runId: id, chunk: batchToChunk(merged) }] : []), { type: 'runFinished', runId: id, outcome: toOutcomeMessage(outcome) }],
  };
}

function mergeBatches(batches: RecordBatch[]): RecordBatch | null {
  if (batches.length === 0) return null;
  const cat = (pick: (b: RecordBatch) => Float64Array) => Float64Array.from(batches.flatMap((b) => Array.from(pick(b))));
  return { firstStep: 1, count: batches.reduce((n, b) => n + b.count, 0), dim: batches[0]!.dim, lr: cat((b) => b.lr), loss: cat((b) => b.loss), gradNorm: cat((b) => b.gradNorm), params: null, metrics: {} };
}

/** The landscape scene and grid the host would send for `runs` (f evaluated here, on the host's grid). */
export function landscapeMessages(objective: Objective, runs: readonly FixtureRun[], requestId: number, size = 200, mode: 'pca' | 'random' = 'pca'): [HostMessage<'landscapeScene'>, HostMessage<'landscapeGrid'>] {
  const inputs: PathInput[] = runs.map((r) => ({ id: r.meta.id, points: r.trajectory.points() }));
  const scene = buildScene(inputs, objective.dim, { mode, seed: 0 });
  const box = scene.box!;
  const grid = evaluateGrid((x) => objective.f(x), scene.plane, { box, nx: size, ny: size });
  const levels = contourLevels(grid.values);
  return [
    {
      type: 'landscapeScene',
      requestId,
      objective: { ...OBJECTIVE, name: objective.name },
      dim: objective.dim,
      plane: { kind: scene.plane.kind, explained: scene.plane.explained ? [scene.plane.explained[0], scene.plane.explained[1]] : null, centreRunId: scene.centreId },
      box,
      paths: scene.paths.map((p, i) => ({ runId: p.id, steps: p.steps, xs: p.xs, ys: p.ys, losses: p.losses, lrs: p.lrs, ...(objective.dim <= 8 ? { params: Array.from(inputs[i]!.points.params) } : {}) })),
      notice: null,
      omitted: 0,
    },
    { type: 'landscapeGrid', requestId, box, nx: size, ny: size, values: Array.from(grid.values), levels: levels.levels, scale: levels.scale, min: grid.min, failures: grid.failures, firstFailure: grid.firstFailure, ms: grid.ms, cached: false },
  ];
}

/** A real lr range test on Rosenbrock with `optimizer`: finderStarted (with its steps) and finderFinished. */
export function finderMessages(optimizer: RawRunConfig['optimizer'] = { type: 'adam' }, finderId = 'finder-1'): [HostMessage<'finderStarted'>, HostMessage<'finderFinished'>] {
  const config = resolveFinderConfig({ optimizer });
  const losses: number[] = [];
  const outcome = rangeTest(ROSENBROCK, finderRunConfig(config), rampOf(config), { onBatch: (b) => losses.push(...b.loss) });
  const result = finderResult(config, losses, outcome);
  const message = finderResultMessage(result);
  return [
    { type: 'finderStarted', finder: { finderId, objective: { ...OBJECTIVE, name: 'rosenbrock' }, config: message.config, lrs: [], losses: [], smoothed: [], result: null } },
    { type: 'finderFinished', finderId, result: message },
  ];
}

/** A real sweep on Rosenbrock (cells run in this process, in order): its final state as sweepStarted. */
export function sweepState(lrCount = 6, optimizers: string[] = ['sgd', 'adam'], schedules: string[] = ['constant'], iterations = 300, targetLoss: number | null = null): SweepStateMessage {
  const lrs = logSpaced(1e-4, 1e-1, lrCount);
  const cells = sweepCells({ lrs, optimizers: optimizers.map((type) => ({ type })), schedules: schedules.map((type) => ({ type })), seeds: [0], base: { iterations } });
  return {
    sweepId: 'sweep-1',
    objective: { ...OBJECTIVE, name: 'rosenbrock' },
    lrs,
    rows: optimizers.flatMap((o) => schedules.map((s) => ({ optimizer: o, schedule: s, label: s === 'constant' ? o : `${o} · ${s}` }))),
    seeds: [0],
    iterations,
    targetLoss,
    cells: cells.map((cell) => {
      const tally = new RunTally(targetLoss);
      const outcome = minimize(ROSENBROCK, cell.config, { onBatch: (b) => tally.add(b) });
      const s = cellSummary(cell, outcome, tally.stepsToTarget(Number.isFinite(outcome.finalLoss) ? outcome.finalLoss : null, outcome.steps));
      return { index: cell.index, row: cell.row, column: cell.column, lr: cell.lr, seed: cell.seed, status: 'done', summary: { finalLoss: s.finalLoss, bestLoss: s.bestLoss, steps: s.steps, stepsToTarget: s.stepsToTarget, stopReason: s.stopReason, detail: s.detail, ms: s.ms }, runId: null };
    }),
    running: false,
    jobs: 2,
  };
}

/**
 * Send the runs, then answer the page's landscape requests that name them all with the scene
 * and the grid until the view is ready (a busy machine may let the page ask twice: the reply to
 * the earlier request is then stale and the later one is answered too).
 */
export async function answerLandscape(panel: PanelPage, objective: Objective, runs: readonly FixtureRun[], mode: 'pca' | 'random' = 'pca'): Promise<void> {
  if (objective !== ROSENBROCK) await panel.send({ type: 'context', context: { ...CONTEXT, objective: { ...CONTEXT.objective!, name: objective.name } } });
  const since = (await panel.posted()).length;
  for (const run of runs) for (const message of run.messages) await panel.send(message);
  const ids = runs.map((r) => r.meta.id);
  let answered = -1;
  for (;;) {
    const handle = await panel.page.waitForFunction(
      ({ since, ids, answered }) => {
        const view = document.querySelector('[data-view="landscape"]');
        if (answered >= 0 && view?.dataset.status === 'ready') return { ready: true };
        const request = window.__posted.slice(since).filter((m) => m.type === 'landscape' && JSON.stringify(m.runIds) === JSON.stringify(ids)).at(-1) as { requestId: number } | undefined;
        return request && request.requestId !== answered ? request : false;
      },
      { since, ids, answered },
    );
    const found = (await handle.jsonValue()) as Extract<WebviewToHost, { type: 'landscape' }> | { ready: true };
    if ('ready' in found) return;
    answered = found.requestId;
    const [scene, grid] = landscapeMessages(objective, runs, found.requestId, 200, mode);
    await panel.send(scene);
    await panel.send(grid);
  }
}
