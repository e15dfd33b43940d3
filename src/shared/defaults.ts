/**
 * Defaults and limits of a run and of the panel, stated once. Each setting is a rule written
 * in the words of JSON Schema, as `contributes.configuration` in package.json states it (a
 * unit test checks that every contributed setting has its rule and that they agree), and the
 * places that used to repeat the numbers read them here: the engine's run defaults
 * (core/minimize/config), the host's settings reader, the message schemas, the panel's
 * iterations field and the CLI's help.
 *
 * `src/shared` is the bottom layer (it imports nothing else of ours), so the engine may read
 * this module too. A new setting (say a per-evaluation time limit) is a new row here, a field
 * in the host's `LrLabSettings` and a property in package.json.
 */

/** JSON Schema's words for one setting: the subset package.json's settings use. */
export interface SettingRule {
  /** Its key under `lrlab.`, e.g. `panel.refreshIntervalMs`. */
  readonly key: string;
  readonly type: 'integer' | 'number' | 'string' | 'boolean' | 'object' | readonly ['number', 'null'] | readonly ['integer', 'null'];
  readonly default: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly minLength?: number;
  readonly enum?: readonly string[];
}

/**
 * Where gradients come from: `auto` = the objective's `grad` when it has one, else the exact
 * gradient LR Lab records (reverse-mode differentiation of the objective's code), else central
 * differences (with the reason); `exact` = always the recorded gradient; `numeric` = always
 * central differences.
 */
export const GRADIENT_SOURCES = ['auto', 'exact', 'numeric'] as const;

/** Where a run's gradient actually comes from: the objective's grad, the recorded exact gradient, or central differences. */
export const GRADIENT_KINDS = ['user', 'exact', 'numeric'] as const;

/** What LR Lab does with the TypeScript errors of a file it runs. */
export const TYPE_CHECK_MODES = ['warn', 'off', 'strict'] as const;

/** Where Run Optimizer shows its curves: the editor panel beside the file, or LR Lab's view (side bar, or wherever the user moved it). */
export const PLOT_LOCATIONS = ['beside', 'view'] as const;

/** Every `lrlab.*` setting, in package.json's order. */
export const SETTINGS = {
  optimizer: { key: 'optimizer', type: 'string', default: 'adam', minLength: 1 },
  /** null: the optimizer's PyTorch default lr. */
  learningRate: { key: 'learningRate', type: ['number', 'null'], default: null, exclusiveMinimum: 0 },
  // One option each, for the Settings UI (it cannot edit an object); null = not set. See SCALAR_OPTION_SETTINGS.
  optionMomentum: { key: 'option.momentum', type: ['number', 'null'], default: null, minimum: 0 },
  optionWeightDecay: { key: 'option.weightDecay', type: ['number', 'null'], default: null, minimum: 0 },
  optionBeta1: { key: 'option.beta1', type: ['number', 'null'], default: null, minimum: 0, maximum: 1 },
  optionBeta2: { key: 'option.beta2', type: ['number', 'null'], default: null, minimum: 0, maximum: 1 },
  optionEps: { key: 'option.eps', type: ['number', 'null'], default: null, minimum: 0 },
  optimizerOptions: { key: 'optimizerOptions', type: 'object', default: {} },
  schedule: { key: 'schedule', type: 'string', default: 'constant', minLength: 1 },
  scheduleStepSize: { key: 'scheduleOption.stepSize', type: ['integer', 'null'], default: null, minimum: 1 },
  scheduleGamma: { key: 'scheduleOption.gamma', type: ['number', 'null'], default: null, minimum: 0 },
  scheduleTMax: { key: 'scheduleOption.tMax', type: ['integer', 'null'], default: null, minimum: 1 },
  scheduleEtaMin: { key: 'scheduleOption.etaMin', type: ['number', 'null'], default: null, minimum: 0 },
  scheduleMaxLr: { key: 'scheduleOption.maxLr', type: ['number', 'null'], default: null, minimum: 0 },
  schedulePctStart: { key: 'scheduleOption.pctStart', type: ['number', 'null'], default: null, minimum: 0, maximum: 1 },
  scheduleWarmupSteps: { key: 'scheduleOption.warmupSteps', type: ['integer', 'null'], default: null, minimum: 0 },
  scheduleOptions: { key: 'scheduleOptions', type: 'object', default: {} },
  /** The most steps a run may take from the panel: the page keeps every point of every run. */
  iterations: { key: 'iterations', type: 'integer', default: 200, minimum: 1, maximum: 10_000_000 },
  seed: { key: 'seed', type: 'integer', default: 0 },
  /** Mini-batch runs: the loss on all the data every this many steps; 0 = once an epoch. */
  evalEvery: { key: 'evalEvery', type: 'integer', default: 0, minimum: 0 },
  gradient: { key: 'gradient', type: 'string', default: 'auto', enum: GRADIENT_SOURCES },
  /** The file's TypeScript errors: warnings beside the run, off, or strict (no run while there are any). */
  typeCheck: { key: 'typeCheck', type: 'string', default: 'warn', enum: TYPE_CHECK_MODES },
  timeLimitSeconds: { key: 'timeLimitSeconds', type: 'number', default: 60, exclusiveMinimum: 0 },
  /** One call into the user's code (f, grad, metrics, loading the file): an endless loop is reported in seconds, not at the run's limit. */
  evalTimeLimitSeconds: { key: 'evalTimeLimitSeconds', type: 'number', default: 10, exclusiveMinimum: 0 },
  /** 16 MiB: below it V8 cannot even start a worker. */
  memoryLimitMb: { key: 'memoryLimitMb', type: 'integer', default: 512, minimum: 16 },
  refreshIntervalMs: { key: 'panel.refreshIntervalMs', type: 'integer', default: 100, minimum: 16, maximum: 1000 },
  codeLensEnabled: { key: 'codeLens.enabled', type: 'boolean', default: true },
  /** The landscape's grid: f is evaluated on this many × this many points. */
  landscapeGridSize: { key: 'landscape.gridSize', type: 'integer', default: 200, minimum: 20, maximum: 1000 },
  plotLocation: { key: 'plotLocation', type: 'string', default: 'beside', enum: PLOT_LOCATIONS },
} as const satisfies Record<string, SettingRule>;

export type SettingName = keyof typeof SETTINGS;

/**
 * The scalar settings of single options, by the engine's option name (PyTorch's, camelCase).
 * A run's options are `lrlab.optimizerOptions` / `lrlab.scheduleOptions` (the objects, kept for
 * settings.json and older settings) with every scalar that is set laid over them: a scalar wins
 * over the same option in its object. A scalar applies only where the chosen optimizer or
 * schedule has that option (momentum means nothing to Adam); `beta1` and `beta2` are the two
 * entries of `betas` (the one not set keeps the object's value, else the optimizer's default).
 */
export const SCALAR_OPTION_SETTINGS = {
  optimizer: { momentum: 'optionMomentum', weightDecay: 'optionWeightDecay', eps: 'optionEps' },
  betas: ['optionBeta1', 'optionBeta2'],
  schedule: {
    stepSize: 'scheduleStepSize',
    gamma: 'scheduleGamma',
    tMax: 'scheduleTMax',
    etaMin: 'scheduleEtaMin',
    maxLr: 'scheduleMaxLr',
    pctStart: 'schedulePctStart',
    warmupSteps: 'scheduleWarmupSteps',
  },
} as const satisfies { optimizer: Record<string, SettingName>; betas: readonly [SettingName, SettingName]; schedule: Record<string, SettingName> };

/** The iterations of a run: default, minimum and the panel's maximum. */
export const ITERATIONS = SETTINGS.iterations;

/** The most steps a schedule preview draws. */
export const PREVIEW_MAX_STEPS = 1_000_000;

/** Wall-clock (whole run and one call) and heap limits of a run of user code when nothing else is said. */
export const DEFAULT_RUN_LIMITS = {
  timeMs: SETTINGS.timeLimitSeconds.default * 1000,
  memoryMb: SETTINGS.memoryLimitMb.default,
  evalTimeMs: SETTINGS.evalTimeLimitSeconds.default * 1000,
} as const;

const isPlainObject = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v);

function hasType(rule: SettingRule, v: unknown): boolean {
  switch (rule.type) {
    case 'integer':
      return Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'object':
      return isPlainObject(v);
    default:
      return v === null || (rule.type[0] === 'integer' ? Number.isInteger(v) : typeof v === 'number' && Number.isFinite(v));
  }
}

/** Whether `v` is a value the rule allows (what VS Code's settings editor would accept). */
export function settingAccepts(rule: SettingRule, v: unknown): boolean {
  if (!hasType(rule, v)) return false;
  if (typeof v === 'number') {
    if (rule.minimum !== undefined && v < rule.minimum) return false;
    if (rule.maximum !== undefined && v > rule.maximum) return false;
    if (rule.exclusiveMinimum !== undefined && v <= rule.exclusiveMinimum) return false;
  }
  if (typeof v === 'string') {
    if (rule.minLength !== undefined && v.length < rule.minLength) return false;
    if (rule.enum !== undefined && !rule.enum.includes(v)) return false;
  }
  return true;
}
