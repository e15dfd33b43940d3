import { LrLabError } from '../errors';
import type { OptionSpec } from '../options';
import { createSchedule } from './create';
import { scheduleDefinitions, type ScheduleType } from './registry';
import type { Observation, ScheduleConfig } from './types';

/** What pure schedules are given: they never read it. */
const NO_OBSERVATION: Observation = Object.freeze({ loss: NaN, gradNorm: NaN });

/** True when the schedule, or a schedule nested in it, reads the loop's observations. */
export function usesObservation(config: ScheduleConfig): boolean {
  const definition = scheduleDefinitions[config.type as ScheduleType];
  if (!definition) return false;
  if (definition.dependsOn === 'observation') return true;
  for (const [name, spec] of Object.entries(definition.options as Record<string, OptionSpec>)) {
    if (spec.kind === 'schedule' && usesObservation(config[name] as ScheduleConfig)) return true;
    if (spec.kind === 'scheduleList' && (config[name] as ScheduleConfig[]).some(usesObservation)) return true;
  }
  return false;
}

/**
 * The lr of each of `steps` steps without running anything: lrs[i] = lrAt(i). A metric
 * schedule (plateau) needs `metrics`, one per step: metrics[i] is reported after step i + 1
 * (`report(state, i, metrics[i])` once lrs[i] is known). An observation schedule
 * (lossBased, gradientBased) needs `observations`, one per step, measured where step i + 1
 * starts. Missing ones are an LrLabError('invalidConfig') that says so.
 */
export function previewSchedule(
  config: ScheduleConfig,
  baseLr: number,
  steps: number,
  metrics?: readonly number[],
  observations?: readonly Observation[],
): number[] {
  if (!Number.isInteger(steps) || steps < 0) {
    throw LrLabError.worded('invalidConfig', { id: 'previewStepsInteger', args: [String(steps)] });
  }
  const schedule = createSchedule(config, baseLr);
  if (schedule.dependsOn === 'metric' && (!metrics || metrics.length < steps)) {
    throw new LrLabError(
      'invalidConfig',
      `schedule ${config.type} depends on a metric reported after every step (like ReduceLROnPlateau.step(loss)); ` +
        `its preview needs ${steps} metric(s), one per step, but got ${metrics ? metrics.length : 'none'}`,
    );
  }
  if (usesObservation(config) && (!observations || observations.length < steps)) {
    throw new LrLabError(
      'invalidConfig',
      `schedule ${config.type} depends on the loss and gradient norm at each step; ` +
        `its preview needs ${steps} observation(s) {loss, gradNorm}, one per step, but got ${observations ? observations.length : 'none'}`,
    );
  }
  const lrs = new Array<number>(steps);
  let state = schedule.initialState();
  for (let i = 0; i < steps; i++) {
    lrs[i] = schedule.lrAt(i, state, observations ? observations[i]! : NO_OBSERVATION);
    if (metrics && i < metrics.length) state = schedule.report(state, i, metrics[i]!);
  }
  return lrs;
}
