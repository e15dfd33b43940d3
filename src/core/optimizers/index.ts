/**
 * Optimizers: the registry, config resolution and construction. Each optimizer's file holds
 * its options, state, self-contained `init`/`step` kernels and documented definition; see
 * types.ts for the contract.
 */
import { LrLabError } from '../errors';
import { messageValue } from '../messageValue';
import { lookup, resolveOptions, type RawConfig, type ResolveContext } from '../options';
import { adadelta } from './adadelta';
import { adafactor } from './adafactor';
import { adagrad } from './adagrad';
import { adam } from './adam';
import { adamax } from './adamax';
import { adamw } from './adamw';
import { adamwScheduleFree } from './adamwScheduleFree';
import { asgd } from './asgd';
import { dAdaptAdam } from './dAdaptAdam';
import { lbfgs } from './lbfgs';
import { lion } from './lion';
import { nadam } from './nadam';
import { prodigy } from './prodigy';
import { radam } from './radam';
import { rmsprop } from './rmsprop';
import { rprop } from './rprop';
import { sgd } from './sgd';
import { sgdScheduleFree } from './sgdScheduleFree';
import type { Closure, Optimizer, OptimizerBuffers, OptimizerConfig, OptimizerDefinition, OptimizerFamily, OptimizerState, ParameterShapes } from './types';
import { ACCEL_MIN_DIM, accelerator, type AcceleratedBuffers } from './accel';
import { checkShapes } from './shapes';
import { checkAbsentOptions, flavorFor, flavorOptionSpecs } from './flavors';

export type OptimizerType =
  | 'sgd'
  | 'adagrad'
  | 'rmsprop'
  | 'adam'
  | 'adamw'
  | 'adadelta'
  | 'adamax'
  | 'nadam'
  | 'radam'
  | 'adafactor'
  | 'rprop'
  | 'asgd'
  | 'lbfgs'
  | 'lion'
  | 'sgdScheduleFree'
  | 'adamwScheduleFree'
  | 'prodigy'
  | 'dAdaptAdam';

// Options and state differ per optimizer; each definition is typed against its own interfaces.
// The order is the order of lists and pickers: torch.optim's eight classics first.
export const optimizerDefinitions: Readonly<Record<OptimizerType, OptimizerDefinition<any, any>>> = {
  sgd,
  adagrad,
  rmsprop,
  adam,
  adamw,
  adadelta,
  adamax,
  nadam,
  radam,
  adafactor,
  rprop,
  asgd,
  lbfgs,
  lion,
  sgdScheduleFree,
  adamwScheduleFree,
  prodigy,
  dAdaptAdam,
};

export const optimizerTypes: readonly OptimizerType[] = Object.keys(optimizerDefinitions) as OptimizerType[];

/**
 * The family of each optimizer, as the panel groups them: classic (SGD and its averaged and
 * schedule-free kin), adaptive (per-parameter scaling by gradient statistics, schedule-free
 * AdamW too), sign-based
 * (steps of a fixed size in the direction of a sign), second-order (curvature from gradient
 * differences, line searches), lr-free (the step size is estimated; lr is a multiplier).
 */
export const optimizerFamilies: Readonly<Record<OptimizerType, OptimizerFamily>> = {
  sgd: 'classic',
  adagrad: 'adaptive',
  rmsprop: 'adaptive',
  adam: 'adaptive',
  adamw: 'adaptive',
  adadelta: 'adaptive',
  adamax: 'adaptive',
  nadam: 'adaptive',
  radam: 'adaptive',
  adafactor: 'adaptive',
  rprop: 'sign-based',
  asgd: 'classic',
  lbfgs: 'second-order',
  lion: 'sign-based',
  sgdScheduleFree: 'classic',
  adamwScheduleFree: 'adaptive',
  prodigy: 'lr-free',
  dAdaptAdam: 'lr-free',
};

// No optimizer default depends on the run (they are PyTorch's constants).
const NO_CONTEXT: ResolveContext = { baseLr: NaN, totalSteps: NaN };

/**
 * Validate a raw optimizer config (JSON, flags, the panel) and fill in PyTorch's defaults.
 * Throws LrLabError('invalidConfig') naming the optimizer, the option, the expectation and the
 * value; an unknown optimizer or option lists the valid ones. Resolving a resolved config
 * returns an equal one.
 */
export function resolveOptimizerConfig(raw: unknown): OptimizerConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw LrLabError.worded('invalidConfig', { id: 'optimizerConfigObject', args: ['{"type": "adam"}', messageValue(raw)] });
  }
  const { flavor: asked, ...given } = raw as RawConfig;
  const definition = lookup('optimizer', optimizerDefinitions, given.type);
  const flavor = flavorFor(definition.type, asked);
  const owner = flavor === null ? `optimizer ${definition.type}` : `optimizer ${definition.type} (flavor ${flavor.flavor})`;
  const specs = flavor === null ? definition.options : flavorOptionSpecs(definition.options, flavor.defaults);
  const options: Record<string, unknown> = resolveOptions(owner, specs, given, NO_CONTEXT);
  definition.check?.(options, owner);
  if (flavor === null) return { type: definition.type, ...options } as OptimizerConfig;
  checkAbsentOptions(flavor, options, owner);
  return { type: definition.type, flavor: flavor.flavor, ...options } as unknown as OptimizerConfig;
}

/**
 * A ready-to-run optimizer from a config (validated again, so a config read back from a
 * file cannot smuggle in a bad value). `step(params, grad, state, lr)` updates `params` in
 * place with this step's lr from the schedule and allocates nothing. `allocate(dim)` gives a
 * run's arrays; for the element-wise optimizers with an accelerated step (ACCELERATED_TYPES: adam,
 * sgd, rmsprop, radam, rprop, asgd, lion and the schedule-free ones) with at least ACCEL_MIN_DIM parameters they live in
 * shared WebAssembly memory and `step` on them runs the accelerated kernel (./accel),
 * bit-identical to the scalar one.
 */
export function createOptimizer(config: OptimizerConfig): Optimizer {
  const resolved = resolveOptimizerConfig(config);
  const base = optimizerDefinitions[resolved.type as OptimizerType];
  const { type: _type, flavor: asked, ...options } = resolved;
  // Another library's version keeps the definition's contract with that library's kernels (scalar only).
  const flavor = flavorFor(base.type, asked);
  const definition = flavor === null ? base : { ...base, init: flavor.init, step: flavor.step };
  const kernel = definition.step;
  const accel = flavor === null ? accelerator(definition.type, options, definition.init) : null;
  // The buffers of the latest allocate() that took the fast path (one run at a time per optimizer).
  let fast: AcceleratedBuffers | null = null;
  const effectiveLr = definition.effectiveLr;
  const averaged = definition.averagedParams;
  const evalPoint = definition.evalPoint;
  const evaluatesItself = definition.evaluates === 'closure';
  return {
    type: definition.type,
    config: resolved,
    ...(effectiveLr !== undefined ? { effectiveLr: (state: OptimizerState, lr: number) => effectiveLr(state, lr, options) } : {}),
    ...(averaged !== undefined ? { averagedParams: (state: OptimizerState) => (state as unknown as Record<string, Float64Array>)[averaged]! } : {}),
    ...(evalPoint !== undefined ? { evalPoint } : {}),
    ...(evaluatesItself ? { evaluates: 'closure' as const, evaluations: (state: OptimizerState) => (state as unknown as { funcEvals: number }).funcEvals } : {}),
    init(dim: number, shapes?: ParameterShapes): OptimizerState {
      if (shapes !== undefined) checkShapes(shapes, dim, { id: 'parameterShapeOf', args: [definition.type] });
      return definition.init(dim, options, shapes);
    },
    step(params: Float64Array, grad: Float64Array, state: OptimizerState, lr: number, loss?: number, closure?: Closure): void {
      if (grad.length !== params.length) {
        throw LrLabError.worded('gradientLength', { id: 'optimizerGradientLength', args: [definition.type, grad.length, params.length] });
      }
      if (evaluatesItself) {
        needsClosure(definition.type, loss, closure);
        kernel(params, grad, state, lr, options, loss, closure);
      } else if (fast !== null && fast.owns(params, grad, state)) fast.step(lr);
      else kernel(params, grad, state, lr, options);
    },
    bind(params: Float64Array, grad: Float64Array, state: OptimizerState, closure?: Closure): (lr: number, loss?: number) => void {
      if (grad.length !== params.length) {
        throw LrLabError.worded('gradientLength', { id: 'optimizerGradientLength', args: [definition.type, grad.length, params.length] });
      }
      if (evaluatesItself) {
        needsClosure(definition.type, 0, closure);
        return (lr, loss) => kernel(params, grad, state, lr, options, loss, closure);
      }
      if (fast !== null && fast.owns(params, grad, state)) {
        const buffers = fast;
        return (lr) => buffers.step(lr);
      }
      return (lr) => kernel(params, grad, state, lr, options);
    },
    allocate(dim: number, shapes?: ParameterShapes): OptimizerBuffers {
      if (shapes !== undefined) checkShapes(shapes, dim, { id: 'parameterShapeOf', args: [definition.type] });
      const buffers = accel !== null && dim >= ACCEL_MIN_DIM ? accel.allocate(dim) : null;
      if (buffers === null) return { params: new Float64Array(dim), grad: new Float64Array(dim), state: definition.init(dim, options, shapes), release: () => undefined };
      fast = buffers;
      return {
        params: buffers.params,
        grad: buffers.grad,
        state: buffers.state,
        release() {
          if (fast === buffers) fast = null;
          buffers.release();
        },
      };
    },
  };
}

/** An optimizer that evaluates the objective itself was given no closure (or no loss): say what it needs. */
function needsClosure(type: string, loss: number | undefined, closure: Closure | undefined): void {
  if (closure === undefined || loss === undefined) {
    throw new LrLabError('invalidConfig', `${type} evaluates the objective itself: its step needs the loss at the parameters and a closure that evaluates again (PyTorch's step(closure))`);
  }
}

export { loadOptimizerState, saveOptimizerState } from './state';
export { checkShapes, parameterShapes, shapeSize } from './shapes';
export { FLAVOR_LIBRARIES, FLAVORS, flavorFor, flavorsOf, optimizerFlavors, type Flavor, type FlavorDefinition, type LibraryFlavor } from './flavors';
export type { Closure, Optimizer, OptimizerBuffers, OptimizerConfig, OptimizerDefinition, OptimizerFamily, OptimizerState, OptimizerStateJSON, ParameterShapes } from './types';

export { sgd, sgdInit, sgdStep, type SgdOptions, type SgdState } from './sgd';
export { adagrad, adagradInit, adagradStep, type AdagradOptions, type AdagradState } from './adagrad';
export { rmsprop, rmspropInit, rmspropStep, type RmspropOptions, type RmspropState } from './rmsprop';
export { adam, adamInit, adamStep, type AdamOptions, type AdamState } from './adam';
export { adamw, adamwInit, adamwStep, type AdamwOptions, type AdamwState } from './adamw';
export { adadelta, adadeltaInit, adadeltaStep, type AdadeltaOptions, type AdadeltaState } from './adadelta';
export { adamax, adamaxInit, adamaxStep, type AdamaxOptions, type AdamaxState } from './adamax';
export { nadam, nadamInit, nadamStep, type NadamOptions, type NadamState } from './nadam';
export { radam, radamInit, radamStep, type RadamOptions, type RadamState } from './radam';
export { adafactor, adafactorInit, adafactorLerp, adafactorStep, adafactorUpdate, type AdafactorOptions, type AdafactorState } from './adafactor';
export { rprop, rpropInit, rpropStep, type RpropOptions, type RpropState } from './rprop';
export { asgd, asgdInit, asgdStep, type AsgdOptions, type AsgdState } from './asgd';
export {
  lbfgs,
  lbfgsCopy,
  lbfgsCubicInterpolate,
  lbfgsDot,
  lbfgsEvaluateAt,
  lbfgsInit,
  lbfgsStep,
  lbfgsStrongWolfe,
  type LbfgsOptions,
  type LbfgsState,
} from './lbfgs';
export { sgdScheduleFree, sgdScheduleFreeInit, sgdScheduleFreeStep, type SgdScheduleFreeOptions, type SgdScheduleFreeState } from './sgdScheduleFree';
export { adamwScheduleFree, adamwScheduleFreeInit, adamwScheduleFreeStep, type AdamwScheduleFreeOptions, type AdamwScheduleFreeState } from './adamwScheduleFree';
export { lion, lionInit, lionStep, type LionOptions, type LionState } from './lion';
export { prodigy, prodigyInit, prodigyLr, prodigyStep, type ProdigyOptions, type ProdigyState } from './prodigy';
export { dAdaptAdam, dAdaptAdamInit, dAdaptAdamLr, dAdaptAdamStep, type DAdaptAdamOptions, type DAdaptAdamState } from './dAdaptAdam';
