/**
 * The worker thread that runs a user's objective (bundled to dist/worker.js). It waits for
 * a request from the loader (see ../workerProtocol.ts), evaluates the bundled
 * user file, adapts the chosen export to an Objective and answers: a run streams a header,
 * record batches and the outcome; `list`, `check` and `gradient` answer once. Which gradient a
 * request gets (the user's, the exact one recorded from the transformed code, or central
 * differences with the reason) is decided in ./exact.ts. Limits (time, memory) are enforced
 * from outside: the loader terminates this thread. Stop is asked, not forced: a run's loop reads
 * the gauge's stop slot and ends after its step under way. A sweep's pool may send a further `run`
 * after a run's outcome said `reusable`: each request evaluates the bundle afresh.
 */
import { engineText, type EngineText } from '../../../shared/engineText';
import { parentPort } from 'node:worker_threads';
import { isLrLabError, LrLabError, type SerializedError, type SourceLocation } from '../../errors';
import { rangeTest } from '../../finder/rangeTest';
import { compareGradients, exactNoise, numericReference } from '../../gradients/check';
import { centralDifferenceGradient } from '../../gradients/finiteDifference';
import { evaluateGrid } from '../../landscape/grid';
import { describeObjectiveError, minimize } from '../../minimize';
import type { GradientSource } from '../../minimize/config';
import type { RecordBatch, RunOutcome } from '../../minimize/records';
import type { GradientChoice, GradientKind, Objective, ObjectiveInfo } from '../../objective';
import { batchTransferList, decimateProblem, hasProtocolVersion, WORKER_PROTOCOL_VERSION, type BundledCode, type CheckRequest, type GradientComparison, type GradientRequest, type GridRequest, type HostToWorker, type ListRequest, type DecimateRequest, type RunRequest, type WorkerToHost, type X0Reply } from '../workerProtocol';
import type { OpenColumns, SharedRecordSpace } from '../../minimize/recordBuffer';
import { RecordDecimator } from '../../minimize/decimate';
import { RunTally, TALLY_SLOTS } from '../../minimize/tally';
import { trajectoryCapacity } from '../../landscape/trajectory';
import { EvalGauge } from '../evalGauge';
import { WorkerStepGate } from '../stepControl';
import { errorOutcome } from '../outcome';
import { adaptObjective, noStartingPoint, type AdaptedObjective } from './adapt';
import { chooseObjective, objectiveCandidates, type Candidate } from './candidates';
import { evaluateBundle, type EvaluatedModule } from './evaluate';
import { cannotBeRecorded, choiceOf, decideGradient, ExactGradient, probeBatch, tryExact, withExactGradient, type GradientDecision } from './exact';
import { PristineCheck } from './pristine';
import { BundleLocator, installStackMapping } from './sourceMap';
import { readPastEnd } from './readPastEnd';
import { PrintedOutput } from './printed';

const port = parentPort;
if (!port) throw new Error('lrlab worker: run me as a worker thread (the loader starts me)');

installStackMapping();

const version = WORKER_PROTOCOL_VERSION;
let x0Waiter: ((reply: X0Reply) => void) | null = null;
/** The request being answered, for errors thrown later by the user's asynchronous code. */
let current: HostToWorker['type'] | null = null;
let locator: BundleLocator | null = null;
let startedAt = Date.now();
/** The request's gauge (see evalGauge.ts): every call into user code is bracketed by it. */
let gauge = new EvalGauge(null);

/** What the user's code prints goes to the host over the port (see printed.ts), not through stdio. */
const printed = new PrintedOutput((parts) => port!.postMessage({ version, type: 'output', parts } satisfies WorkerToHost));
printed.capture({ stdout: process.stdout, stderr: process.stderr });

/** Posts `message` after what the user's code printed before it. */
function post(message: WorkerToHost, transfer?: ArrayBuffer[]): void {
  printed.flush();
  port!.postMessage(message, transfer);
}

/** After a run: would a new worker be any different? (Taken once this worker's own set-up is done.) */
let pristine: PristineCheck | null = null;

port.on('message', (message: unknown) => {
  if (!hasProtocolVersion(message)) {
    post({ version, type: 'failed', error: { code: 'loadError', message: `LR Lab's worker got a message of another protocol version (${JSON.stringify((message as { version?: unknown })?.version)}, expected ${version}); rebuild with npm run build` } });
    return;
  }
  const request = message as HostToWorker;
  switch (request.type) {
    case 'x0':
      x0Waiter?.(request);
      return;
    case 'run':
      current = 'run';
      void handleRun(request);
      return;
    case 'list':
      current = 'list';
      void handleList(request);
      return;
    case 'check':
      current = 'check';
      void handleCheck(request);
      return;
    case 'grid':
      current = 'grid';
      void handleGrid(request);
      return;
    case 'gradient':
      current = 'gradient';
      void handleGradient(request);
      return;
  }
});

// User code may throw later, from a timer or a promise: that ends the request with its error.
process.on('uncaughtException', (error) => reportLate(error));
process.on('unhandledRejection', (error) => reportLate(error));
pristine = PristineCheck.take();

function reportLate(error: unknown): void {
  const described = describeThrown(error);
  const late: SerializedError = { ...described, message: `asynchronous code threw: ${described.message}` };
  if (current === 'run') post({ version, type: 'outcome', outcome: errorOutcome(late, Date.now() - startedAt) });
  else post({ version, type: 'failed', error: late });
}

/** An exception from user code as plain data, at the user's line when the stack shows one. */
function describeThrown(error: unknown): SerializedError {
  if (isLrLabError(error)) return error.toJSON();
  const location = locator?.locateError(error);
  return { code: 'objectiveError', message: describeObjectiveError(error).message, ...(location ? { location } : {}) };
}

function askX0(objective: string): Promise<X0Reply> {
  return new Promise((resolve) => {
    x0Waiter = (reply) => {
      if (reply.objective !== objective) return;
      x0Waiter = null;
      resolve(reply);
    };
    post({ version, type: 'needX0', objective });
  });
}

function load(request: RunRequest | ListRequest | CheckRequest | GridRequest | GradientRequest): EvaluatedModule {
  x0Waiter = null;
  gauge = new EvalGauge(request.gauge);
  locator = new BundleLocator(request.bundle);
  locator.activate();
  return evaluateBundle(locator, gauge);
}

/** Record columns in shared memory, announced to the host, so records not yet sent survive a call that never returns. */
const sharedRecords: SharedRecordSpace = {
  column: (length) => new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT)),
  opened: (columns: OpenColumns) => post({ version, type: 'columns', columns }),
};

/** Adapt the chosen export; a plain function without an x0 override asks the host for its `@x0` tag. */
async function prepare(module: EvaluatedModule, candidate: Candidate, override: readonly number[] | null, file: string): Promise<AdaptedObjective> {
  let x0 = override;
  let line: number | undefined;
  if (candidate.form === 'function' && x0 === null) {
    const reply = await askX0(candidate.name);
    line = reply.line ?? undefined;
    const at: SourceLocation | undefined = line !== undefined ? { file, line } : undefined;
    if (reply.problem !== null) throw new LrLabError('invalidObjective', reply.problem, at);
    if (reply.x0 === null) throw noStartingPoint(candidate.name, at);
    x0 = reply.x0;
  }
  const adapted = adaptObjective(candidate, { locator: locator!, wrapper: module.wrapper, x0, gauge, ...(line !== undefined ? { line } : {}) });
  post({ version, type: 'parts', parts: adapted.parts() });
  return adapted;
}

/**
 * A point the request gave (a run's x0, where to check, --at) whose length is not the objective's:
 * it can only differ from an object's own x0 (a plain function's dim is the point's). Named as the
 * person gave it when the request says how (`--x0 has 3 values, but …`), else `otherwise`.
 */
function pointLengthError(pointName: string | null | undefined, given: number, objective: Objective, otherwise: EngineText): LrLabError {
  return LrLabError.worded('invalidConfig', pointName ? { id: 'pointWrongLength', args: [pointName, given, objective.name, objective.dim] } : otherwise);
}

/** Decide the gradient of `adapted` for a request (see decideGradient); x0 and batch are where it is checked. */
function decide(mode: GradientSource, adapted: AdaptedObjective, bundle: BundledCode, exactOnRequest: boolean, x0: Float64Array | null, batchSize: number | null): GradientDecision {
  const probeAt = x0 === null ? null : { x0, batch: probeBatch(adapted.objective, batchSize) };
  return decideGradient(mode, adapted, { bundle, exactOnRequest, probeAt, locateError: (error) => locator?.locateError(error) });
}

async function handleRun(request: RunRequest): Promise<void> {
  startedAt = request.startedAt;
  const { config } = request;
  try {
    const module = load(request);
    const candidate = chooseObjective(module.exports, request.objective, request.bundle.file);
    const adapted = await prepare(module, candidate, config.x0, request.bundle.file);
    const { info } = adapted;
    if (config.x0 !== null && config.x0.length !== adapted.objective.dim) {
      throw pointLengthError(request.pointName, config.x0.length, adapted.objective, { id: 'configX0WrongLength', args: [adapted.objective.name, config.x0.length, adapted.objective.dim] });
    }
    if (config.batchSize !== null && adapted.objective.data === undefined) {
      throw LrLabError.worded('invalidConfig', { id: 'batchSizeNoData', args: [config.batchSize, adapted.objective.name] });
    }
    if (request.decimate !== null) {
      const problem = decimateProblem(request.decimate);
      if (problem !== null) throw new LrLabError('invalidConfig', problem);
    }
    const x0 = Float64Array.from(config.x0 ?? adapted.objective.x0);
    const decision = decide(config.gradient, adapted, request.bundle, request.exactOnRequest, x0, config.batchSize);
    if (decision.kind === 'needExact') {
      post({ version, type: 'needExact' });
      return;
    }
    const choice = choiceOf(decision);
    const objective =
      decision.kind === 'exact'
        ? withExactGradient(adapted, decision.exact, {
            strict: config.gradient === 'exact',
            onFallback: (step, fallback) => post({ version, type: 'gradientFallback', step, reason: fallback.reason, ...(fallback.text ? { reasonText: fallback.text } : {}), ...(fallback.location ? { location: fallback.location } : {}) }),
          })
        : adapted.objective;
    const gradient = choice.source;
    post({ version, type: 'header', objective: info, x0: Array.from(x0), gradient, gradientReason: choice.reason, ...(choice.reasonText ? { gradientReasonText: choice.reasonText } : {}), ...(choice.location ? { gradientLocation: choice.location } : {}) });
    // Stop cleanly a little before the loader's hard limit, so a long run still reports its final loss.
    const remaining = request.startedAt + request.timeMs - Date.now();
    const deadline = performance.now() + remaining - Math.min(100, 0.1 * request.timeMs);
    const kept = request.decimate === null ? null : keptRecords(request.decimate, adapted.objective.dim);
    const stopSignal = gauge;
    stopSignal.listenForStop();
    const hooks = {
      onBatch: kept?.add ?? ((batch: RecordBatch) => post({ version, type: 'batch', batch }, batchTransferList(batch))),
      // A sweep cell's tally and decimator read each batch at once and copy what they keep.
      lendBatches: kept !== null,
      deadline,
      flushIntervalMs: request.flushIntervalMs,
      sharedRecords,
      describeError: (error: unknown) => describeThrown(error),
      // Stop (Ctrl+C, the panel's Stop): end after the step under way and answer with the outcome as usual.
      shouldStop: () => stopSignal.stopRequested(),
    };
    const outcome =
      request.rangeTest !== null
        ? rangeTest(objective, config, request.rangeTest, hooks)
        : minimize(objective, config, request.control === null ? hooks : { ...hooks, gate: new WorkerStepGate(request.control, config.optimizer, (inspection) => post({ version, type: 'paused', inspection })) });
    kept?.send(outcome);
    await settle();
    post({ version, type: 'outcome', outcome: withObjectiveLocation(outcome, adapted, gradient, x0), reusable: isPristine() });
  } catch (error) {
    await settle();
    post({ version, type: 'outcome', outcome: errorOutcome(describeThrown(error), Date.now() - request.startedAt), reusable: isPristine() });
  }
}

/**
 * One turn of the event loop before a run's outcome: what the user's code left due (a resolved
 * promise's callbacks, an immediate) runs first, so its output and late errors come before the
 * outcome, as when a round trip to the host for the worker's stdio came here.
 */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A sweep cell's records (RunRequest.decimate): every batch goes into the tally (its numbers, in
 * shared slots the host reads if it stops this worker) and the decimator, none to the host;
 * `send` posts the decimated records and the steps to the target once the run has ended.
 */
function keptRecords(decimate: DecimateRequest, dim: number): { add(batch: RecordBatch): void; send(outcome: RunOutcome): void } {
  const slots = new Float64Array(new SharedArrayBuffer(TALLY_SLOTS * Float64Array.BYTES_PER_ELEMENT));
  const tally = new RunTally(decimate.targetLoss, slots);
  // At most maxPoints records, fewer for a large dim so that their params stay as small as a trajectory's.
  const decimator = new RecordDecimator(Math.min(decimate.maxPoints, trajectoryCapacity(dim)));
  post({ version, type: 'tally', slots });
  return {
    add: (batch) => {
      tally.add(batch);
      decimator.add(batch);
    },
    send: (outcome) => {
      const records = decimator.result();
      const finalLoss = Number.isFinite(outcome.finalLoss) ? outcome.finalLoss : null;
      post({ version, type: 'decimated', records, stepsToTarget: tally.stepsToTarget(finalLoss, outcome.steps), ...tally.recorded() }, records === null ? [] : batchTransferList(records));
    },
  };
}

/** The user's code left this worker as a new one would be (see ./pristine.ts). */
function isPristine(): boolean {
  return pristine !== null && pristine.differences().length === 0;
}

/**
 * A NaN loss or gradient has no stack to point into the user's file: point at the function
 * that produced it (f, or grad when the gradient is the user's own).
 */
function withObjectiveLocation(outcome: RunOutcome, adapted: AdaptedObjective, gradient: GradientKind, x0: Float64Array): RunOutcome {
  const error = outcome.error;
  if (error === undefined || error.location !== undefined) return outcome;
  const part = error.code === 'nonFiniteLoss' ? 'f' : error.code === 'nonFiniteGradient' ? (gradient === 'user' ? 'grad' : 'f') : null;
  const location = part === null ? undefined : adapted.locate(part);
  const located = location === undefined ? outcome : { ...outcome, error: { ...error, location } };
  return error.code === 'nonFiniteLoss' && outcome.steps === 0 && error.text !== undefined ? withReadPastEnd(located, error.text, adapted, x0) : located;
}

/** f's NaN at the starting point because it read past x's end (a starting point too short): the sentence says so. */
function withReadPastEnd(outcome: RunOutcome, text: EngineText, adapted: AdaptedObjective, x0: Float64Array): RunOutcome {
  const index = readPastEnd(adapted, x0);
  if (index === null) return outcome;
  const reason: EngineText = { id: 'fReadPastStart', args: [text, index, x0.length] };
  const message = engineText(reason);
  return { ...outcome, detail: message, detailText: reason, error: { ...outcome.error!, message, text: reason } };
}

/**
 * Each export that is an objective, with where its gradient comes from in a run with
 * `gradient: auto` — the exact gradient tried at its starting point (an object's x0, a plain
 * function's `@x0` tag) — and why not, when it cannot be used.
 */
async function handleList(request: ListRequest): Promise<void> {
  try {
    const module = load(request);
    const objectives: ObjectiveInfo[] = [];
    for (const candidate of objectiveCandidates(module.exports)) {
      const info = describeCandidate(candidate);
      objectives.push({ ...info, gradient: listedGradient(module, candidate, info, request) });
    }
    post({ version, type: 'objectives', objectives });
  } catch (error) {
    post({ version, type: 'failed', error: describeThrown(error) });
  }
}

function listedGradient(module: EvaluatedModule, candidate: Candidate, info: ObjectiveInfo, request: ListRequest): GradientChoice {
  if (info.hasGradient) return { source: 'user', reason: null };
  const tag = candidate.form === 'function' ? (request.x0Tags[candidate.name] ?? null) : null;
  let adapted: AdaptedObjective;
  try {
    adapted = adaptObjective(candidate, { locator: locator!, wrapper: module.wrapper, x0: tag, gauge });
  } catch {
    // No starting point (or a bad one): the exact gradient cannot be tried there.
    return { source: 'exact', reason: null };
  }
  try {
    return choiceOf(decide('auto', adapted, request.bundle, false, adapted.objective.x0, null));
  } catch (error) {
    const described = describeThrown(error);
    const reasonText: EngineText = { id: 'fThrewAtStart', args: [described.message] };
    return { source: 'numeric', reason: engineText(reasonText), reasonText, ...(described.location ? { location: described.location } : {}) };
  }
}

/** What can be said of an export without adapting it (a plain function's dim comes from its tag, on the host). */
function describeCandidate(candidate: Candidate): ObjectiveInfo {
  if (candidate.form === 'function') return { name: candidate.name, form: 'function', dim: null, hasGradient: false, stochastic: false, hasMetrics: false };
  const obj = candidate.value as Record<string, unknown>;
  const x0 = obj.x0;
  const dim = Array.isArray(x0) || ArrayBuffer.isView(x0) ? (x0 as ArrayLike<unknown>).length : null;
  return {
    name: candidate.name,
    form: 'object',
    dim: dim === 0 ? null : dim,
    hasGradient: typeof obj.grad === 'function',
    stochastic: obj.data !== undefined,
    hasMetrics: typeof obj.metrics === 'function',
  };
}

/**
 * `lrlab check`: every comparison that applies at x (default x0), on the whole data set in
 * mini-batch form — the objective's grad against finite differences, the exact gradient
 * against them, and the grad against the exact gradient (which finds a wrong grad without
 * finite differences' noise).
 */
async function handleCheck(request: CheckRequest): Promise<void> {
  try {
    const module = load(request);
    const candidate = chooseObjective(module.exports, request.objective, request.bundle.file);
    const adapted = await prepare(module, candidate, request.x0, request.bundle.file);
    const { objective } = adapted;
    const dim = objective.dim;
    const x = Float64Array.from(request.x0 ?? objective.x0);
    if (x.length !== dim) throw pointLengthError(request.pointName, x.length, objective, { id: 'checkPointWrongLength', args: [x.length, objective.name, dim] });
    const tolerance = request.tolerance ?? 1e-6;
    if (!(tolerance > 0) || !Number.isFinite(tolerance)) throw LrLabError.worded('invalidConfig', { id: 'checkToleranceInvalid', args: [String(tolerance)] });
    const batch = objective.data;
    const numeric = numericReference(objective, x, batch);
    if (!Number.isFinite(numeric.value)) {
      // Finite differences of an f that is not finite there say nothing: the check would blame the gradient.
      const text: EngineText = { id: 'checkLossNonFinite', args: [String(numeric.value)] };
      const past = Number.isNaN(numeric.value) ? readPastEnd(adapted, x) : null;
      throw LrLabError.worded('nonFiniteLoss', past === null ? text : { id: 'fReadPastStart', args: [text, past, x.length] }, adapted.locate('f'));
    }
    const comparisons: GradientComparison[] = [];
    let user: Float64Array | null = null;
    if (typeof objective.grad === 'function') {
      user = new Float64Array(dim);
      objective.grad(Float64Array.from(x), user, batch);
      comparisons.push({ candidate: 'user', reference: 'numeric', result: compareGradients(user, numeric.gradient, { tolerance, noise: numeric.noise }) });
    }
    let exactChoice: GradientChoice;
    const tried = tryExact(adapted, { bundle: request.bundle, probeAt: null, locateError: (error) => locator?.locateError(error) });
    if (tried instanceof ExactGradient) {
      const exact = new Float64Array(dim);
      const recorded = tried.record(Float64Array.from(x), exact, batch);
      if ('reason' in recorded) {
        exactChoice = { source: 'numeric', reason: recorded.reason, ...(recorded.text ? { reasonText: recorded.text } : {}), ...(recorded.location ? { location: recorded.location } : {}) };
      } else {
        exactChoice = { source: 'exact', reason: null };
        comparisons.push({ candidate: 'exact', reference: 'numeric', result: compareGradients(exact, numeric.gradient, { tolerance, noise: numeric.noise }) });
        if (user !== null) comparisons.push({ candidate: 'user', reference: 'exact', result: compareGradients(user, exact, { tolerance, noise: exactNoise(exact) }) });
      }
    } else {
      exactChoice = { source: 'numeric', reason: tried.reason, ...(tried.text ? { reasonText: tried.text } : {}), ...(tried.location ? { location: tried.location } : {}) };
    }
    if (comparisons.length === 0) {
      throw LrLabError.worded('invalidObjective', { id: 'checkNoGradient', args: [objective.name, exactChoice.reasonText ?? exactChoice.reason ?? 'unknown reason'] }, exactChoice.location);
    }
    post({ version, type: 'checked', objective: objective.name, result: comparisons[0]!.result, comparisons, exact: exactChoice });
  } catch (error) {
    post({ version, type: 'failed', error: describeThrown(error) });
  }
}

/** f over the grid (the landscape): on all the data in mini-batch form, as the final loss is measured. */
async function handleGrid(request: GridRequest): Promise<void> {
  try {
    const module = load(request);
    const candidate = chooseObjective(module.exports, request.objective, request.bundle.file);
    const { objective } = await prepare(module, candidate, request.x0, request.bundle.file);
    if (objective.dim !== request.origin.length) {
      throw LrLabError.worded('invalidConfig', { id: 'planeWrongLength', args: [request.origin.length, objective.name, objective.dim] });
    }
    const plane = { kind: 'pca' as const, dim: objective.dim, origin: Float64Array.from(request.origin), u: Float64Array.from(request.u), v: Float64Array.from(request.v), explained: null };
    const data = objective.data;
    const f = data === undefined ? (x: Float64Array) => objective.f(x) : (x: Float64Array) => objective.f(x, data);
    const grid = evaluateGrid(f, plane, { box: request.box, nx: request.nx, ny: request.ny }, (error) => describeThrown(error).message);
    post({ version, type: 'grid', values: grid.values, failures: grid.failures, firstFailure: grid.firstFailure, ms: grid.ms }, [grid.values.buffer as ArrayBuffer]);
  } catch (error) {
    post({ version, type: 'failed', error: describeThrown(error) });
  }
}

/** `lrlab gradient`: f and its gradient at a point (default x0), on the whole data set in mini-batch form. */
async function handleGradient(request: GradientRequest): Promise<void> {
  try {
    const module = load(request);
    const candidate = chooseObjective(module.exports, request.objective, request.bundle.file);
    const adapted = await prepare(module, candidate, request.at, request.bundle.file);
    const { objective } = adapted;
    const at = Float64Array.from(request.at ?? objective.x0);
    if (at.length !== objective.dim) throw pointLengthError(request.pointName, at.length, objective, { id: 'atWrongLength', args: [at.length, objective.name, objective.dim] });
    const batch = objective.data;
    const decision = decideGradient(request.mode, adapted, { bundle: request.bundle, exactOnRequest: request.exactOnRequest, probeAt: null, locateError: (error) => locator?.locateError(error) });
    if (decision.kind === 'needExact') {
      post({ version, type: 'needExact' });
      return;
    }
    const gradient = new Float64Array(objective.dim);
    let choice = choiceOf(decision);
    let value: number;
    if (decision.kind === 'exact') {
      const recorded = decision.exact.record(Float64Array.from(at), gradient, batch);
      if ('reason' in recorded) {
        if (request.mode === 'exact') throw cannotBeRecorded(recorded);
        choice = { source: 'numeric', reason: recorded.reason, ...(recorded.text ? { reasonText: recorded.text } : {}), ...(recorded.location ? { location: recorded.location } : {}) };
        value = numericGradient(objective, at, gradient, batch);
      } else {
        value = recorded.value;
      }
    } else if (decision.kind === 'user') {
      value = objective.f(Float64Array.from(at), batch);
      objective.grad!(Float64Array.from(at), gradient, batch);
    } else {
      value = numericGradient(objective, at, gradient, batch);
    }
    post({ version, type: 'gradientAt', objective: objective.name, at: Array.from(at), value, gradient: Array.from(gradient), choice });
  } catch (error) {
    post({ version, type: 'failed', error: describeThrown(error) });
  }
}

function numericGradient(objective: AdaptedObjective['objective'], at: Float64Array, out: Float64Array, batch: readonly unknown[] | undefined): number {
  const value = objective.f(Float64Array.from(at), batch);
  centralDifferenceGradient((p) => objective.f(p, batch), Float64Array.from(at), out);
  return value;
}
