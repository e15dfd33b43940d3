/**
 * Flavours: the same optimizer as another library computes it. PyTorch is the reference (the
 * optimizer's own definition); a flavour keeps the option names and the state's buffers but
 * has that library's update rule and defaults, so a run shows why a port behaves differently.
 */
import type { OptionSpecs } from '../../options';
import type { BaseOptimizerOptions, OptimizerState } from '../types';

export const FLAVORS = ['pytorch', 'keras', 'tfjs', 'optax'] as const;
export type Flavor = (typeof FLAVORS)[number];
/** The flavours other than PyTorch's own. */
export type LibraryFlavor = Exclude<Flavor, 'pytorch'>;

/** The library each flavour follows, for messages and cards. */
export const FLAVOR_LIBRARIES: Readonly<Record<Flavor, string>> = {
  pytorch: 'PyTorch',
  keras: 'Keras 3',
  tfjs: 'TF.js',
  optax: 'Optax',
};

/** An option the library does not have: it must keep the value that means "off". */
export interface AbsentOption {
  readonly value: unknown;
  /** Why, in one phrase: "tf.train.adam has no AMSGrad". */
  readonly reason: string;
}

export interface FlavorDefinition<O extends BaseOptimizerOptions = BaseOptimizerOptions, S extends OptimizerState = OptimizerState> {
  readonly flavor: LibraryFlavor;
  /** The library's function or class, e.g. `keras.optimizers.Adam`. */
  readonly reference: string;
  /** The update rule as the library computes it, in the same plain-text style as the definition's formula. */
  readonly formula: string;
  /** What differs from PyTorch and why it matters (card and help prose). */
  readonly note: string;
  /** The library's defaults where they differ from PyTorch's (options the library requires keep PyTorch's). */
  readonly defaults: Partial<Readonly<Record<keyof O & string, unknown>>>;
  /** Options the library lacks (they must stay at the given value). */
  readonly absent?: Partial<Readonly<Record<keyof O & string, AbsentOption>>>;
  init(dim: number, options: O): S;
  step(params: Float64Array, grad: Float64Array, state: S, lr: number, options: O): void;
}

/** A definition's option specs with a flavour's defaults in place of PyTorch's. */
export function flavorOptionSpecs<O>(specs: OptionSpecs<O>, defaults: Partial<Readonly<Record<string, unknown>>>): OptionSpecs<O> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs as Record<string, { default: unknown }>)) {
    out[name] = name in defaults ? { ...spec, default: defaults[name] } : spec;
  }
  return out as OptionSpecs<O>;
}
