/**
 * The quick pick behind the lightbulb's "Learning-rate schedule…" on a use of the lr in a
 * loop: one item per schedule kind, each the same plan the per-kind actions apply (editPlan.ts
 * `planSchedule`), described by a sparkline of its lr over the loop's length and the horizon it
 * was resolved for. Plain data (no `vscode`): the provider shows it and applies the pick.
 */
import * as l10n from '@vscode/l10n';
import { SCHEDULE_SNIPPET_KINDS } from '../../core/codegen';
import { previewSchedule, usesObservation } from '../../core/schedules';
import { planSchedule, type ScheduleEditPlan } from './editPlan';
import { siteOfUse, type LrUse } from './lrUses';
import type { SourceAnalysis } from './source';

export interface SchedulePickItem {
  readonly label: string;
  /** The curve (a sparkline) and where it goes: `▇▇▆▅▃▂▁  0.1 → 0`. */
  readonly description: string;
  /** The horizon and what the use becomes. */
  readonly detail: string;
  readonly plan: ScheduleEditPlan;
}

/** An lr in three significant digits: `0.1`, `0.000123`, `1.23e-7`. */
const shortLr = (v: number): string => String(Number(v.toPrecision(3)));

const BARS = '▁▂▃▄▅▆▇█';
export const SPARKLINE_WIDTH = 24;

/** `values` as `width` bars (sampled evenly from first to last), scaled from their minimum to their maximum; a flat curve is a row of middle bars. */
export function sparkline(values: readonly number[], width = SPARKLINE_WIDTH): string {
  if (values.length === 0) return '';
  const n = Math.min(width, values.length);
  const samples = Array.from({ length: n }, (_, i) => values[n === 1 ? 0 : Math.round((i * (values.length - 1)) / (n - 1))]!);
  const lo = Math.min(...samples);
  const hi = Math.max(...samples);
  if (!(hi > lo)) return BARS[3]!.repeat(n);
  return samples.map((v) => BARS[Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1))]!).join('');
}

/** One item per schedule kind that resolves for the use's base lr, in menu order. */
export function schedulePickItems(source: SourceAnalysis, use: LrUse): SchedulePickItem[] {
  const site = siteOfUse(use);
  const items: SchedulePickItem[] = [];
  for (const kind of SCHEDULE_SNIPPET_KINDS) {
    let plan: ScheduleEditPlan;
    try {
      plan = planSchedule(source, site, kind);
    } catch {
      continue; // defaults that cannot be resolved for this value: nothing to offer (as the per-kind actions)
    }
    let description: string;
    if (usesObservation(plan.config)) {
      description = kind.config.type === 'gradientBased' ? l10n.t('follows the gradient norm') : l10n.t('follows the loss');
    } else {
      const lrs = previewSchedule(plan.config, plan.baseLr, plan.horizon);
      description = `${sparkline(lrs)}  ${shortLr(lrs[0]!)} → ${shortLr(lrs[lrs.length - 1]!)}`;
    }
    const horizon = use.loop.iterations !== null ? l10n.t('{0} steps (the loop’s length)', plan.horizon) : l10n.t('{0} steps (the loop’s length is not a known number: LR Lab’s default)', plan.horizon);
    const becomes = plan.replacement ? l10n.t('`{0}` becomes `{1}`', use.name, plan.replacement.text) : l10n.t('function only: {0}', plan.functionOnlyReason ?? '');
    items.push({ label: kind.title, description, detail: `${horizon} · ${becomes}`, plan });
  }
  return items;
}
