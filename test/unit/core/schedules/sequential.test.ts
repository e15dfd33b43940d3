import assert from 'node:assert/strict';
import { createSchedule } from '../../../../src/core/schedules';
import { sequentialIndex } from '../../../../src/core/schedules/sequential';
import { assertCloseAll, lrsOf, resolve } from './helpers';

describe('sequential', () => {
  it('sequentialIndex is bisect_right(milestones, t)', () => {
    assert.deepEqual([0, 2, 3, 6, 7, 100].map((t) => sequentialIndex(t, [3, 7])), [0, 0, 1, 1, 2, 2]);
    assert.equal(sequentialIndex(5, []), 0);
  });

  it('each schedule starts from its own step 0 at its milestone', () => {
    const raw = { type: 'sequential', schedules: [{ type: 'constant' }, { type: 'exponential', gamma: 0.5 }], milestones: [3] };
    assertCloseAll(lrsOf(raw, 1, 6), [1, 1, 1, 1, 0.5, 0.25]);
  });

  it('three schedules: linear warmup, step decay, exponential', () => {
    const raw = {
      type: 'sequential',
      schedules: [{ type: 'linear', startFactor: 0.5, totalIters: 2 }, { type: 'step', stepSize: 2, gamma: 0.1 }, { type: 'exponential', gamma: 0.5 }],
      milestones: [2, 5],
    };
    assertCloseAll(lrsOf(raw, 1, 8), [0.5, 0.75, 1, 1, 0.1, 1, 0.5, 0.25]);
  });

  it('nested schedules are resolved for their segment: cosine tMax = segment length', () => {
    const config = resolve({ type: 'sequential', schedules: [{ type: 'constant' }, { type: 'cosine' }], milestones: [4] }, 1, 10);
    assert.deepEqual(config.schedules, [{ type: 'constant' }, { type: 'cosine', tMax: 6, etaMin: 0 }]);
  });

  it('default milestones split the run evenly among the schedules', () => {
    const three = [{ type: 'constant' }, { type: 'constant' }, { type: 'constant' }];
    assert.deepEqual(resolve({ type: 'sequential', schedules: three }, 1, 10).milestones, [3, 6]);
    assert.deepEqual(resolve({ type: 'sequential', schedules: three }, 1, 2).milestones, [1, 2]);
    assert.deepEqual(resolve({ type: 'sequential', schedules: [{ type: 'constant' }] }, 1, 2).milestones, []);
  });

  it('defaults: linear then cosine, switching halfway', () => {
    const config = resolve({ type: 'sequential' }, 1, 20);
    assert.deepEqual(config, {
      type: 'sequential',
      schedules: [
        { type: 'linear', startFactor: 1 / 3, endFactor: 1, totalIters: 10 },
        { type: 'cosine', tMax: 10, etaMin: 0 },
      ],
      milestones: [10],
    });
  });

  it('forwards metric reports to the active schedule only (a nested plateau)', () => {
    const raw = { type: 'sequential', schedules: [{ type: 'constant' }, { type: 'plateau', patience: 0, factor: 0.5 }], milestones: [2] };
    // Reports at t 0, 1 go to constant; the plateau sees t = 2 (best), 3 (bad → cut), 4 (bad → cut).
    assert.deepEqual(lrsOf(raw, 1, 6, 6, [1, 1, 1, 1, 1, 1]), [1, 1, 1, 1, 0.5, 0.25]);
    assert.equal(createSchedule(resolve(raw), 1).dependsOn, 'metric');
  });

  it('takes the strongest need of its schedules', () => {
    const needs = (schedules: object[]) => createSchedule(resolve({ type: 'sequential', schedules }), 1).dependsOn;
    assert.equal(needs([{ type: 'constant' }, { type: 'cosine' }]), 'step');
    assert.equal(needs([{ type: 'constant' }, { type: 'lossBased' }]), 'observation');
    assert.equal(needs([{ type: 'lossBased' }, { type: 'plateau' }]), 'metric');
  });
});
