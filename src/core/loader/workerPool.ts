/**
 * Warm workers for a sweep: each cell is still a request to the loader's worker (the same
 * worker.js, limits and Stop as a single run), but a worker whose cell ended cleanly and that
 * reports itself pristine (see worker/pristine.ts) serves the next cell instead of being
 * terminated, so a sweep pays for a worker's start once per slot, not once per cell. A worker
 * stopped for a limit or a failure, or by a Stop it did not answer (stuck in user code), is
 * terminated; the next cell gets a new one.
 * `close` terminates the idle workers and waits until every worker of the pool has stopped,
 * so nothing outlives the sweep (a process that exits while a worker is still being torn
 * down can abort in V8).
 */
import type { ResourceLimits, Worker } from 'node:worker_threads';
import { keyOf, takeWorker } from './spareWorker';

/** Where a session's worker comes from, and where it goes when the session ends (see openSession). */
export interface WorkerSource {
  take(workerPath: string, limits: ResourceLimits): Worker;
  /** The session is over: keep `worker` for the next request when `reusable`, else terminate it. Resolves once it is parked or stopped. */
  release(worker: Worker, reusable: boolean): Promise<void>;
}

interface Idle {
  readonly worker: Worker;
  readonly key: string;
  /** Forgets the worker when it fails or ends while idle. */
  readonly drop: () => void;
}

/** A hang bound on a worker's termination, so that closing never waits on a stuck thread forever. */
const TERMINATE_BOUND_MS = 2000;

export class WorkerPool implements WorkerSource {
  private readonly idle: Idle[] = [];
  private readonly stopping = new Set<Promise<void>>();
  /** The key each worker this pool handed out was started with. */
  private readonly keys = new WeakMap<Worker, string>();
  private closed = false;
  /** Workers started, and requests served by a warm worker (tests, benchmarks). */
  started = 0;
  reused = 0;

  take(workerPath: string, limits: ResourceLimits): Worker {
    const key = keyOf(workerPath, limits);
    const index = this.idle.findIndex((entry) => entry.key === key);
    if (index >= 0) {
      const [entry] = this.idle.splice(index, 1);
      entry!.worker.off('error', entry!.drop).off('exit', entry!.drop);
      entry!.worker.ref();
      this.reused++;
      return entry!.worker;
    }
    this.started++;
    const worker = takeWorker(workerPath, limits);
    this.keys.set(worker, key);
    return worker;
  }

  release(worker: Worker, reusable: boolean): Promise<void> {
    const key = this.keys.get(worker);
    if (!reusable || this.closed || key === undefined) return this.terminate(worker);
    const entry: Idle = {
      worker,
      key,
      drop: () => {
        const at = this.idle.indexOf(entry);
        if (at >= 0) this.idle.splice(at, 1);
      },
    };
    worker.on('error', entry.drop).on('exit', entry.drop);
    worker.unref();
    this.idle.push(entry);
    return Promise.resolve();
  }

  /** Terminate the idle workers and wait (bounded) until every worker this pool let go has stopped. */
  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.idle.splice(0)) {
      entry.worker.off('error', entry.drop).off('exit', entry.drop);
      void this.terminate(entry.worker);
    }
    await Promise.all(this.stopping);
  }

  private terminate(worker: Worker): Promise<void> {
    const stopped = Promise.race([
      worker.terminate().then(
        () => undefined,
        () => undefined,
      ),
      new Promise<void>((resolve) => setTimeout(resolve, TERMINATE_BOUND_MS).unref()),
    ]);
    this.stopping.add(stopped);
    void stopped.then(() => this.stopping.delete(stopped));
    return stopped;
  }
}
