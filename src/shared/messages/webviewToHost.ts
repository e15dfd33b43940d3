/**
 * Panel → host messages. A webview is untrusted input (microsoft/vscode#48540): the host
 * checks everything it receives with `parseWebviewMessage` — shape, ranges, finiteness, no
 * unknown keys — before any handler sees it.
 */
import * as z from 'zod/mini';
import { PREVIEW_MAX_STEPS } from '../defaults';
import { describeIssue, issuePath } from './issues';
import { playgroundRequests } from './playground';
import { controlValues, typedConfig } from './shapes';
import { stepRequests } from './stepThrough';

const runId = z.string().check(z.minLength(1), z.maxLength(64));
const runIds = z.optional(z.array(runId).check(z.maxLength(1000)));

export const webviewMessageSchema = z.discriminatedUnion('type', [
  // The playground (messages/playground.ts): landscape, lr finder, sweep, run sets.
  ...playgroundRequests,
  // Pause / Step / Resume (messages/stepThrough.ts).
  ...stepRequests,
  /** The page has loaded and wants the snapshot. */
  z.strictObject({ type: z.literal('ready'), protocolVersion: z.int() }),
  /** Start a run on the panel's objective with these control values; `stepThrough`: paused before its first step. */
  z.strictObject({ type: z.literal('run'), controls: controlValues, stepThrough: z.optional(z.boolean()) }),
  /** Stop the running run(s). */
  z.strictObject({ type: z.literal('stop') }),
  /** Remove all runs (or the given ones). */
  z.strictObject({ type: z.literal('clear'), runIds }),
  /** Bring back the runs the last clear removed. */
  z.strictObject({ type: z.literal('undoClear') }),
  /** Save these controls as the `lrlab.*` defaults new panels start from. */
  z.strictObject({ type: z.literal('saveDefaults'), controls: controlValues }),
  /**
   * The user changed a control (host remembers it for Run Again, the CodeLens, a reload).
   * `problem`: the form does not read now (shown invalid, Run disabled); `controls` are its last valid values.
   */
  z.strictObject({ type: z.literal('controlsChanged'), controls: controlValues, problem: z.optional(z.string().check(z.maxLength(2000))) }),
  /** Choose another objective of the same file. */
  z.strictObject({ type: z.literal('selectObjective'), name: z.string().check(z.minLength(1), z.maxLength(200)) }),
  /** Export runs through a save dialog. */
  z.strictObject({ type: z.literal('export'), format: z.enum(['csv', 'json']), runIds }),
  /** A PNG of the charts (answer to `requestPng`, or the user's Export PNG). */
  z.strictObject({ type: z.literal('png'), requestId: z.optional(z.int()), dataUrl: z.string().check(z.startsWith('data:image/png;base64,'), z.maxLength(50_000_000)) }),
  /** Preview a schedule's lr curve without running: at the optimizer's lr, or its default when it has none (the host's rule, as for the palette's Preview Schedule). */
  z.strictObject({ type: z.literal('previewSchedule'), requestId: z.int(), schedule: typedConfig, optimizer: typedConfig, steps: z.int().check(z.gte(1), z.lte(PREVIEW_MAX_STEPS)) }),
  /** Insert the schedule of a run into the editor the run came from. */
  z.strictObject({ type: z.literal('insertSchedule'), runId }),
  /** Insert the optimizer of a run (its kernels and resolved options) into the editor the run came from. */
  z.strictObject({ type: z.literal('insertOptimizer'), runId }),
  /** Open the user's file at a location (e.g. from an error message). */
  z.strictObject({ type: z.literal('reveal'), file: z.string().check(z.minLength(1), z.maxLength(4096)), line: z.int().check(z.gte(1)), column: z.optional(z.int().check(z.gte(1))) }),
]);

export type WebviewToHost = z.output<typeof webviewMessageSchema>;
export type WebviewMessageType = WebviewToHost['type'];
/** The message of one kind, e.g. `WebviewMessage<'run'>`. */
export type WebviewMessage<K extends WebviewMessageType> = Extract<WebviewToHost, { type: K }>;

export type ParseResult = { ok: true; message: WebviewToHost } | { ok: false; error: string };

/** Validate a message from the webview. Never throws. */
export function parseWebviewMessage(raw: unknown): ParseResult {
  const r = webviewMessageSchema.safeParse(raw);
  if (r.success) return { ok: true, message: r.data };
  const issue = r.error.issues[0]!;
  const kind = raw !== null && typeof raw === 'object' && typeof (raw as { type?: unknown }).type === 'string' ? `"${(raw as { type: string }).type}" ` : '';
  return { ok: false, error: `invalid ${kind}message from the panel${issuePath(issue)}: ${describeIssue(issue)}` };
}
