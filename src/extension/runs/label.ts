/**
 * Legend labels for runs, from the resolved run config, naming what is not a default: the
 * optimizer and its lr (always: comparing them is the point), its other options that differ
 * from PyTorch's defaults, the schedule with the options that differ from theirs (defaults
 * derived from the run, such as cosine's tMax = iterations, count as defaults), and the run's
 * own settings that were changed (iterations, batch size, seed, gradient source). A repeat of
 * an identical config on the same objective gets "#2", "#3", … e.g.
 * "sgd lr=0.1 momentum=0.9 · oneCycle(threePhase=true) · 500 steps #2".
 *
 * Whether an option is a default is found by leaving it out and resolving again, so the label
 * agrees with the resolvers whatever they derive.
 */
import type { RunConfig } from '../../core/minimize/config';
import { RUN_DEFAULTS } from '../../core/minimize/config';
import { resolveOptimizerConfig } from '../../core/optimizers';
import { resolveScheduleConfig } from '../../core/schedules';
import { canonicalJson } from '../../shared/canonical';
import { valueText } from '../../shared/configText';
import { formatNumber, LABEL_NUMBER } from '../../shared/format';

type Config = { readonly type: string } & Readonly<Record<string, unknown>>;
type Resolve = (raw: Config) => Config;

const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

/** `config` without `key` (which then takes its default). */
function without(config: Config, key: string): Config {
  const { [key]: _left, ...rest } = config;
  return rest as Config;
}

/** The options of `config` (resolved with `resolve`) that are not what resolving without them gives; nested schedules by their own differences. */
function differences(config: Config, resolve: Resolve): string[] {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (key === 'type') continue;
    let fallback: unknown;
    try {
      fallback = resolve(without(config, key))[key];
    } catch {
      fallback = undefined; // not optional without it (a cross-option rule): say it
    }
    if (same(fallback, value)) continue;
    parts.push(`${key}=${nestedText(config, key, value, resolve) ?? valueText(value)}`);
  }
  return parts;
}

const isSchedule = (v: unknown): v is Config => v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { type?: unknown }).type === 'string';

/** A nested schedule (or list of them) in its own words, its options judged in the context it is resolved in. */
function nestedText(config: Config, key: string, value: unknown, resolve: Resolve): string | null {
  if (isSchedule(value)) {
    return typedText(value, (inner) => resolve({ ...config, [key]: inner })[key] as Config);
  }
  if (Array.isArray(value) && value.length > 0 && value.every(isSchedule)) {
    const items = value.map((child, i) => typedText(child, (inner) => (resolve({ ...config, [key]: value.map((c, j) => (j === i ? inner : c)) })[key] as Config[])[i]!));
    return `[${items.join(', ')}]`;
  }
  return null;
}

function typedText(config: Config, resolve: Resolve): string {
  const parts = differences(config, resolve);
  return parts.length ? `${config.type}(${parts.join(', ')})` : config.type;
}

/** A resolved schedule in a label's words: its type and the options that are not its defaults for `context`. */
export function scheduleLabel(schedule: { readonly type: string }, context: { baseLr: number; totalSteps: number }): string {
  return typedText(schedule as Config, (raw) => resolveScheduleConfig(raw, context) as unknown as Config);
}

/** The optimizer and schedule of `config` in words, the lr included when `withLr`. */
function optimizerAndSchedule(config: RunConfig, withLr: boolean): string[] {
  const optimizer = config.optimizer as unknown as Config;
  const resolveOptimizer: Resolve = (raw) => resolveOptimizerConfig(raw) as unknown as Config;
  const lr = withLr && typeof optimizer.lr === 'number' ? ` lr=${formatNumber(optimizer.lr, LABEL_NUMBER)}` : '';
  const options = differences(without(optimizer, 'lr'), (raw) => resolveOptimizer({ ...raw, lr: optimizer.lr }));
  const parts = [`${optimizer.type}${lr}${options.length ? ` ${options.join(' ')}` : ''}`];
  const schedule = config.schedule as unknown as Config;
  const context = { baseLr: config.optimizer.lr, totalSteps: config.iterations };
  if (schedule.type !== 'constant') parts.push(scheduleLabel(schedule, context));
  return parts;
}

/** The label of a run of `config`; `repeat` is how many runs of the same config on the same objective came before. */
export function labelOf(config: RunConfig, repeat = 0): string {
  const parts = optimizerAndSchedule(config, true);
  if (config.iterations !== RUN_DEFAULTS.iterations) parts.push(`${config.iterations} steps`);
  if (config.batchSize !== null) parts.push(`batch ${config.batchSize}`);
  if (config.seed !== RUN_DEFAULTS.seed) parts.push(`seed ${config.seed}`);
  if (config.gradient !== RUN_DEFAULTS.gradient) parts.push(`${config.gradient} gradient`);
  return `${parts.join(' · ')}${repeat > 0 ? ` #${repeat + 1}` : ''}`;
}

/** A sweep row's label: the optimizer and schedule of one of its cells without the lr (the column says it) or what every cell shares. */
export function rowLabelOf(config: RunConfig): string {
  return optimizerAndSchedule(config, false).join(' · ');
}

/** What makes two runs the same run: the objective and the resolved config. */
export function runIdentity(objective: { readonly file: string; readonly name: string }, config: unknown): string {
  return canonicalJson({ file: objective.file, objective: objective.name, config });
}
