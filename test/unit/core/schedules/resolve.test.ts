import assert from 'node:assert/strict';
import { LrLabError } from '../../../../src/core/errors';
import { resolveScheduleConfig, scheduleDefinitions, scheduleTypes } from '../../../../src/core/schedules';

const ctx = { baseLr: 0.1, totalSteps: 100 };

/** Bad configs and the message each must give (the PyTorch-style ErrorOptimizerInput table). */
const BAD_INPUTS: ReadonlyArray<readonly [string, unknown, RegExp]> = [
  ['unknown type lists the valid names', { type: 'cosineAnnealing' }, /unknown schedule "cosineAnnealing"; valid schedules: constant, step, multiStep, .*gradientBased$/],
  ['missing type', { tMax: 3 }, /no schedule "type" given; valid schedules: constant, /],
  ['not an object', 'cosine', /schedule must be a schedule config object like \{"type": "cosine"\} \(got "cosine"\)/],
  ['Infinity, shown as Infinity (not as JSON\'s null)', Infinity, /^schedule must be a schedule config object like \{"type": "cosine"\} \(got Infinity\)$/],
  ['milestones with a NaN in them', { type: 'multiStep', milestones: [10, NaN] }, /^schedule multiStep\.milestones\[1\] must be/],
  ['unknown option lists the valid options', { type: 'cosine', T_max: 10 }, /unknown option "T_max" for schedule cosine; valid options: tMax, etaMin/],
  ['milestones not increasing', { type: 'multiStep', milestones: [30, 20] }, /schedule multiStep\.milestones must be strictly increasing \(got \[30,20\]\)/],
  ['milestones not a list', { type: 'multiStep', milestones: 30 }, /schedule multiStep\.milestones must be an array of numbers \(got 30\)/],
  ['negative gamma', { type: 'exponential', gamma: -0.9 }, /schedule exponential\.gamma must be a finite number in \(0, ∞\) \(got -0\.9\)/],
  ['string number', { type: 'step', stepSize: '10' }, /schedule step\.stepSize must be an integer in \[1, ∞\) \(got "10"\)/],
  ['non-integer tMax', { type: 'cosine', tMax: 10.5 }, /schedule cosine\.tMax must be an integer in \[1, ∞\) \(got 10\.5\)/],
  [
    'sequential milestone count mismatch',
    { type: 'sequential', schedules: [{ type: 'linear' }, { type: 'cosine' }], milestones: [5, 10] },
    /schedule sequential\.milestones must have one entry fewer than schedules \(got 2 schedule\(s\) and 2 milestone\(s\)\)/,
  ],
  ['sequential with no schedules', { type: 'sequential', schedules: [], milestones: [] }, /schedule sequential\.schedules must have at least 1 schedule\(s\)/],
  ['sequential milestone 0', { type: 'sequential', schedules: [{ type: 'constant' }, { type: 'constant' }], milestones: [0] }, /schedule sequential\.milestones\[0\] must be an integer in \[1, ∞\) \(got 0\)/],
  [
    'nested unknown type names the path',
    { type: 'sequential', schedules: [{ type: 'linear' }, { type: 'cosinus' }], milestones: [5] },
    /^schedule\.schedules\[1\]: unknown schedule "cosinus"; valid schedules: constant, /,
  ],
  ['nested bad option names the path', { type: 'warmup', schedule: { type: 'cosine', etaMin: -1 } }, /^schedule\.schedule cosine\.etaMin must be a finite number in \[0, ∞\) \(got -1\)/],
  ['nested unknown option', { type: 'warmup', schedule: { type: 'step', size: 3 } }, /^unknown option "size" for schedule\.schedule step; valid options: stepSize, gamma/],
  ['nested non-object', { type: 'warmup', schedule: 'cosine' }, /schedule warmup\.schedule must be a schedule config object with a "type" \(got "cosine"\)/],
  ['cyclic maxLr ≤ 0', { type: 'cyclic', baseLr: 0, maxLr: 0 }, /schedule cyclic\.maxLr must be a finite number in \(0, ∞\) \(got 0\)/],
  ['cyclic maxLr below baseLr', { type: 'cyclic', baseLr: 1, maxLr: 0.5 }, /schedule cyclic\.maxLr must be ≥ baseLr \(got maxLr 0\.5 and baseLr 1\)/],
  ['plateau factor ≥ 1', { type: 'plateau', factor: 2 }, /schedule plateau\.factor must be a finite number in \[0, 1\) \(got 2\)/],
  ['plateau bad mode', { type: 'plateau', mode: 'minimize' }, /schedule plateau\.mode must be one of "min", "max" \(got "minimize"\)/],
  ['warmup startFactor above 1', { type: 'warmup', startFactor: 2 }, /schedule warmup\.startFactor must be a finite number in \[0, 1\] \(got 2\)/],
  ['oneCycle maxLr 0', { type: 'oneCycle', maxLr: 0 }, /schedule oneCycle\.maxLr must be a finite number in \(0, ∞\) \(got 0\)/],
  ['NaN option', { type: 'cosine', etaMin: NaN }, /schedule cosine\.etaMin must be a finite number in \[0, ∞\) \(got NaN\)/],
];

describe('resolveScheduleConfig', () => {
  describe('rejects bad input with a message that names the thing', () => {
    for (const [what, raw, message] of BAD_INPUTS) {
      it(what, () => {
        assert.throws(
          () => resolveScheduleConfig(raw, ctx),
          (e: unknown) => e instanceof LrLabError && e.code === 'invalidConfig' && message.test(e.message),
        );
      });
    }
  });

  it('fills in every option of every schedule, and resolving again changes nothing', () => {
    for (const type of scheduleTypes) {
      const config = resolveScheduleConfig({ type }, ctx);
      assert.equal(config.type, type);
      assert.deepEqual(Object.keys(config).slice(1), Object.keys(scheduleDefinitions[type].options), type);
      assert.deepEqual(resolveScheduleConfig(config, ctx), config, type);
    }
  });

  it('keeps given options and does not modify the raw config', () => {
    const raw = { type: 'sequential', schedules: [{ type: 'constant' }, { type: 'step', gamma: 0.5 }] };
    const copy = structuredClone(raw);
    const config = resolveScheduleConfig(raw, ctx);
    assert.deepEqual(raw, copy);
    assert.equal((config.schedules as { gamma: number }[])[1]!.gamma, 0.5);
  });

  it('ignores options given as undefined (defaults apply)', () => {
    assert.equal(resolveScheduleConfig({ type: 'cosine', tMax: undefined }, ctx).tMax, 100);
  });

  it('resolves nesting recursively (warmup of a sequential)', () => {
    const config = resolveScheduleConfig({ type: 'warmup', warmupSteps: 10, schedule: { type: 'sequential', schedules: [{ type: 'constant' }, { type: 'cosine' }] } }, ctx);
    // The sequential runs 90 steps: milestone at 45, cosine over the other 45.
    assert.deepEqual(config.schedule, { type: 'sequential', schedules: [{ type: 'constant' }, { type: 'cosine', tMax: 45, etaMin: 0 }], milestones: [45] });
  });
});

describe('scheduleDefinitions', () => {
  it('has the 16 schedules, each with a formula, a reference and documented options', () => {
    assert.equal(scheduleTypes.length, 16);
    for (const type of scheduleTypes) {
      const d = scheduleDefinitions[type];
      assert.equal(d.type, type);
      assert.ok(d.formula.includes('lr') && d.title && d.summary && d.reference, type);
      for (const [name, spec] of Object.entries(d.options as Record<string, { doc: string }>)) assert.ok(/default/.test(spec.doc), `${type}.${name} doc names its default`);
    }
  });
});
