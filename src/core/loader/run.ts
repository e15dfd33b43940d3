/**
 * startRun: run the optimizer on an objective of a user's file, in a worker thread with a
 * time and a memory limit, streaming records as they come. `done` always resolves with how
 * the run ended; problems in the user's file or code are outcomes, not rejections.
 */
import type { SerializedError, SourceLocation } from '../errors';
import type { RunConfig, RunLimits } from '../minimize/config';
import { engineText, type EngineText } from '../../shared/engineText';
import { formatNumber } from '../../shared/format';
import type { RecordBatch, RunOutcome, StopReason } from '../minimize/records';
import type { GradientKind, ObjectiveInfo } from '../objective';
import type { Ramp } from '../finder/ramp';
import type { StepInspection } from '../minimize/stepGate';
import type { SharedBundles } from './bundle';
import type { DecimatedRecords } from '../minimize/decimate';
import { RunTally } from '../minimize/tally';
import { WORKER_PROTOCOL_VERSION, type DecimateRequest } from './workerProtocol';
import type { WorkerSource } from './workerPool';
import { createStepControlBuffer, StepControl } from './stepControl';
import { errorOutcome, type LoaderOutcome } from './outcome';
import { autodiffModeFor, openSession, sessionOptions, type SessionStop } from './session';

export interface StartRunOptions {
  readonly file: string;
  /** Export name; default: the file's only objective. */
  readonly objective?: string;
  readonly config: RunConfig;
  readonly limits?: Partial<RunLimits>;
  /** How often the worker sends a batch of records while running (ms, default 50). */
  readonly flushIntervalMs?: number;
  /** Unsaved editor text instead of reading the file. */
  readonly source?: string;
  /** The built worker entry (default: worker.js next to the loader's bundle). */
  readonly workerPath?: string;
  /** The file's bundles shared among requests (a sweep bundles once for all its cells). */
  readonly bundles?: SharedBundles;
  /** Where the run's worker comes from and goes (a sweep's pool of warm workers). */
  readonly workers?: WorkerSource;
  /** Run the lr finder's range test with this ramp instead of the config's schedule (see core/finder). */
  readonly rangeTest?: Ramp;
  /**
   * Make the run steerable step by step (RunHandle.pause / step / resume): 'paused' starts it paused
   * before its first step, 'running' as usual. Absent: it cannot be paused (and its loop asks nothing).
   */
  readonly stepping?: 'paused' | 'running';
  /**
   * A sweep cell's way: no batches while it runs; its records decimated in the worker and its
   * steps to the target counted there over every step, both given to `onDecimated` at the end.
   */
  readonly decimate?: DecimateRequest;
  /** How the person gave config.x0, e.g. `--x0`: a wrong length names it (absent: "the run config x0"). */
  readonly pointName?: string;
}

/** What a run started with `decimate` gives besides its outcome. */
export interface DecimatedRun {
  /** At most maxPoints of its records, the first and the last among them; null when it took no step or its worker was stopped. */
  readonly records: DecimatedRecords | null;
  /** Steps to the target loss over every step (null: no target, or not reached). */
  readonly stepsToTarget: number | null;
  /** The steps it recorded and the least loss among those records (NaN: none), its final loss aside: what a run again must match (core/sweep/recount.ts). */
  readonly steps: number;
  readonly bestLoss: number;
}

/** What is known once the objective is loaded, before the first step. */
export interface RunHeader {
  readonly objective: ObjectiveInfo;
  /** The starting point used. */
  readonly x0: number[];
  /** Where the gradient comes from: the objective's grad, the exact gradient recorded from its code, or central differences. */
  readonly gradient: GradientKind;
  /** Why it is not exact although the run allowed it (an objective without grad that LR Lab could not differentiate); null otherwise. */
  readonly gradientReason: string | null;
  /** That reason as an engine sentence, when LR Lab worded it. */
  readonly gradientReasonText?: EngineText;
  readonly gradientLocation?: SourceLocation;
  readonly config: RunConfig;
}

/** The exact gradient stopped being recordable mid-run: the rest of the run uses central differences. */
export interface GradientFallback {
  readonly step: number;
  readonly reason: string;
  /** The reason as an engine sentence, when LR Lab worded it. */
  readonly reasonText?: EngineText;
  readonly location?: SourceLocation;
}

export interface RunListener {
  onHeader?(header: RunHeader): void;
  /** Records of consecutive steps, in order; the batch's arrays are the listener's to keep. */
  onBatch?(batch: RecordBatch): void;
  /** The exact gradient stopped being recordable (see GradientFallback). */
  onGradientFallback?(fallback: GradientFallback): void;
  /** Text the user's code printed (console.log, …); default: this process's stderr. */
  onOutput?(text: string, stream: 'stdout' | 'stderr'): void;
  /** The run paused (stepping through) after the step inspected, or before its first step (step 0); its records up to there came first. */
  onPaused?(inspection: StepInspection): void;
  /** Runs started with `decimate`: once, just before `done` resolves (also when its worker was stopped). */
  onDecimated?(run: DecimatedRun): void;
}

export interface RunHandle {
  /** How the run ended (never rejects for problems in the user's file or code). */
  readonly done: Promise<LoaderOutcome>;
  /**
   * Stop: the run ends after its step under way — 'cancelled', with every step taken and its final
   * loss. A worker stuck in the user's code is terminated after CANCEL_GRACE_MS (session.ts): then
   * the outcome has the steps it had recorded, and no final loss.
   */
  cancel(): void;
  /** Stepping through (runs started with `stepping`; otherwise these do nothing): pause after the step under way, */
  pause(): void;
  /** take one step and pause again (when paused), */
  step(): void;
  /** or run on. */
  resume(): void;
}

/**
 * Bundle `opts.file`, load it in a fresh worker and minimize the chosen objective with
 * `opts.config`. The listener gets the header, then every record in batches, then `done`
 * resolves. Limits: `timeMs` (default 60 s) from this call — the run is stopped cleanly
 * just before it ('timeout' with the final loss) or, if the objective does not return, its
 * worker is terminated ('timeout' with the records so far); `memoryMb` (default 512) is
 * the worker's heap ('error', code 'outOfMemory'). Throws only when the worker itself is
 * missing (not built).
 */
export function startRun(opts: StartRunOptions, listener: RunListener = {}): RunHandle {
  let settle!: (outcome: LoaderOutcome) => void;
  const done = new Promise<LoaderOutcome>((resolve) => (settle = resolve));
  const decimate = opts.decimate ?? null;
  const progress = new Progress(decimate?.targetLoss ?? null);
  const control = opts.stepping === undefined ? null : new StepControl(createStepControlBuffer(opts.stepping === 'paused'));

  let decimated = false;
  /** A decimated run's records and steps to target, once (null records when the worker sent none). */
  const endDecimated = (run: DecimatedRun): void => {
    if (decimate === null || decimated) return;
    decimated = true;
    listener.onDecimated?.(run);
  };
  const end = (outcome: LoaderOutcome): void => {
    endDecimated({ records: null, stepsToTarget: progress.tally.stepsToTarget(Number.isFinite(outcome.finalLoss) ? outcome.finalLoss : null, outcome.steps), ...progress.tally.recorded() });
    settle(outcome);
  };

  const session = openSession(
    {
      ...sessionOptions(opts, listener.onOutput?.bind(listener)),
      autodiff: autodiffModeFor(opts.config.gradient, opts.file, opts.source),
      ...(control !== null ? { held: () => (control.waiting ? null : control.heldMs) } : {}),
    },
    (bundle, gauge, exactOnRequest) => ({
      version: WORKER_PROTOCOL_VERSION,
      type: 'run',
      bundle,
      gauge,
      exactOnRequest,
      objective: opts.objective ?? null,
      config: opts.config,
      flushIntervalMs: opts.flushIntervalMs ?? 50,
      startedAt: session.startedAt,
      timeMs: session.limits.timeMs,
      rangeTest: opts.rangeTest ?? null,
      control: control?.buffer ?? null,
      decimate,
      pointName: opts.pointName ?? null,
    }),
    {
      message(m) {
        switch (m.type) {
          case 'header':
            progress.start(m.x0);
            listener.onHeader?.({ objective: m.objective, x0: m.x0, gradient: m.gradient, gradientReason: m.gradientReason, ...(m.gradientReasonText ? { gradientReasonText: m.gradientReasonText } : {}), ...(m.gradientLocation ? { gradientLocation: m.gradientLocation } : {}), config: opts.config });
            return false;
          case 'gradientFallback':
            listener.onGradientFallback?.({ step: m.step, reason: m.reason, ...(m.reasonText ? { reasonText: m.reasonText } : {}), ...(m.location ? { location: m.location } : {}) });
            return false;
          case 'batch':
            progress.add(m.batch);
            listener.onBatch?.(m.batch);
            return false;
          case 'paused':
            listener.onPaused?.(m.inspection);
            return false;
          case 'tally':
            progress.follow(m.slots);
            return false;
          case 'decimated':
            endDecimated({ records: m.records, stepsToTarget: m.stepsToTarget, steps: m.steps, bestLoss: m.bestLoss });
            return false;
          case 'outcome':
            end(m.outcome);
            return true;
          case 'failed':
            end(errorOutcome(m.error, Date.now() - session.startedAt));
            return true;
          default:
            end(errorOutcome({ code: 'loadError', message: `LR Lab's worker answered a run with "${m.type}"` }, Date.now() - session.startedAt));
            return true;
        }
      },
      stopped(stop) {
        // A decimated run's numbers so far, as its worker counted them (it sent no batches).
        progress.catchUp();
        // Records the worker wrote but had not sent when it was stopped: they follow the last batch.
        if (stop.unsent !== undefined && stop.unsent.firstStep === progress.steps + 1) {
          progress.add(stop.unsent);
          if (decimate === null) listener.onBatch?.(stop.unsent);
        }
        end(stoppedOutcome(stop, progress, Date.now() - session.startedAt));
      },
    },
  );
  return {
    done,
    cancel: () => {
      control?.stop();
      session.cancel();
    },
    pause: () => control?.pause(),
    step: () => control?.step(),
    resume: () => control?.resume(),
  };
}

/**
 * What the loader saw of a run from outside: enough for an outcome when its worker is stopped.
 * A decimated run sends no batches: its worker's tally, in shared slots, says how far it got.
 */
class Progress {
  started = false;
  params: number[] = [];
  /** Steps and best loss (mini-batch runs: of the full-data losses, as the worker reports it), and steps to target. */
  tally: RunTally;
  private workerTally: Float64Array | null = null;

  constructor(private readonly targetLoss: number | null) {
    this.tally = new RunTally(targetLoss);
  }

  get steps(): number {
    return this.tally.steps;
  }

  get bestLoss(): number {
    return this.tally.bestLoss;
  }

  start(x0: number[]): void {
    this.started = true;
    this.params = x0.slice();
  }

  /** The shared slots of the worker's tally (a decimated run). */
  follow(slots: Float64Array): void {
    this.workerTally = slots;
  }

  /** Once the worker has stopped: go on from its tally, which counted records this thread never got (the parameters they reached are not known here). */
  catchUp(): void {
    if (this.workerTally === null) return;
    this.tally = RunTally.resume(this.workerTally, this.targetLoss);
    if (this.tally.steps > 0) this.params = [];
  }

  add(batch: RecordBatch): void {
    this.tally.add(batch);
    if (batch.params !== null && batch.count > 0) this.params = Array.from(batch.params.subarray((batch.count - 1) * batch.dim, batch.count * batch.dim));
  }
}

/** The outcome of a run whose worker was stopped from outside (or died). */
function stoppedOutcome(stop: SessionStop, progress: Progress, wallTimeMs: number): LoaderOutcome {
  if (stop.kind === 'error' && progress.steps === 0) return errorOutcome(stop.error, wallTimeMs, stop.errors);
  let stopReason: StopReason;
  let detailText: EngineText;
  let error: SerializedError | undefined;
  if (stop.kind === 'timeout') {
    stopReason = 'timeout';
    const seconds = formatNumber(stop.limitMs / 1000);
    detailText = progress.started ? { id: 'timeLimitDuringRun', args: [seconds, progress.steps] } : { id: 'timeLimitDuringLoad', args: [seconds] };
  } else if (stop.kind === 'cancelled') {
    stopReason = 'cancelled';
    detailText = { id: 'cancelled', args: [progress.steps] };
  } else {
    stopReason = 'error';
    error = stop.error;
    // The error's own sentence in the border's language where the engine worded it.
    detailText = { id: 'errorAfterSteps', args: [stop.error.message, progress.steps] };
  }
  const outcome: RunOutcome = {
    stopReason,
    detail: engineText(detailText),
    detailText,
    ...(error ? { error } : {}),
    steps: progress.steps,
    finalLoss: NaN,
    bestLoss: progress.bestLoss === Infinity ? NaN : progress.bestLoss,
    finalParams: progress.params,
    wallTimeMs,
  };
  return outcome;
}
