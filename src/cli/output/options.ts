/** Optimizer and schedule configs in one line: `adam (lr=0.1, betas=[0.9, 0.999], …)`. */
import { formatNumber } from '../../shared/format';

export function formatOptionValue(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (Array.isArray(value)) return `[${value.map(formatOptionValue).join(', ')}]`;
  if (value !== null && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') return formatConfig(value as { type: string });
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `type (name=value, …)`, or just `type` when it has no options. */
export function formatConfig(config: { readonly type: string } & Readonly<Record<string, unknown>>): string {
  const options = Object.entries(config).filter(([name]) => name !== 'type');
  return options.length ? `${config.type} (${options.map(([name, value]) => `${name}=${formatOptionValue(value)}`).join(', ')})` : config.type;
}
