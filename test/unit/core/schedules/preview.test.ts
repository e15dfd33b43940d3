import assert from 'node:assert/strict';
import { LrLabError } from '../../../../src/core/errors';
import { createSchedule, previewSchedule, usesObservation } from '../../../../src/core/schedules';
import { resolve } from './helpers';

const isConfigError = (pattern: RegExp) => (e: unknown) => e instanceof LrLabError && e.code === 'invalidConfig' && pattern.test(e.message);

describe('previewSchedule', () => {
  it('gives lrAt(0 … steps−1)', () => {
    assert.deepEqual(previewSchedule(resolve({ type: 'multiStep', milestones: [1, 2], gamma: 0.5 }), 4, 3), [4, 2, 1]);
    assert.deepEqual(previewSchedule(resolve({ type: 'constant' }), 1, 0), []);
  });

  it('a metric schedule without metrics is an error that says so', () => {
    assert.throws(() => previewSchedule(resolve({ type: 'plateau' }), 0.1, 5), isConfigError(/schedule plateau depends on a metric reported after every step .*needs 5 metric\(s\), one per step, but got none/));
    assert.throws(() => previewSchedule(resolve({ type: 'plateau' }), 0.1, 5, [1, 2]), isConfigError(/needs 5 metric\(s\), one per step, but got 2/));
    const nested = resolve({ type: 'warmup', schedule: { type: 'plateau' } });
    assert.throws(() => previewSchedule(nested, 0.1, 5), isConfigError(/schedule warmup depends on a metric/));
  });

  it('an observation schedule without observations is an error that says so', () => {
    assert.throws(() => previewSchedule(resolve({ type: 'lossBased' }), 0.1, 3), isConfigError(/schedule lossBased depends on the loss and gradient norm .*needs 3 observation\(s\).*got none/));
    // Also inside a metric-driven composite.
    const mixed = resolve({ type: 'sequential', schedules: [{ type: 'plateau' }, { type: 'gradientBased' }] });
    assert.throws(() => previewSchedule(mixed, 0.1, 3, [1, 1, 1]), isConfigError(/schedule sequential depends on the loss and gradient norm/));
  });

  it('rejects a bad step count and a bad base lr', () => {
    assert.throws(() => previewSchedule(resolve({ type: 'constant' }), 0.1, 2.5), isConfigError(/preview steps must be an integer ≥ 0 \(got 2\.5\)/));
    assert.throws(() => previewSchedule(resolve({ type: 'constant' }), NaN, 2), isConfigError(/base lr of schedule constant must be a finite number ≥ 0 \(got NaN\)/));
  });

  it('usesObservation looks into nested schedules', () => {
    assert.equal(usesObservation(resolve({ type: 'cosine' })), false);
    assert.equal(usesObservation(resolve({ type: 'warmup', schedule: { type: 'gradientBased' } })), true);
  });
});

describe('createSchedule', () => {
  it('builds a schedule that carries its resolved config and need', () => {
    const config = resolve({ type: 'cosine', tMax: 10 });
    const s = createSchedule(config, 0.1);
    assert.equal(s.type, 'cosine');
    assert.deepEqual(s.config, config);
    assert.equal(s.dependsOn, 'step');
    assert.equal(s.initialState(), null);
  });

  it('rejects an unknown type with the valid names', () => {
    assert.throws(() => createSchedule({ type: 'nope' }, 0.1), isConfigError(/unknown schedule "nope"; valid schedules: constant/));
  });
});
