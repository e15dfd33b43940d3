import assert from 'node:assert/strict';
import { createSchedule } from '../../../../src/core/schedules';
import { warmupLr } from '../../../../src/core/schedules/warmup';
import { assertCloseAll, lrsOf, resolve } from './helpers';

describe('warmup', () => {
  it('ramps linearly from startFactor · inner(0) to inner(0) over warmupSteps', () => {
    assertCloseAll(lrsOf({ type: 'warmup', warmupSteps: 4, startFactor: 0.2 }, 1, 6), [0.2, 0.4, 0.6, 0.8, 1, 1]);
  });

  it('warmupLr(t, inner0, W, s) = inner0 · (s + (1 − s) t / W)', () => {
    assert.equal(warmupLr(1, 2, 4, 0), 0.5);
  });

  it('the inner schedule starts after the warmup', () => {
    const raw = { type: 'warmup', warmupSteps: 2, startFactor: 0.5, schedule: { type: 'exponential', gamma: 0.5 } };
    assertCloseAll(lrsOf(raw, 1, 5), [0.5, 0.75, 1, 0.5, 0.25]);
  });

  it('the inner schedule is resolved for totalSteps − warmupSteps', () => {
    const config = resolve({ type: 'warmup', schedule: { type: 'cosine' } }, 1, 50);
    assert.deepEqual(config, { type: 'warmup', warmupSteps: 5, startFactor: 0.1, schedule: { type: 'cosine', tMax: 45, etaMin: 0 } });
  });

  it('defaults: warmupSteps max(1, ⌊totalSteps/10⌋), startFactor 0.1, inner constant', () => {
    assert.deepEqual(resolve({ type: 'warmup' }, 1, 7), { type: 'warmup', warmupSteps: 1, startFactor: 0.1, schedule: { type: 'constant' } });
  });

  it('warmupSteps 0 is the inner schedule itself', () => {
    assertCloseAll(lrsOf({ type: 'warmup', warmupSteps: 0, schedule: { type: 'exponential', gamma: 0.5 } }, 1, 3), [1, 0.5, 0.25]);
  });

  it('drops metric reports made during the warmup', () => {
    const raw = { type: 'warmup', warmupSteps: 3, startFactor: 1, schedule: { type: 'plateau', patience: 0, factor: 0.5 } };
    // Reports at t 0..2 are dropped; the plateau sees t = 3 (best), 4 (bad → cut).
    assert.deepEqual(lrsOf(raw, 1, 7, 7, [1, 1, 1, 1, 1, 1, 1]), [1, 1, 1, 1, 1, 0.5, 0.25]);
    assert.equal(createSchedule(resolve(raw), 1).dependsOn, 'metric');
  });

  it('forwards observations to the inner schedule', () => {
    const raw = { type: 'warmup', warmupSteps: 2, startFactor: 0.5, schedule: { type: 'lossBased' } };
    const observations = [{ loss: 3, gradNorm: 0 }, { loss: 0, gradNorm: 0 }, { loss: 8, gradNorm: 0 }];
    // inner(0) is evaluated at each warmup step's own observation.
    assertCloseAll(lrsOf(raw, 1, 3, 3, undefined, observations), [0.5 * 0.5, 0.75 * 1, 1 / 3]);
  });
});
