/**
 * Settings → run config. Pure (no `vscode` import) so it is unit-tested directly; the
 * extension passes its `WorkspaceConfiguration` as the reader.
 */
import type { GradientSource, RawRunConfig, RunLimits } from '../core/minimize/config';
import { SETTINGS, settingAccepts, type PLOT_LOCATIONS, type SettingName, type SettingRule, type TYPE_CHECK_MODES } from '../shared/defaults';
import type { ControlValues, RawTypedConfig } from '../shared/protocol';

/** The part of `vscode.WorkspaceConfiguration` we use. */
export interface SettingsReader {
  get<T>(key: string): T | undefined;
}

/** The settings as the host reads them: one field per rule of `SETTINGS`. */
export interface LrLabSettings extends Record<SettingName, unknown> {
  readonly optimizer: string;
  /** null: the optimizer's PyTorch default lr. */
  readonly learningRate: number | null;
  readonly optimizerOptions: Record<string, unknown>;
  readonly schedule: string;
  readonly scheduleOptions: Record<string, unknown>;
  readonly iterations: number;
  readonly seed: number;
  /** 0: once an epoch. */
  readonly evalEvery: number;
  readonly gradient: GradientSource;
  readonly typeCheck: (typeof TYPE_CHECK_MODES)[number];
  readonly timeLimitSeconds: number;
  readonly evalTimeLimitSeconds: number;
  readonly memoryLimitMb: number;
  readonly refreshIntervalMs: number;
  readonly codeLensEnabled: boolean;
  readonly landscapeGridSize: number;
  readonly plotLocation: (typeof PLOT_LOCATIONS)[number];
}

/** Defaults: the rules' (shared/defaults, which a unit test checks against package.json). */
export const SETTINGS_DEFAULTS = Object.fromEntries(Object.entries(SETTINGS).map(([name, rule]) => [name, rule.default])) as unknown as LrLabSettings;

/** Read `lrlab.*` settings; a value its rule does not allow falls back to the default. */
export function readSettings(reader: SettingsReader): LrLabSettings {
  const read = (rule: SettingRule): unknown => {
    const v = reader.get<unknown>(rule.key);
    return v !== undefined && settingAccepts(rule, v) ? v : rule.default;
  };
  return Object.fromEntries(Object.entries(SETTINGS).map(([name, rule]) => [name, read(rule)])) as unknown as LrLabSettings;
}

/** The panel's initial control values from the settings. */
export function settingsToControls(s: LrLabSettings): ControlValues {
  const optimizer: RawTypedConfig = { ...s.optimizerOptions, type: s.optimizer };
  if (s.learningRate !== null) optimizer.lr = s.learningRate;
  return { optimizer, schedule: { ...s.scheduleOptions, type: s.schedule }, iterations: s.iterations };
}

/**
 * The raw run config for a run from these controls (settings supply the rest). The batch size
 * applies only to an objective with data (`batched`); a value left in the controls from another
 * objective is not sent to one without.
 */
export function controlsToRawRunConfig(controls: ControlValues, s: LrLabSettings, batched = true): RawRunConfig {
  return {
    optimizer: controls.optimizer,
    schedule: controls.schedule,
    iterations: controls.iterations,
    seed: s.seed,
    gradient: s.gradient,
    ...(batched && controls.batchSize != null ? { batchSize: controls.batchSize } : {}),
    ...(s.evalEvery > 0 ? { evalEvery: s.evalEvery } : {}),
  };
}

/**
 * The controls after a settings change: what differs from `before` (the controls the old
 * settings gave) was edited in the panel and stays; the rest follows `after` (the new
 * settings'). A new optimizer or schedule type from the settings brings its own options,
 * unless the panel had picked another type itself. The batch size has no setting and stays.
 */
export function rebaseControls(current: ControlValues, before: ControlValues, after: ControlValues): ControlValues {
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  const typed = (cur: RawTypedConfig, old: RawTypedConfig, next: RawTypedConfig): RawTypedConfig => {
    if (cur.type !== old.type) return cur;
    if (next.type !== old.type) return next;
    const merged: RawTypedConfig = { type: cur.type };
    for (const key of new Set([...Object.keys(cur), ...Object.keys(old), ...Object.keys(next)])) {
      if (key === 'type') continue;
      const value = same(cur[key], old[key]) ? next[key] : cur[key];
      if (value !== undefined) merged[key] = value;
    }
    return merged;
  };
  return {
    optimizer: typed(current.optimizer, before.optimizer, after.optimizer),
    schedule: typed(current.schedule, before.schedule, after.schedule),
    iterations: current.iterations !== before.iterations ? current.iterations : after.iterations,
    ...(current.batchSize != null ? { batchSize: current.batchSize } : {}),
  };
}

/** The `lrlab.*` settings (by name under `lrlab.`) that make `settingsToControls` give these controls back (the batch size has no setting). */
export function controlsToSettings(controls: ControlValues): Pick<LrLabSettings, 'optimizer' | 'learningRate' | 'optimizerOptions' | 'schedule' | 'scheduleOptions' | 'iterations'> {
  const { type: optimizer, lr, ...optimizerOptions } = controls.optimizer;
  const { type: schedule, ...scheduleOptions } = controls.schedule;
  return { optimizer, learningRate: typeof lr === 'number' ? lr : null, optimizerOptions, schedule, scheduleOptions, iterations: controls.iterations };
}

export function settingsToLimits(s: LrLabSettings): RunLimits {
  return { timeMs: Math.round(s.timeLimitSeconds * 1000), memoryMb: s.memoryLimitMb, evalTimeMs: Math.round(s.evalTimeLimitSeconds * 1000) };
}
