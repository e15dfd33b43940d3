/**
 * Option specs several optimizers share word for word (the lr, L2 weight decay, and the Adam
 * family's betas, ε and AMSGrad): one spec, so a doc or a range is fixed in one place. Only
 * the definitions use these; the kernels (`xxxInit`/`xxxStep`) stay self-contained, since
 * codegen lifts them verbatim into users' files.
 */
import type { BooleanSpec, NumberSpec, PairSpec } from '../options';

/** The base lr γ with the optimizer's PyTorch default; `note` adds to the doc's parenthesis. */
export function learningRate(value: number, note = ''): NumberSpec {
  return { kind: 'number', min: 0, default: value, doc: `Learning rate γ (default: ${value.toExponential().replace('e+', 'e')}${note})` };
}

/** Coupled (L2) weight decay: λ·θ added to the gradient. */
export function l2WeightDecay(note = ''): NumberSpec {
  return { kind: 'number', min: 0, default: 0, doc: `L2 penalty λ added to the gradient as λ·θ (default: 0${note})` };
}

/** Adam's [β₁, β₂] of the gradient and squared-gradient averages. */
export const ADAM_BETAS: PairSpec = { kind: 'pair', min: 0, max: 1, maxExclusive: true, default: [0.9, 0.999], doc: 'Decay rates [β₁, β₂] of the gradient and squared-gradient averages, each in [0, 1) (default: [0.9, 0.999])' };

/** Adam's ε, added to the bias-corrected root. */
export function adamEps(note = ''): NumberSpec {
  return { kind: 'number', min: 0, default: 1e-8, doc: `ε added to the bias-corrected root, outside it (default: 1e-8${note})` };
}

export const AMSGRAD: BooleanSpec = { kind: 'boolean', default: false, doc: 'AMSGrad: normalise by the running maximum of v (default: false)' };
