/**
 * The optimizers Debian's torch 1.13 lacks (or lacks in their PyTorch 2.x form) against the
 * independent NumPy reimplementations of scripts/golden/reference.py, written from each
 * method's algorithm and reference code (test/golden/reference.json, made by
 * `scripts/golden/trajectories.py --branches`): 10 steps on the 5-parameter objective of
 * optimizers.json with an lr that changes every step, one case per option branch. Parameters
 * after every step and the final state must match to 1e-12 relative (1e-15 absolute near 0).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { optimizerDefinitions, saveOptimizerState, type OptimizerType } from '../../../../src/core/optimizers';
import type { OptionSpec } from '../../../../src/core/options';
import { assertCloseArray, optimizerFor } from './helpers';

interface ReferenceCase {
  readonly name: string;
  readonly type: OptimizerType;
  readonly options: Record<string, unknown>;
  readonly shape?: number[][];
  readonly lrs: number[];
  readonly grads: number[][];
  readonly params: number[][];
  readonly lrUsed?: number[];
  readonly evalPoints?: number[][];
  readonly state: { step: number; buffers: Record<string, number[]>; scalars: Record<string, number> };
}

const golden = JSON.parse(readFileSync(join(__dirname, '../../../golden/reference.json'), 'utf8')) as {
  header: { x0: number[]; command: string };
  cases: ReferenceCase[];
};
const REL = 1e-12;
const ABS = 1e-15;

/** Options whose every non-default value the cases must cover (their booleans and numbers). */
const COVERED: Partial<Record<OptimizerType, string[]>> = {
  radam: ['decoupledWeightDecay'],
  adafactor: ['lr', 'beta2Decay', 'eps', 'd', 'weightDecay'],
  lion: ['lr', 'betas', 'weightDecay'],
  prodigy: ['betas', 'beta3', 'eps', 'weightDecay', 'decouple', 'useBiasCorrection', 'safeguardWarmup', 'd0', 'dCoef', 'growthRate', 'sliceP'],
  dAdaptAdam: ['betas', 'eps', 'weightDecay', 'decouple', 'useBiasCorrection', 'd0', 'growthRate'],
  sgdScheduleFree: ['lr', 'momentum', 'weightDecay', 'warmupSteps', 'r', 'weightLrPower'],
  adamwScheduleFree: ['betas', 'eps', 'weightDecay', 'warmupSteps', 'r', 'weightLrPower'],
};

describe('optimizers match independent reimplementations (scripts/golden/reference.py)', () => {
  it('says how it was made and covers the defaults and every option of each optimizer', () => {
    assert.match(golden.header.command, /scripts\/golden\/trajectories\.py --branches/);
    for (const [type, options] of Object.entries(COVERED) as [OptimizerType, string[]][]) {
      const cases = golden.cases.filter((c) => c.type === type);
      // RAdam's and schedule-free SGD's defaults are in the torch cases / would diverge here (SGD's lr 1).
      if (type !== 'radam' && type !== 'sgdScheduleFree') assert.ok(cases.some((c) => Object.keys(c.options).length === 0), `${type}: no all-defaults case`);
      const specs = optimizerDefinitions[type].options as Record<string, OptionSpec>;
      for (const option of options) {
        assert.ok(option in specs, `${type} has no option ${option}`);
        assert.ok(cases.some((c) => option in c.options), `${type}: no case sets ${option}`);
      }
    }
    assert.ok(golden.cases.some((c) => c.type === 'adafactor' && c.shape?.some((s) => s.length === 2)), 'adafactor: a matrix block');
    assert.ok(golden.cases.some((c) => c.type === 'adafactor' && c.shape?.some((s) => s.length === 3)), 'adafactor: a batched (3-D) block');
  });

  for (const c of golden.cases) {
    it(`${c.name} (${JSON.stringify(c.options)}${c.shape ? `, shape ${JSON.stringify(c.shape)}` : ''}): every step and the final state`, () => {
      const optimizer = optimizerFor({ type: c.type, ...c.options });
      const x = Float64Array.from(golden.header.x0);
      const state = optimizer.init(x.length, c.shape);
      for (let k = 0; k < c.lrs.length; k++) {
        if (c.lrUsed) assertCloseArray([optimizer.effectiveLr!(state, c.lrs[k]!)], [c.lrUsed[k]!], REL, 0, `${c.name}, step ${k + 1}: lr used`);
        optimizer.step(x, Float64Array.from(c.grads[k]!), state, c.lrs[k]!);
        assertCloseArray(x, c.params[k]!, REL, ABS, `${c.name}, step ${k + 1}: params`);
        if (c.evalPoints) assertCloseArray(optimizer.evalPoint!(state, x), c.evalPoints[k]!, REL, ABS, `${c.name}, step ${k + 1}: evaluation point x`);
      }
      const saved = saveOptimizerState(optimizer.type, state);
      assert.equal(saved.step, c.state.step, `${c.name}: step`);
      for (const [name, expected] of Object.entries(c.state.buffers)) {
        assert.ok(name in saved.buffers, `${c.name}: LR Lab keeps no ${name}`);
        assertCloseArray(saved.buffers[name]!, expected, REL, ABS, `${c.name}, final state: ${name}`);
      }
      for (const [name, expected] of Object.entries(c.state.scalars)) {
        assertCloseArray([saved.scalars[name]!], [expected], REL, 0, `${c.name}, final state: ${name}`);
      }
    });
  }
});
