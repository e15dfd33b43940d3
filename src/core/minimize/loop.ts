/**
 * The minimize loop with its optimizer and schedule given (minimize() builds them from the
 * config). Synchronous; one pass of the loop is one optimizer step, and it allocates nothing
 * beyond what the objective itself allocates.
 */
import { LrLabError, type SerializedError } from '../errors';
import type { Objective } from '../objective';
import type { Optimizer } from '../optimizers/types';
import type { Schedule } from '../schedules/types';
import { clipGradNorm, clipGradValue, l2Norm } from './clip';
import type { RunConfig } from './config';
import { formatNumber } from './format';
import { ObjectiveCalls, describeObjectiveError, type ObjectivePhase } from './objectiveCalls';
import { batchCapacity, DEFAULT_BATCH_RECORDS, RecordBuffer } from './recordBuffer';
import type { RecordBatch, RunOutcome, StopReason } from './records';
import { BatchSampler } from './sampler';

export interface MinimizeHooks {
  /** Receives each batch of records; the batch's arrays are handed over (the loop starts new arrays afterwards), so the caller may transfer them to another thread. */
  onBatch?(batch: RecordBatch): void;
  /** Polled every ≤ 256 steps and at every flush; true stops the run as 'cancelled'. */
  shouldStop?(): boolean;
  /** performance.now() value after which the run stops as 'timeout'. */
  deadline?: number;
  /** Flush a batch at least this often while running (ms, default 50) … */
  flushIntervalMs?: number;
  /** … or when it holds this many records (default 4096; fewer when dim is large so a batch's params stay ≤ ~8 MB). */
  maxBatchRecords?: number;
  /** Turns an exception thrown by f / grad / metrics into a SerializedError (the loader maps stack frames to the user's file:line). Default: LrLabError → toJSON(); else { code: 'objectiveError', message }. */
  describeError?(error: unknown, during: ObjectivePhase): SerializedError;
}

/** The clock is read every `checkEvery` steps, adapted so that reads are about this far apart. */
const CHECK_TARGET_MS = 2;
const MAX_CHECK_EVERY = 256;

/**
 * minimize() with the optimizer and schedule already built (tests and tools that bring their
 * own). See minimize() for the loop's contract.
 */
export function minimizeWith(objective: Objective, config: RunConfig, optimizer: Optimizer, schedule: Schedule, hooks: MinimizeHooks = {}): RunOutcome {
  const dim = objective.dim;
  const x = startingPoint(objective, config);
  const grad = new Float64Array(dim);
  const iterations = config.iterations;
  if (!Number.isInteger(iterations) || iterations < 0) throw new LrLabError('invalidConfig', `iterations must be an integer ≥ 0 (got ${iterations})`);
  const data = objective.data;
  if (data !== undefined && data.length === 0) throw new LrLabError('invalidObjective', `objective "${objective.name}" has an empty data set; mini-batch form needs at least one item`);
  const sampler = data === undefined ? null : new BatchSampler(data, batchSizeOf(objective, config, data.length), config.seed);
  const calls = new ObjectiveCalls(objective, hooks.describeError ?? describeObjectiveError);
  const exactGradient = config.gradient === 'auto' && typeof objective.grad === 'function';
  const hasMetrics = typeof objective.metrics === 'function';
  const clip = config.clip;
  const clipNorm = clip !== null && 'maxNorm' in clip ? clip.maxNorm : 0;
  const clipValue = clip !== null && 'value' in clip ? clip.value : 0;
  const lossTolerance = config.tolerance.lossChange;
  const gradTolerance = config.tolerance.gradNorm;
  const divergenceFactor = config.divergenceFactor;

  const { onBatch, shouldStop } = hooks;
  const deadline = hooks.deadline ?? Infinity;
  const flushIntervalMs = hooks.flushIntervalMs ?? 50;
  const buffer = new RecordBuffer(batchCapacity(hooks.maxBatchRecords ?? DEFAULT_BATCH_RECORDS, dim, config.recordParams), dim, config.recordParams);
  const flush = (): void => {
    const batch = buffer.take();
    if (batch !== null && onBatch !== undefined) onBatch(batch);
  };

  const optimizerState = optimizer.init(dim);
  let scheduleState = schedule.initialState();
  // One observation object, refilled each step (what observation schedules read).
  const observation = { loss: NaN, gradNorm: NaN };

  let stopReason: StopReason | null = null;
  let detail = '';
  let error: SerializedError | undefined;
  let steps = 0;
  let firstLoss = NaN;
  let previousLoss = NaN;
  let bestLoss = Infinity;

  const start = performance.now();
  let lastCheck = start;
  let lastFlush = start;
  let checkEvery = 1;
  let untilCheck = 1;

  for (let k = 1; k <= iterations; k++) {
    if (--untilCheck === 0) {
      const now = performance.now();
      if (now >= deadline) {
        stopReason = 'timeout';
        detail = `stopped at the time limit after ${plural(steps, 'step')}`;
        break;
      }
      if (shouldStop !== undefined && shouldStop()) {
        stopReason = 'cancelled';
        detail = `cancelled after ${plural(steps, 'step')}`;
        break;
      }
      if (now - lastFlush >= flushIntervalMs) {
        flush();
        lastFlush = now;
      }
      const elapsed = now - lastCheck;
      lastCheck = now;
      if (elapsed < CHECK_TARGET_MS / 2) checkEvery = Math.min(MAX_CHECK_EVERY, checkEvery * 2);
      else if (elapsed > CHECK_TARGET_MS * 2) checkEvery = Math.max(1, Math.floor((checkEvery * CHECK_TARGET_MS) / elapsed));
      untilCheck = checkEvery;
    }
    const t = k - 1;
    if (sampler !== null) calls.batch = sampler.next();

    const loss = calls.loss(x);
    if (calls.hasFailed()) {
      stopReason = 'error';
      error = calls.failure!;
      detail = `f failed at step ${k}: ${error.message}`;
      break;
    }
    if (!Number.isFinite(loss)) {
      const message = k === 1 ? `f returned ${loss} at the starting point` : `f returned ${loss} at step ${k}`;
      stopReason = k === 1 ? 'error' : 'diverged';
      error = { code: 'nonFiniteLoss', message };
      detail = message;
      break;
    }

    if (!(exactGradient ? calls.exactGradient(x, grad) : calls.numericGradient(x, grad))) {
      stopReason = 'error';
      error = calls.failure!;
      detail = `${calls.failedDuring} failed at step ${k}: ${error.message}`;
      break;
    }
    const gradNorm = l2Norm(grad);
    if (!Number.isFinite(gradNorm)) {
      const i = firstNonFinite(grad);
      const message = `gradient component ${i} (x[${i}]) is ${grad[i]} ${k === 1 ? 'at the starting point' : `at step ${k}`}`;
      stopReason = k === 1 ? 'error' : 'diverged';
      error = { code: 'nonFiniteGradient', message };
      detail = message;
      break;
    }
    if (gradTolerance > 0 && gradNorm <= gradTolerance) {
      stopReason = 'converged';
      detail = `converged: the gradient norm ${formatNumber(gradNorm)} ≤ tolerance.gradNorm ${formatNumber(gradTolerance)} after ${plural(steps, 'step')}`;
      break;
    }

    let metrics: Readonly<Record<string, number>> | null = null;
    if (hasMetrics) {
      metrics = calls.metrics(x);
      if (metrics === null) {
        stopReason = 'error';
        error = calls.failure!;
        detail = `metrics failed at step ${k}: ${error.message}`;
        break;
      }
    }

    if (clipNorm > 0) clipGradNorm(grad, gradNorm, clipNorm);
    else if (clipValue > 0) clipGradValue(grad, clipValue);

    observation.loss = loss;
    observation.gradNorm = gradNorm;
    const lr = schedule.lrAt(t, scheduleState, observation);
    optimizer.step(x, grad, optimizerState, lr);
    const full = buffer.push(lr, loss, gradNorm, x, metrics);
    steps = k;
    if (loss < bestLoss) bestLoss = loss;
    scheduleState = schedule.report(scheduleState, t, loss);

    const bad = firstNonFinite(x);
    if (bad >= 0) {
      stopReason = 'diverged';
      detail = `parameters became ${x[bad]} after step ${k} (x[${bad}])`;
      break;
    }
    if (k > 1 && lossTolerance > 0 && Math.abs(loss - previousLoss) <= lossTolerance) {
      stopReason = 'converged';
      detail = `converged: the loss changed by ${formatNumber(Math.abs(loss - previousLoss))} ≤ tolerance.lossChange ${formatNumber(lossTolerance)} at step ${k}`;
      break;
    }
    if (k === 1) firstLoss = loss;
    const limit = divergenceFactor * Math.max(1, Math.abs(firstLoss));
    if (loss > limit) {
      stopReason = 'diverged';
      detail = `loss exploded: ${formatNumber(loss)} > ${formatNumber(divergenceFactor)} × max(1, |initial loss ${formatNumber(firstLoss)}|) at step ${k}`;
      break;
    }
    previousLoss = loss;

    if (full) {
      flush();
      lastFlush = performance.now();
      if (shouldStop !== undefined && shouldStop()) {
        stopReason = 'cancelled';
        detail = `cancelled after ${plural(steps, 'step')}`;
        break;
      }
    }
  }
  flush();
  if (stopReason === null) {
    stopReason = 'maxIterations';
    detail = `reached the iteration limit of ${plural(iterations, 'step')}`;
  }

  // The final loss: f at the final parameters, on the whole data set in mini-batch form.
  let finalLoss = NaN;
  if (firstNonFinite(x) < 0) {
    calls.batch = data;
    const previousFailure = calls.failure;
    calls.failure = null;
    const value = calls.loss(x);
    if (!calls.hasFailed()) finalLoss = value;
    else if (stopReason !== 'error') {
      stopReason = 'error';
      error = calls.failure!;
      detail = `f failed at the final parameters: ${error.message}`;
    }
    calls.failure = previousFailure;
  }
  if (finalLoss < bestLoss) bestLoss = finalLoss;

  return {
    stopReason,
    detail,
    ...(error !== undefined ? { error } : {}),
    steps,
    finalLoss,
    bestLoss: bestLoss === Infinity ? NaN : bestLoss,
    finalParams: Array.from(x),
    wallTimeMs: performance.now() - start,
  };
}

/** A copy of config.x0, else of the objective's x0, checked against the objective's dim. */
function startingPoint(objective: Objective, config: RunConfig): Float64Array {
  const { dim, name } = objective;
  if (!Number.isInteger(dim) || dim < 1) throw new LrLabError('invalidObjective', `objective "${name}" must have at least one parameter (dim is ${dim})`);
  const given = config.x0;
  const x = Float64Array.from(given ?? objective.x0);
  const source = given ? 'the run config x0' : `objective "${name}" x0`;
  if (x.length !== dim) {
    throw new LrLabError(given ? 'invalidConfig' : 'invalidObjective', `${source} has ${x.length} values but objective "${name}" has ${dim} parameters`);
  }
  const bad = firstNonFinite(x);
  if (bad >= 0) throw new LrLabError(given ? 'invalidConfig' : 'invalidObjective', `${source}[${bad}] must be a finite number (got ${x[bad]})`);
  return x;
}

/** config.batchSize, else the objective's batchSize, else the whole data set. */
function batchSizeOf(objective: Objective, config: RunConfig, items: number): number {
  const size = config.batchSize ?? objective.batchSize ?? items;
  if (!Number.isInteger(size) || size < 1) {
    const source = config.batchSize !== null ? 'the run config batchSize' : `objective "${objective.name}" batchSize`;
    throw new LrLabError(config.batchSize !== null ? 'invalidConfig' : 'invalidObjective', `${source} must be an integer ≥ 1 (got ${size})`);
  }
  return size;
}

/** Index of the first NaN or ±Infinity in `values`, or −1. */
function firstNonFinite(values: Float64Array): number {
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v - v !== 0) return i;
  }
  return -1;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
