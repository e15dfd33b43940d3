/**
 * Worked examples the engine reproduces: fixed gradients fed to an optimizer's own step (the
 * kernel a run uses), each step's state and parameters shown as a table; schedules' lr at
 * chosen steps. Where a widely copied number is wrong, the example carries the claim and why.
 * The inputs are those of each optimizer's TSDoc "Worked example" (a unit test checks that the
 * TSDoc states the same θ₀ and gradients), so the card, the docs and the tests tell one story.
 */
import type { CardClaim, CardExample } from '../../shared/messages/card';
import { createOptimizer, FLAVOR_LIBRARIES, resolveOptimizerConfig, type LibraryFlavor, type OptimizerState, type OptimizerType } from '../optimizers';
import { resolveScheduleConfig } from '../schedules';
import { previewSchedule, usesObservation } from '../schedules/preview';

export interface OptimizerExample {
  readonly title: string;
  /** The optimizer options beside `type` (the rest are PyTorch's defaults, or the flavour's). */
  readonly options: Readonly<Record<string, unknown>>;
  readonly theta0: readonly number[];
  readonly grads: readonly (readonly number[])[];
  /** State fields shown after each step: [column label, state field]. */
  readonly show: readonly (readonly [string, string])[];
  /** Rows computed beside the engine's (e.g. the same step without bias correction), from the engine's state. */
  readonly extra?: (state: Readonly<Record<string, unknown>>, options: Readonly<Record<string, unknown>>, theta0: readonly number[]) => { label: string; theta: number[] };
  readonly claims?: readonly CardClaim[];
  /** Other libraries' versions run on the same inputs (their own defaults otherwise): one row each with their last θ. */
  readonly compare?: readonly LibraryFlavor[];
}

const M: readonly [string, string] = ['m', 'expAvg'];
const V: readonly [string, string] = ['v', 'expAvgSq'];
const TSDOC = 'The example of the TSDoc';

export const optimizerExamples: Readonly<Partial<Record<OptimizerType, readonly OptimizerExample[]>>> = {
  sgd: [{ title: TSDOC, options: { lr: 0.1, momentum: 0.9 }, theta0: [1, -2], grads: [[0.5, -1], [0.25, 1]], show: [['b', 'momentumBuffer']] }],
  adagrad: [
    {
      title: 'A textbook example: g₁ = (0.1, 0.2), α = 0.01',
      options: { lr: 0.01 },
      theta0: [0, 0],
      grads: [[0.1, 0.2]],
      show: [['sum', 'sum']],
      compare: ['keras'],
      claims: [
        {
          source: 'a widely copied AdaGrad walk-through',
          claimed: 'θ₁ = (−0.0010, −0.0005)',
          correct: 'θ₁ = (−0.01, −0.01)',
          why:
            'At the first step the sum of squares is g₁² itself, so each coordinate moves by α·g/√(g²) = α·sign(g): −0.01 in both, whatever the size of g. ' +
            'A first step smaller than α (−0.0010 is α·g₁, plain SGD) means the division by √sum was dropped; ' +
            'Keras\'s accumulator starting at 0.1 gives (−0.0030, −0.0053) — also not the textbook value.',
        },
      ],
    },
    { title: TSDOC, options: { lr: 0.1, lrDecay: 1, eps: 0 }, theta0: [1, -2], grads: [[3, -4], [4, 3]], show: [['sum', 'sum']] },
  ],
  rmsprop: [{ title: TSDOC, options: { lr: 0.01, alpha: 0.99, momentum: 0.9, eps: 0 }, theta0: [1, -2], grads: [[3, -4], [0.3, -0.4]], show: [['v', 'squareAvg'], ['b', 'momentumBuffer']] }],
  adam: [
    {
      title: "Adam's first step, with and without bias correction (α = 1e-3, g₁ = (0.1, 0.2))",
      options: { lr: 1e-3 },
      theta0: [0, 0],
      grads: [[0.1, 0.2]],
      show: [M, V],
      compare: ['keras'],
      extra: (state, options, theta0) => {
        const m = state.expAvg as Float64Array;
        const v = state.expAvgSq as Float64Array;
        const lr = options.lr as number;
        const eps = options.eps as number;
        return { label: 'without bias correction', theta: theta0.map((t, i) => t - (lr * m[i]!) / (Math.sqrt(v[i]!) + eps)) };
      },
      claims: [
        {
          source: 'articles that leave out m̂ and v̂',
          claimed: 'θ₁ = θ₀ − α·m/(√v + ε) ≈ (−0.00316, −0.00316)',
          correct: 'θ₁ = θ₀ − α·m̂/(√v̂ + ε) ≈ (−0.001, −0.001)',
          why:
            'm and v start at 0, so after one step m = (1 − β₁)g and v = (1 − β₂)g²: without correction the step is α·(1 − β₁)/√(1 − β₂) = 3.16α per coordinate, ' +
            'not α. Dividing by 1 − β₁ᵗ and 1 − β₂ᵗ removes the pull towards 0 of the first steps; the correction fades as t grows (β₂ᵗ ≈ 0.37 after 1000 steps).',
        },
      ],
    },
    { title: TSDOC, options: { lr: 0.1 }, theta0: [1, 2], grads: [[1, 1], [1, -1]], show: [M, V] },
  ],
  adamw: [{ title: TSDOC, options: { lr: 0.1, weightDecay: 0.01 }, theta0: [1, 2], grads: [[1, 1], [1, -1]], show: [M, V] }],
  adadelta: [{ title: TSDOC, options: { lr: 1, rho: 0.9, eps: 1e-6 }, theta0: [1, -2], grads: [[1, -2], [0.5, 1]], show: [['v', 'squareAvg'], ['u', 'accDelta']] }],
  adamax: [{ title: TSDOC, options: { lr: 0.1 }, theta0: [1, -2], grads: [[2, -4], [-1, -8]], show: [M, ['u', 'expInf']] }],
  nadam: [{ title: TSDOC, options: { lr: 0.1 }, theta0: [1, -2], grads: [[1, -2], [0.5, 1]], show: [M, V, ['Π', 'muProduct']] }],
  radam: [{ title: TSDOC, options: { lr: 0.1 }, theta0: [1, 2], grads: [[1, 1], [1, -1]], show: [M, V] }],
  adafactor: [{ title: TSDOC, options: { lr: 0.01 }, theta0: [1, -2], grads: [[1, 1], [2, -1]], show: [['V̂', 'variance']] }],
  rprop: [{ title: TSDOC, options: { lr: 0.1 }, theta0: [1, -2], grads: [[2, -4], [1, 3], [0.5, 1]], show: [['Δ', 'stepSize'], ['g_prev', 'prev']] }],
  asgd: [{ title: TSDOC, options: { lr: 0.1, t0: 0 }, theta0: [1, -2], grads: [[1, -2], [0.5, 1], [1, 1]], show: [['x̄', 'ax'], ['η', 'eta']] }],
  lion: [{ title: TSDOC, options: { lr: 0.1 }, theta0: [1, -2], grads: [[3, -0.5], [-1, -1]], show: [M] }],
  sgdScheduleFree: [{ title: TSDOC, options: { lr: 0.1 }, theta0: [1, -2], grads: [[1, -2], [0.5, 1]], show: [['z', 'z'], ['x', 'x']] }],
  adamwScheduleFree: [{ title: TSDOC, options: { lr: 0.1 }, theta0: [1, -2], grads: [[1, -2], [0.5, 1]], show: [['z', 'z'], ['x', 'x']] }],
  prodigy: [{ title: TSDOC, options: { d0: 0.01 }, theta0: [1, -2], grads: [[1, -2], [1, -2], [1, -2]], show: [['d', 'd']] }],
  dAdaptAdam: [{ title: TSDOC, options: {}, theta0: [1, -2], grads: [[1, -2], [1, -2], [1, -2]], show: [['d', 'd']] }],
};

/** A number as the card shows it: 10 significant digits, a true minus sign. */
export function formatCardNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const s = String(Number(x.toPrecision(10)));
  return s.replace('-', '−');
}

function formatValue(v: unknown): string {
  if (ArrayBuffer.isView(v)) return `[${Array.from(v as Float64Array, formatCardNumber).join(', ')}]`;
  if (Array.isArray(v)) return `[${v.map((x) => formatCardNumber(x as number)).join(', ')}]`;
  return typeof v === 'number' ? formatCardNumber(v) : String(v);
}

function setupLine(options: Readonly<Record<string, unknown>>, theta0: readonly number[], grads: readonly (readonly number[])[]): string {
  const opts = Object.entries(options).map(([k, v]) => `${k} ${formatValue(v)}`);
  return [...opts, `θ₀ = ${formatValue(theta0)}`, ...grads.map((g, k) => `g${subscript(k + 1)} = ${formatValue(g)}`)].join(', ');
}

function subscript(n: number): string {
  return String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]!);
}

interface Stepped {
  readonly rows: string[][];
  readonly state: Readonly<Record<string, unknown>>;
  readonly config: Readonly<Record<string, unknown>> & { readonly lr: number };
  readonly theta: Float64Array;
}

/** The example's gradients through the optimizer's own step: one row per step (t, lr of the step, g, the shown state, θ). */
function stepThrough(type: string, example: OptimizerExample, flavor: LibraryFlavor | undefined): Stepped {
  const config = resolveOptimizerConfig({ type, ...example.options, ...(flavor !== undefined ? { flavor } : {}) });
  const optimizer = createOptimizer(config);
  const params = Float64Array.from(example.theta0);
  const state = optimizer.init(params.length);
  const rows: string[][] = [];
  for (const g of example.grads) {
    const lr = optimizer.effectiveLr?.(state, config.lr) ?? config.lr;
    optimizer.step(params, Float64Array.from(g), state, config.lr);
    const fields = state as OptimizerState & Record<string, unknown>;
    rows.push([String(fields.step), formatCardNumber(lr), formatValue(g), ...example.show.map(([, field]) => formatValue(fields[field])), formatValue(params)]);
  }
  return { rows, state: state as unknown as Record<string, unknown>, config, theta: params };
}

/** Run an example through the engine (PyTorch's rule), then the compared libraries' versions and the extra row. */
export function reproduceOptimizerExample(type: string, example: OptimizerExample): CardExample {
  const { rows, state, config } = stepThrough(type, example, undefined);
  const blank = example.show.map(() => '');
  for (const flavor of example.compare ?? []) {
    rows.push([`${FLAVOR_LIBRARIES[flavor]} (flavor=${flavor})`, '', '', ...blank, formatValue(stepThrough(type, example, flavor).theta)]);
  }
  if (example.extra !== undefined) {
    const extra = example.extra(state, config, example.theta0);
    rows.push([extra.label, '', '', ...blank, formatValue(extra.theta)]);
  }
  return {
    title: example.title,
    setup: setupLine(example.options, example.theta0, example.grads),
    columns: ['t', 'lr', 'g', ...example.show.map(([label]) => label), 'θ'],
    rows,
    claims: [...(example.claims ?? [])],
  };
}

/** Schedules: the lr of chosen steps of a 100-step run from base lr 0.1, defaults otherwise. */
export const SCHEDULE_EXAMPLE = { baseLr: 0.1, steps: 100, at: [1, 2, 10, 25, 50, 75, 100] } as const;

export interface ScheduleClaim extends CardClaim {
  readonly type: string;
}

/** Wrong schedule formulas seen in the wild, shown on the schedule's card. */
export const scheduleClaims: readonly ScheduleClaim[] = [
  {
    type: 'linear',
    source: 'tutorials that call lr₀·γᵗ a "linear decay"',
    claimed: 'lr(t) = lr₀·γᵗ (e.g. γ = 0.95)',
    correct: 'lr(t) = lr₀·(f_s + (f_e − f_s)·min(T, t)/T)',
    why:
      'lr₀·γᵗ multiplies by the same factor every step: that is exponential decay (the exponential schedule), a straight line only on a log axis. ' +
      'A linear schedule changes by the same amount every step and reaches its end factor at T.',
  },
];

/**
 * What a schedule that reacts to the run sees in its example: a loss that stops improving after
 * step 6 (plateau), and a loss and gradient norm of 10/(1 + t) where step t + 1 starts.
 */
function stalledMetrics(steps: number): number[] {
  return Array.from({ length: steps }, (_, i) => Math.max(1, 6 - i));
}
function decayingObservations(steps: number): { loss: number; gradNorm: number }[] {
  return Array.from({ length: steps }, (_, i) => ({ loss: 10 / (1 + i), gradNorm: 10 / (1 + i) }));
}

/** The lr at SCHEDULE_EXAMPLE's steps, from the engine's preview of the schedule (its defaults for the run). */
export function reproduceScheduleExample(type: string): CardExample {
  const { baseLr, steps, at } = SCHEDULE_EXAMPLE;
  const config = resolveScheduleConfig({ type }, { baseLr, totalSteps: steps });
  const observing = usesObservation(config);
  const metric = type === 'plateau';
  const lrs = previewSchedule(config, baseLr, steps, metric ? stalledMetrics(steps) : undefined, observing ? decayingObservations(steps) : undefined);
  const seen = metric ? '; the loss after step t is max(1, 7 − t) (no better after step 6)' : observing ? '; loss and gradient norm 10/t where step t starts' : '';
  return {
    title: `The lr of a ${steps}-step run, defaults otherwise`,
    setup: `base lr ${baseLr}, ${steps} steps${seen}`,
    columns: ['t', 'lr'],
    rows: at.map((t) => [String(t), formatCardNumber(lrs[t - 1]!)]),
    claims: scheduleClaims.filter((c) => c.type === type).map(({ type: _type, ...claim }) => claim),
  };
}
