import { LrLabError } from '../errors';
import { lookup } from '../options';
import { scheduleDefinitions } from './registry';
import type { Schedule, ScheduleConfig } from './types';

/**
 * Build a schedule from a resolved config (see resolveScheduleConfig) for an optimizer whose
 * base lr is `baseLr`. Nested schedules are built with the same base lr.
 */
export function createSchedule(config: ScheduleConfig, baseLr: number): Schedule {
  if (!Number.isFinite(baseLr) || baseLr < 0) {
    throw LrLabError.worded('invalidConfig', { id: 'scheduleBaseLr', args: [String(config.type), baseLr] });
  }
  const definition = lookup('schedule', scheduleDefinitions, config.type);
  const { type: _type, ...options } = config;
  return definition.create(baseLr, options, createSchedule);
}
