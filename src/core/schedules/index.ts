/**
 * Learning-rate schedules: the registry, config resolution, construction and preview.
 * t is the 0-based step index and lrAt(t) the lr of optimizer step t + 1 (PyTorch's
 * last_epoch convention). See types.ts for the contract and each schedule's file for its
 * formula and self-contained kernel.
 */
export { scheduleDefinitions, scheduleTypes, type ScheduleType } from './registry';
export { resolveScheduleConfig } from './resolve';
export { createSchedule } from './create';
export { previewSchedule, usesObservation } from './preview';
export type { Observation, Schedule, ScheduleConfig, ScheduleDefinition, ScheduleDependence } from './types';

export { constantLr } from './constant';
export { stepLr } from './step';
export { multiStepLr } from './multiStep';
export { exponentialLr } from './exponential';
export { linearLr } from './linear';
export { polynomialLr } from './polynomial';
export { cosineLr } from './cosine';
export { cosineWarmRestartsLr } from './cosineWarmRestarts';
export { oneCycleLr } from './oneCycle';
export { cyclicLr } from './cyclic';
export { plateauInitialState, plateauReport, type PlateauState } from './plateau';
export { sequentialIndex } from './sequential';
export { inverseTimeLr } from './inverseTime';
export { warmupLr } from './warmup';
export { lossBasedLr } from './lossBased';
export { gradientBasedLr } from './gradientBased';
