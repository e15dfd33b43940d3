/**
 * The minimize loop with its optimizer and schedule given (minimize() builds them from the
 * config). Synchronous; one pass of the loop is one optimizer step, and it allocates nothing
 * beyond what the objective itself allocates.
 */
import { LrLabError, type SerializedError } from '../errors';
import type { Objective } from '../objective';
import type { Optimizer, OptimizerBuffers } from '../optimizers/types';
import type { Schedule } from '../schedules/types';
import { centralDifferenceGradient } from '../gradients/finiteDifference';
import { clipGradNorm, clipGradValue, l2Norm } from './clip';
import type { RunConfig } from './config';
import { Ending } from './ending';
import { describeObjectiveError, metricsProblem, type ObjectivePhase } from './objectiveErrors';
import { batchCapacity, DEFAULT_BATCH_RECORDS, RecordBuffer, type SharedRecordSpace } from './recordBuffer';
import type { RecordBatch, RunOutcome } from './records';
import { BatchSampler } from './sampler';
import type { StepGate } from './stepGate';

export interface MinimizeHooks {
  /** Receives each batch of records; the batch's arrays are handed over (the loop starts new arrays afterwards), so the caller may transfer them to another thread. */
  onBatch?(batch: RecordBatch): void;
  /** onBatch reads each batch before it returns and keeps none of its arrays: they are then views of the loop's own columns, lent (no copy, no allocation per batch). */
  lendBatches?: boolean;
  /** Polled every ≤ 256 steps and at every flush; true stops the run as 'cancelled'. */
  shouldStop?(): boolean;
  /** performance.now() value after which the run stops as 'timeout'. */
  deadline?: number;
  /** Flush a batch at least this often while running (ms, default 50) … */
  flushIntervalMs?: number;
  /** … or when it holds this many records (default 4096; fewer when dim is large so a batch's params stay ≤ ~8 MB). */
  maxBatchRecords?: number;
  /** Keep the records being collected where another thread can read them (the loader, so a call into user code that never returns loses none). */
  sharedRecords?: SharedRecordSpace;
  /** Turns an exception thrown by f / grad / metrics into a SerializedError (the loader maps stack frames to the user's file:line). Default: LrLabError → toJSON(); else { code: 'objectiveError', message }. */
  describeError?(error: unknown, during: ObjectivePhase): SerializedError;
  /** Stepping through the run (Pause / Step / Resume, see stepGate.ts); time the gate holds the run does not count towards `deadline`. */
  gate?: StepGate;
}

/** The clock is read every `checkEvery` steps, adapted so that reads are about this far apart. */
const CHECK_TARGET_MS = 2;
const MAX_CHECK_EVERY = 256;

/** What the loop is running, so one try/catch around it can say which user function threw. */
const RUNNING_LOOP = 0;
const RUNNING_F = 1;
const RUNNING_GRAD = 2;
const RUNNING_METRICS = 3;
const PHASE_NAMES: readonly ObjectivePhase[] = ['f', 'f', 'grad', 'metrics'];

/**
 * minimize() with the optimizer and schedule already built (tests and tools that bring their
 * own). See minimize() for the loop's contract.
 */
export function minimizeWith(objective: Objective, config: RunConfig, optimizer: Optimizer, schedule: Schedule, hooks: MinimizeHooks = {}): RunOutcome {
  const x0 = startingPoint(objective, config);
  // The run's parameters, gradient and optimizer state; for the optimizers with an accelerated step they live in
  // shared WebAssembly memory, where the optimizer's accelerated step updates them in place.
  const buffers = optimizer.allocate?.(objective.dim, objective.shape) ?? { params: new Float64Array(objective.dim), grad: new Float64Array(objective.dim), state: optimizer.init(objective.dim, objective.shape), release: () => undefined };
  try {
    buffers.params.set(x0);
    return runLoop(objective, config, optimizer, schedule, hooks, buffers);
  } finally {
    buffers.release();
  }
}

/** The loop of minimizeWith on the run's buffers (x already at the starting point). */
function runLoop(objective: Objective, config: RunConfig, optimizer: Optimizer, schedule: Schedule, hooks: MinimizeHooks, buffers: OptimizerBuffers): RunOutcome {
  const dim = objective.dim;
  const x = buffers.params;
  const grad = buffers.grad;
  const iterations = config.iterations;
  if (!Number.isInteger(iterations) || iterations < 0) throw LrLabError.worded('invalidConfig', { id: 'iterationsInteger', args: [String(iterations)] });
  const data = objective.data;
  if (data === undefined && config.batchSize !== null) {
    throw LrLabError.worded('invalidConfig', { id: 'batchSizeNoData', args: [config.batchSize, objective.name] });
  }
  if (data !== undefined && data.length === 0) throw LrLabError.worded('invalidObjective', { id: 'dataSetEmpty', args: [objective.name] });
  const batchSize = data === undefined ? 0 : batchSizeOf(objective, config, data.length);
  const sampler = data === undefined ? null : new BatchSampler(data, batchSize, config.seed);
  // Mini-batch runs (a batch smaller than the data set) also evaluate f on all the data every
  // `fullEvery` steps: a batch's loss is noisy and not comparable with the final (full-data) loss.
  const fullEvery = data !== undefined && batchSize < data.length ? (config.evalEvery ?? Math.ceil(data.length / batchSize)) : 0;
  const describeError = hooks.describeError ?? describeObjectiveError;
  // Loss and gradient from one evaluation (the recorded exact gradient), else the objective's
  // grad, else central differences; `numeric` asks for central differences whatever there is.
  const together = config.gradient !== 'numeric' && typeof objective.valueAndGrad === 'function';
  const exactGradient = !together && config.gradient !== 'numeric' && typeof objective.grad === 'function';
  const hasMetrics = typeof objective.metrics === 'function';
  const clip = config.clip;
  const clipNorm = clip !== null && 'maxNorm' in clip ? clip.maxNorm : 0;
  const clipValue = clip !== null && 'value' in clip ? clip.value : 0;
  const lossTolerance = config.tolerance.lossChange;
  const gradTolerance = config.tolerance.gradNorm;
  const divergenceFactor = config.divergenceFactor;

  const { shouldStop, gate } = hooks;
  const onBatch = hooks.onBatch === undefined ? undefined : { read: hooks.onBatch, lend: hooks.lendBatches === true };
  let deadline = hooks.deadline ?? Infinity;
  // θ before a watched step (stepping through), copied only for watched steps.
  const previousParams = gate === undefined ? null : new Float64Array(dim);
  const flushIntervalMs = hooks.flushIntervalMs ?? 50;
  // What the optimizer adds to the loop: its own evaluations (LBFGS), an averaged iterate (ASGD),
  // an evaluation point other than its parameters (schedule-free: the model is x, gradients at y).
  const optimizerState = buffers.state;
  const countsEvaluations = optimizer.evaluates === 'closure';
  const averagedParams = optimizer.averagedParams?.(optimizerState) ?? null;
  const evalPoint = optimizer.evalPoint;
  const buffer = new RecordBuffer(batchCapacity(hooks.maxBatchRecords ?? DEFAULT_BATCH_RECORDS, dim, config.recordParams), dim, config.recordParams, hooks.sharedRecords ?? null, fullEvery > 0, {
    evaluations: countsEvaluations,
    averagedParams: averagedParams !== null,
  });
  const capacity = buffer.capacity;
  // Row of the buffer the next record goes to (= records held).
  let row = 0;

  // LBFGS evaluates the objective itself, on the step's batch, through this closure.
  const closure = countsEvaluations ? new LoopClosure(objective, x, grad, together ? 'together' : exactGradient ? 'grad' : 'numeric', clipNorm, clipValue) : null;
  const evaluate = closure === null ? undefined : closure.evaluate;
  // The optimizer's step on this run's arrays, checked once.
  const step = optimizer.bind?.(x, grad, optimizerState, evaluate) ?? ((lr: number, loss?: number) => optimizer.step(x, grad, optimizerState, lr, loss, evaluate));
  // Optimizers that set their own step size (Prodigy, D-Adaptation) record it as the lr: d·lr.
  const setsOwnLr = optimizer.effectiveLr !== undefined;
  let scheduleState = schedule.initialState();
  // Only 'metric' schedules (or composites holding one) use reports; the others return the state as is.
  const reportsMetric = schedule.dependsOn === 'metric';
  // One observation object, refilled each step (what observation schedules read).
  const observation = { loss: NaN, gradNorm: NaN };

  // The batch of the current step (undefined outside mini-batch form).
  let batch: readonly unknown[] | undefined = undefined;
  const numeric = exactGradient || together ? null : new BatchedLoss(objective);

  const end = new Ending();
  let steps = 0;
  let firstLoss = NaN;
  let divergenceLimit = Infinity;
  let previousLoss = NaN;
  // The least loss of the kind the final loss is: recorded losses, or in mini-batch runs the full-data ones.
  let bestLoss = Infinity;
  let untilFull = 1;

  const start = performance.now();
  let lastCheck = start;
  let lastFlush = start;
  let checkEvery = 1;
  let untilCheck = 1;

  let k = 0;
  let running = RUNNING_LOOP;
  // A run that starts paused waits here, before its first step.
  const started = gate === undefined ? { heldMs: 0 } : gate.start(evalPoint === undefined ? x : evalPoint(optimizerState, x), optimizerState);
  if (started === 'stop') end.cancelled(0);
  else deadline += started.heldMs;
  try {
    for (k = 1; k <= iterations && started !== 'stop'; k++) {
      if (--untilCheck === 0) {
        const now = performance.now();
        if (now >= deadline) {
          end.timedOut(steps);
          break;
        }
        if (shouldStop !== undefined && shouldStop()) {
          end.cancelled(steps);
          break;
        }
        if (now - lastFlush >= flushIntervalMs) {
          flush(buffer, row, onBatch);
          row = 0;
          lastFlush = now;
        }
        const elapsed = now - lastCheck;
        lastCheck = now;
        if (elapsed < CHECK_TARGET_MS / 2) checkEvery = Math.min(MAX_CHECK_EVERY, checkEvery * 2);
        else if (elapsed > CHECK_TARGET_MS * 2) checkEvery = Math.max(1, Math.floor((checkEvery * CHECK_TARGET_MS) / elapsed));
        untilCheck = checkEvery;
      }
      const t = k - 1;
      if (sampler !== null) batch = sampler.next();
      const watched = gate !== undefined && gate.watching();

      // The model: the parameters, or the optimizer's evaluation point (schedule-free: x; gradients at y).
      const at = evalPoint === undefined ? x : evalPoint(optimizerState, x);
      // The gate shows the model's step, as the records and the landscape's path do.
      if (watched) previousParams!.set(at);
      running = RUNNING_F;
      // With the recorded gradient, f at the parameters comes with it (unless the model is elsewhere).
      const loss = together && at === x ? objective.valueAndGrad!(x, grad, batch) : objective.f(at, batch);
      if (loss - loss !== 0) {
        end.nonFiniteLoss(k, loss);
        break;
      }
      let fullLoss = NaN;
      if (fullEvery > 0 && --untilFull === 0) {
        untilFull = fullEvery;
        fullLoss = objective.f(at, data);
        if (fullLoss - fullLoss !== 0) {
          end.nonFiniteLoss(k, fullLoss, 'whole data set');
          break;
        }
      }
      if (together) {
        if (at !== x) {
          running = RUNNING_GRAD;
          objective.valueAndGrad!(x, grad, batch);
        }
      } else if (exactGradient) {
        running = RUNNING_GRAD;
        objective.grad!(x, grad, batch);
      } else {
        numeric!.batch = batch;
        centralDifferenceGradient(numeric!.f, x, grad);
      }
      running = RUNNING_LOOP;

      let sumOfSquares = 0;
      for (let i = 0; i < dim; i++) sumOfSquares += grad[i]! * grad[i]!;
      const gradNorm = sumOfSquares > 1e-290 && sumOfSquares < Infinity ? Math.sqrt(sumOfSquares) : l2Norm(grad);
      if (gradNorm - gradNorm !== 0) {
        end.nonFiniteGradient(k, grad);
        break;
      }
      if (gradTolerance > 0 && gradNorm <= gradTolerance) {
        end.gradientConverged(steps, gradNorm, gradTolerance);
        break;
      }

      if (hasMetrics) {
        running = RUNNING_METRICS;
        const metrics: unknown = objective.metrics!(at);
        running = RUNNING_LOOP;
        const problem = metricsProblem(metrics);
        if (problem !== null) {
          end.badMetrics(k, problem);
          break;
        }
        buffer.setMetrics(row, metrics as Record<string, number>);
      }

      if (clipNorm > 0) clipGradNorm(grad, gradNorm, clipNorm);
      else if (clipValue > 0) clipGradValue(grad, clipValue);

      observation.loss = loss;
      observation.gradNorm = gradNorm;
      const lr = schedule.lrAt(t, scheduleState, observation);
      const usedLr = setsOwnLr ? optimizer.effectiveLr!(optimizerState, lr) : lr;
      if (closure !== null) closure.batch = batch;
      step(lr, loss);
      if (fullEvery > 0) {
        buffer.setFullLoss(row, fullLoss);
        if (fullLoss < bestLoss) bestLoss = fullLoss;
      } else if (loss < bestLoss) bestLoss = loss;
      if (countsEvaluations) buffer.setEvaluations(row, optimizer.evaluations!(optimizerState));
      if (averagedParams !== null) buffer.setAveragedParams(row, averagedParams);
      // The model after the step: recorded, and what a stepped-through step shows.
      const model = evalPoint === undefined ? x : evalPoint(optimizerState, x);
      buffer.write(row, usedLr, loss, gradNorm, model);
      row++;
      steps = k;
      if (reportsMetric) scheduleState = schedule.report(scheduleState, t, loss);

      // x·0 is 0 for finite x and NaN for NaN or ±Infinity.
      let nonFinite = 0;
      for (let i = 0; i < dim; i++) nonFinite += x[i]! * 0;
      if (nonFinite !== 0) {
        end.nonFiniteParams(k, x);
        break;
      }
      if (k > 1 && lossTolerance > 0 && Math.abs(loss - previousLoss) <= lossTolerance) {
        end.lossConverged(k, Math.abs(loss - previousLoss), lossTolerance);
        break;
      }
      if (k === 1) {
        firstLoss = loss;
        divergenceLimit = divergenceFactor * Math.max(1, Math.abs(loss));
      }
      if (loss > divergenceLimit) {
        end.lossExploded(k, loss, divergenceFactor, firstLoss);
        break;
      }
      previousLoss = loss;

      if (watched) {
        // The records up to this step reach the caller before the gate shows the step (and maybe holds the run).
        flush(buffer, row, onBatch);
        row = 0;
        const answer = gate.stepped({ step: k, lr: usedLr, loss, gradNorm, previous: previousParams!, params: model, grad, state: optimizerState });
        lastFlush = performance.now();
        if (answer === 'stop') {
          end.cancelled(steps);
          break;
        }
        deadline += answer.heldMs;
      } else if (row === capacity) {
        flush(buffer, row, onBatch);
        row = 0;
        lastFlush = performance.now();
        if (shouldStop !== undefined && shouldStop()) {
          end.cancelled(steps);
          break;
        }
      }
    }
  } catch (thrown) {
    // Only the objective's exceptions end the run (in the loop's calls or the optimizer's
    // closure); anything else is a bug to surface.
    const phase = running !== RUNNING_LOOP ? running : (closure?.running ?? RUNNING_LOOP);
    if (phase === RUNNING_LOOP) throw thrown;
    const during = PHASE_NAMES[phase]!;
    end.objectiveThrew(k, during, describeError(thrown, during));
  }
  flush(buffer, row, onBatch);
  end.maxIterations(iterations);

  // The final loss: f at the final parameters (the model), on the whole data set in mini-batch form.
  const model = evalPoint === undefined ? x : evalPoint(optimizerState, x);
  let finalLoss = NaN;
  if (firstNonFinite(model) < 0) {
    try {
      finalLoss = objective.f(model, data);
    } catch (thrown) {
      end.finalLossFailed(describeError(thrown, 'f'));
    }
  }
  if (finalLoss < bestLoss) bestLoss = finalLoss;

  return {
    stopReason: end.reason!,
    detail: end.detail,
    ...(end.detailText !== undefined ? { detailText: end.detailText } : {}),
    ...(end.error !== undefined ? { error: end.error } : {}),
    steps,
    finalLoss,
    bestLoss: bestLoss === Infinity ? NaN : bestLoss,
    finalParams: Array.from(model),
    ...(averagedParams !== null ? { finalAveragedParams: Array.from(averagedParams) } : {}),
    ...(countsEvaluations ? { evaluations: optimizer.evaluations!(optimizerState) } : {}),
    wallTimeMs: performance.now() - start,
  };
}

/** Hand the buffer's first `rows` records to onBatch (given or lent), if there are any. */
function flush(buffer: RecordBuffer, rows: number, onBatch: { read(batch: RecordBatch): void; lend: boolean } | undefined): void {
  if (onBatch?.lend === true) {
    buffer.lend(rows, onBatch.read);
    return;
  }
  buffer.take(rows, onBatch?.read);
}

/**
 * The closure of optimizers that evaluate the objective themselves (PyTorch's closure for
 * LBFGS): f and the gradient at the parameters as they are, on the step's batch, with the
 * run's gradient source and clipping, the gradient into the run's array. `running` says which
 * user function a thrown exception came from.
 */
class LoopClosure {
  batch: readonly unknown[] | undefined = undefined;
  running = RUNNING_LOOP;
  readonly evaluate: () => number;
  constructor(objective: Objective, x: Float64Array, grad: Float64Array, gradient: 'together' | 'grad' | 'numeric', clipNorm: number, clipValue: number) {
    const numeric = gradient === 'numeric' ? new BatchedLoss(objective) : null;
    this.evaluate = () => {
      this.running = RUNNING_F;
      if (gradient === 'together') {
        const together = objective.valueAndGrad!(x, grad, this.batch);
        this.running = RUNNING_LOOP;
        if (clipNorm > 0) clipGradNorm(grad, l2Norm(grad), clipNorm);
        else if (clipValue > 0) clipGradValue(grad, clipValue);
        return together;
      }
      const loss = objective.f(x, this.batch);
      if (gradient === 'grad') {
        this.running = RUNNING_GRAD;
        objective.grad!(x, grad, this.batch);
      } else {
        numeric!.batch = this.batch;
        centralDifferenceGradient(numeric!.f, x, grad);
      }
      this.running = RUNNING_LOOP;
      if (clipNorm > 0) clipGradNorm(grad, l2Norm(grad), clipNorm);
      else if (clipValue > 0) clipGradValue(grad, clipValue);
      return loss;
    };
  }
}

/** f on a settable batch, as the one-argument function finite differences need (made once per run). */
class BatchedLoss {
  batch: readonly unknown[] | undefined = undefined;
  readonly f: (x: Float64Array) => number;
  constructor(objective: Objective) {
    this.f = (x) => objective.f(x, this.batch);
  }
}

/** A copy of config.x0, else of the objective's x0, checked against the objective's dim. */
function startingPoint(objective: Objective, config: RunConfig): Float64Array {
  const { dim, name } = objective;
  if (!Number.isInteger(dim) || dim < 1) throw LrLabError.worded('invalidObjective', { id: 'noParameters', args: [name, String(dim)] });
  const given = config.x0;
  const x = Float64Array.from(given ?? objective.x0);
  const code = given ? 'invalidConfig' : 'invalidObjective';
  if (x.length !== dim) throw LrLabError.worded(code, { id: given ? 'configX0WrongLength' : 'objectiveX0WrongLength', args: [name, x.length, dim] });
  const bad = firstNonFinite(x);
  if (bad >= 0) throw LrLabError.worded(code, { id: given ? 'configX0EntryNotFinite' : 'objectiveX0EntryNotFinite', args: [name, bad, String(x[bad])] });
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
