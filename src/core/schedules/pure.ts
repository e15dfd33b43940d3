/**
 * Builders for the two kinds of stateless schedules, so each schedule file only states its
 * kernel and options. State is null and metric reports are ignored.
 */
import type { Observation, Schedule, ScheduleConfig } from './types';

/** The resolved config of a schedule: `type` first, then its options. */
export function configOf(type: string, options: object): ScheduleConfig {
  return { type, ...options };
}

const keepState = <S>(state: S): S => state;
const noState = (): null => null;

/** A schedule that is a function of the step index only. */
export function stepSchedule(type: string, options: object, lr: (t: number) => number): Schedule<null> {
  return {
    type,
    config: configOf(type, options),
    dependsOn: 'step',
    initialState: noState,
    lrAt: (t) => lr(t),
    report: keepState,
  };
}

/** A schedule that reads what the loop measured at the start of the step. */
export function observationSchedule(type: string, options: object, lr: (obs: Observation) => number): Schedule<null> {
  return {
    type,
    config: configOf(type, options),
    dependsOn: 'observation',
    initialState: noState,
    lrAt: (_t, _state, obs) => lr(obs),
    report: keepState,
  };
}
