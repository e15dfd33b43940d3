/**
 * Host → panel messages. The host is trusted, but a version skew or a bug there must not
 * break the page: the panel checks every message with `parseHostMessage` and drops (and
 * logs) what does not fit, never throwing. Run snapshots of `init` that do not fit are
 * dropped one by one, so one bad run does not lose the others.
 */
import * as z from 'zod/mini';
import { describeIssue, issuePath } from './issues';
import { finderStarted, finderData, finderFinished, finderState, landscapeError, landscapeGrid, landscapeScene, sweepCell, sweepFinished, sweepStarted, sweepState, sweepSteps } from './playground';
import { pausedRun, runPaused, runResumed } from './stepThrough';
import { catalog, controlValues, finite, gradientFallback, integer, numberArray, panelContext, runMeta, runOutcome, runSnapshot, seriesChunk, sourceLocation, typeProblem } from './shapes';

const text = z.string();

export const hostMessageSchemas = {
  /** Full snapshot after `ready` (also after a reload). */
  init: z.object({
    type: z.literal('init'),
    protocolVersion: integer,
    runs: z.array(runSnapshot),
    catalog,
    controls: controlValues,
    context: panelContext,
    refreshMs: z._default(finite, 100),
    /** The playground's lr finder and sweep as they are (a page that reloads gets them back). */
    finder: z._default(z.nullable(finderState), null),
    sweep: z._default(z.nullable(sweepState), null),
    /** The runs paused now, each with the inspection of the step it is paused at. */
    paused: z._default(z.array(pausedRun), []),
  }),
  /** The objective / trust state the controls act on changed. */
  context: z.object({ type: z.literal('context'), context: panelContext }),
  /** Replace the controls' values (e.g. settings changed). */
  controls: z.object({ type: z.literal('controls'), controls: controlValues }),
  runStarted: z.object({ type: z.literal('runStarted'), run: runMeta }),
  runData: z.object({ type: z.literal('runData'), runId: text, chunk: seriesChunk }),
  runFinished: z.object({ type: z.literal('runFinished'), runId: text, outcome: runOutcome }),
  /** A running run's exact gradient gave way to central differences (its meta's `gradientFallback`). */
  runGradient: z.object({ type: z.literal('runGradient'), runId: text, fallback: gradientFallback }),
  /** Runs removed; `undoable`: the page offers Undo (answered by `runsRestored`). */
  runsCleared: z.object({ type: z.literal('runsCleared'), runIds: z.array(text), undoable: z.optional(z.boolean()) }),
  /** Runs back after an Undo of their clear, with their data. */
  runsRestored: z.object({ type: z.literal('runsRestored'), runs: z.array(runSnapshot) }),
  /**
   * lr curve of a schedule preview: `lrs[i]` = lr of step `steps[i]`, or of step i+1 when
   * `steps` is absent (long curves come min-max decimated, with their steps). `requestId` ≤ 0:
   * the host's own (the palette's Preview Schedule), which the page pins.
   */
  schedulePreview: z.object({ type: z.literal('schedulePreview'), requestId: finite, label: text, lrs: numberArray, steps: z.optional(numberArray) }),
  /** The TypeScript errors of a run's file (an empty list clears them): warnings beside the run, each at its place. */
  typeCheck: z.object({ type: z.literal('typeCheck'), file: text, label: text, problems: z.array(typeProblem), strict: z.boolean() }),
  /** A problem to show in the panel (bad control value, compile error, …). */
  error: z.object({ type: z.literal('error'), message: text, location: z.optional(sourceLocation) }),
  // The playground (messages/playground.ts): landscape, lr finder, sweep.
  landscapeScene,
  landscapeGrid,
  landscapeError,
  finderStarted,
  finderData,
  finderFinished,
  sweepStarted,
  sweepCell,
  sweepFinished,
  sweepSteps,
  // Stepping through a run (messages/stepThrough.ts).
  runPaused,
  runResumed,
  /** Ask the page for a PNG of its charts (answered by `png`). */
  requestPng: z.object({ type: z.literal('requestPng'), requestId: finite }),
};

type HostSchemas = typeof hostMessageSchemas;
export type HostMessageType = keyof HostSchemas;
export type HostToWebview = { [K in HostMessageType]: z.output<HostSchemas[K]> }[HostMessageType];
/** The message of one kind, e.g. `HostMessage<'init'>`. */
export type HostMessage<K extends HostMessageType> = z.output<HostSchemas[K]>;

export type HostParseResult = { ok: true; message: HostToWebview; warnings: string[] } | { ok: false; error: string };

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Check one message from the host. Never throws. */
export function parseHostMessage(raw: unknown): HostParseResult {
  if (!isRecord(raw) || typeof raw.type !== 'string') return { ok: false, error: 'not a message (no string "type")' };
  if (!Object.hasOwn(hostMessageSchemas, raw.type)) return { ok: false, error: `unknown message type "${raw.type}"` };
  const type = raw.type as HostMessageType;
  const warnings: string[] = [];
  let input: unknown = raw;
  if (type === 'init' && Array.isArray(raw.runs)) {
    const runs = raw.runs.filter((r) => runSnapshot.safeParse(r).success);
    if (runs.length !== raw.runs.length) warnings.push(`dropped ${raw.runs.length - runs.length} malformed run snapshot(s) from init`);
    input = { ...raw, runs };
  }
  const r = hostMessageSchemas[type].safeParse(input);
  if (r.success) return { ok: true, message: r.data as HostToWebview, warnings };
  const issue = r.error.issues[0]!;
  // init names the part that is wrong ("init.catalog is malformed"); the others are small.
  const what = type === 'init' && issue.path.length ? `init.${String(issue.path[0])}` : type;
  return { ok: false, error: `${what} is malformed${issuePath(issue)}: ${describeIssue(issue)}` };
}
