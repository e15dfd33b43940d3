/**
 * Settings → run config. Pure (no `vscode` import) so it is unit-tested directly; the
 * extension passes its `WorkspaceConfiguration` as the reader.
 */
import type { RawRunConfig, RunLimits } from '../core/minimize/config';
import type { ControlValues, RawTypedConfig } from '../shared/protocol';

/** The part of `vscode.WorkspaceConfiguration` we use. */
export interface SettingsReader {
  get<T>(key: string): T | undefined;
}

export interface LrLabSettings {
  readonly optimizer: string;
  /** null: the optimizer's PyTorch default lr. */
  readonly learningRate: number | null;
  readonly optimizerOptions: Record<string, unknown>;
  readonly schedule: string;
  readonly scheduleOptions: Record<string, unknown>;
  readonly iterations: number;
  readonly seed: number;
  readonly gradient: 'auto' | 'numeric';
  readonly timeLimitSeconds: number;
  readonly memoryLimitMb: number;
  readonly refreshIntervalMs: number;
  readonly codeLensEnabled: boolean;
}

/** Defaults; they mirror `contributes.configuration` in package.json (a unit test checks). */
export const SETTINGS_DEFAULTS: LrLabSettings = {
  optimizer: 'adam',
  learningRate: null,
  optimizerOptions: {},
  schedule: 'constant',
  scheduleOptions: {},
  iterations: 200,
  seed: 0,
  gradient: 'auto',
  timeLimitSeconds: 60,
  memoryLimitMb: 512,
  refreshIntervalMs: 100,
  codeLensEnabled: true,
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function pick<T>(reader: SettingsReader, key: string, fallback: T, valid: (v: unknown) => boolean): T {
  const v = reader.get<unknown>(key);
  return v !== undefined && valid(v) ? (v as T) : fallback;
}

const isFiniteNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const isPositiveInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 1;

/** Read `lrlab.*` settings; values of the wrong type fall back to the defaults. */
export function readSettings(reader: SettingsReader): LrLabSettings {
  const d = SETTINGS_DEFAULTS;
  return {
    optimizer: pick(reader, 'optimizer', d.optimizer, (v) => typeof v === 'string' && v.length > 0),
    learningRate: pick(reader, 'learningRate', d.learningRate, (v) => v === null || (isFiniteNumber(v) && (v as number) > 0)),
    optimizerOptions: pick(reader, 'optimizerOptions', d.optimizerOptions, isPlainObject),
    schedule: pick(reader, 'schedule', d.schedule, (v) => typeof v === 'string' && v.length > 0),
    scheduleOptions: pick(reader, 'scheduleOptions', d.scheduleOptions, isPlainObject),
    iterations: pick(reader, 'iterations', d.iterations, isPositiveInt),
    seed: pick(reader, 'seed', d.seed, Number.isInteger),
    gradient: pick(reader, 'gradient', d.gradient, (v) => v === 'auto' || v === 'numeric'),
    timeLimitSeconds: pick(reader, 'timeLimitSeconds', d.timeLimitSeconds, (v) => isFiniteNumber(v) && (v as number) > 0),
    memoryLimitMb: pick(reader, 'memoryLimitMb', d.memoryLimitMb, (v) => isPositiveInt(v) && (v as number) >= 16),
    refreshIntervalMs: pick(reader, 'panel.refreshIntervalMs', d.refreshIntervalMs, (v) => isPositiveInt(v) && (v as number) >= 16 && (v as number) <= 1000),
    codeLensEnabled: pick(reader, 'codeLens.enabled', d.codeLensEnabled, (v) => typeof v === 'boolean'),
  };
}

/** The panel's initial control values from the settings. */
export function settingsToControls(s: LrLabSettings): ControlValues {
  const optimizer: RawTypedConfig = { ...s.optimizerOptions, type: s.optimizer };
  if (s.learningRate !== null) optimizer.lr = s.learningRate;
  return { optimizer, schedule: { ...s.scheduleOptions, type: s.schedule }, iterations: s.iterations };
}

/** The raw run config for a run from these controls (settings supply the rest). */
export function controlsToRawRunConfig(controls: ControlValues, s: LrLabSettings): RawRunConfig {
  return {
    optimizer: controls.optimizer,
    schedule: controls.schedule,
    iterations: controls.iterations,
    seed: s.seed,
    gradient: s.gradient,
  };
}

export function settingsToLimits(s: LrLabSettings): RunLimits {
  return { timeMs: Math.round(s.timeLimitSeconds * 1000), memoryMb: s.memoryLimitMb };
}
