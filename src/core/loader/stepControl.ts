/**
 * Pause / Step / Resume of a run in a worker thread, through a few shared int32 slots (the
 * worker cannot read messages while its loop runs, nor while it waits).
 *
 * The calling thread (StepControl) writes the mode (running, paused, stopping) and a budget of
 * steps to take while paused, bumps a sequence slot and wakes the worker. The worker's gate
 * (WorkerStepGate, the minimize loop's StepGate) watches the steps while the mode is paused:
 * after each it posts the step's inspection and waits with Atomics.wait until the sequence
 * moves — a step taken from the budget, a resume or a stop. Time spent waiting is added to a
 * slot, so the session's time limit leaves it out (see session.ts), and the loop moves its own
 * deadline by it. A waiting worker is not in user code, so the per-call watchdog leaves it be;
 * Stop (RunHandle.cancel) writes `stopping` and wakes it, so a paused run ends at once with its
 * outcome; terminating the worker ends the wait too.
 */
import type { OptimizerConfig, OptimizerState } from '../optimizers/types';
import { inspectStart, inspectStep, type GateAnswer, type StepGate, type StepInspection, type SteppedView } from '../minimize/stepGate';

const MODE = 0;
const BUDGET = 1;
const SEQ = 2;
/** 1 while the worker waits. */
const WAITING = 3;
/** Milliseconds the worker has waited in all, its pauses so far (the one under way not included). */
const HELD_MS = 4;
const SLOTS = 5;

const RUNNING = 0;
const PAUSED = 1;
const STOPPING = 2;

export function createStepControlBuffer(startPaused: boolean): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT);
  new Int32Array(buffer)[MODE] = startPaused ? PAUSED : RUNNING;
  return buffer;
}

/** The calling thread's side. */
export class StepControl {
  private readonly slots: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.slots = new Int32Array(buffer);
  }

  /** Pause after the step under way (the worker then posts its inspection and waits). */
  pause(): void {
    if (Atomics.load(this.slots, MODE) === RUNNING) this.write(PAUSED, 0);
  }

  /** Take one more step and pause again; ignored unless paused. */
  step(): void {
    if (Atomics.load(this.slots, MODE) !== PAUSED) return;
    Atomics.add(this.slots, BUDGET, 1);
    this.wake();
  }

  resume(): void {
    if (Atomics.load(this.slots, MODE) === PAUSED) this.write(RUNNING, 0);
  }

  /** End the run cleanly at the next gate ('cancelled', with its final loss). */
  stop(): void {
    this.write(STOPPING, 0);
  }

  get paused(): boolean {
    return Atomics.load(this.slots, MODE) === PAUSED;
  }

  /** Whether the worker is waiting now. */
  get waiting(): boolean {
    return Atomics.load(this.slots, WAITING) === 1;
  }

  /** Milliseconds the worker has waited so far (finished pauses). */
  get heldMs(): number {
    return Atomics.load(this.slots, HELD_MS);
  }

  private write(mode: number, budget: number): void {
    Atomics.store(this.slots, BUDGET, budget);
    Atomics.store(this.slots, MODE, mode);
    this.wake();
  }

  private wake(): void {
    Atomics.add(this.slots, SEQ, 1);
    Atomics.notify(this.slots, SEQ);
  }
}

/** The worker's side: the loop's gate, posting each watched step's inspection through `paused`. */
export class WorkerStepGate implements StepGate {
  private readonly slots: Int32Array;

  constructor(
    buffer: SharedArrayBuffer,
    private readonly config: OptimizerConfig,
    private readonly paused: (inspection: StepInspection) => void,
  ) {
    this.slots = new Int32Array(buffer);
  }

  start(params: Float64Array, state: OptimizerState): GateAnswer {
    if (Atomics.load(this.slots, MODE) === RUNNING) return { heldMs: 0 };
    this.paused(inspectStart(params, state, this.config));
    return this.hold();
  }

  watching(): boolean {
    return Atomics.load(this.slots, MODE) !== RUNNING;
  }

  stepped(view: SteppedView): GateAnswer {
    if (Atomics.load(this.slots, MODE) === STOPPING) return 'stop';
    this.paused(inspectStep(view, this.config));
    return this.hold();
  }

  /** Wait until a step from the budget, a resume or a stop. */
  private hold(): GateAnswer {
    const slots = this.slots;
    const from = performance.now();
    Atomics.store(slots, WAITING, 1);
    try {
      for (;;) {
        const seq = Atomics.load(slots, SEQ);
        const mode = Atomics.load(slots, MODE);
        if (mode === STOPPING) return 'stop';
        if (mode === RUNNING) return { heldMs: performance.now() - from };
        if (Atomics.load(slots, BUDGET) > 0) {
          Atomics.sub(slots, BUDGET, 1);
          return { heldMs: performance.now() - from };
        }
        Atomics.wait(slots, SEQ, seq);
      }
    } finally {
      Atomics.add(slots, HELD_MS, Math.round(performance.now() - from));
      Atomics.store(slots, WAITING, 0);
    }
  }
}
