/**
 * Which names mean "learning rate", and which surroundings say a name that can mean it
 * (`alpha`, `eta`, `stepSize`) means something else here. Pure string rules: lrSites.ts feeds
 * them the names it reads from the syntax tree.
 */

/**
 * What a name says about its value:
 *  - `lr`: only a learning rate (`lr`, `learningRate`, `learning_rate`, `LR`, `baseLr`, `eta0`, …);
 *  - `alpha`, `eta`: the usual Greek letters for a step size, but also a colour's opacity, a
 *    smoothing constant, a distribution's parameter;
 *  - `stepSize`: a step size of gradient descent, but also StepLR's step count or a slider's step.
 */
export type LrNameClass = 'lr' | 'alpha' | 'eta' | 'stepSize';

/** Lowercase, without `_`, `-` and spaces: `LEARNING_RATE`, `learningRate` and `'learning-rate'` all give `learningrate`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[_\-\s]/g, '');
}

/**
 * Words in front of `lr` / `learningRate` that keep it a learning rate one starts a schedule
 * from: `baseLr`, `initialLr`, `initLearningRate`, `peakLr`, `maxLr`, `defaultLr`, …
 */
const LR_PREFIXES = ['base', 'initial', 'init', 'start', 'starting', 'peak', 'max', 'default', 'global', 'current', 'cur', 'fixed', 'constant'];
/** …and after it: `lr0`, `eta0` (scikit-learn's initial lr), `learningRateInit` (scikit-learn's `learning_rate_init`). */
const LR_SUFFIXES = ['0', 'init', 'initial', 'base'];

const PREFIXED = new RegExp(`^(?:${LR_PREFIXES.join('|')})(?:lr|learningrate)$`);
const SUFFIXED = new RegExp(`^(?:lr|learningrate|eta)(?:${LR_SUFFIXES.join('|')})$`);

/** The class of a (variable, parameter or property) name, or null when it does not name a learning rate. */
export function classifyName(name: string): LrNameClass | null {
  const n = normalizeName(name);
  if (n === 'lr' || n === 'learningrate' || PREFIXED.test(n) || SUFFIXED.test(n)) return 'lr';
  if (n === 'alpha') return 'alpha';
  if (n === 'eta') return 'eta';
  if (n === 'stepsize') return 'stepSize';
  return null;
}

/** Sibling properties of a colour: `{ r, g, b, alpha }`, `{ h, s, l, alpha }`, `{ color, alpha }`, `{ opacity, … }`. */
const COLOUR_SIBLINGS = new Set(['r', 'g', 'b', 'h', 's', 'l', 'red', 'green', 'blue', 'hue', 'saturation', 'lightness', 'luminance', 'color', 'colour', 'opacity', 'rgb', 'rgba', 'hsl', 'hsla', 'hex']);
/** Parts of an enclosing name (variable, property, function, class, callee, type) that mean colour or style: `strokeStyle`, `theme.alpha`, `rgba(…)`, `Color`. */
const COLOUR_WORDS = ['color', 'colour', 'rgb', 'hsl', 'style', 'theme', 'fill', 'stroke', 'palette', 'paint', 'opacity', 'css', 'blend', 'tint'];

/**
 * Siblings that make `alpha` something other than a step size: a distribution's or a prior's
 * `{ alpha, beta }`, elastic-net / ridge regularisation `{ alpha, l1Ratio }` (scikit-learn's
 * `alpha` is a penalty), `{ alpha, lambda }`. Adam's `{ alpha, beta1, beta2 }` (the paper's
 * step size α) is not excluded: `beta1` is not `beta`.
 */
const NON_LR_ALPHA_SIBLINGS = new Set(['beta', 'l1ratio', 'lambda', 'lambd', 'fitintercept', 'maxiter']);

/**
 * Siblings that make `stepSize` a count of steps or a UI step: StepLR's `{ stepSize, gamma }`,
 * CyclicLR's `{ stepSizeUp, stepSizeDown, mode }`,
 * MultiStepLR's `milestones`, a slider's `{ min, max, step, value }`.
 */
const NON_LR_STEP_SIZE_SIBLINGS = new Set(['gamma', 'milestones', 'stepsizeup', 'stepsizedown', 'mode', 'min', 'max', 'step', 'value', 'lastepoch']);
/** Enclosing names that make `stepSize` a UI or plotting step: `slider`, `input`, `range`, `grid`, `axis`, `tick`, `chart`, `scroll`, `zoom`, `spinner`. */
const NON_LR_STEP_SIZE_WORDS = ['slider', 'input', 'range', 'grid', 'axis', 'tick', 'chart', 'scroll', 'zoom', 'spinner', 'scheduler', 'steplr'];

/** What a site's surroundings say, read off the syntax tree by lrSites.ts. */
export interface SiteContext {
  /** The other property names of the object literal the site is a property of (empty for variables, parameters, assignments). */
  readonly siblings: readonly string[];
  /** Names around the site, innermost first: enclosing variables, properties, functions, classes, callees, type annotations, assignment targets. */
  readonly enclosingNames: readonly string[];
}

/**
 * Why a site named `name` (class `cls`) with value `value` is not a learning rate, or null when
 * it is one. Rules, with examples of what they exclude:
 *  - the value: not finite, ≤ 0 or > 10 (`lr = 0`, `alpha = 255`);
 *  - `alpha` / `eta` next to a learning rate: `{ lr: 0.01, alpha: 0.99 }` (RMSprop's smoothing
 *    constant), `{ learningRate: 1e-3, eta: 0.5 }`; the same for `stepSize` (`{ lr, stepSize: 30 }`);
 *  - `alpha` / `eta` in a colour or style: colour siblings (`{ r: 1, g: 0, b: 0, alpha: 0.5 }`,
 *    `{ color, alpha }`), or an enclosing name with color/colour/rgb/hsl/style/theme/fill/stroke/…
 *    (`const highlightColor = { alpha: 0.3 }`, `rgba(…)`, `theme.alpha = 0.8`, `ctx.fillStyle`,
 *    `const c: Color = { alpha: 0.2 }`);
 *  - `alpha` as a penalty or a distribution parameter: `{ alpha: 0.5, l1Ratio: 0.2 }`, `{ alpha: 2, beta: 5 }`;
 *  - `stepSize` that counts steps: a whole number ≥ 2 (`stepSize = 30`, StepLR's step_size), a
 *    schedule or slider object (`{ stepSize: 1, gamma: 0.5 }`, `{ min: 0, max: 1, stepSize: 0.1 }`),
 *    or a UI/plot name around it (`sliderOptions`, `axis`, `grid`, `tick`, `chart`).
 */
export function whyNotLr(name: string, cls: LrNameClass, value: number, context: SiteContext): string | null {
  if (!Number.isFinite(value) || value <= 0) return `${value} is not a positive learning rate`;
  if (value > 10) return `${value} is larger than any learning rate (> 10)`;
  if (cls === 'lr') return null;
  const siblings = context.siblings.map(normalizeName);
  const lrSibling = context.siblings.find((s) => classifyName(s) === 'lr');
  if (lrSibling !== undefined) return `${name} sits next to ${lrSibling}, the learning rate of the same object`;
  const enclosing = context.enclosingNames.map((n) => n.toLowerCase());
  if (cls === 'alpha' || cls === 'eta') {
    const colourSibling = siblings.find((s) => COLOUR_SIBLINGS.has(s));
    if (colourSibling !== undefined) return `${name} is a colour's alpha (next to ${colourSibling})`;
    const colourName = enclosing.find((n) => COLOUR_WORDS.some((w) => n.includes(w)));
    if (colourName !== undefined) return `${name} is in a colour or style (${colourName})`;
    if (cls === 'alpha') {
      const other = siblings.find((s) => NON_LR_ALPHA_SIBLINGS.has(s));
      if (other !== undefined) return `${name} is a penalty or distribution parameter (next to ${other})`;
    }
    return null;
  }
  if (Number.isInteger(value) && value >= 2) return `${name} = ${value} counts steps`;
  const other = siblings.find((s) => NON_LR_STEP_SIZE_SIBLINGS.has(s));
  if (other !== undefined) return `${name} is a schedule's or control's step (next to ${other})`;
  const uiName = enclosing.find((n) => NON_LR_STEP_SIZE_WORDS.some((w) => n.includes(w)));
  if (uiName !== undefined) return `${name} is a UI or plot step (${uiName})`;
  return null;
}

/** `learning_rate` → `learningRate`, `LR` → `lr`, `'learning-rate'` → `learningRate`, `baseLr` → `baseLr`: a camelCase identifier from a site's name. */
export function camelName(name: string): string {
  const words = name
    .split(/[_\-\s]+|(?<=[a-z0-9])(?=[A-Z])/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
  const camel = words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(camel) ? camel : 'learningRate';
}
