/**
 * Compare's learning rates: each optimizer runs at its own lr, never one lr shared by all
 * (Adam at SGD's 0.1 says nothing). Where an optimizer's lr comes from is an `LrSource`; the
 * picker shows it beside the optimizer and the user can type one per optimizer. Pure (no
 * `vscode`), so the rule is unit-tested; compare.ts is the picker around it.
 */
import * as l10n from '@vscode/l10n';
import { resolveOptimizerConfig } from '../../core/optimizers';
import { canonicalJson } from '../../shared/canonical';
import type { ControlValues, RawTypedConfig } from '../../shared/protocol';

/** Where an optimizer's lr in a comparison comes from ('sweep': the best of a quick lr sweep, compareSweep.ts). */
export type LrOrigin = 'yours' | 'form' | 'default' | 'sweep';

export interface CompareLr {
  readonly lr: number;
  readonly origin: LrOrigin;
}

/** What an origin reads as in the picker. */
export function lrOriginText(origin: LrOrigin): string {
  switch (origin) {
    case 'yours':
      return l10n.t('set here');
    case 'form':
      return l10n.t("the panel's");
    case 'default':
      return l10n.t("PyTorch's default");
    case 'sweep':
      return l10n.t('best of a quick sweep');
  }
}

/**
 * The lr `type` runs at: one typed for it in the picker (`chosen`), else the panel's lr when
 * the panel is on that optimizer (the lr the user tuned for it), else its PyTorch default.
 */
export function compareLr(type: string, controls: ControlValues, chosen: ReadonlyMap<string, number>): CompareLr {
  const own = chosen.get(type);
  if (own !== undefined) return { lr: own, origin: 'yours' };
  if (controls.optimizer.type === type && typeof controls.optimizer.lr === 'number') return { lr: controls.optimizer.lr, origin: 'form' };
  return { lr: pytorchDefaultLr(type), origin: 'default' };
}

/** The lr `type` runs at when none is given (PyTorch's default). */
export function pytorchDefaultLr(type: string): number {
  return resolveOptimizerConfig({ type }).lr;
}

/**
 * The controls of one compared run: the panel's schedule, steps and batch size, the optimizer
 * at `lr`; the panel's other optimizer options go along only to the optimizer they were set for.
 */
export function compareControls(base: ControlValues, type: string, lr: number): ControlValues {
  const optimizer: RawTypedConfig = base.optimizer.type === type ? { ...base.optimizer, lr } : { type, lr };
  return { ...base, optimizer };
}

/** A value typed as an lr: a finite number > 0, or why not. */
export function parseLr(text: string): { ok: true; lr: number } | { ok: false; error: string } {
  const trimmed = text.trim();
  const lr = trimmed === '' ? NaN : Number(trimmed);
  return Number.isFinite(lr) && lr > 0 ? { ok: true, lr } : { ok: false, error: l10n.t('an lr is a number > 0 (like 0.01 or 3e-4), not "{0}"', text) };
}

/** What a comparison does with one planned run. */
export type ComparePlanStep<T> = { run: true; item: T } | { run: false; item: T; why: string };

/**
 * The runs of a comparison, each once: a run whose resolved config is one an earlier item of
 * the comparison already has, or that is already among the objective's runs (`exists`), is
 * not started again.
 */
export function dropRepeats<T>(items: readonly T[], identity: (item: T) => string, exists: (item: T) => string | null): ComparePlanStep<T>[] {
  const seen = new Map<string, T>();
  return items.map((item) => {
    const id = identity(item);
    if (seen.has(id)) return { run: false, item, why: l10n.t('the same config as another in this comparison') };
    seen.set(id, item);
    const there = exists(item);
    return there === null ? { run: true, item } : { run: false, item, why: l10n.t('already on screen as "{0}"', there) };
  });
}

/** The identity of a compared run for `dropRepeats` (its resolved config as canonical JSON). */
export const configIdentity = (config: unknown): string => canonicalJson(config);
