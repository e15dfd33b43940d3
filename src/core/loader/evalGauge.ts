/**
 * The per-evaluation watchdog: how the calling thread learns that one call into user code (f,
 * grad, metrics, or the file's top level) has not returned for `evalTimeMs`, although the
 * worker running it cannot say anything while it is stuck.
 *
 * The two threads share a few int32 slots. The worker (EvalGauge) counts every call into user
 * code and says which part it is in; the calling thread (EvalWatchdog) looks every ≤ 250 ms, and
 * when the worker has sat in the same call since a look at least `evalTimeMs` plus one interval
 * ago, that call has run at least `evalTimeMs`: it reports the part, and the session ends the run
 * there. Entering and leaving a call are plain stores (no atomics: they sit on the hot path of
 * small objectives); the extra interval covers a look that sees the two slots of one entry out
 * of order.
 *
 * The same buffer carries the calling thread's request to stop (Stop, Ctrl+C): a run's worker
 * says in one slot that its loop is about to start and reads another with the loop's other
 * checks, every few milliseconds between steps, so that a run asked to stop ends after the step
 * under way and posts its outcome as usual (session.ts terminates the worker only when that does
 * not come within a short grace, or at once when nothing reads the slot). Shared memory, not a
 * message: whether the loop listens must not depend on which of the worker's channels (its
 * messages, its stderr) reached the calling thread first.
 */

/**
 * Slots of the shared Int32Array. The worker writes them on every call into user code, so they
 * sit in a cache line of their own: the middle 64 bytes of a 192-byte buffer, wherever it starts.
 * Two workers' gauges are made one after the other by the calling thread, and slots of both in
 * one line made each store of a sweep's two workers take the line from the other's core (their
 * loops ran ~25% slower side by side than alone).
 */
const LINE_INTS = 16;
const CALLS = LINE_INTS;
const PART = LINE_INTS + 1;
const SLOTS = 3 * LINE_INTS;
/** 1 once the calling thread asked the worker to stop; outside the hot line (written once, read every few ms). */
const STOP = 0;
/** 1 once the worker's run loop reads STOP (it is about to start). */
const LISTENING = 1;

/** What user code the worker is running (0: none, the engine's own code or waiting). */
export const PART_NONE = 0;
export const PART_LOAD = 1;
export const PART_F = 2;
export const PART_GRAD = 3;
export const PART_METRICS = 4;

export type GaugedPart = 'load' | 'f' | 'grad' | 'metrics';
const PART_NAMES: readonly (GaugedPart | null)[] = [null, 'load', 'f', 'grad', 'metrics'];

/** The shared slots for one session. */
export function createGaugeBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT);
}

/** The worker's side: brackets every call into user code, and tells the loop when to stop. A gauge without a buffer does nothing (engine-only use, tests). */
export class EvalGauge {
  private readonly slots: Int32Array;

  constructor(buffer: SharedArrayBuffer | null) {
    this.slots = buffer === null ? new Int32Array(SLOTS) : new Int32Array(buffer);
  }

  enter(part: number): void {
    const slots = this.slots;
    slots[CALLS] = (slots[CALLS]! + 1) | 0;
    slots[PART] = part;
  }

  leave(): void {
    this.slots[PART] = PART_NONE;
  }

  /** The run loop is about to start and will read the stop slot (before its first step and every few ms). */
  listenForStop(): void {
    Atomics.store(this.slots, LISTENING, 1);
  }

  /** Whether the calling thread asked the request to stop (the run loop's shouldStop). */
  stopRequested(): boolean {
    return Atomics.load(this.slots, STOP) !== 0;
  }
}

/** The calling thread's side: watches a gauge and calls `onHang` once, when a call has not returned for `limitMs`; and asks the worker to stop. */
export class EvalWatchdog {
  private readonly slots: Int32Array;
  private timer: ReturnType<typeof setInterval> | null = null;
  private seenCalls = -1;
  private seenAt = 0;

  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly limitMs: number,
  ) {
    this.slots = new Int32Array(buffer);
  }

  start(onHang: (part: GaugedPart) => void): void {
    if (!(this.limitMs > 0) || !Number.isFinite(this.limitMs)) return;
    const every = Math.max(10, Math.min(250, this.limitMs / 4));
    this.seenAt = Date.now();
    this.timer = setInterval(() => {
      const now = Date.now();
      const calls = Atomics.load(this.slots, CALLS);
      const part = PART_NAMES[Atomics.load(this.slots, PART)] ?? null;
      if (part === null || calls !== this.seenCalls) {
        // Not in user code, or in another call than at the last look: it started after that look.
        this.seenCalls = calls;
        this.seenAt = now;
        return;
      }
      if (now - this.seenAt >= this.limitMs + every) {
        this.stop();
        onHang(part);
      }
    }, every);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** The user code the worker is in now (or was in when it died): where it ran out of memory. */
  get part(): GaugedPart | null {
    return PART_NAMES[Atomics.load(this.slots, PART)] ?? null;
  }

  /** Whether the worker's run loop reads the stop slot (else a stop can only terminate it). */
  get listensForStop(): boolean {
    return Atomics.load(this.slots, LISTENING) !== 0;
  }

  /** Ask the worker to stop: its run loop ends after the step under way. */
  requestStop(): void {
    Atomics.store(this.slots, STOP, 1);
  }
}
