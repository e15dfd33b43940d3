/**
 * A run config in words, for tooltips: what exactly ran (or will run), every option with its
 * resolved value — "adam(lr=0.01, betas=[0.9, 0.999], eps=1e-8, weightDecay=0, amsgrad=false)".
 * Pure: the page (run tooltips) and the host (CodeLens, status bar) both use it.
 */
import { formatNumber, LABEL_NUMBER } from './format';

type Config = { readonly type: string } & Readonly<Record<string, unknown>>;

/** One option value: numbers compact (1e-8, 0.999), lists in brackets, nested schedules in full. */
export function valueText(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value, LABEL_NUMBER);
  if (Array.isArray(value)) return `[${value.map(valueText).join(', ')}]`;
  if (value !== null && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') return typedConfigText(value as Config);
  return String(value);
}

/** `type(option=value, …)` with every option, in the config's order; a bare type when it has none. */
export function typedConfigText(config: Config): string {
  const options = Object.entries(config)
    .filter(([key, value]) => key !== 'type' && value !== undefined)
    .map(([key, value]) => `${key}=${valueText(value)}`);
  return options.length ? `${config.type}(${options.join(', ')})` : config.type;
}

/** The lines of a resolved run config: optimizer, schedule, then the run's own settings that are set. */
export function runConfigLines(config: { readonly optimizer: Config; readonly schedule: Config } & Readonly<Record<string, unknown>>): string[] {
  const lines = [`optimizer: ${typedConfigText(config.optimizer)}`, `schedule: ${typedConfigText(config.schedule)}`];
  const rest: string[] = [];
  const say = (key: string, words: string): void => {
    if (config[key] !== undefined && config[key] !== null) rest.push(words);
  };
  say('iterations', `${valueText(config.iterations)} iterations`);
  say('batchSize', `batch ${valueText(config.batchSize)}`);
  say('seed', `seed ${valueText(config.seed)}`);
  say('gradient', `gradient ${valueText(config.gradient)}`);
  if (config.clip !== undefined && config.clip !== null && typeof config.clip === 'object') {
    rest.push(`clip ${Object.entries(config.clip).map(([k, v]) => `${k}=${valueText(v)}`).join(', ')}`);
  }
  if (rest.length) lines.push(rest.join(' · '));
  return lines;
}
