/** fast-check generators of valid raw schedule configs, for the property tests. */
import fc from 'fast-check';

const unit = fc.double({ min: 0, max: 1, noNaN: true });
const decayFactor = fc.double({ min: 1e-3, max: 1, noNaN: true });
const lr = fc.double({ min: 1e-6, max: 10, noNaN: true });
const int = (min: number, max: number) => fc.integer({ min, max });

export const baseLr = lr;

/** Strictly increasing integers in [min, max], at most `maxLength` of them. */
export const increasing = (min: number, max: number, maxLength: number) =>
  fc.uniqueArray(int(min, max), { maxLength }).map((xs) => [...xs].sort((a, b) => a - b));

/** Configs whose lr never increases with t (gamma ≤ 1). */
export const decaying = {
  step: fc.record({ type: fc.constant('step'), stepSize: int(1, 40), gamma: decayFactor }),
  multiStep: fc.record({ type: fc.constant('multiStep'), milestones: increasing(0, 300, 6), gamma: decayFactor }),
  exponential: fc.record({ type: fc.constant('exponential'), gamma: decayFactor }),
  polynomial: fc.record({ type: fc.constant('polynomial'), totalIters: int(1, 200), power: fc.double({ min: 0, max: 5, noNaN: true }) }),
  inverseTime: fc.record({
    type: fc.constant('inverseTime'),
    decayRate: fc.double({ min: 0, max: 5, noNaN: true }),
    decaySteps: fc.double({ min: 0.1, max: 50, noNaN: true }),
    staircase: fc.boolean(),
  }),
};

/** cosine with etaMin = fraction · base lr, so etaMin ≤ base. */
export const cosine = (base: number) => fc.record({ type: fc.constant('cosine'), tMax: int(1, 200), etaMin: unit.map((f) => f * base) });

export const oneCycle = fc
  .record({
    type: fc.constant('oneCycle'),
    maxLr: lr,
    totalSteps: int(1, 300),
    pctStart: unit,
    annealStrategy: fc.constantFrom('cos', 'linear'),
    divFactor: fc.double({ min: 2, max: 100, noNaN: true }),
    finalDivFactor: fc.double({ min: 1, max: 1e5, noNaN: true }),
    threePhase: fc.boolean(),
  })
  // Three phases only make sense when the first two fit in the cycle (pctStart ≤ 0.5).
  .map((c) => (c.threePhase ? { ...c, pctStart: c.pctStart / 2 } : c));

export const cyclic = fc
  .record({
    type: fc.constant('cyclic'),
    baseLr: fc.double({ min: 0, max: 1, noNaN: true }),
    span: fc.double({ min: 1e-6, max: 10, noNaN: true }),
    stepSizeUp: int(1, 40),
    stepSizeDown: int(0, 40),
    mode: fc.constantFrom('triangular', 'triangular2', 'expRange'),
    gamma: decayFactor,
  })
  .map(({ span, ...c }) => ({ ...c, maxLr: c.baseLr + span }));

export const plateau = fc.record({
  type: fc.constant('plateau'),
  mode: fc.constantFrom('min', 'max'),
  factor: fc.double({ min: 0, max: 0.99, noNaN: true }),
  patience: int(0, 5),
  threshold: fc.double({ min: 0, max: 0.1, noNaN: true }),
  thresholdMode: fc.constantFrom('rel', 'abs'),
  cooldown: int(0, 3),
  minLr: fc.double({ min: 0, max: 0.01, noNaN: true }),
  eps: fc.double({ min: 0, max: 1e-3, noNaN: true }),
});

/** Every schedule that is a function of t alone (no nesting). */
export const pureConfig = fc.oneof(
  fc.constant({ type: 'constant' }),
  ...Object.values(decaying),
  fc.record({ type: fc.constant('linear'), startFactor: unit, endFactor: unit, totalIters: int(1, 100) }),
  cosine(1),
  fc.record({ type: fc.constant('cosineWarmRestarts'), t0: int(1, 50), tMult: int(1, 3), etaMin: fc.double({ min: 0, max: 1, noNaN: true }) }),
  oneCycle,
  cyclic,
);

const observationConfig = fc.record({ type: fc.constantFrom('lossBased', 'gradientBased'), beta: fc.double({ min: 0, max: 10, noNaN: true }) });

/** Any single schedule, including the ones that read metrics or observations. */
export const leafConfig = fc.oneof(pureConfig, plateau, observationConfig);

export const warmupOf = <T>(inner: fc.Arbitrary<T>) =>
  fc.record({ type: fc.constant('warmup'), warmupSteps: int(0, 50), startFactor: unit, schedule: inner });

export const sequentialOf = <T>(child: fc.Arbitrary<T>) =>
  fc
    .tuple(fc.array(child, { minLength: 1, maxLength: 4 }), fc.uniqueArray(int(1, 200), { minLength: 3, maxLength: 3 }))
    .map(([schedules, cuts]) => ({
      type: 'sequential',
      schedules,
      milestones: [...cuts].sort((a, b) => a - b).slice(0, schedules.length - 1),
    }));

/** Any config, nested one level deep. */
export const anyConfig = fc.oneof(leafConfig, warmupOf(leafConfig), sequentialOf(leafConfig));

export const metricsOf = (n: number) => fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: n, maxLength: n });
export const observationsOf = (n: number) =>
  fc.array(fc.record({ loss: fc.double({ min: -10, max: 1e4, noNaN: true }), gradNorm: fc.double({ min: 0, max: 1e4, noNaN: true }) }), { minLength: n, maxLength: n });
