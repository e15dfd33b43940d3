/**
 * The one message protocol between the extension host and the plot panel (webview).
 * Both sides import these types; the host validates everything it receives with
 * `parseWebviewMessage` (a webview is untrusted input, microsoft/vscode#48540), and the
 * webview checks `protocolVersion` in `init`.
 *
 * Flow: the webview posts `ready`; the host answers `init` with a full snapshot (runs,
 * catalog, controls, trust); afterwards the host streams `runStarted` → `runData`* →
 * `runFinished`. Until `ready`, and while the panel is hidden, the host queues messages.
 */
import { z } from 'zod';

export { PROTOCOL_VERSION } from './protocolVersion';

// ---------------------------------------------------------------------------------------
// Shared shapes

export type StopReason = 'maxIterations' | 'converged' | 'diverged' | 'error' | 'timeout' | 'cancelled';

/** A raw optimizer / schedule config as the controls produce it: `type` plus options. */
export type RawTypedConfig = { type: string } & Record<string, unknown>;

/** What the panel's controls hold and a Run request carries. */
export interface ControlValues {
  optimizer: RawTypedConfig;
  schedule: RawTypedConfig;
  iterations: number;
}

/** One option of an optimizer or schedule, described for a form. */
export interface CatalogOption {
  name: string;
  kind: 'number' | 'boolean' | 'enum' | 'numberList' | 'pair' | 'schedule' | 'scheduleList';
  doc: string;
  /** The default, or null when it is derived from the run (then `doc` says how). */
  default: unknown;
  min?: number;
  max?: number;
  integer?: boolean;
  values?: string[];
}

export interface CatalogEntry {
  type: string;
  title: string;
  summary: string;
  formula: string;
  reference: string;
  options: CatalogOption[];
}

export interface Catalog {
  optimizers: CatalogEntry[];
  schedules: CatalogEntry[];
}

/** Where a run's objective came from. */
export interface ObjectiveRef {
  /** Absolute path of the user's file. */
  file: string;
  /** Workspace-relative (or base) name for display. */
  label: string;
  name: string;
}

export interface RunMeta {
  id: string;
  /** Legend text: optimizer, lr and schedule, e.g. "adam lr=0.01 · cosine(tMax=200)". */
  label: string;
  /** Index into the colour palette, stable for the run's life. */
  colorIndex: number;
  objective: ObjectiveRef;
  /** The resolved run config (defaults filled in). */
  config: { optimizer: RawTypedConfig; schedule: RawTypedConfig; iterations: number } & Record<string, unknown>;
  /** Where gradients come from in this run. */
  gradient: 'user' | 'numeric';
  dim: number;
  startedAt: number;
}

export interface RunOutcomeMessage {
  stopReason: StopReason;
  detail: string;
  steps: number;
  finalLoss: number | null;
  bestLoss: number | null;
  wallTimeMs: number;
  error?: { code: string; message: string; location?: { file: string; line: number; column?: number } };
}

/** Columnar slice of a run's records: step numbers are firstStep, firstStep+1, … */
export interface SeriesChunk {
  firstStep: number;
  lr: number[];
  loss: number[];
  gradNorm: number[];
  metrics: Record<string, number[]>;
}

export interface RunSnapshot {
  meta: RunMeta;
  data: SeriesChunk;
  outcome: RunOutcomeMessage | null;
}

export interface PanelContext {
  objective: ObjectiveRef | null;
  /** Objectives in the same file, for the picker. */
  objectives: string[];
  trusted: boolean;
  /** Shown when nothing can run (restricted mode, no objective). */
  notice: string | null;
}

// ---------------------------------------------------------------------------------------
// Host → webview

export type HostToWebview =
  /** Full snapshot after `ready` (also after a reload). */
  | { type: 'init'; protocolVersion: number; runs: RunSnapshot[]; catalog: Catalog; controls: ControlValues; context: PanelContext; refreshMs: number }
  /** The objective / trust state the controls act on changed. */
  | { type: 'context'; context: PanelContext }
  /** Replace the controls' values (e.g. settings changed, a suggestion was applied). */
  | { type: 'controls'; controls: ControlValues }
  | { type: 'runStarted'; run: RunMeta }
  | { type: 'runData'; runId: string; chunk: SeriesChunk }
  | { type: 'runFinished'; runId: string; outcome: RunOutcomeMessage }
  | { type: 'runsCleared'; runIds: string[] }
  /** lr curve of a schedule preview (`lrs[i]` = lr of step i+1). */
  | { type: 'schedulePreview'; requestId: number; label: string; lrs: number[] }
  /** A problem to show in the panel (bad control value, compile error, …). */
  | { type: 'error'; message: string; location?: { file: string; line: number; column?: number } }
  /** Ask the webview for a PNG of its charts (answered by `png`). */
  | { type: 'requestPng'; requestId: number };

// ---------------------------------------------------------------------------------------
// Webview → host (validated by the host)

const finite = z.number().finite();
const typedConfig = z.looseObject({ type: z.string().min(1).max(64) });
const runId = z.string().min(1).max(64);

const controlsSchema = z.strictObject({
  optimizer: typedConfig,
  schedule: typedConfig,
  iterations: z.number().int().min(1).max(10_000_000),
});

const webviewMessageSchema = z.discriminatedUnion('type', [
  /** The page has loaded and wants the snapshot. */
  z.strictObject({ type: z.literal('ready'), protocolVersion: z.number().int() }),
  /** Start a run on the panel's objective with these control values. */
  z.strictObject({ type: z.literal('run'), controls: controlsSchema }),
  /** Stop the running run(s). */
  z.strictObject({ type: z.literal('stop') }),
  /** Remove all runs (or the given ones). */
  z.strictObject({ type: z.literal('clear'), runIds: z.array(runId).max(1000).optional() }),
  /** The user changed a control (host remembers it for Run Again / reload). */
  z.strictObject({ type: z.literal('controlsChanged'), controls: controlsSchema }),
  /** Choose another objective of the same file. */
  z.strictObject({ type: z.literal('selectObjective'), name: z.string().min(1).max(200) }),
  /** Export runs through a save dialog. */
  z.strictObject({ type: z.literal('export'), format: z.enum(['csv', 'json']), runIds: z.array(runId).max(1000).optional() }),
  /** A PNG of the charts (answer to `requestPng`, or the user's Export PNG). */
  z.strictObject({ type: z.literal('png'), requestId: z.number().int().optional(), dataUrl: z.string().startsWith('data:image/png;base64,').max(50_000_000) }),
  /** Preview a schedule's lr curve without running. */
  z.strictObject({ type: z.literal('previewSchedule'), requestId: z.number().int(), schedule: typedConfig, lr: finite.positive(), steps: z.number().int().min(1).max(1_000_000) }),
  /** Insert the schedule of a run into the editor the run came from. */
  z.strictObject({ type: z.literal('insertSchedule'), runId }),
  /** Open the user's file at a location (e.g. from an error message). */
  z.strictObject({ type: z.literal('reveal'), file: z.string().min(1).max(4096), line: z.number().int().min(1), column: z.number().int().min(1).optional() }),
]);

export type WebviewToHost = z.infer<typeof webviewMessageSchema>;

export type ParseResult = { ok: true; message: WebviewToHost } | { ok: false; error: string };

/** Validate a message from the webview: shape, ranges, finiteness. Never throws. */
export function parseWebviewMessage(raw: unknown): ParseResult {
  const r = webviewMessageSchema.safeParse(raw);
  if (r.success) return { ok: true, message: r.data };
  const issue = r.error.issues[0]!;
  const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
  const kind = raw !== null && typeof raw === 'object' && typeof (raw as { type?: unknown }).type === 'string' ? `"${(raw as { type: string }).type}" ` : '';
  return { ok: false, error: `invalid ${kind}message from the panel${where}: ${issue.message}` };
}

/** Exhaustiveness check for switches over message unions. */
export function assertNever(x: never): never {
  throw new Error(`unexpected message ${JSON.stringify(x)}`);
}
