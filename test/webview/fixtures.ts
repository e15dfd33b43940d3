/**
 * Host messages for the panel tests: the real catalog (built from the engine's registries by
 * the host's `buildCatalog`), and runs with plausible, deterministic curves.
 */
import { buildCatalog } from '../../src/extension/catalog';
import { PROTOCOL_VERSION, type ControlValues, type HostToWebview, type PanelContext, type RunMeta, type RunOutcomeMessage, type RunSnapshot, type SeriesChunk } from '../../src/shared/protocol';

export const OBJECTIVE = { file: '/work/example/quadratic.ts', label: 'quadratic.ts', name: 'rosenbrock' };

export const CONTEXT: PanelContext = { objective: OBJECTIVE, objectives: ['rosenbrock', 'sphere'], trusted: true, notice: null, batched: false };

export const CONTROLS: ControlValues = { optimizer: { type: 'adam' }, schedule: { type: 'constant' }, iterations: 200 };

export function initMessage(runs: RunSnapshot[] = [], overrides: Partial<Extract<HostToWebview, { type: 'init' }>> = {}): Extract<HostToWebview, { type: 'init' }> {
  return { type: 'init', protocolVersion: PROTOCOL_VERSION, runs, catalog: buildCatalog(), controls: CONTROLS, context: CONTEXT, refreshMs: 50, finder: null, sweep: null, paused: [], ...overrides };
}

export function runMeta(id: string, colorIndex: number, label: string, iterations = 300, optimizer: Record<string, unknown> = { type: 'adam', lr: 0.01 }, schedule: Record<string, unknown> = { type: 'cosine', tMax: iterations }): RunMeta {
  return {
    id,
    label,
    colorIndex,
    objective: OBJECTIVE,
    config: { optimizer: { type: String(optimizer.type), ...optimizer }, schedule: { type: String(schedule.type), ...schedule }, iterations },
    gradient: 'user',
    dim: 2,
    startedAt: 1_700_000_000_000,
  };
}

/** A deterministic pseudo-random sequence in [0, 1). */
function noise(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

export interface CurveShape {
  lr0: number;
  /** Decay rate of the loss per step. */
  rate: number;
  seed: number;
  iterations: number;
  /** Cosine (true) or constant lr. */
  cosine?: boolean;
  metric?: string;
}

/** Steps [from, to] of a run: loss decays with some noise, lr follows the schedule. */
export function chunk(shape: CurveShape, from: number, to: number): SeriesChunk {
  const rnd = noise(shape.seed * 7919 + from);
  const lr: number[] = [];
  const loss: number[] = [];
  const gradNorm: number[] = [];
  const metric: number[] = [];
  for (let t = from; t <= to; t++) {
    const l = shape.cosine ? (shape.lr0 * (1 + Math.cos((Math.PI * (t - 1)) / shape.iterations))) / 2 : shape.lr0;
    const f = 4 * Math.exp(-shape.rate * t) * (1 + 0.15 * (rnd() - 0.5)) + 1e-3 * (1 + Math.sin(t / 9));
    lr.push(l);
    loss.push(f);
    gradNorm.push(Math.sqrt(f) * 2 * (1 + 0.3 * (rnd() - 0.5)));
    metric.push(1 - f / 4);
  }
  return { firstStep: from, lr, loss, gradNorm, metrics: shape.metric ? { [shape.metric]: metric } : {} };
}

export function outcome(steps: number, stopReason: RunOutcomeMessage['stopReason'] = 'maxIterations', detail = `reached ${steps} iterations`, finalLoss = 0.0123): RunOutcomeMessage {
  return { stopReason, detail, steps, finalLoss, bestLoss: finalLoss, wallTimeMs: 842 };
}
