import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ITERATIONS, SETTINGS, settingAccepts, type SettingRule } from '../../../src/shared/defaults';

type Property = Record<string, unknown>;
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Property> } } };
const properties = manifest.contributes.configuration.properties;

/** The JSON Schema words a rule states (everything but its key). */
const SCHEMA_WORDS = ['type', 'default', 'minimum', 'maximum', 'exclusiveMinimum', 'minLength', 'enum'] as const;

describe('shared defaults', () => {
  it('every setting package.json contributes has a rule, and every rule a setting, in the same order', () => {
    const ordered = Object.entries(properties).sort(([, a], [, b]) => Number(a.order) - Number(b.order)).map(([key]) => key);
    assert.deepEqual(ordered, Object.values(SETTINGS).map((rule) => `lrlab.${rule.key}`));
  });

  for (const [name, rule] of Object.entries(SETTINGS) as [string, SettingRule][]) {
    it(`${name}: package.json states lrlab.${rule.key} as its rule does`, () => {
      const property = properties[`lrlab.${rule.key}`]!;
      for (const word of SCHEMA_WORDS) {
        if (word === 'enum' && rule.enum === undefined) continue; // optimizer / schedule: the engine's registries (test/unit/extension/settings)
        assert.deepEqual(property[word], rule[word], `lrlab.${rule.key}: ${word}`);
      }
    });
  }

  it('settingAccepts follows the rule: type, bounds, length and enum', () => {
    assert.equal(settingAccepts(ITERATIONS, 1), true);
    assert.equal(settingAccepts(ITERATIONS, ITERATIONS.maximum), true);
    assert.equal(settingAccepts(ITERATIONS, ITERATIONS.maximum + 1), false);
    assert.equal(settingAccepts(ITERATIONS, 0), false);
    assert.equal(settingAccepts(ITERATIONS, 2.5), false);
    assert.equal(settingAccepts(SETTINGS.learningRate, null), true);
    assert.equal(settingAccepts(SETTINGS.learningRate, 0), false);
    assert.equal(settingAccepts(SETTINGS.learningRate, Number.NaN), false);
    assert.equal(settingAccepts(SETTINGS.optimizer, ''), false);
    assert.equal(settingAccepts(SETTINGS.gradient, 'exact'), true);
    assert.equal(settingAccepts(SETTINGS.gradient, 'symbolic'), false);
    assert.equal(settingAccepts(SETTINGS.optimizerOptions, [1]), false);
    assert.equal(settingAccepts(SETTINGS.codeLensEnabled, 'yes'), false);
  });
});
