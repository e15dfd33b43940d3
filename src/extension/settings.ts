/**
 * Settings → run config. Pure (no `vscode` import) so it is unit-tested directly; the
 * extension passes its `WorkspaceConfiguration` as the reader.
 */
import type { GradientSource, RawRunConfig, RunLimits } from '../core/minimize/config';
import { optimizerDefinitions } from '../core/optimizers';
import { scheduleDefinitions } from '../core/schedules/registry';
import { SCALAR_OPTION_SETTINGS, SETTINGS, settingAccepts, type PLOT_LOCATIONS, type SettingName, type SettingRule, type TYPE_CHECK_MODES } from '../shared/defaults';
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
  /** Scalar settings of single options (null: not set); they win over the objects (SCALAR_OPTION_SETTINGS). */
  readonly optionMomentum: number | null;
  readonly optionWeightDecay: number | null;
  readonly optionBeta1: number | null;
  readonly optionBeta2: number | null;
  readonly optionEps: number | null;
  readonly optimizerOptions: Record<string, unknown>;
  readonly schedule: string;
  readonly scheduleStepSize: number | null;
  readonly scheduleGamma: number | null;
  readonly scheduleTMax: number | null;
  readonly scheduleEtaMin: number | null;
  readonly scheduleMaxLr: number | null;
  readonly schedulePctStart: number | null;
  readonly scheduleWarmupSteps: number | null;
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

/** The option names an optimizer or schedule type has (none for a type the engine does not know). */
function optionNames(type: string, definitions: Readonly<Record<string, { readonly options: object }>>): ReadonlySet<string> {
  return new Set(Object.hasOwn(definitions, type) ? Object.keys(definitions[type]!.options) : []);
}

/** `type`'s options: the object setting with the scalars that are set (and that `type` has) laid over it. */
function withScalars(type: string, object: Record<string, unknown>, s: LrLabSettings, scalars: Readonly<Record<string, SettingName>>, names: ReadonlySet<string>): RawTypedConfig {
  const options: RawTypedConfig = { ...object, type };
  for (const [option, setting] of Object.entries(scalars)) if (s[setting] !== null && names.has(option)) options[option] = s[setting];
  return options;
}

/** `betas` with `beta1` / `beta2` laid over the object's pair, else over the optimizer's default pair. */
function withBetas(options: RawTypedConfig, s: LrLabSettings, names: ReadonlySet<string>): void {
  const [b1, b2] = SCALAR_OPTION_SETTINGS.betas.map((name) => s[name] as number | null);
  if (!names.has('betas') || (b1 === null && b2 === null)) return;
  const spec = (optimizerDefinitions as Readonly<Record<string, { options: Record<string, { default: unknown }> }>>)[options.type]!.options.betas!;
  const base = Array.isArray(options.betas) && options.betas.length === 2 ? options.betas : Array.isArray(spec.default) ? spec.default : [0.9, 0.999];
  options.betas = [b1 ?? base[0], b2 ?? base[1]];
}

/** The panel's initial control values from the settings (scalar option settings over the object ones). */
export function settingsToControls(s: LrLabSettings): ControlValues {
  const optimizerNames = optionNames(s.optimizer, optimizerDefinitions);
  const optimizer = withScalars(s.optimizer, s.optimizerOptions, s, SCALAR_OPTION_SETTINGS.optimizer, optimizerNames);
  withBetas(optimizer, s, optimizerNames);
  if (s.learningRate !== null) optimizer.lr = s.learningRate;
  const schedule = withScalars(s.schedule, s.scheduleOptions, s, SCALAR_OPTION_SETTINGS.schedule, optionNames(s.schedule, scheduleDefinitions));
  return { optimizer, schedule, iterations: s.iterations };
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

/**
 * The `lrlab.*` settings (by key under `lrlab.`, e.g. `option.momentum`) that make
 * `settingsToControls` give these controls back (the batch size has no setting): an option with
 * a scalar setting goes there (null when the controls leave it out, so an older value cannot
 * win over the saved ones), the rest into the object. Scalars of options the controls' type
 * does not have are left alone.
 */
export function controlsToSettings(controls: ControlValues): Record<string, unknown> {
  const { type: optimizer, lr, ...optimizerRest } = controls.optimizer;
  const { type: schedule, ...scheduleRest } = controls.schedule;
  const out: Record<string, unknown> = { optimizer, learningRate: typeof lr === 'number' ? lr : null };
  const split = (rest: Record<string, unknown>, scalars: Readonly<Record<string, SettingName>>, names: ReadonlySet<string>): Record<string, unknown> => {
    const object = { ...rest };
    for (const [option, setting] of Object.entries(scalars)) {
      if (!names.has(option)) continue;
      out[SETTINGS[setting].key] = object[option] ?? null;
      delete object[option];
    }
    return object;
  };
  const optimizerNames = optionNames(optimizer, optimizerDefinitions);
  const optimizerOptions = split(optimizerRest, SCALAR_OPTION_SETTINGS.optimizer, optimizerNames);
  if (optimizerNames.has('betas')) {
    const betas = Array.isArray(optimizerOptions.betas) && optimizerOptions.betas.length === 2 ? (optimizerOptions.betas as unknown[]) : null;
    SCALAR_OPTION_SETTINGS.betas.forEach((setting, i) => (out[SETTINGS[setting].key] = betas ? betas[i] : null));
    delete optimizerOptions.betas;
  }
  out.optimizerOptions = optimizerOptions;
  out.schedule = schedule;
  out.scheduleOptions = split(scheduleRest, SCALAR_OPTION_SETTINGS.schedule, optionNames(schedule, scheduleDefinitions));
  out.iterations = controls.iterations;
  return out;
}

export function settingsToLimits(s: LrLabSettings): RunLimits {
  return { timeMs: Math.round(s.timeLimitSeconds * 1000), memoryMb: s.memoryLimitMb, evalTimeMs: Math.round(s.evalTimeLimitSeconds * 1000) };
}
