/**
 * The minimize loop: run config, records and the loop itself. See minimize() for the
 * contract of one step.
 */
export { minimize, type MinimizeHooks } from './minimize';
export { minimizeWith } from './loop';
export { DEFAULT_LIMITS, RUN_DEFAULTS, resolveRunConfig, type ClipConfig, type GradientSource, type RawRunConfig, type RunConfig, type RunLimits } from './config';
export { toRecords, type RecordBatch, type RunOutcome, type RunRecord, type StopReason } from './records';
export { describeObjectiveError, type DescribeError, type ObjectivePhase } from './objectiveErrors';
export { BatchSampler, seededGenerator } from './sampler';
export { clipGradNorm, clipGradValue, l2Norm } from './clip';
