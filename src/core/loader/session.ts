/**
 * One request to a fresh worker thread, from the calling thread: take the worker (a spare
 * started ahead, or a new one at once, so it boots while esbuild bundles), bundle the user's file, post the request, answer the
 * worker's `needX0` questions (and `needExact`, by starting again transformed), and end it — on its last message, at the time limit, when
 * its heap is exhausted, when it dies, or on cancel. The worker is always terminated at the
 * end, so nothing the user's code started outlives the request.
 *
 * Cancel is cooperative once a run's loop listens: the session sets the stop slot of the
 * request's gauge, the loop ends after its step under way and the worker answers with its outcome
 * ('cancelled', with every step it took and its final loss); only a worker that does not answer
 * within CANCEL_GRACE_MS (stuck in the user's code) is terminated. A worker that is terminated
 * (cancel's grace, the time limit, a call that never returns) is not cut off from what it posted
 * before: its queued messages arrive before its exit, and the session reads them (batches in
 * order) before it reads the rows of the shared columns that follow them.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { SerializedError } from '../errors';
import { DEFAULT_LIMITS, type GradientSource, type RunLimits } from '../minimize/config';
import { engineText, type EngineText } from '../../shared/engineText';
import { OldestFirst } from '../oldestFirst';
import { formatNumber } from '../../shared/format';
import { completeRows, type OpenColumns } from '../minimize/recordBuffer';
import type { RecordBatch } from '../minimize/records';
import { hasProtocolVersion, WORKER_PROTOCOL_VERSION, type BundledCode, type HostToWorker, type PartsMessage, type WorkerToHost, type X0Reply } from './workerProtocol';
import { bundleObjectiveFile, CompileError, type SharedBundles } from './bundle';
import { createGaugeBuffer, EvalWatchdog, type GaugedPart } from './evalGauge';
import { readX0Tag } from './discover';
import { serializeError } from './outcome';
import { prepareSpare, takeWorker } from './spareWorker';
import type { WorkerSource } from './workerPool';

/** How long after the time limit a worker that has not stopped itself is terminated. */
const HARD_STOP_GRACE_MS = 1000;

/**
 * How long a run asked to stop has to answer before its worker is terminated: the step under
 * way, the final loss and the outcome take milliseconds unless the user's code is stuck. Short,
 * so Stop still feels immediate (and the panel waits no longer than this for the outcome).
 */
export const CANCEL_GRACE_MS = 500;

/** How the session bundles for exact gradients: plain, transformed, or plain with the transform on request (see autodiffModeFor). */
export type AutodiffMode = 'off' | 'on' | 'lazy';

export interface SessionOptions {
  readonly file: string;
  /** Bundle with the autodiff transform (default 'off'). */
  readonly autodiff?: AutodiffMode;
  /** Unsaved editor text instead of the file on disk. */
  readonly source?: string;
  readonly limits?: Partial<RunLimits>;
  /** The built worker entry (default: worker.js next to this bundle). */
  readonly workerPath?: string;
  /** The file's bundles shared with other requests (a sweep bundles once for all its cells). */
  readonly bundles?: SharedBundles;
  /** Where the worker comes from and goes (a sweep's pool of warm workers); default: a new (or spare) worker, terminated at the end. */
  readonly workers?: WorkerSource;
  /** What the user's code prints (console.log, …); default: written to this process's stderr, so it never mixes with a command's output. */
  readonly onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  /**
   * Time the request was held by the user (a run stepped through, see stepControl.ts), left out of
   * the time limit: the milliseconds of its finished pauses, or null while it is paused now.
   */
  readonly held?: () => number | null;
}

/** The session's part of a request's options, without the ones not given (exactOptionalPropertyTypes-safe). */
export function sessionOptions(opts: Pick<SessionOptions, 'file' | 'source' | 'limits' | 'workerPath' | 'bundles' | 'workers'>, onOutput?: SessionOptions['onOutput']): SessionOptions {
  return {
    file: opts.file,
    ...(opts.source !== undefined ? { source: opts.source } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
    ...(opts.workerPath !== undefined ? { workerPath: opts.workerPath } : {}),
    ...(opts.bundles !== undefined ? { bundles: opts.bundles } : {}),
    ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
    ...(onOutput ? { onOutput } : {}),
  };
}

/**
 * Why a session ended without the worker's last message, and the records the worker had
 * written but not yet sent (complete rows of its shared columns, read once it had stopped).
 */
export type SessionStop = (
  | { readonly kind: 'timeout'; readonly limitMs: number }
  | { readonly kind: 'error'; readonly error: SerializedError; readonly errors?: readonly SerializedError[] }
  | { readonly kind: 'cancelled' }
) & { readonly unsent?: RecordBatch };

export interface SessionEvents {
  /** A message from the worker (needX0, needExact, parts and columns are the session's own and not passed on). Return true when it was the last one. */
  message(message: Exclude<WorkerToHost, { type: 'needX0' | 'needExact' | 'parts' | 'columns' }>): boolean;
  /** The session ended without a last message. */
  stopped(stop: SessionStop): void;
}

export interface Session {
  /** Date.now() when the session started (the time limit counts from here). */
  readonly startedAt: number;
  readonly limits: RunLimits;
  /**
   * Stop: a run under way is asked to end after its step (its outcome comes as its last message,
   * 'cancelled'); anything else, or a run that has not answered within CANCEL_GRACE_MS, ends with
   * its worker terminated and `stopped` reporting `cancelled`.
   */
  cancel(): void;
  /** True once the session has ended. */
  readonly closed: boolean;
}

/**
 * Start a session. `makeRequest` turns the bundle and the gauge's shared slots into the request
 * to post. Events come asynchronously; after `message` returned true or `stopped` was called,
 * none follow. A session stopped from here (time limit, a call that never returns, cancel, a
 * dead worker) reports it once the worker has stopped, with the records it had not yet sent.
 */
export function openSession(options: SessionOptions, makeRequest: (bundle: BundledCode, gauge: SharedArrayBuffer, exactOnRequest: boolean) => HostToWorker, events: SessionEvents): Session {
  const startedAt = Date.now();
  const limits: RunLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const file = path.resolve(options.file);
  /** No request or answer is posted any more: the session ended, or a stop is under way. */
  let closed = false;
  /** The caller has had its last event (`message` returned true, or `stopped`). */
  let answered = false;
  let worker: Worker | null = null;
  let parts: PartsMessage['parts'] = {};
  let columns: OpenColumns | null = null;
  let watchdog = new EvalWatchdog(createGaugeBuffer(), limits.evalTimeMs);
  let autodiff: AutodiffMode = options.autodiff ?? 'off';

  /**
   * Ends the session; resolves once the worker has stopped (at most ~1 s: a stop must not hang on
   * it) or, from a pool, once it is back there (`reusable`: it ended on its last message and
   * reported itself pristine). `drain`: the worker's messages are still read until it has stopped
   * (they arrive before its exit), so that nothing it posted before is lost.
   */
  const close = (reusable = false, drain = false): Promise<void> => {
    closed = true;
    clearTimeout(timer);
    clearTimeout(graceTimer);
    watchdog.stop();
    const w = worker;
    if (!w) return Promise.resolve();
    const forget = (): void => {
      if (worker !== w) return;
      worker = null;
      detach?.();
    };
    if (!drain) forget();
    let ended: Promise<void>;
    if (options.workers) {
      ended = options.workers.release(w, reusable);
    } else {
      const terminated = w.terminate().then(
        () => undefined,
        () => undefined,
      );
      prepareSpare(workerPath, resourceLimits);
      ended = Promise.race([terminated, new Promise<void>((resolve) => setTimeout(resolve, 1000).unref())]);
    }
    return ended.then(forget);
  };
  /** End the session from here; `drain` (default): first read what the worker posted before it stopped (not after its listener failed). */
  const stop = (reason: SessionStop, drain = true): void => {
    if (closed) return;
    void close(false, drain).then(() => {
      // The worker's own last message, posted before it stopped, came first: it says how the request ended.
      if (answered) return;
      answered = true;
      const unsent = columns === null ? null : completeRows(columns);
      events.stopped(unsent === null ? reason : { ...reason, unsent });
    });
  };
  /** Cancel once a run's loop listens (see evalGauge.ts): ask, and terminate only after the grace. */
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  const cancel = (): void => {
    if (closed || graceTimer !== undefined) return;
    if (!watchdog.listensForStop) {
      // Bundling, loading or a request without a loop: there is no step to finish, nothing to wait for.
      stop({ kind: 'cancelled' });
      return;
    }
    watchdog.requestStop();
    graceTimer = setTimeout(() => stop({ kind: 'cancelled' }), CANCEL_GRACE_MS);
  };
  const hung = (part: GaugedPart): void => {
    const seconds = formatNumber(limits.evalTimeMs / 1000);
    if (part === 'load') {
      // No line: what a stuck thread is doing cannot be asked, and line 1 would be a guess.
      const text: EngineText = { id: 'loadHung', args: [path.basename(file), seconds] };
      stop({ kind: 'error', error: { code: 'evalTimeout', message: engineText(text), text } });
      return;
    }
    const known = parts[part];
    const text: EngineText = { id: 'callHung', args: [known?.label ?? part, seconds] };
    stop({ kind: 'error', error: { code: 'evalTimeout', message: engineText(text), text, ...(known?.location ? { location: known.location } : {}) } });
  };

  // The worker stops itself cleanly just before timeMs (with its final loss); the hard stop waits a
  // little longer, so that a busy machine does not turn a clean stop into a terminated one. Time
  // the user held the run (paused) does not count: the hard stop moves by it, and waits while paused.
  const hardStopAt = (): number | null => {
    const held = options.held === undefined ? 0 : options.held();
    return held === null ? null : startedAt + limits.timeMs + HARD_STOP_GRACE_MS + held;
  };
  const checkTime = (): void => {
    if (closed) return;
    const at = hardStopAt();
    const now = Date.now();
    if (at !== null && now >= at) stop({ kind: 'timeout', limitMs: limits.timeMs });
    else timer = setTimeout(checkTime, at === null ? Math.min(1000, limits.timeMs) : at - now);
  };
  let timer = setTimeout(checkTime, limits.timeMs + HARD_STOP_GRACE_MS);

  const workerPath = resolveWorkerPath(options.workerPath);
  const resourceLimits = {
    maxOldGenerationSizeMb: limits.memoryMb,
    maxYoungGenerationSizeMb: Math.max(1, Math.min(16, Math.floor(limits.memoryMb / 8))),
    stackSizeMb: 4,
  };
  if (!existsSync(workerPath)) {
    void close();
    throw new Error(`LR Lab's worker is missing (${workerPath}); build it with npm run build`);
  }
  const take = (): Worker => (options.workers ? options.workers.take(workerPath, resourceLimits) : takeWorker(workerPath, resourceLimits));
  try {
    worker = take();
  } catch (e) {
    void close();
    throw e;
  }
  const output = options.onOutput ?? ((text: string) => void process.stderr.write(text));

  /** Takes the session's listeners off its worker (a pool's worker serves further requests). */
  let detach: (() => void) | null = null;

  /** Start `w` on the request: its output, messages and end are this session's. */
  const attach = (w: Worker): void => {
    // With a plain bundle that may be replaced (lazy), the first worker's output is held until
    // it answers: if it asks for the transformed bundle, the second worker prints it again.
    let held: HeldOutput | null = autodiff === 'lazy' ? new HeldOutput() : null;
    const print = (text: string, stream: 'stdout' | 'stderr'): void => {
      if (worker !== w) return;
      if (held !== null) held.add(text, stream);
      else output(text, stream);
    };
    const release = (): void => {
      const pending = held;
      held = null;
      pending?.release(output);
    };
    const onStdout = (text: string): void => print(text, 'stdout');
    const onStderr = (text: string): void => print(text, 'stderr');
    w.stdout.setEncoding('utf8').on('data', onStdout);
    w.stderr.setEncoding('utf8').on('data', onStderr);
    const onMessage = (message: unknown): void => {
      if (answered || worker !== w) return;
      if (!hasProtocolVersion(message)) {
        stop({ kind: 'error', error: { code: 'loadError', message: `LR Lab's worker speaks another protocol version (expected ${WORKER_PROTOCOL_VERSION}); rebuild with npm run build` } }, false);
        return;
      }
      const m = message as WorkerToHost;
      if (m.type === 'output') {
        for (const part of m.parts) print(part.text, part.stream);
        return;
      }
      if (m.type === 'parts') {
        parts = m.parts;
        return;
      }
      if (m.type === 'columns') {
        columns = m.columns;
        return;
      }
      // A stop under way reads what the worker posted before it stopped, and answers nothing.
      if (closed && (m.type === 'needX0' || m.type === 'needExact')) return;
      if (m.type === 'needX0') {
        answerX0(file, options.source, m.objective).then(
          (reply) => !closed && worker === w && w.postMessage(reply),
          (e: unknown) => stop({ kind: 'error', error: serializeError(e, 'loadError') }),
        );
        return;
      }
      if (m.type === 'needExact') {
        if (autodiff !== 'lazy') {
          stop({ kind: 'error', error: { code: 'loadError', message: `LR Lab's worker asked for a transformed bundle it already had` } });
          return;
        }
        held = null;
        restartWithTransform(w);
        return;
      }
      release();
      let last: boolean;
      try {
        last = events.message(m);
      } catch (e) {
        stop({ kind: 'error', error: { code: 'cancelled', message: `the run's listener threw: ${e instanceof Error ? e.message : String(e)}` } }, false);
        return;
      }
      if (!last) return;
      answered = true;
      // Otherwise a stop is under way (this came before the worker stopped) and ends the worker itself.
      if (!closed) void close(m.type === 'outcome' && m.reusable === true);
    };
    const onError = (error: Error & { code?: string }): void => {
      if (worker !== w) return;
      release();
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        // The gauge still says which user code was running when the heap ran out: the file's top level, f, grad or metrics (and where).
        const part = watchdog.part;
        const known = part === null || part === 'load' ? undefined : parts[part];
        const text: EngineText =
          part === null ? { id: 'outOfMemory', args: [limits.memoryMb] } : part === 'load' ? { id: 'outOfMemoryLoading', args: [path.basename(file), limits.memoryMb] } : { id: 'outOfMemoryIn', args: [known?.label ?? part, limits.memoryMb] };
        stop({ kind: 'error', error: { code: 'outOfMemory', message: engineText(text), text, ...(known?.location ? { location: known.location } : {}) } });
      } else {
        const text: EngineText = { id: 'workerFailed', args: [error.message] };
        stop({ kind: 'error', error: { code: 'objectiveError', message: engineText(text), text } });
      }
    };
    const onExit = (code: number): void => {
      if (worker !== w) return;
      release();
      const text: EngineText = { id: 'workerExited', args: [code] };
      const part = watchdog.part;
      const known = part === null || part === 'load' ? undefined : parts[part];
      stop({ kind: 'error', error: { code: 'objectiveError', message: engineText(text), text, ...(known?.location ? { location: known.location } : {}) } });
    };
    w.on('message', onMessage).on('error', onError).on('exit', onExit);
    detach = () => {
      w.stdout.off('data', onStdout);
      w.stderr.off('data', onStderr);
      w.off('message', onMessage).off('error', onError).off('exit', onExit);
    };
  };

  /** Bundle (transformed or not, as `autodiff` says; shared bundles when given) and post the request to the current worker. */
  const post = (): void => {
    const transformed = autodiff === 'on';
    const bundled = options.bundles ? options.bundles.get(transformed) : bundleObjectiveFile(file, { ...(options.source !== undefined ? { source: options.source } : {}), autodiff: transformed });
    bundled.then(
      (bundle) => {
        if (closed) return;
        worker?.postMessage(makeRequest(bundle, watchdog.buffer, autodiff === 'lazy'));
        watchdog.start(hung);
      },
      (e: unknown) => {
        if (e instanceof CompileError) stop({ kind: 'error', error: e.toJSON(), errors: e.errors });
        else stop({ kind: 'error', error: serializeError(e, 'compileError') });
      },
    );
  };

  /** The objective needs the exact gradient: the same request in a fresh worker (and a fresh gauge), with the transformed bundle. */
  const restartWithTransform = (old: Worker): void => {
    autodiff = 'on';
    watchdog.stop();
    watchdog = new EvalWatchdog(createGaugeBuffer(), limits.evalTimeMs);
    parts = {};
    columns = null;
    detach?.();
    if (options.workers) void options.workers.release(old, false);
    else void old.terminate().catch(() => undefined);
    try {
      worker = take();
    } catch (e) {
      stop({ kind: 'error', error: serializeError(e, 'loadError') });
      return;
    }
    attach(worker);
    post();
  };

  attach(worker);
  post();

  return {
    startedAt,
    limits,
    cancel,
    get closed() {
      return closed;
    },
  };
}

/**
 * What a lazy request's first worker printed before it answered (its top level, mostly), held
 * until it is known whether a second worker prints it again. A top level printing without bound
 * must not grow the host's memory with it: beyond `HELD_MAX_CHARS` the oldest writes are dropped,
 * and the release begins with a line saying how many lines were not shown.
 */
export class HeldOutput {
  private readonly parts = new OldestFirst<[string, 'stdout' | 'stderr']>();
  private chars = 0;
  private droppedLines = 0;

  constructor(private readonly maxChars = HELD_MAX_CHARS) {}

  add(text: string, stream: 'stdout' | 'stderr'): void {
    this.parts.push([text, stream]);
    this.chars += text.length;
    while (this.chars > this.maxChars && this.parts.size > 1) {
      const [dropped] = this.parts.shift();
      this.chars -= dropped.length;
      this.droppedLines += dropped.split('\n').length - (dropped.endsWith('\n') ? 1 : 0);
    }
  }

  release(output: (text: string, stream: 'stdout' | 'stderr') => void): void {
    if (this.droppedLines > 0) output(`${engineText({ id: 'linesNotShown', args: [this.droppedLines] })}\n`, 'stderr');
    for (const part of this.parts.take()) output(...part);
  }
}

/** 16 M characters (32 MB): 200 000 lines of 80 characters are held whole. */
export const HELD_MAX_CHARS = 16 * 1024 * 1024;

/**
 * Whether a request's bundle is transformed for exact gradients: `numeric` never; `exact`
 * always; `auto` when the file does not mention a `grad` (no objective of it can have its own
 * gradient), else lazily — a plain bundle first, the transform only if the worker finds the
 * objective without one. The transform needs TypeScript's compiler (a few hundred ms to load),
 * which an objective with its own grad then never pays for.
 */
export function autodiffModeFor(gradient: GradientSource, file: string, source?: string): AutodiffMode {
  if (gradient === 'numeric') return 'off';
  if (gradient === 'exact') return 'on';
  let text: string;
  try {
    text = source ?? readFileSync(file, 'utf8');
  } catch {
    return 'lazy';
  }
  return /\bgrad\b/.test(text) ? 'lazy' : 'on';
}

/** The `@x0` tag of export `name`, read with TypeScript's parser (loaded only now). */
async function answerX0(file: string, source: string | undefined, name: string): Promise<X0Reply> {
  const text = source ?? readFileSync(file, 'utf8');
  const tag = readX0Tag(text, file, name);
  return { version: WORKER_PROTOCOL_VERSION, type: 'x0', objective: name, x0: tag?.x0 ?? null, problem: tag?.problem ?? null, line: tag?.line ?? null };
}

/** worker.js next to this bundle (dist/); from the sources (tests under tsx), the built dist/worker.js. */
export function resolveWorkerPath(given?: string): string {
  if (given !== undefined) return path.resolve(given);
  const beside = path.join(__dirname, 'worker.js');
  if (existsSync(beside)) return beside;
  const built = path.join(__dirname, '..', '..', '..', 'dist', 'worker.js');
  return existsSync(built) ? built : beside;
}
