/**
 * The worker thread that runs a user's objective (bundled to dist/worker.js). It waits for
 * one request from the loader (see ../workerProtocol.ts), evaluates the bundled
 * user file, adapts the chosen export to an Objective and answers: a run streams a header,
 * record batches and the outcome; `list` and `check` answer once. Limits (time, memory) are
 * enforced from outside: the loader terminates this thread.
 */
import { parentPort } from 'node:worker_threads';
import { isLrLabError, LrLabError, type SerializedError, type SourceLocation } from '../../errors';
import { rangeTest } from '../../finder/rangeTest';
import { checkGradient } from '../../gradients/check';
import { evaluateGrid } from '../../landscape/grid';
import { describeObjectiveError, minimize } from '../../minimize';
import type { RecordBatch, RunOutcome } from '../../minimize/records';
import type { ObjectiveInfo } from '../../objective';
import { batchTransferList, hasProtocolVersion, WORKER_PROTOCOL_VERSION, type CheckRequest, type GridRequest, type HostToWorker, type ListRequest, type RunRequest, type WorkerToHost, type X0Reply } from '../workerProtocol';
import type { OpenColumns, SharedRecordSpace } from '../../minimize/recordBuffer';
import { EvalGauge } from '../evalGauge';
import { errorOutcome } from '../outcome';
import { adaptObjective, type AdaptedObjective } from './adapt';
import { chooseObjective, objectiveCandidates, type Candidate } from './candidates';
import { evaluateBundle, type EvaluatedModule } from './evaluate';
import { BundleLocator, installStackMapping } from './sourceMap';

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

function post(message: WorkerToHost, transfer?: ArrayBuffer[]): void {
  port!.postMessage(message, transfer);
}

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
      handleList(request);
      return;
    case 'check':
      current = 'check';
      void handleCheck(request);
      return;
    case 'grid':
      current = 'grid';
      void handleGrid(request);
      return;
  }
});

// User code may throw later, from a timer or a promise: that ends the request with its error.
process.on('uncaughtException', (error) => reportLate(error));
process.on('unhandledRejection', (error) => reportLate(error));

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

function load(request: RunRequest | ListRequest | CheckRequest | GridRequest): EvaluatedModule {
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
    if (reply.problem !== null) throw new LrLabError('invalidObjective', `${candidate.name}: ${reply.problem}`, at);
    if (reply.x0 === null) throw new LrLabError('invalidObjective', `${candidate.name} has no starting point: add a JSDoc tag \`@x0 [...]\` or pass --x0`, at);
    x0 = reply.x0;
  }
  const adapted = adaptObjective(candidate, { locator: locator!, wrapper: module.wrapper, x0, gauge, ...(line !== undefined ? { line } : {}) });
  post({ version, type: 'parts', parts: adapted.parts() });
  return adapted;
}

async function handleRun(request: RunRequest): Promise<void> {
  startedAt = request.startedAt;
  const { config } = request;
  try {
    const module = load(request);
    const candidate = chooseObjective(module.exports, request.objective, request.bundle.file);
    const adapted = await prepare(module, candidate, config.x0, request.bundle.file);
    const { objective, info } = adapted;
    if (config.x0 !== null && config.x0.length !== objective.dim) {
      throw new LrLabError('invalidConfig', `the run config x0 has ${config.x0.length} values but objective "${objective.name}" has ${objective.dim} parameters`);
    }
    if (config.batchSize !== null && objective.data === undefined) {
      throw new LrLabError('invalidConfig', `batchSize ${config.batchSize} is for objectives with data (the mini-batch form); objective "${objective.name}" has none, so every step evaluates all of f`);
    }
    const gradient = config.gradient === 'auto' && typeof objective.grad === 'function' ? 'user' : 'numeric';
    post({ version, type: 'header', objective: info, x0: Array.from(config.x0 ?? objective.x0), gradient });
    // Stop cleanly a little before the loader's hard limit, so a long run still reports its final loss.
    const remaining = request.startedAt + request.timeMs - Date.now();
    const deadline = performance.now() + remaining - Math.min(100, 0.1 * request.timeMs);
    const hooks = {
      onBatch: (batch: RecordBatch) => post({ version, type: 'batch', batch }, batchTransferList(batch)),
      deadline,
      flushIntervalMs: request.flushIntervalMs,
      sharedRecords,
      describeError: (error: unknown) => describeThrown(error),
    };
    const outcome = request.rangeTest !== null ? rangeTest(objective, config, request.rangeTest, hooks) : minimize(objective, config, hooks);
    post({ version, type: 'outcome', outcome: withObjectiveLocation(outcome, adapted, gradient) });
  } catch (error) {
    post({ version, type: 'outcome', outcome: errorOutcome(describeThrown(error), Date.now() - request.startedAt) });
  }
}

/**
 * A NaN loss or gradient has no stack to point into the user's file: point at the function
 * that produced it (f, or grad when the gradient is the user's own).
 */
function withObjectiveLocation(outcome: RunOutcome, adapted: AdaptedObjective, gradient: 'user' | 'numeric'): RunOutcome {
  const error = outcome.error;
  if (error === undefined || error.location !== undefined) return outcome;
  const part = error.code === 'nonFiniteLoss' ? 'f' : error.code === 'nonFiniteGradient' ? (gradient === 'user' ? 'grad' : 'f') : null;
  const location = part === null ? undefined : adapted.locate(part);
  return location === undefined ? outcome : { ...outcome, error: { ...error, location } };
}

function handleList(request: ListRequest): void {
  try {
    const module = load(request);
    const objectives = objectiveCandidates(module.exports).map(describeCandidate);
    post({ version, type: 'objectives', objectives });
  } catch (error) {
    post({ version, type: 'failed', error: describeThrown(error) });
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

async function handleCheck(request: CheckRequest): Promise<void> {
  try {
    const module = load(request);
    const candidate = chooseObjective(module.exports, request.objective, request.bundle.file);
    const { objective } = await prepare(module, candidate, request.x0, request.bundle.file);
    if (typeof objective.grad !== 'function') {
      throw new LrLabError('invalidObjective', `${objective.name} has no grad to check: only an objective with its own gradient (\`grad(x)\` in the object form) can be compared with finite differences`);
    }
    const result = checkGradient(objective, {
      ...(request.x0 !== null ? { x: Float64Array.from(request.x0) } : {}),
      ...(request.tolerance !== null ? { tolerance: request.tolerance } : {}),
    });
    post({ version, type: 'checked', objective: objective.name, result });
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
      throw new LrLabError('invalidConfig', `the landscape plane has ${request.origin.length} coordinates but objective "${objective.name}" has ${objective.dim} parameters`);
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
