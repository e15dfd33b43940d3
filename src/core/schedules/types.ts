/**
 * The schedule contract. A schedule maps the 0-based step index t to the learning rate
 * used by step t+1 (so `lrs[i]` in `lrlab schedule` is `lrAt(i)`), starting from the
 * optimizer's base lr — PyTorch's `last_epoch` convention, where the scheduler's value at
 * construction is the lr of the first optimizer step.
 *
 * Most schedules are pure functions of t. Two kinds need more, and say so in `dependsOn`:
 *  - 'observation': the lr also depends on the loss / gradient norm measured at the
 *    parameters this step starts from (`lossBased`, `gradientBased`);
 *  - 'metric': the lr depends on metrics reported after earlier steps (`plateau`, like
 *    PyTorch's `scheduler.step(metric)`). Their state is explicit (Optax's
 *    reduce_on_plateau style): `initialState()`, then `report()` after each step.
 */
import type { OptionSpecs, RawConfig, ResolveContext } from '../options';

/** What the loop measured at the parameters a step starts from. */
export interface Observation {
  readonly loss: number;
  readonly gradNorm: number;
}

/**
 * What a schedule needs besides t. A composite (`warmup`, `sequential`) takes the strongest
 * need of its nested schedules, in the order metric > observation > step; so the loop should
 * always pass the observation it measured (a `sequential` of `plateau` and `lossBased` is
 * 'metric' and still reads observations).
 */
export type ScheduleDependence = 'step' | 'observation' | 'metric';

export interface Schedule<S = unknown> {
  readonly type: string;
  readonly config: ScheduleConfig;
  readonly dependsOn: ScheduleDependence;
  /** Fresh state (null for pure schedules). */
  initialState(): S;
  /** The lr for the step with 0-based index t. Allocates nothing. */
  lrAt(t: number, state: S, obs: Observation): number;
  /**
   * Fold in the metric reported after the step with 0-based index t (in the minimize
   * loop: that step's loss, as in `loss = f(x); opt.step(); sched.step(loss)`).
   * May update `state` in place; returns the state to use next. Pure schedules return it.
   */
  report(state: S, t: number, metric: number): S;
}

/** A schedule config as resolved: `type` plus every option with defaults filled in,
 *  nested schedule configs resolved too. */
export type ScheduleConfig = { readonly type: string } & Readonly<Record<string, unknown>>;

export interface ScheduleDefinition<O = Record<string, unknown>> {
  /** camelCase name used in configs: `cosine`, `oneCycle`, ... */
  readonly type: string;
  readonly title: string;
  readonly summary: string;
  /** The PyTorch class this follows, or `LR Lab` for the rules no framework ships. */
  readonly reference: string;
  /** The closed form in plain text, e.g. `lr(t) = ηmin + (base − ηmin)(1 + cos(πt/tMax))/2`. */
  readonly formula: string;
  /** For the composites (`warmup`, `sequential`) 'step': the built schedule takes its need
   *  from its nested schedules (see ScheduleDependence). */
  readonly dependsOn: ScheduleDependence;
  readonly options: OptionSpecs<O>;
  /**
   * Fill in defaults that depend on other options the user gave, before validation (e.g.
   * cyclic's `stepSizeDown` defaults to the given `stepSizeUp`; sequential's `milestones`
   * split the run evenly among the given schedules). Returns a new raw config.
   */
  completeRaw?(raw: RawConfig, ctx: ResolveContext): RawConfig;
  /**
   * Cross-option checks after each option is valid on its own (e.g. sequential needs one
   * milestone fewer than schedules). Throws LrLabError('invalidConfig') naming `owner`.
   */
  check?(options: O, owner: string): void;
  /**
   * The context nested schedule options are resolved in (e.g. the inner schedule of
   * `warmup` runs for totalSteps − warmupSteps steps). Only for definitions with nested
   * schedules; `index` is the position in a schedule list.
   */
  nestedContext?(option: string, index: number, options: O, ctx: ResolveContext): ResolveContext;
  /** Build the schedule. `build` creates nested schedules from their resolved configs. */
  create(baseLr: number, options: O, build: (config: ScheduleConfig, baseLr: number) => Schedule): Schedule;
}
