/**
 * Stepping through a run (issue 19): the host ⇄ panel messages of Pause / Step / Resume and the
 * step inspector. zod/mini schemas like the rest of messages/; hostToWebview.ts and
 * webviewToHost.ts list them with the others. Number arrays are not scanned (null stands for
 * NaN on the wire: −Δθ/g where g is 0).
 */
import * as z from 'zod/mini';
import { integer, numberArray } from './shapes';

const text = z.string();
const runId = z.string().check(z.minLength(1), z.maxLength(64));
/** A number that may be NaN or ±Infinity on the host (null on the wire). */
const loose = z.nullable(z.number());

export const STEP_SIZE_KINDS = ['adam', 'rmsprop', 'adagrad', 'sgd', 'ratio'] as const;
export const STEP_ACTIONS = ['pause', 'step', 'resume'] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];

/** One step of a paused run (core/minimize/stepGate.ts StepInspection, arrays as lists): step 0 is θ₀ before the first step. */
export const stepInspection = z.object({
  step: integer,
  dim: integer,
  /** The arrays hold the first `shown` parameters. */
  shown: integer,
  optimizer: text,
  lr: loose,
  loss: loose,
  gradNorm: loose,
  params: numberArray,
  previous: z.nullable(numberArray),
  grad: z.nullable(numberArray),
  delta: z.nullable(numberArray),
  state: z.array(z.object({ name: text, values: numberArray })),
  scalars: z.array(z.object({ name: text, value: loose })),
  otherBuffers: z.array(z.object({ name: text, length: integer })),
  stepSize: z.nullable(z.object({ kind: z.enum(STEP_SIZE_KINDS), values: numberArray })),
});
export type StepInspectionMessage = z.output<typeof stepInspection>;

/** A paused run and the step it is paused at (init's list). */
export const pausedRun = z.object({ runId: text, inspection: stepInspection });
export type PausedRunMessage = z.output<typeof pausedRun>;

/** A run paused (after the step inspected, or before its first one). */
export const runPaused = z.object({ type: z.literal('runPaused'), runId: text, inspection: stepInspection });
/** A paused run runs on (Resume). */
export const runResumed = z.object({ type: z.literal('runResumed'), runId: text });

export const stepRequests = [
  /** Pause the running run(s) after the step under way, take one step of a paused one, or resume it (all running runs when runId is absent). */
  z.strictObject({ type: z.literal('stepRun'), action: z.enum(STEP_ACTIONS), runId: z.optional(runId) }),
] as const;
