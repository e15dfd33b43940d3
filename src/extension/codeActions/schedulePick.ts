/**
 * The schedules the lightbulb's one "Learning-rate schedule…" entry offers, as plain data (no
 * `vscode`): the provider shows them in a quick pick and applies the pick as one edit.
 *
 * A target is what a schedule replaces:
 *  - the reads of a declared lr in a loop with a counter (`x -= lr * g` below `const lr = 0.1`,
 *    lrUses.ts), whether the cursor is on a read or on the declaration: each read becomes
 *    `learningRate(epoch)` and the declaration stays the base lr;
 *  - else the site itself (lrSites.ts): its literal becomes a call when the site is in a counted
 *    loop, or the function alone goes in ("function only", and the detail says why).
 * Each item is one schedule kind's plan (editPlan.ts `planSchedule`), described by a sparkline
 * of its lr over the loop's length and the horizon it was resolved for.
 */
import * as l10n from '@vscode/l10n';
import { SCHEDULE_SNIPPET_KINDS, type ScheduleSnippetKind } from '../../core/codegen';
import { previewSchedule, usesObservation } from '../../core/schedules';
import { planSchedule, type ScheduleEditPlan } from './editPlan';
import type { TextChange } from './fileStyle';
import { sitesInRange, type LrSite } from './lrSites';
import { loopUsesOf, lrUseAt, siteOfUse, type LrUse } from './lrUses';
import type { CountedLoop } from './scopes';
import type { SourceAnalysis } from './source';

export interface ScheduleTarget {
  /** The name the schedule stands for (`lr`). */
  readonly name: string;
  /** The declaration or literal whose value is the base lr. */
  readonly site: LrSite;
  /** The reads rewritten to calls of the loop's counter (empty: the site's own literal is the one rewritten, if any). */
  readonly uses: readonly LrUse[];
}

/** A schedule kind's plan for a target: the code to insert and every text it replaces (none: function only). */
export interface TargetPlan {
  readonly plan: ScheduleEditPlan;
  readonly replacements: readonly TextChange[];
}

export interface SchedulePickItem {
  readonly label: string;
  /** The curve (a sparkline) and where it goes: `▇▇▆▅▃▂▁  0.1 → 0`. */
  readonly description: string;
  /** The horizon and what the use becomes. */
  readonly detail: string;
  readonly target: TargetPlan;
}

/** With several sites in a selection, the one at its start, else the first. */
function pickSite(sites: readonly LrSite[], start: number): LrSite | undefined {
  return sites.find((s) => s.span.start <= start && start <= s.span.end) ?? sites[0];
}

/** The target at [start, end]: a site there (with its loop reads when it declares them), else a read of a declared lr in a loop; null when neither. */
export function scheduleTargetAt(source: SourceAnalysis, start: number, end = start): ScheduleTarget | null {
  const site = pickSite(sitesInRange(source.scan.sites, start, end), start);
  if (site) return { name: site.name, site, uses: loopUsesOf(source, site) };
  const use = lrUseAt(source, start);
  return use ? { name: use.name, site: use.declaration, uses: [use] } : null;
}

/** The loop the target's schedule counts: its reads' loop, else the site's own. */
export function targetLoop(target: ScheduleTarget): CountedLoop | null {
  return target.uses[0]?.loop ?? target.site.loop;
}

/**
 * The plan of `kind` for `target`; throws (an LrLabError) when the kind cannot be resolved for
 * the base lr. Reads are all rewritten or none is (a loss-based schedule needs a `loss` before each).
 */
export function planTarget(source: SourceAnalysis, target: ScheduleTarget, kind: ScheduleSnippetKind): TargetPlan {
  if (target.uses.length === 0) {
    const plan = planSchedule(source, target.site, kind);
    return { plan, replacements: plan.replacement ? [plan.replacement] : [] };
  }
  const plans = target.uses.map((use) => planSchedule(source, siteOfUse(use), kind));
  const plan = plans.find((p) => p.replacement === null) ?? plans[0]!;
  return { plan, replacements: plan.replacement === null ? [] : plans.map((p) => p.replacement!) };
}

/** Every kind's plan for `target`, in menu order; kinds that cannot be resolved for the base lr are left out. */
export function targetPlans(source: SourceAnalysis, target: ScheduleTarget): TargetPlan[] {
  const plans: TargetPlan[] = [];
  for (const kind of SCHEDULE_SNIPPET_KINDS) {
    try {
      plans.push(planTarget(source, target, kind));
    } catch {
      continue; // defaults that cannot be resolved for this value: nothing to offer
    }
  }
  return plans;
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

/** What the edit does to the code: `lr` becomes `learningRate(epoch)`, or why only the function goes in. */
function becomesText(source: SourceAnalysis, target: ScheduleTarget, { plan, replacements }: TargetPlan): string {
  const [first] = replacements;
  if (!first) return l10n.t('function only: {0}', plan.functionOnlyReason ?? '');
  const replaced = source.text.slice(first.start, first.end);
  return replacements.length === 1 ? l10n.t('`{0}` becomes `{1}`', replaced, first.text) : l10n.t('{0} reads of `{1}` in the loop become `{2}`', replacements.length, target.name, first.text);
}

/** One item per schedule kind that resolves for the target's base lr, in menu order. */
export function schedulePickItems(source: SourceAnalysis, target: ScheduleTarget): SchedulePickItem[] {
  const loop = targetLoop(target);
  return targetPlans(source, target).map((planned) => {
    const { plan } = planned;
    let description: string;
    if (usesObservation(plan.config)) {
      description = plan.kind.config.type === 'gradientBased' ? l10n.t('follows the gradient norm') : l10n.t('follows the loss');
    } else {
      const lrs = previewSchedule(plan.config, plan.baseLr, plan.horizon);
      description = `${sparkline(lrs)}  ${shortLr(lrs[0]!)} → ${shortLr(lrs[lrs.length - 1]!)}`;
    }
    const horizon =
      loop === null
        ? l10n.t('{0} steps (LR Lab’s default run length)', plan.horizon)
        : loop.iterations !== null
          ? l10n.t('{0} steps (the loop’s length)', plan.horizon)
          : l10n.t('{0} steps (the loop’s length is not a known number: LR Lab’s default)', plan.horizon);
    return { label: plan.kind.title, description, detail: `${horizon} · ${becomesText(source, target, planned)}`, target: planned };
  });
}
