/**
 * The message protocol between the loader (the calling thread: extension host or CLI) and
 * the worker thread that runs a user's objective. Both sides import these types; every
 * message carries `version`, and a side that gets another version refuses it.
 *
 * Flow of a run:  host → `run`;  worker → (`needX0` → host `x0`)? → `parts` → `header` →
 * `columns` → (`batch` | `columns` | `paused`)* → `outcome`; a sweep cell's run (`decimate`) sends
 * `tally` before its first step and then no batches: `decimated` (≤ maxPoints records, the first and
 * last among them, and its steps to the target counted over every step) just before `outcome`; `paused` while the host steps through the run
 * (Pause / Step / Resume through the request's shared `control` slots, see stepControl.ts). A plain-function objective without a configured x0 needs its `@x0` JSDoc tag,
 * which only the host reads (TypeScript's parser is large, so the worker never loads it):
 * the worker asks with `needX0` and waits for `x0`.
 * `list` → `objectives`; `check` → (`needX0` → `x0`)? → `checked`; `grid` → `grid` (f over a
 * box of a plane). A `list`, `check` or `grid` that cannot be answered ends with `failed`. The host terminates the worker after the
 * last message, and at once on timeout or when the heap limit is hit — except a sweep's
 * pool, which keeps a worker whose run `outcome` says `reusable` for the next cell's `run`.
 * Cancel asks first: a run's loop reads the gauge's stop slot and ends after its step under way
 * with its `outcome` ('cancelled'); the host terminates a worker that does not answer within a
 * short grace, and any request that has no loop listening at once (see session.ts).
 *
 * Every request carries a `gauge` (see core/loader/evalGauge.ts): shared slots the worker
 * updates around each call into user code, so the host notices a call that never returns.
 * `parts` says which user functions those calls are (for the message), and `columns` hands the
 * host the shared columns the records are written into, so the records made before such a call,
 * not yet sent as a batch, survive the worker's termination (the host reads a terminated
 * worker's queued messages first: they arrive before its exit).
 *
 * `gradient` → (`needX0` → `x0`)? → `gradientAt` answers `lrlab gradient` (or `failed`).
 * Exact gradients: a bundle made with the autodiff transform says so (`BundledCode.autodiff`).
 * A request whose bundle is plain may allow `needExact`: the worker found that the objective
 * needs the exact gradient, and the host answers by starting the request again in a fresh
 * worker with the transformed bundle (TypeScript's compiler, which the transform needs, is
 * then loaded only when it is used). A run whose exact gradient fails mid-run (a value left
 * the tape) posts `gradientFallback` and goes on with central differences.
 */
import type { EngineText } from '../../shared/engineText';
import type { AutodiffReport } from '../autodiff/plugin';
import type { SerializedError, SourceLocation } from '../errors';
import type { Ramp } from '../finder/ramp';
import type { GradientCheckResult } from '../gradients/check';
import type { Box } from '../landscape/box';
import type { GradientSource, RunConfig } from '../minimize/config';
import type { DecimatedRecords } from '../minimize/decimate';
import type { OpenColumns } from '../minimize/recordBuffer';
import type { RecordBatch, RunOutcome } from '../minimize/records';
import type { StepInspection } from '../minimize/stepGate';
import type { GradientChoice, GradientKind, ObjectiveInfo } from '../objective';

export const WORKER_PROTOCOL_VERSION = 7;

/** The user's file bundled by esbuild (CommonJS), with what maps it back. */
export interface BundledCode {
  /** Absolute path of the user's file: the filename of the evaluated script. */
  readonly file: string;
  readonly code: string;
  /** The external source map (JSON text) of `code`. */
  readonly map: string;
  /** Directory the map's `sources` are relative to. */
  readonly sourceRoot: string;
  /** Present when the bundle was made with the autodiff transform: what it did to which file. */
  readonly autodiff?: AutodiffReport;
}

/** What a request's plain bundle allows: the worker may ask for the transformed one (`needExact`). */
interface ExactOnRequest {
  readonly exactOnRequest: boolean;
}

interface Versioned {
  readonly version: typeof WORKER_PROTOCOL_VERSION;
}

/** What every request carries: the per-evaluation watchdog's shared slots. */
interface Gauged {
  readonly gauge: SharedArrayBuffer;
}

// ---------------------------------------------------------------------------------------
// Host → worker

/** Run the optimizer of `config` on an objective of the bundle. */
export interface RunRequest extends Versioned, Gauged, ExactOnRequest {
  readonly type: 'run';
  readonly bundle: BundledCode;
  /** Export name; null: the only objective of the file. */
  readonly objective: string | null;
  readonly config: RunConfig;
  readonly flushIntervalMs: number;
  /** Date.now() when the host started the run, and the run's wall-clock limit: the worker
   *  stops cleanly (stopReason 'timeout') a little before the host terminates it. */
  readonly startedAt: number;
  readonly timeMs: number;
  /** Run the lr finder's range test instead (fastai's lr_find): this ramp replaces the schedule, its stop rule applies. */
  readonly rangeTest: Ramp | null;
  /** Pause / Step / Resume (stepControl.ts): the shared slots the host steers the run with; null: the run cannot be paused. */
  readonly control: SharedArrayBuffer | null;
  /** A sweep cell's records: decimated in the worker, its numbers counted there over every step; null: every record, in batches as the run goes. */
  readonly decimate: DecimateRequest | null;
  /** How the person gave the point (e.g. `--x0`), named when its length is wrong; null: no such name. */
  readonly pointName: string | null;
}

/**
 * What a run that does not stream its records sends instead (a sweep cell: its caller needs the
 * cell's numbers, and a curve to show, not every step of it, see core/minimize/decimate.ts and tally.ts).
 */
export interface DecimateRequest {
  /** The most records sent (an integer ≥ 2: the first and the last among them). */
  readonly maxPoints: number;
  /** The loss whose steps to reach are counted over every record (a finite number), or null. */
  readonly targetLoss: number | null;
}

/** Why `decimate` cannot be followed, or null when it can. */
export function decimateProblem(decimate: DecimateRequest): string | null {
  if (!Number.isInteger(decimate.maxPoints) || decimate.maxPoints < 2) return `decimate.maxPoints must be an integer ≥ 2 (got ${decimate.maxPoints})`;
  if (decimate.targetLoss !== null && !Number.isFinite(decimate.targetLoss)) return `decimate.targetLoss must be a finite number or null (got ${decimate.targetLoss})`;
  return null;
}

/** f on an nx × ny grid over a box of the plane θ = origin + αu + βv (the landscape). */
export interface GridRequest extends Versioned, Gauged {
  readonly type: 'grid';
  readonly bundle: BundledCode;
  readonly objective: string | null;
  /** The starting point to adapt a plain function with (its dimension), or null for its `@x0` tag. */
  readonly x0: readonly number[] | null;
  readonly origin: readonly number[];
  readonly u: readonly number[];
  readonly v: readonly number[];
  readonly box: Box;
  readonly nx: number;
  readonly ny: number;
}

/** Describe every objective the bundle exports. */
export interface ListRequest extends Versioned, Gauged {
  readonly type: 'list';
  readonly bundle: BundledCode;
  /** Plain functions' `@x0` tags (read by the host): where their exact gradient is tried. */
  readonly x0Tags: Readonly<Record<string, readonly number[]>>;
}

/** Compare the objective's gradients: its grad and the exact gradient with finite differences, and with each other. */
export interface CheckRequest extends Versioned, Gauged {
  readonly type: 'check';
  readonly bundle: BundledCode;
  readonly objective: string | null;
  /** Where to check; null: the objective's x0 (or its `@x0` tag). */
  readonly x0: readonly number[] | null;
  /** Relative tolerance; null: checkGradient's default. */
  readonly tolerance: number | null;
  /** How the person gave the point (e.g. `--x0`), named when its length is wrong; null: no such name. */
  readonly pointName: string | null;
}

/** f and its gradient at a point, from the source `mode` asks for. */
export interface GradientRequest extends Versioned, Gauged, ExactOnRequest {
  readonly type: 'gradient';
  readonly bundle: BundledCode;
  readonly objective: string | null;
  /** Where; null: the objective's x0 (or its `@x0` tag). */
  readonly at: readonly number[] | null;
  readonly mode: GradientSource;
  /** How the person gave the point (e.g. `--x0`), named when its length is wrong; null: no such name. */
  readonly pointName: string | null;
}

/** The answer to `needX0`: the `@x0` tag of that export, null when it has none. */
export interface X0Reply extends Versioned {
  readonly type: 'x0';
  readonly objective: string;
  readonly x0: readonly number[] | null;
  /** Why a tag that is there could not be read (e.g. `@x0 [1, a]`). */
  readonly problem: string | null;
  /** 1-based line of the export, when discovery found it. */
  readonly line: number | null;
}

export type HostToWorker = RunRequest | ListRequest | CheckRequest | GridRequest | GradientRequest | X0Reply;

// ---------------------------------------------------------------------------------------
// Worker → host

/** The plain-function export `objective` has no x0: what does its `@x0` tag say? */
export interface NeedX0Message extends Versioned {
  readonly type: 'needX0';
  readonly objective: string;
}

/** The objective needs the exact gradient and the bundle is plain: start again with the transformed bundle. */
export interface NeedExactMessage extends Versioned {
  readonly type: 'needExact';
}

/** The user functions the gauge's parts stand for, once the objective is adapted (before `header`, and in a check). */
export interface PartsMessage extends Versioned {
  readonly type: 'parts';
  readonly parts: Partial<Readonly<Record<'f' | 'grad' | 'metrics', UserPart>>>;
}

/** One user function: how messages name it (`rosenbrock.f`, `sphere`) and where it is written. */
export interface UserPart {
  readonly label: string;
  readonly location?: SourceLocation;
}

/** The shared columns the run's records are now written into (at the start, and when a metric column appears). */
export interface ColumnsMessage extends Versioned {
  readonly type: 'columns';
  readonly columns: OpenColumns;
}

/** Sent once the objective is loaded and checked, before the first step. */
export interface HeaderMessage extends Versioned {
  readonly type: 'header';
  readonly objective: ObjectiveInfo;
  /** The starting point actually used (config x0, the objective's x0 or its `@x0` tag). */
  readonly x0: number[];
  /** 'user': the objective's own grad; 'exact': recorded from its code; 'numeric': central finite differences. */
  readonly gradient: GradientKind;
  /** Why the gradient is not exact although the run could have used it (auto without a grad); null otherwise. */
  readonly gradientReason: string | null;
  /** That reason as an engine sentence, when LR Lab worded it. */
  readonly gradientReasonText?: EngineText;
  /** Where in the user's code that reason is, when it is a line. */
  readonly gradientLocation?: SourceLocation;
}

/** The exact gradient stopped being recordable at `step`; the run goes on with central differences. */
export interface GradientFallbackMessage extends Versioned {
  readonly type: 'gradientFallback';
  readonly step: number;
  readonly reason: string;
  readonly reasonText?: EngineText;
  readonly location?: SourceLocation;
}

/** Records of consecutive steps; the typed arrays' buffers are transferred. */
export interface BatchMessage extends Versioned {
  readonly type: 'batch';
  readonly batch: RecordBatch;
}

/** A decimated run's tally (core/minimize/tally.ts) in shared memory, updated after each batch: the host reads it if the worker is stopped. */
export interface TallyMessage extends Versioned {
  readonly type: 'tally';
  readonly slots: Float64Array;
}

/** A decimated run's records and its steps to the target, counted over every step (null: no target, or never reached); just before `outcome`. */
export interface DecimatedMessage extends Versioned {
  readonly type: 'decimated';
  /** Null when the run took no step. */
  readonly records: DecimatedRecords | null;
  readonly stepsToTarget: number | null;
  /** Its tally over every record: the last step recorded and the least loss recorded (NaN: none; the final loss is not among them). */
  readonly steps: number;
  readonly bestLoss: number;
}

/** The run is paused (stepping through): the step just taken, or step 0 for a run that starts paused. Sent after that step's batch. */
export interface PausedMessage extends Versioned {
  readonly type: 'paused';
  readonly inspection: StepInspection;
}

/** How the run ended (also for problems before the first step: stopReason 'error'). */
export interface OutcomeMessage extends Versioned {
  readonly type: 'outcome';
  readonly outcome: RunOutcome;
  /** The user's code left the worker as it found it (see worker/pristine.ts): a pool may give it the next request. */
  readonly reusable?: boolean;
}

export interface ObjectivesMessage extends Versioned {
  readonly type: 'objectives';
  /** The file's objectives, in export order; `line` is filled in by the host. */
  readonly objectives: ObjectiveInfo[];
}

/** One comparison of `lrlab check`: a gradient (`candidate`) against a reference. */
export interface GradientComparison {
  readonly candidate: 'user' | 'exact';
  readonly reference: 'numeric' | 'exact';
  readonly result: GradientCheckResult;
}

export interface CheckedMessage extends Versioned {
  readonly type: 'checked';
  readonly objective: string;
  /** The first of `comparisons`: the objective's grad against finite differences, or else the exact gradient against them. */
  readonly result: GradientCheckResult;
  /** Every comparison made: grad vs finite differences, exact vs finite differences, grad vs exact (those that apply). */
  readonly comparisons: GradientComparison[];
  /** What became of the exact gradient (source 'numeric' with the reason when it could not be recorded). */
  readonly exact: GradientChoice;
}

/** The answer to `gradient`. */
export interface GradientAtMessage extends Versioned {
  readonly type: 'gradientAt';
  readonly objective: string;
  readonly at: number[];
  readonly value: number;
  readonly gradient: number[];
  readonly choice: GradientChoice;
}

/** The answer to `grid`: values[j·nx + i] is f at the centre of cell (i, j); NaN where f failed. */
export interface GridMessage extends Versioned {
  readonly type: 'grid';
  readonly values: Float64Array;
  readonly failures: number;
  readonly firstFailure: { readonly alpha: number; readonly beta: number; readonly reason: string } | null;
  readonly ms: number;
}

/** Which stream the user's code wrote to, and what (console.log is stdout, console.error stderr). */
export interface PrintedPart {
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

/**
 * What the user's code printed since the last message, in the order it was written (see
 * worker/printed.ts: it comes over the port, not the worker's stdio). Posted before any other
 * message, so what was printed before a batch, a pause or the outcome arrives before it.
 */
export interface OutputMessage extends Versioned {
  readonly type: 'output';
  readonly parts: readonly PrintedPart[];
}

/** A `list`, `check`, `grid` or `gradient` request that could not be answered. */
export interface FailedMessage extends Versioned {
  readonly type: 'failed';
  readonly error: SerializedError;
}

export type WorkerToHost = OutputMessage | NeedX0Message | NeedExactMessage | PartsMessage | ColumnsMessage | HeaderMessage | GradientFallbackMessage | BatchMessage | TallyMessage | DecimatedMessage | PausedMessage | OutcomeMessage | ObjectivesMessage | CheckedMessage | GridMessage | GradientAtMessage | FailedMessage;

/** The typed arrays of a batch (or of decimated records), to pass as postMessage's transfer list. */
export function batchTransferList(batch: Omit<RecordBatch, 'firstStep'> & { readonly steps?: Float64Array }): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (a: Float64Array | null): void => {
    if (a !== null && a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  };
  add(batch.steps ?? null);
  add(batch.lr);
  add(batch.loss);
  add(batch.gradNorm);
  add(batch.params);
  add(batch.fullLoss ?? null);
  add(batch.evaluations ?? null);
  add(batch.averagedParams ?? null);
  for (const values of Object.values(batch.metrics)) add(values);
  return [...buffers];
}

/** True when `message` is an object of this protocol's version (a worker from another build is refused). */
export function hasProtocolVersion(message: unknown): message is { version: typeof WORKER_PROTOCOL_VERSION; type: string } {
  return typeof message === 'object' && message !== null && (message as { version?: unknown }).version === WORKER_PROTOCOL_VERSION && typeof (message as { type?: unknown }).type === 'string';
}
