/**
 * Legend labels for runs: the optimizer, its lr and the schedule with its main options,
 * e.g. "adam lr=0.01 · cosine(tMax=200)". Pure.
 */
import { formatNumber, LABEL_NUMBER } from '../../shared/format';
import type { RawTypedConfig } from '../../shared/protocol';

/** Compact number text: 0.01, 1e-4, 200. */
const compact = (v: number): string => formatNumber(v, LABEL_NUMBER);

function formatValue(v: unknown): string {
  if (typeof v === 'number') return compact(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(',')}]`;
  if (v !== null && typeof v === 'object' && 'type' in v) return scheduleText(v as RawTypedConfig, 1);
  return String(v);
}

/** Options worth showing in a label, in declaration order (the registry's), up to `max`. */
function optionText(config: RawTypedConfig, max: number, omit: readonly string[] = []): string {
  const parts = Object.entries(config)
    .filter(([k]) => k !== 'type' && !omit.includes(k))
    .slice(0, max)
    .map(([k, v]) => `${k}=${formatValue(v)}`);
  return parts.join(', ');
}

function scheduleText(schedule: RawTypedConfig, depth = 0): string {
  if (schedule.type === 'constant') return 'constant';
  const inner = depth > 1 ? '…' : optionText(schedule, 3);
  return inner ? `${schedule.type}(${inner})` : schedule.type;
}

export function runLabel(optimizer: RawTypedConfig, schedule: RawTypedConfig, defaults?: { optimizer?: Record<string, unknown> }): string {
  const lr = typeof optimizer.lr === 'number' ? ` lr=${compact(optimizer.lr)}` : '';
  // Non-default optimizer options (momentum=0.9, amsgrad=true, …) distinguish runs of the same type.
  const changed = Object.entries(optimizer)
    .filter(([k, v]) => k !== 'type' && k !== 'lr' && defaults?.optimizer && JSON.stringify(defaults.optimizer[k]) !== JSON.stringify(v))
    .map(([k, v]) => `${k}=${formatValue(v)}`);
  const extra = changed.length ? ` ${changed.join(' ')}` : '';
  const sched = schedule.type === 'constant' ? '' : ` · ${scheduleText(schedule)}`;
  return `${optimizer.type}${lr}${extra}${sched}`;
}
