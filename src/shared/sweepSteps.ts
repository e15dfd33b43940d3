/** A sweep cell's summary with its steps to the current target, and why they are unknown when they are (host and page apply `sweepSteps` alike). */
import type { CellSummaryMessage, StepsUnknown } from './messages/playground';

export function withStepsToTarget(summary: CellSummaryMessage, stepsToTarget: number | null, unknown: StepsUnknown | null): CellSummaryMessage {
  const { stepsUnknown: _previous, ...rest } = summary;
  return { ...rest, stepsToTarget, ...(unknown !== null ? { stepsUnknown: unknown } : {}) };
}
