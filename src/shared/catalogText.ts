/**
 * The catalog's words for each optimizer and schedule — its title and one-line summary — in the
 * display language. The engine (src/core) knows no language, so its definitions carry English;
 * the borders word them again here, keyed by type, as `l10n.t` literals that `npm run
 * l10n:export` extracts and the bundle test asks Chinese for (like `engineText`). Each English
 * literal is the engine's own sentence (a unit test keeps them equal), and a type missing from
 * these tables (a catalog from a newer engine) keeps the engine's English, marked as such.
 * The tables hold functions: l10n is configured after the modules load. They are keyed by plain
 * strings, not the engine's type unions: importing src/core here would pull the engine's Node
 * modules into the page's program; test/unit/shared/catalogText.test.ts checks every registered
 * type has its entry instead.
 */
import * as l10n from '@vscode/l10n';

interface CatalogWords {
  /** Absent where the title is a name (Adam, L-BFGS): the engine's stays. */
  readonly title?: string;
  readonly summary: string;
}

export const OPTIMIZER_WORDS: Readonly<Record<string, () => CatalogWords>> = {
  sgd: () => ({ summary: l10n.t('Gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay.') }),
  adagrad: () => ({ summary: l10n.t('Per-parameter steps divided by the root of the running sum of squared gradients.') }),
  rmsprop: () => ({ summary: l10n.t('Steps divided by the root of a moving average of squared gradients; optional centering and momentum.') }),
  adam: () => ({ summary: l10n.t('Adaptive moment estimation: bias-corrected moving averages of the gradient and its square (optionally AMSGrad).') }),
  adamw: () => ({ summary: l10n.t('Adam with decoupled weight decay: θ shrinks by the factor 1 − lr·weightDecay before each Adam step.') }),
  adadelta: () => ({ summary: l10n.t('Steps sized by the RMS of past updates over the RMS of gradients (Zeiler), scaled by lr.') }),
  adamax: () => ({ summary: l10n.t('Adam with an exponentially weighted infinity norm in place of the second moment.') }),
  nadam: () => ({ summary: l10n.t('Adam with Nesterov momentum and a slowly warming momentum schedule μₜ (Dozat).') }),
  radam: () => ({ summary: l10n.t('Rectified Adam: no adaptive scaling while the variance estimate is young (ρₜ ≤ 5), then Adam scaled by a rectification factor.') }),
  adafactor: () => ({ summary: l10n.t('Memory-light Adam without momentum (PyTorch 2.5): factored row/column second moments for matrix blocks, steps relative to the parameters’ RMS, update clipping.') }),
  asgd: () => ({ summary: l10n.t('Averaged SGD (Polyak–Juditsky): decaying steps, and the running average of the iterates from step t0 on, reported as a second series.') }),
  rprop: () => ({ summary: l10n.t('Resilient backpropagation: per-parameter step sizes that grow while the gradient keeps its sign and shrink when it flips; moves by −sign(g)·Δ.') }),
  lion: () => ({ summary: l10n.t('Sign momentum (Chen et al. 2023): every parameter moves by ±lr, the sign of a mix of momentum and gradient; one state buffer.') }),
  lbfgs: () => ({ summary: l10n.t('Limited-memory BFGS: quasi-Newton directions from the last m steps, optional strong-Wolfe line search; several evaluations per step.') }),
  prodigy: () => ({ summary: l10n.t('Learning-rate-free Adam (Mishchenko & Defazio): estimates the step size d from the distance travelled; lr is a multiplier (1).') }),
  dAdaptAdam: () => ({ summary: l10n.t('Learning-rate-free Adam (Defazio & Mishchenko): a growing lower bound d on the distance to the solution sets the step size; lr is a multiplier (1).') }),
  sgdScheduleFree: () => ({
    title: l10n.t('Schedule-free SGD'),
    summary: l10n.t('SGD without a schedule (Defazio et al. 2024): steps on z, the model x is their running average, gradients are taken at y = βx + (1 − β)z; loss reported at x.'),
  }),
  adamwScheduleFree: () => ({
    title: l10n.t('Schedule-free AdamW'),
    summary: l10n.t('AdamW without a schedule (Defazio et al. 2024): steps on z, the model x is their running average, gradients are taken at y between them; loss reported at x.'),
  }),
};

export const SCHEDULE_WORDS: Readonly<Record<string, () => CatalogWords>> = {
  constant: () => ({ title: l10n.t('Constant'), summary: l10n.t('The base lr at every step.') }),
  step: () => ({ title: l10n.t('Step decay'), summary: l10n.t('Multiply the lr by gamma every stepSize steps.') }),
  multiStep: () => ({ title: l10n.t('Multi-step decay'), summary: l10n.t('Multiply the lr by gamma at each milestone step.') }),
  exponential: () => ({ title: l10n.t('Exponential decay'), summary: l10n.t('Multiply the lr by gamma every step.') }),
  linear: () => ({ title: l10n.t('Linear'), summary: l10n.t('Scale the lr by a factor that moves linearly from startFactor to endFactor over totalIters steps.') }),
  polynomial: () => ({ title: l10n.t('Polynomial decay'), summary: l10n.t('Decay the lr polynomially to 0 over totalIters steps.') }),
  cosine: () => ({ title: l10n.t('Cosine annealing'), summary: l10n.t('Half a cosine from the base lr down to etaMin over tMax steps (rises again after tMax, as in PyTorch).') }),
  cosineWarmRestarts: () => ({
    title: l10n.t('Cosine with warm restarts'),
    summary: l10n.t('Cosine annealing that restarts at the base lr after t0, t0·tMult, t0·tMult², … steps (SGDR).'),
  }),
  oneCycle: () => ({ title: l10n.t('One cycle'), summary: l10n.t('Warm up to maxLr, then anneal far below the start (Smith’s 1cycle; lr only, momentum not cycled).') }),
  cyclic: () => ({ title: l10n.t('Cyclic'), summary: l10n.t('Triangle waves between baseLr and maxLr (lr only, momentum not cycled).') }),
  plateau: () => ({ title: l10n.t('Reduce on plateau'), summary: l10n.t('Multiply the lr by factor when the reported metric (the loss) stops improving for patience steps.') }),
  sequential: () => ({ title: l10n.t('Sequential'), summary: l10n.t('Run schedules one after another, switching at the milestones; each starts from its own step 0.') }),
  inverseTime: () => ({ title: l10n.t('Inverse time decay'), summary: l10n.t('Divide the base lr by 1 + decayRate · t / decaySteps.') }),
  warmup: () => ({ title: l10n.t('Linear warmup'), summary: l10n.t('Ramp linearly up to an inner schedule, which then starts from its step 0.') }),
  lossBased: () => ({ title: l10n.t('Loss-based'), summary: l10n.t('Scale the lr down while the loss is large: base / √(1 + beta·loss).') }),
  gradientBased: () => ({ title: l10n.t('Gradient-based'), summary: l10n.t('Scale the lr down where the gradient is steep: base / (1 + beta·‖g‖²).') }),
};

export interface CatalogText {
  readonly title: string;
  readonly summary: string;
  /** The engine's English, for a type these tables do not know: the page marks it lang="en". */
  readonly english: boolean;
}

/** The title and summary of a catalog entry in the display language (the engine's English for an unknown type). */
export function catalogText(kind: 'optimizer' | 'schedule', entry: { readonly type: string; readonly title: string; readonly summary: string }): CatalogText {
  const table = kind === 'optimizer' ? OPTIMIZER_WORDS : SCHEDULE_WORDS;
  const words = Object.hasOwn(table, entry.type) ? table[entry.type]!() : undefined;
  return words ? { title: words.title ?? entry.title, summary: words.summary, english: false } : { title: entry.title, summary: entry.summary, english: true };
}
