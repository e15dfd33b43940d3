/**
 * "Copy as command": the `lrlab run` line that runs a config again. Only what differs from what
 * the flags would resolve to by default is written — the optimizer and its lr, iterations
 * always; other optimizer options as `--set name=value`; the schedule and its options that
 * differ from the defaults it takes for that run (`--set schedule.tMax=…` only when tMax is not
 * the iterations); seed, x0, batch size, gradient; the rest of the run options by their config
 * path — so the line reads like one a person would type and resolves to the same config
 * (a unit test parses it back through the CLI).
 */
import { RUN_DEFAULTS, type RunConfig } from '../minimize/config';
import { resolveOptimizerConfig } from '../optimizers';
import { resolveScheduleConfig } from '../schedules';

/** `lrlab run FILE [--objective NAME] …` for `config`; FILE as given (relative to where it will be run). */
export function runCommandLine(file: string, objective: string | null, config: RunConfig): string {
  const args: string[] = ['lrlab', 'run', quote(file)];
  if (objective !== null) args.push('--objective', quote(objective));
  const { optimizer, schedule } = config;
  args.push('--optimizer', quote(optimizer.type), '--lr', String(optimizer.lr));
  // Another library's flavour first, then only what differs from that library's defaults.
  const flavor = typeof optimizer.flavor === 'string' ? optimizer.flavor : undefined;
  if (flavor !== undefined) args.push('--set', `flavor=${flavor}`);
  const optimizerDefaults = resolveOptimizerConfig({ type: optimizer.type, ...(flavor !== undefined ? { flavor } : {}) }) as Record<string, unknown>;
  for (const [name, value] of Object.entries(optimizer)) {
    if (name === 'type' || name === 'lr' || name === 'flavor' || same(value, optimizerDefaults[name])) continue;
    args.push('--set', quote(`${name}=${setValue(value)}`));
  }
  const scheduleDefaults = resolveScheduleConfig({ type: schedule.type }, { baseLr: optimizer.lr, totalSteps: config.iterations }) as Record<string, unknown>;
  if (schedule.type !== RUN_DEFAULTS.schedule.type || Object.entries(schedule).some(([name, value]) => name !== 'type' && !same(value, scheduleDefaults[name]))) args.push('--schedule', quote(schedule.type));
  for (const [name, value] of Object.entries(schedule)) {
    if (name === 'type' || same(value, scheduleDefaults[name])) continue;
    args.push('--set', quote(`schedule.${name}=${setValue(value)}`));
  }
  args.push('--iterations', String(config.iterations));
  if (config.seed !== RUN_DEFAULTS.seed) args.push('--seed', String(config.seed));
  if (config.x0 !== null) args.push('--x0', quote(config.x0.join(',')));
  if (config.batchSize !== null) args.push('--batch-size', String(config.batchSize));
  if (config.gradient !== RUN_DEFAULTS.gradient) args.push('--gradient', config.gradient);
  if (config.tolerance.lossChange !== RUN_DEFAULTS.tolerance.lossChange) args.push('--set', `tolerance.lossChange=${config.tolerance.lossChange}`);
  if (config.tolerance.gradNorm !== RUN_DEFAULTS.tolerance.gradNorm) args.push('--set', `tolerance.gradNorm=${config.tolerance.gradNorm}`);
  if (config.clip !== null) args.push('--set', quote(`clip=${JSON.stringify(config.clip)}`));
  if (config.divergenceFactor !== RUN_DEFAULTS.divergenceFactor) args.push('--set', `divergenceFactor=${config.divergenceFactor}`);
  if (config.recordParams !== RUN_DEFAULTS.recordParams) args.push('--set', `recordParams=${config.recordParams}`);
  return args.join(' ');
}

/** VALUE of `--set NAME=VALUE` as the CLI reads it back: JSON (numbers, booleans, null, lists, nested configs). */
function setValue(value: unknown): string {
  return JSON.stringify(value);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A word for POSIX shells: as is when it is plain, else in single quotes. */
export function quote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
