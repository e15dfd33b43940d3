/** Walking a resolved schedule config: each node's definition, its options, its nested schedules. */
import { LrLabError } from '../errors';
import { lookup, type OptionSpec } from '../options';
import { scheduleDefinitions } from '../schedules/registry';
import type { ScheduleConfig, ScheduleDefinition } from '../schedules/types';

export type Definition = ScheduleDefinition<Record<string, unknown>>;

/** The path of the top-level schedule in messages and placeholder keys (as in resolve.ts). */
export const ROOT = 'schedule';

export function definitionOf(config: ScheduleConfig, path: string): Definition {
  if (config === null || typeof config !== 'object') throw new LrLabError('invalidConfig', `${path} must be a resolved schedule config (got ${String(config)})`);
  return lookup('schedule', scheduleDefinitions, config.type) as Definition;
}

export function specsOf(definition: Definition): [string, OptionSpec][] {
  return Object.entries(definition.options as Record<string, OptionSpec>);
}

export function isNested(spec: OptionSpec): boolean {
  return spec.kind === 'schedule' || spec.kind === 'scheduleList';
}

/** Every option must be there: the generator writes the values the engine would run with. */
export function checkResolved(config: ScheduleConfig, definition: Definition, path: string): void {
  for (const [name] of specsOf(definition)) {
    if (config[name] === undefined) {
      throw new LrLabError('invalidConfig', `${path} ${definition.type} has no value for option ${name}; generate code from a resolved config (resolveScheduleConfig)`);
    }
  }
}

/** The schedules nested in `config`, with their paths (`schedule.schedule`, `schedule.schedules[1]`). */
export function nestedConfigs(config: ScheduleConfig, definition: Definition, path: string): { config: ScheduleConfig; path: string }[] {
  const out: { config: ScheduleConfig; path: string }[] = [];
  for (const [name, spec] of specsOf(definition)) {
    if (spec.kind === 'schedule') out.push({ config: config[name] as ScheduleConfig, path: `${path}.${name}` });
    if (spec.kind === 'scheduleList') (config[name] as ScheduleConfig[]).forEach((c, i) => out.push({ config: c, path: `${path}.${name}[${i}]` }));
  }
  return out;
}
