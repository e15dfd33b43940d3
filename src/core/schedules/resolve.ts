/**
 * Turn a raw schedule config (JSON, flags, the panel) into a resolved one: the type checked,
 * every option validated with its default filled in, nested schedules resolved in their own
 * context, cross-option rules checked.
 */
import { LrLabError, isLrLabError } from '../errors';
import { messageValue } from '../messageValue';
import { lookup, resolveOptions, type OptionSpec, type RawConfig, type ResolveContext } from '../options';
import { scheduleDefinitions } from './registry';
import type { ScheduleConfig } from './types';

/**
 * Validate `raw` and fill in defaults for a run of `ctx.totalSteps` steps from base lr
 * `ctx.baseLr`. Throws LrLabError('invalidConfig') naming the schedule, the option, the
 * expectation and the value; unknown names list the valid ones.
 */
export function resolveScheduleConfig(raw: unknown, ctx: ResolveContext): ScheduleConfig {
  return resolveAt('schedule', raw, ctx);
}

/** A nested schedule's unknown or missing type, prefixed with where it is (`schedule.schedules[1]: unknown schedule …`). */
function nestedLookupError(where: string, e: LrLabError): LrLabError {
  const text = e.text;
  if (text?.id === 'unknownSchedule') return LrLabError.worded(e.code, { id: 'nestedUnknownSchedule', args: [where, ...text.args] });
  if (text?.id === 'noScheduleType') return LrLabError.worded(e.code, { id: 'nestedNoScheduleType', args: [where, ...text.args] });
  return new LrLabError(e.code, `${where}: ${e.message}`);
}

/** `where` is the config path for messages: `schedule`, `schedule.schedules[1]`, … */
function resolveAt(where: string, raw: unknown, ctx: ResolveContext): ScheduleConfig {
  const nested = where !== 'schedule';
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw LrLabError.worded('invalidConfig', { id: 'scheduleConfigObject', args: [where, '{"type": "cosine"}', messageValue(raw)] });
  }
  const given = raw as RawConfig;
  let definition;
  try {
    definition = lookup('schedule', scheduleDefinitions, given.type);
  } catch (e) {
    if (nested && isLrLabError(e)) throw nestedLookupError(where, e);
    throw e;
  }
  const owner = nested ? `${where} ${definition.type}` : `schedule ${definition.type}`;
  const completed = definition.completeRaw ? definition.completeRaw(given, ctx) : given;
  const options: Record<string, unknown> = resolveOptions(owner, definition.options, completed, ctx);
  definition.check?.(options, owner);
  for (const [name, spec] of Object.entries(definition.options as Record<string, OptionSpec>)) {
    const context = (index: number): ResolveContext => definition.nestedContext?.(name, index, options, ctx) ?? ctx;
    if (spec.kind === 'schedule') {
      options[name] = resolveAt(`${where}.${name}`, options[name], context(0));
    } else if (spec.kind === 'scheduleList') {
      options[name] = (options[name] as unknown[]).map((child, i) => resolveAt(`${where}.${name}[${i}]`, child, context(i)));
    }
  }
  return { type: definition.type, ...options };
}
