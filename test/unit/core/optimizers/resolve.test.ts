import assert from 'node:assert/strict';
import { LrLabError } from '../../../../src/core/errors';
import type { OptionSpec } from '../../../../src/core/options';
import { createOptimizer, optimizerDefinitions, optimizerFamilies, optimizerTypes, resolveOptimizerConfig } from '../../../../src/core/optimizers';

/**
 * PyTorch 2.x's defaults, written out from the torch.optim signatures (docs.pytorch.org), in
 * camelCase; for the optimizers outside torch.optim, from their reference implementations'
 * signatures (google/automl lion_pytorch.py, konstmish/prodigy, facebookresearch/dadaptation),
 * with PyTorch's None as null and float('inf') as null where the option says so. Independent
 * of the specs, so a changed default fails here.
 */
const PYTORCH_DEFAULTS: Record<string, Record<string, unknown>> = {
  sgd: { lr: 1e-3, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 },
  adagrad: { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10 },
  rmsprop: { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false },
  adam: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false },
  adamw: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false },
  adadelta: { lr: 1.0, rho: 0.9, eps: 1e-6, weightDecay: 0 },
  adamax: { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 },
  nadam: { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3 },
  radam: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, decoupledWeightDecay: false },
  adafactor: { lr: 1e-2, beta2Decay: -0.8, eps: [null, 1e-3], d: 1.0, weightDecay: 0 },
  rprop: { lr: 1e-2, etas: [0.5, 1.2], stepSizes: [1e-6, 50] },
  asgd: { lr: 1e-2, lambd: 1e-4, alpha: 0.75, t0: 1e6, weightDecay: 0 },
  lbfgs: { lr: 1, maxIter: 20, maxEval: null, toleranceGrad: 1e-7, toleranceChange: 1e-9, historySize: 100, lineSearchFn: null },
  lion: { lr: 1e-4, betas: [0.9, 0.99], weightDecay: 0 },
  sgdScheduleFree: { lr: 1.0, momentum: 0.9, weightDecay: 0, warmupSteps: 0, r: 0, weightLrPower: 2 },
  adamwScheduleFree: { lr: 0.0025, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, warmupSteps: 0, r: 0, weightLrPower: 2 },
  prodigy: {
    lr: 1.0,
    betas: [0.9, 0.999],
    beta3: null,
    eps: 1e-8,
    weightDecay: 0,
    decouple: true,
    useBiasCorrection: false,
    safeguardWarmup: false,
    d0: 1e-6,
    dCoef: 1.0,
    growthRate: null,
    sliceP: 1,
  },
  dAdaptAdam: { lr: 1.0, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, decouple: false, useBiasCorrection: false, d0: 1e-6, growthRate: null },
};

const VALID = 'sgd, adagrad, rmsprop, adam, adamw, adadelta, adamax, nadam, radam, adafactor, rprop, asgd, lbfgs, lion, sgdScheduleFree, adamwScheduleFree, prodigy, dAdaptAdam';

/** Bad configs and the message each must give (PyTorch's ErrorOptimizerInput table). */
const BAD_INPUTS: ReadonlyArray<readonly [string, unknown, RegExp]> = [
  ['unknown optimizer lists the valid names', { type: 'adamW' }, new RegExp(`^unknown optimizer "adamW"; valid optimizers: ${VALID}$`)],
  ['missing type', { lr: 0.1 }, new RegExp(`^no optimizer "type" given; valid optimizers: ${VALID}$`)],
  ['type not a string', { type: 3 }, /^unknown optimizer 3; valid optimizers: sgd, /],
  ['not an object', 'adam', /^optimizer must be an optimizer config object like \{"type": "adam"\} \(got "adam"\)$/],
  ['null', null, /^optimizer must be an optimizer config object like \{"type": "adam"\} \(got null\)$/],
  ['NaN, shown as NaN (not as JSON\'s null)', NaN, /^optimizer must be an optimizer config object like \{"type": "adam"\} \(got NaN\)$/],
  ['a list with -Infinity in it', [1, -Infinity], /^optimizer must be an optimizer config object like \{"type": "adam"\} \(got \[1,-Infinity\]\)$/],
  ['type NaN', { type: NaN }, /^unknown optimizer NaN; valid optimizers: sgd, /],
  ['betas with a NaN, not a pair', { type: 'adam', betas: [NaN] }, /^optimizer adam\.betas must be a pair \[a, b\] of numbers \(got \[NaN\]\)$/],
  ['array', [{ type: 'adam' }], /^optimizer must be an optimizer config object/],
  ['unknown option lists the valid options', { type: 'adam', weight_decay: 0.1 }, /^unknown option "weight_decay" for optimizer adam; valid options: lr, betas, eps, weightDecay, amsgrad$/],
  ['option of another optimizer', { type: 'sgd', betas: [0.9, 0.99] }, /^unknown option "betas" for optimizer sgd; valid options: lr, momentum, dampening, nesterov, weightDecay$/],
  ['negative lr', { type: 'adam', lr: -0.001 }, /^optimizer adam\.lr must be a finite number in \[0, ∞\) \(got -0\.001\)$/],
  ['NaN lr', { type: 'sgd', lr: NaN }, /^optimizer sgd\.lr must be a finite number in \[0, ∞\) \(got NaN\)$/],
  ['infinite lr', { type: 'sgd', lr: Infinity }, /^optimizer sgd\.lr must be a finite number in \[0, ∞\) \(got Infinity\)$/],
  ['lr as a string', { type: 'adam', lr: '1e-3' }, /^optimizer adam\.lr must be a finite number in \[0, ∞\) \(got "1e-3"\)$/],
  ['negative eps', { type: 'adam', eps: -1e-8 }, /^optimizer adam\.eps must be a finite number in \[0, ∞\) \(got -1e-8\)$/],
  ['beta1 = 1', { type: 'adam', betas: [1, 0.999] }, /^optimizer adam\.betas\[0\] must be a finite number in \[0, 1\) \(got 1\)$/],
  ['beta2 > 1', { type: 'nadam', betas: [0.9, 1.5] }, /^optimizer nadam\.betas\[1\] must be a finite number in \[0, 1\) \(got 1\.5\)$/],
  ['negative beta', { type: 'adamax', betas: [-0.1, 0.999] }, /^optimizer adamax\.betas\[0\] must be a finite number in \[0, 1\) \(got -0\.1\)$/],
  ['betas not a pair', { type: 'adamw', betas: [0.9] }, /^optimizer adamw\.betas must be a pair \[a, b\] of numbers \(got \[0\.9\]\)$/],
  ['betas a number', { type: 'adam', betas: 0.9 }, /^optimizer adam\.betas must be a pair \[a, b\] of numbers \(got 0\.9\)$/],
  ['negative momentum', { type: 'sgd', momentum: -0.9 }, /^optimizer sgd\.momentum must be a finite number in \[0, ∞\) \(got -0\.9\)$/],
  ['negative weightDecay', { type: 'adamw', weightDecay: -0.01 }, /^optimizer adamw\.weightDecay must be a finite number in \[0, ∞\) \(got -0\.01\)$/],
  [
    'nesterov without momentum',
    { type: 'sgd', nesterov: true },
    /^optimizer sgd: nesterov requires momentum > 0 and dampening = 0 \(got momentum 0, dampening 0\)$/,
  ],
  [
    'nesterov with dampening',
    { type: 'sgd', momentum: 0.9, dampening: 0.1, nesterov: true },
    /^optimizer sgd: nesterov requires momentum > 0 and dampening = 0 \(got momentum 0\.9, dampening 0\.1\)$/,
  ],
  ['nesterov as a string', { type: 'sgd', momentum: 0.9, nesterov: 'true' }, /^optimizer sgd\.nesterov must be true or false \(got "true"\)$/],
  ['amsgrad as a number', { type: 'adam', amsgrad: 1 }, /^optimizer adam\.amsgrad must be true or false \(got 1\)$/],
  ['negative lrDecay', { type: 'adagrad', lrDecay: -1 }, /^optimizer adagrad\.lrDecay must be a finite number in \[0, ∞\) \(got -1\)$/],
  ['negative initialAccumulatorValue', { type: 'adagrad', initialAccumulatorValue: -0.1 }, /^optimizer adagrad\.initialAccumulatorValue must be a finite number in \[0, ∞\) \(got -0\.1\)$/],
  ['negative alpha', { type: 'rmsprop', alpha: -0.5 }, /^optimizer rmsprop\.alpha must be a finite number in \[0, ∞\) \(got -0\.5\)$/],
  ['rho above 1', { type: 'adadelta', rho: 1.1 }, /^optimizer adadelta\.rho must be a finite number in \[0, 1\] \(got 1\.1\)$/],
  ['negative momentumDecay', { type: 'nadam', momentumDecay: -4e-3 }, /^optimizer nadam\.momentumDecay must be a finite number in \[0, ∞\) \(got -0\.004\)$/],
  ['rprop etas outside 0 < η⁻ < 1 < η⁺', { type: 'rprop', etas: [0.5, 0.9] }, /^optimizer rprop\.etas must be \[η⁻, η⁺\] with 0 < η⁻ < 1 < η⁺ \(got \[0\.5, 0\.9\]\)$/],
  ['rprop etas with η⁻ = 0', { type: 'rprop', etas: [0, 1.2] }, /^optimizer rprop\.etas must be \[η⁻, η⁺\]/],
  ['adafactor positive beta2Decay', { type: 'adafactor', beta2Decay: 0.5 }, /^optimizer adafactor\.beta2Decay must be a finite number in \(-∞, 0\] \(got 0\.5\)$/],
  ['adafactor d below 1', { type: 'adafactor', d: 0.5 }, /^optimizer adafactor\.d must be a finite number in \[1, ∞\) \(got 0\.5\)$/],
  ['adafactor negative eps2', { type: 'adafactor', eps: [null, -1] }, /^optimizer adafactor\.eps\[1\] must be a finite number in \[0, ∞\) or null \(got -1\)$/],
  ['prodigy lr 0', { type: 'prodigy', lr: 0 }, /^optimizer prodigy\.lr must be a finite number in \(0, ∞\) \(got 0\)$/],
  ['prodigy beta3 as a string', { type: 'prodigy', beta3: 'auto' }, /^optimizer prodigy\.beta3 must be a finite number or null \(got "auto"\)$/],
  ['prodigy growthRate below 1', { type: 'prodigy', growthRate: 0.5 }, /^optimizer prodigy\.growthRate must be a finite number in \[1, ∞\) or null \(got 0\.5\)$/],
  ['prodigy sliceP not an integer', { type: 'prodigy', sliceP: 1.5 }, /^optimizer prodigy\.sliceP must be an integer in \[1, ∞\) \(got 1\.5\)$/],
  ['dAdaptAdam d0 0', { type: 'dAdaptAdam', d0: 0 }, /^optimizer dAdaptAdam\.d0 must be a finite number in \(0, ∞\) \(got 0\)$/],
  ['lion beta at 1', { type: 'lion', betas: [0.9, 1] }, /^optimizer lion\.betas\[1\] must be a finite number in \[0, 1\) \(got 1\)$/],
  ['lbfgs unknown line search', { type: 'lbfgs', lineSearchFn: 'strong_wolfe' }, /^optimizer lbfgs\.lineSearchFn must be one of "strongWolfe" or null \(got "strong_wolfe"\)$/],
  ['lbfgs historySize 0', { type: 'lbfgs', historySize: 0 }, /^optimizer lbfgs\.historySize must be an integer in \[1, ∞\) \(got 0\)$/],
  ['lbfgs maxIter not an integer', { type: 'lbfgs', maxIter: 2.5 }, /^optimizer lbfgs\.maxIter must be an integer in \[1, ∞\) \(got 2\.5\)$/],
  ['sgdScheduleFree momentum 1', { type: 'sgdScheduleFree', momentum: 1 }, /^optimizer sgdScheduleFree\.momentum must be a finite number in \(0, 1\) \(got 1\)$/],
  ['adamwScheduleFree negative warmupSteps', { type: 'adamwScheduleFree', warmupSteps: -1 }, /^optimizer adamwScheduleFree\.warmupSteps must be an integer in \[0, ∞\) \(got -1\)$/],
];

describe('resolveOptimizerConfig', () => {
  describe('rejects bad input with a message that names the thing', () => {
    for (const [what, raw, message] of BAD_INPUTS) {
      it(what, () => {
        assert.throws(
          () => resolveOptimizerConfig(raw),
          (e: unknown) => {
            assert.ok(e instanceof LrLabError, `not an LrLabError: ${String(e)}`);
            assert.equal(e.code, 'invalidConfig');
            assert.match(e.message, message);
            return true;
          },
        );
      });
    }
  });

  it("fills in PyTorch 2.x's defaults for every optimizer", () => {
    assert.deepEqual(Object.keys(PYTORCH_DEFAULTS), [...optimizerTypes]);
    for (const type of optimizerTypes) {
      assert.deepEqual(resolveOptimizerConfig({ type }), { type, ...PYTORCH_DEFAULTS[type] }, type);
    }
  });

  it('keeps the options given and resolving again changes nothing', () => {
    const raw = { type: 'adam', lr: 0.05, betas: [0.5, 0.9], amsgrad: true };
    const config = resolveOptimizerConfig(raw);
    assert.deepEqual(config, { type: 'adam', lr: 0.05, betas: [0.5, 0.9], eps: 1e-8, weightDecay: 0, amsgrad: true });
    assert.deepEqual(resolveOptimizerConfig(config), config);
    assert.deepEqual(raw, { type: 'adam', lr: 0.05, betas: [0.5, 0.9], amsgrad: true }, 'the raw config is not changed');
  });

  it('accepts the edges PyTorch accepts: lr 0, eps 0, beta 0, rho 1, nesterov with momentum', () => {
    assert.equal(resolveOptimizerConfig({ type: 'adam', lr: 0, eps: 0, betas: [0, 0] }).lr, 0);
    assert.equal(resolveOptimizerConfig({ type: 'adadelta', rho: 1 }).rho, 1);
    assert.equal(resolveOptimizerConfig({ type: 'sgd', momentum: 0.9, nesterov: true }).nesterov, true);
  });

  it('treats an option given as undefined as not given', () => {
    assert.equal(resolveOptimizerConfig({ type: 'adam', lr: undefined }).lr, 1e-3);
  });
});

describe('optimizer registry', () => {
  it('lists the optimizers under their config names: torch.optim’s eight classics first', () => {
    assert.deepEqual(
      [...optimizerTypes],
      ['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw', 'adadelta', 'adamax', 'nadam', 'radam', 'adafactor', 'rprop', 'asgd', 'lbfgs', 'lion', 'sgdScheduleFree', 'adamwScheduleFree', 'prodigy', 'dAdaptAdam'],
    );
    for (const type of optimizerTypes) assert.equal(optimizerDefinitions[type].type, type);
  });

  it('puts every optimizer in one of the panel’s families', () => {
    assert.deepEqual(Object.keys(optimizerFamilies), [...optimizerTypes]);
    const byFamily = (family: string) => optimizerTypes.filter((t) => optimizerFamilies[t] === family);
    assert.deepEqual(byFamily('classic'), ['sgd', 'asgd', 'sgdScheduleFree']);
    assert.deepEqual(byFamily('sign-based'), ['rprop', 'lion']);
    assert.deepEqual(byFamily('second-order'), ['lbfgs']);
    assert.deepEqual(byFamily('lr-free'), ['prodigy', 'dAdaptAdam']);
    assert.ok(byFamily('adaptive').includes('adam') && byFamily('adaptive').includes('adafactor'));
  });

  it('documents every optimizer: title, summary, reference (torch.optim or the authors’ code), formula, a doc with the default for each option', () => {
    const references: Record<string, RegExp> = {
      sgd: /^torch\.optim\.SGD$/,
      adagrad: /^torch\.optim\.Adagrad$/,
      rmsprop: /^torch\.optim\.RMSprop$/,
      adam: /^torch\.optim\.Adam$/,
      adamw: /^torch\.optim\.AdamW$/,
      adadelta: /^torch\.optim\.Adadelta$/,
      adamax: /^torch\.optim\.Adamax$/,
      nadam: /^torch\.optim\.NAdam$/,
      radam: /^torch\.optim\.RAdam$/,
      adafactor: /^torch\.optim\.Adafactor$/,
      rprop: /^torch\.optim\.Rprop$/,
      asgd: /^torch\.optim\.ASGD$/,
      lbfgs: /^torch\.optim\.LBFGS$/,
      sgdScheduleFree: /^Schedule-free \(facebookresearch\/schedule_free SGDScheduleFreeReference\)$/,
      adamwScheduleFree: /^Schedule-free \(facebookresearch\/schedule_free AdamWScheduleFreeReference\)$/,
      lion: /^Lion \(google\/automl lion_pytorch\.py/,
      prodigy: /^Prodigy \(konstmish\/prodigy/,
      dAdaptAdam: /^D-Adaptation \(facebookresearch\/dadaptation DAdaptAdam\)$/,
    };
    for (const type of optimizerTypes) {
      const d = optimizerDefinitions[type];
      assert.match(d.reference, references[type]!);
      assert.ok(d.title && d.summary && d.formula.includes('θ'), type);
      const specs = d.options as Record<string, OptionSpec>;
      assert.ok('lr' in specs, `${type} has no lr`);
      for (const [name, spec] of Object.entries(specs)) {
        assert.match(spec.doc, /\(default: [^)]+\)/, `${type}.${name}: doc should state the default`);
      }
    }
  });

  it('createOptimizer validates its config too', () => {
    assert.throws(() => createOptimizer({ type: 'sgd', lr: 0.1, nesterov: true }), /nesterov requires momentum > 0/);
    assert.throws(() => createOptimizer({ type: 'adam', lr: -1 }), /optimizer adam\.lr must be/);
  });

  it("createOptimizer's config is the resolved config", () => {
    const optimizer = createOptimizer({ type: 'rmsprop', lr: 0.1 });
    assert.equal(optimizer.type, 'rmsprop');
    assert.deepEqual(optimizer.config, { type: 'rmsprop', lr: 0.1, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false });
  });
});
