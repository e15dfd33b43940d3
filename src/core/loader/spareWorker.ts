/**
 * One worker thread started ahead of the next request, so that a run does not wait for a
 * thread to boot and load worker.js (~45 ms, most of a warm run's start). Off by default: a
 * command-line run makes one request and exits; the extension turns it on, and then a spare is
 * started when a session ends (not while a run is starting, whose own worker needs the CPU).
 *
 * A spare has run no user code: it waits for its first request like a new worker. It is
 * unref'd while idle, so it never keeps a process alive, and used only with the same worker
 * script and resource limits a new worker would get; otherwise it is replaced.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';

interface Spare {
  readonly worker: Worker;
  readonly key: string;
  /** Forgets the spare when it fails or ends while waiting (its 'error' and 'exit' listener). */
  readonly drop: () => void;
}

/** The spare's own listeners off: from now on its owner listens. */
function release(entry: Spare): Worker {
  entry.worker.off('error', entry.drop);
  entry.worker.off('exit', entry.drop);
  return entry.worker;
}

let enabled = false;
let spare: Spare | null = null;

/** What makes two workers interchangeable: the script and the resource limits they were started with. */
export function keyOf(workerPath: string, limits: ResourceLimits): string {
  return JSON.stringify([workerPath, limits.maxOldGenerationSizeMb, limits.maxYoungGenerationSizeMb, limits.stackSizeMb]);
}

/**
 * A worker for `workerPath` with `limits` (stdout and stderr piped). It gets no Node options of
 * this process: worker.js is built JavaScript, and a loader this process runs under (tsx in
 * tests and benchmarks) would only slow every worker's start (~0.3 s each under tsx).
 */
export function startWorker(workerPath: string, limits: ResourceLimits): Worker {
  return new Worker(workerPath, { resourceLimits: limits, stdout: true, stderr: true, execArgv: [] });
}

/** The spare when it matches, else a new worker. The caller owns the result (and must terminate it). */
export function takeWorker(workerPath: string, limits: ResourceLimits): Worker {
  const taken = spare;
  spare = null;
  if (taken !== null) {
    const worker = release(taken);
    if (taken.key === keyOf(workerPath, limits)) {
      worker.ref();
      return worker;
    }
    void worker.terminate().catch(() => undefined);
  }
  return startWorker(workerPath, limits);
}

/** After a session: start the next spare (when enabled and none is waiting). */
export function prepareSpare(workerPath: string, limits: ResourceLimits): void {
  if (!enabled || spare !== null) return;
  let worker: Worker;
  try {
    worker = startWorker(workerPath, limits);
  } catch {
    return; // the next request starts its own and reports the problem
  }
  worker.unref();
  const entry: Spare = {
    worker,
    key: keyOf(workerPath, limits),
    drop: () => {
      if (spare === entry) spare = null;
    },
  };
  // A spare that fails or ends before it is used is simply forgotten.
  worker.on('error', entry.drop);
  worker.on('exit', entry.drop);
  spare = entry;
}

/**
 * Keep a spare worker from now on (true), or stop and forget it (false). The extension turns
 * it on at activation and off when it is deactivated.
 */
export function keepSpareWorker(on: boolean): void {
  enabled = on;
  if (!on && spare !== null) {
    const worker = release(spare);
    spare = null;
    void worker.terminate().catch(() => undefined);
  }
}

/** The waiting spare (tests). */
export function spareWorker(): Worker | null {
  return spare?.worker ?? null;
}
