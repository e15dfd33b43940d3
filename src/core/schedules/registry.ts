/** Every schedule, by its config `type`. */
import { constantDefinition } from './constant';
import { cosineDefinition } from './cosine';
import { cosineWarmRestartsDefinition } from './cosineWarmRestarts';
import { cyclicDefinition } from './cyclic';
import { exponentialDefinition } from './exponential';
import { gradientBasedDefinition } from './gradientBased';
import { inverseTimeDefinition } from './inverseTime';
import { linearDefinition } from './linear';
import { lossBasedDefinition } from './lossBased';
import { multiStepDefinition } from './multiStep';
import { oneCycleDefinition } from './oneCycle';
import { plateauDefinition } from './plateau';
import { polynomialDefinition } from './polynomial';
import { sequentialDefinition } from './sequential';
import { stepDefinition } from './step';
import type { ScheduleDefinition } from './types';
import { warmupDefinition } from './warmup';

export const scheduleTypes = [
  'constant',
  'step',
  'multiStep',
  'exponential',
  'linear',
  'polynomial',
  'cosine',
  'cosineWarmRestarts',
  'oneCycle',
  'cyclic',
  'plateau',
  'sequential',
  'inverseTime',
  'warmup',
  'lossBased',
  'gradientBased',
] as const;

export type ScheduleType = (typeof scheduleTypes)[number];

// Options differ per schedule; each definition is typed against its own options interface.
export const scheduleDefinitions: Readonly<Record<ScheduleType, ScheduleDefinition<any>>> = {
  constant: constantDefinition,
  step: stepDefinition,
  multiStep: multiStepDefinition,
  exponential: exponentialDefinition,
  linear: linearDefinition,
  polynomial: polynomialDefinition,
  cosine: cosineDefinition,
  cosineWarmRestarts: cosineWarmRestartsDefinition,
  oneCycle: oneCycleDefinition,
  cyclic: cyclicDefinition,
  plateau: plateauDefinition,
  sequential: sequentialDefinition,
  inverseTime: inverseTimeDefinition,
  warmup: warmupDefinition,
  lossBased: lossBasedDefinition,
  gradientBased: gradientBasedDefinition,
};
