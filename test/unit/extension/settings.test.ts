import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveRunConfig } from '../../../src/core/minimize/config';
import { optimizerDefinitions, optimizerTypes, type OptimizerType } from '../../../src/core/optimizers';
import { scheduleTypes } from '../../../src/core/schedules';
import { controlsToRawRunConfig, controlsToSettings, readSettings, rebaseControls, SETTINGS_DEFAULTS, settingsToControls, settingsToLimits, type SettingsReader } from '../../../src/extension/settings';

function reader(values: Record<string, unknown>): SettingsReader {
  return { get: <T>(key: string) => values[key] as T | undefined };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default: unknown; enum?: string[]; enumDescriptions?: string[] }> } };
};
const properties = manifest.contributes.configuration.properties;
const nls = (language: string): Record<string, string> =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', '..', `package.nls${language === 'en' ? '' : `.${language}`}.json`), 'utf8')) as Record<string, string>;

describe('extension settings', () => {
  it('SETTINGS_DEFAULTS match the defaults contributed in package.json', () => {
    const keyOf: Record<keyof typeof SETTINGS_DEFAULTS, string> = {
      optimizer: 'lrlab.optimizer',
      learningRate: 'lrlab.learningRate',
      optionMomentum: 'lrlab.option.momentum',
      optionWeightDecay: 'lrlab.option.weightDecay',
      optionBeta1: 'lrlab.option.beta1',
      optionBeta2: 'lrlab.option.beta2',
      optionEps: 'lrlab.option.eps',
      optimizerOptions: 'lrlab.optimizerOptions',
      schedule: 'lrlab.schedule',
      scheduleStepSize: 'lrlab.scheduleOption.stepSize',
      scheduleGamma: 'lrlab.scheduleOption.gamma',
      scheduleTMax: 'lrlab.scheduleOption.tMax',
      scheduleEtaMin: 'lrlab.scheduleOption.etaMin',
      scheduleMaxLr: 'lrlab.scheduleOption.maxLr',
      schedulePctStart: 'lrlab.scheduleOption.pctStart',
      scheduleWarmupSteps: 'lrlab.scheduleOption.warmupSteps',
      scheduleOptions: 'lrlab.scheduleOptions',
      iterations: 'lrlab.iterations',
      seed: 'lrlab.seed',
      evalEvery: 'lrlab.evalEvery',
      gradient: 'lrlab.gradient',
      typeCheck: 'lrlab.typeCheck',
      timeLimitSeconds: 'lrlab.timeLimitSeconds',
      evalTimeLimitSeconds: 'lrlab.evalTimeLimitSeconds',
      memoryLimitMb: 'lrlab.memoryLimitMb',
      refreshIntervalMs: 'lrlab.panel.refreshIntervalMs',
      codeLensEnabled: 'lrlab.codeLens.enabled',
      landscapeGridSize: 'lrlab.landscape.gridSize',
      plotLocation: 'lrlab.plotLocation',
    };
    for (const [field, key] of Object.entries(keyOf)) {
      assert.ok(properties[key], `package.json lacks ${key}`);
      assert.deepEqual(properties[key]!.default, SETTINGS_DEFAULTS[field as keyof typeof SETTINGS_DEFAULTS], key);
    }
    assert.equal(Object.keys(properties).length, Object.keys(keyOf).length, 'every contributed setting is read');
  });

  it('the optimizer and schedule enums in package.json list exactly the engine registries', () => {
    assert.deepEqual([...properties['lrlab.optimizer']!.enum!].sort(), [...optimizerTypes].sort());
    assert.deepEqual([...properties['lrlab.schedule']!.enum!].sort(), [...scheduleTypes].sort());
  });

  for (const language of ['en', 'zh-cn']) {
    it(`every optimizer of the enum has a description naming it, in the same order (${language})`, () => {
      const { enum: types, enumDescriptions } = properties['lrlab.optimizer']!;
      const texts = nls(language);
      assert.equal(enumDescriptions!.length, types!.length);
      types!.forEach((type, i) => {
        const title = optimizerDefinitions[type as OptimizerType].title.replace(/-Adaptation/, '');
        const description = texts[/^%(.+)%$/.exec(enumDescriptions![i]!)?.[1] ?? ''] ?? enumDescriptions![i]!;
        assert.ok(description.toLowerCase().includes(title.toLowerCase().split(' ')[0]!), `${type}: "${description}" does not name ${title}`);
      });
    });
  }

  it('readSettings falls back to the default for values of the wrong type', () => {
    const s = readSettings(reader({ optimizer: 42, learningRate: -1, iterations: 2.5, gradient: 'symbolic', 'panel.refreshIntervalMs': 5, memoryLimitMb: 8, optimizerOptions: [1] }));
    assert.deepEqual(s, SETTINGS_DEFAULTS);
  });

  it('readSettings keeps valid values, including a null learning rate', () => {
    const s = readSettings(reader({ optimizer: 'sgd', learningRate: 0.05, optimizerOptions: { momentum: 0.9 }, schedule: 'cosine', scheduleOptions: { tMax: 50 }, iterations: 300, seed: 7, gradient: 'numeric', timeLimitSeconds: 2.5, evalTimeLimitSeconds: 0.5, memoryLimitMb: 256, 'panel.refreshIntervalMs': 50, 'codeLens.enabled': false }));
    assert.equal(s.optimizer, 'sgd');
    assert.equal(s.learningRate, 0.05);
    assert.equal(s.refreshIntervalMs, 50);
    assert.equal(s.codeLensEnabled, false);
    assert.deepEqual(settingsToLimits(s), { timeMs: 2500, memoryMb: 256, evalTimeMs: 500 });
  });

  it('rebaseControls: a settings change reaches the controls, but what was edited in the panel stays', () => {
    const before = { optimizer: { type: 'adam', lr: 0.01 }, schedule: { type: 'constant' }, iterations: 200 };
    // The user typed lr 0.05 and a batch size in the panel; the settings change the iterations and add weight decay.
    const current = { optimizer: { type: 'adam', lr: 0.05 }, schedule: { type: 'constant' }, iterations: 200, batchSize: 16 };
    const after = { optimizer: { type: 'adam', lr: 0.01, weightDecay: 0.1 }, schedule: { type: 'constant' }, iterations: 500 };
    assert.deepEqual(rebaseControls(current, before, after), { optimizer: { type: 'adam', lr: 0.05, weightDecay: 0.1 }, schedule: { type: 'constant' }, iterations: 500, batchSize: 16 });
    // Nothing edited: the settings, all of them (an lr removed from the settings goes).
    assert.deepEqual(rebaseControls(before, before, { ...after, optimizer: { type: 'adam' } }), { ...after, optimizer: { type: 'adam' } });
    // Another schedule picked in the panel stays whole; a new optimizer from the settings brings its own options.
    const picked = { ...before, schedule: { type: 'cosine', tMax: 50 } };
    assert.deepEqual(rebaseControls(picked, before, { ...before, optimizer: { type: 'sgd', lr: 0.1 }, schedule: { type: 'step', stepSize: 5 } }), { optimizer: { type: 'sgd', lr: 0.1 }, schedule: { type: 'cosine', tMax: 50 }, iterations: 200 });
    // An edited iteration count stays too.
    assert.equal(rebaseControls({ ...before, iterations: 42 }, before, after).iterations, 42);
  });

  it("controlsToSettings ('Save as default') gives the settings that settingsToControls turns back into the same controls", () => {
    const controls = { optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true }, schedule: { type: 'oneCycle', pctStart: 0.3 }, iterations: 300 };
    const saved = controlsToSettings(controls);
    // Options with a scalar setting go there (null: not in the controls), the rest into the objects; keys as under `lrlab.`.
    assert.deepEqual(saved, {
      optimizer: 'sgd',
      learningRate: 0.05,
      'option.momentum': 0.9,
      'option.weightDecay': null,
      optimizerOptions: { nesterov: true },
      schedule: 'oneCycle',
      'scheduleOption.maxLr': null,
      'scheduleOption.pctStart': 0.3,
      scheduleOptions: {},
      iterations: 300,
    });
    // No lr in the form: the optimizer's PyTorch default, which is learningRate null.
    assert.equal(controlsToSettings({ optimizer: { type: 'adam' }, schedule: { type: 'constant' }, iterations: 200 }).learningRate, null);
    // Every saved value is one its setting accepts, and reads back as the same controls.
    const reader = { get: <T,>(key: string) => (saved as Record<string, unknown>)[key] as T };
    assert.deepEqual(settingsToControls(readSettings(reader)), controls);
    // Adam's betas become beta1 and beta2; its eps and weight decay their scalars.
    const adam = { optimizer: { type: 'adam', lr: 0.001, betas: [0.8, 0.95], eps: 1e-6, weightDecay: 0, amsgrad: true }, schedule: { type: 'constant' }, iterations: 50 };
    const adamSaved = controlsToSettings(adam);
    assert.deepEqual([adamSaved['option.beta1'], adamSaved['option.beta2'], adamSaved['option.eps'], adamSaved['option.weightDecay'], adamSaved.optimizerOptions], [0.8, 0.95, 1e-6, 0, { amsgrad: true }]);
    assert.equal('option.momentum' in adamSaved, false, 'a scalar Adam does not have is left alone');
    assert.deepEqual(settingsToControls(readSettings({ get: <T,>(key: string) => adamSaved[key] as T })), adam);
  });

  it('scalar option settings (the Settings UI’s) win over the object settings, apply only where the type has the option, and reach the run', () => {
    const s = readSettings(
      reader({
        optimizer: 'adam',
        'option.momentum': 0.5,
        'option.beta2': 0.98,
        'option.eps': 1e-6,
        optimizerOptions: { eps: 1e-3, betas: [0.7, 0.9], amsgrad: true },
        schedule: 'step',
        'scheduleOption.gamma': 0.25,
        'scheduleOption.tMax': 40,
        scheduleOptions: { stepSize: 7, gamma: 0.9 },
      }),
    );
    const controls = settingsToControls(s);
    assert.deepEqual(controls.optimizer, { type: 'adam', eps: 1e-6, betas: [0.7, 0.98], amsgrad: true }, 'eps from the scalar, β₁ from the object, no momentum for Adam');
    assert.deepEqual(controls.schedule, { type: 'step', stepSize: 7, gamma: 0.25 }, 'γ from the scalar; StepLR has no tMax');
    const config = resolveRunConfig(controlsToRawRunConfig(controls, s));
    assert.deepEqual([config.optimizer.eps, config.optimizer.betas, config.schedule.gamma, config.schedule.stepSize], [1e-6, [0.7, 0.98], 0.25, 7]);
    // β₁ alone: β₂ is the optimizer's default (Lion's is 0.99, not Adam's 0.999).
    const lion = settingsToControls(readSettings(reader({ optimizer: 'lion', 'option.beta1': 0.8 })));
    assert.deepEqual(lion.optimizer.betas, [0.8, 0.99]);
    // Out of range or of the wrong type: not set.
    assert.deepEqual(settingsToControls(readSettings(reader({ optimizer: 'sgd', 'option.momentum': -1, schedule: 'step', 'scheduleOption.stepSize': 2.5 }))), { optimizer: { type: 'sgd' }, schedule: { type: 'step' }, iterations: 200 });
  });

  it('settingsToControls → controlsToRawRunConfig → resolveRunConfig gives the run the settings describe', () => {
    const s = readSettings(reader({ optimizer: 'sgd', learningRate: 0.05, optimizerOptions: { momentum: 0.9, nesterov: true }, schedule: 'cosine', scheduleOptions: { etaMin: 0.001 }, iterations: 300, seed: 7, gradient: 'numeric' }));
    const controls = settingsToControls(s);
    assert.deepEqual(controls, { optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true }, schedule: { type: 'cosine', etaMin: 0.001 }, iterations: 300 });
    const config = resolveRunConfig(controlsToRawRunConfig(controls, s));
    assert.equal(config.optimizer.type, 'sgd');
    assert.equal(config.optimizer.lr, 0.05);
    assert.equal(config.optimizer.momentum, 0.9);
    assert.equal(config.optimizer.dampening, 0, 'defaults are filled in');
    assert.equal(config.schedule.tMax, 300, 'cosine tMax defaults to the iterations');
    assert.equal(config.schedule.etaMin, 0.001);
    assert.equal(config.iterations, 300);
    assert.equal(config.seed, 7);
    assert.equal(config.gradient, 'numeric');
  });

  it('a null learning rate leaves the optimizer at its PyTorch default', () => {
    const s = readSettings(reader({ optimizer: 'adadelta' }));
    const config = resolveRunConfig(controlsToRawRunConfig(settingsToControls(s), s));
    assert.equal(config.optimizer.lr, 1.0);
  });

  it('a bad option in the settings is a clear error naming it', () => {
    const s = readSettings(reader({ optimizer: 'adam', optimizerOptions: { betaz: [0.9, 0.99] } }));
    assert.throws(() => resolveRunConfig(controlsToRawRunConfig(settingsToControls(s), s)), /unknown option "betaz" for optimizer adam; valid options: lr, betas, eps, weightDecay, amsgrad/);
  });
});
