/**
 * LR Lab's optimizers against the real torch.optim classes (test/golden/optimizers.json, made by
 * scripts/golden/optimizers.py with torch 1.13 in float64). Every case runs 10 steps with an lr
 * that changes each step, from PyTorch's own gradients, and must match PyTorch's parameters after
 * every step and its final state to 1e-12 relative (plus 1e-15 absolute for entries near 0).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { optimizerTypes, saveOptimizerState, type OptimizerType } from '../../../../src/core/optimizers';
import { assertCloseArray, optimizerFor } from './helpers';

interface GoldenCase {
  readonly name: string;
  readonly type: OptimizerType;
  readonly options: Record<string, unknown>;
  readonly torch: string;
  readonly torchGroup: Record<string, unknown>;
  readonly lrs: number[];
  readonly grads: number[][];
  readonly params: number[][];
  readonly state: { step: number; buffers: Record<string, number[]>; scalars: Record<string, number> };
}

interface Golden {
  readonly header: { readonly torch: string; readonly dtype: string; readonly command: string; readonly x0: number[]; readonly steps: number };
  readonly cases: GoldenCase[];
}

const golden = JSON.parse(readFileSync(join(__dirname, '../../../golden/optimizers.json'), 'utf8')) as Golden;
const REL = 1e-12;
const ABS = 1e-15;

/**
 * The option sets each optimizer's golden cases must cover (every non-default branch), for the
 * optimizers torch 1.13 has; the others are checked against scripts/golden/reference.py in
 * reference.test.ts.
 */
const BRANCHES: Partial<Record<OptimizerType, string[]>> = {
  sgd: ['momentum', 'dampening', 'nesterov', 'weightDecay'],
  adagrad: ['lrDecay', 'initialAccumulatorValue', 'weightDecay', 'eps'],
  rmsprop: ['centered', 'momentum', 'weightDecay', 'alpha'],
  adam: ['amsgrad', 'weightDecay', 'betas', 'eps'],
  adamw: ['amsgrad', 'weightDecay'],
  adadelta: ['weightDecay', 'rho', 'eps', 'lr'],
  adamax: ['weightDecay', 'betas', 'eps'],
  nadam: ['weightDecay', 'momentumDecay', 'betas', 'eps'],
  radam: ['weightDecay', 'betas', 'eps'],
  rprop: ['etas', 'stepSizes'],
  asgd: ['lambd', 'alpha', 't0', 'weightDecay'],
};

/**
 * Options PyTorch 2.x added after torch 1.13 (so torch 1.13's param group lacks them), with
 * their 2.x defaults from the 2.x signatures; LR Lab follows 2.x. Their other values are
 * checked against the reimplementation of 2.x in reference.test.ts.
 */
const ADDED_IN_2X: Partial<Record<OptimizerType, Record<string, unknown>>> = {
  radam: { decoupledWeightDecay: false },
};

describe('optimizers match torch.optim (golden)', () => {
  it('says how it was made, and covers every optimizer, its defaults and each non-default branch', () => {
    assert.match(golden.header.torch, /^1\.13/);
    assert.match(golden.header.dtype, /^float64/);
    assert.match(golden.header.command, /scripts\/golden\/optimizers\.py/);
    for (const type of Object.keys(BRANCHES) as OptimizerType[]) {
      const cases = golden.cases.filter((c) => c.type === type);
      assert.ok(cases.some((c) => Object.keys(c.options).length === 0), `${type}: no all-defaults case`);
      for (const option of BRANCHES[type]!) assert.ok(cases.some((c) => option in c.options), `${type}: no case sets ${option}`);
    }
    // LBFGS is checked closure call by closure call in lbfgs.test.ts.
    for (const type of ['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw', 'adadelta', 'adamax', 'nadam', 'radam', 'rprop', 'asgd']) {
      assert.ok(optimizerTypes.includes(type as OptimizerType) && type in BRANCHES, `${type} (in torch 1.13) has golden cases`);
    }
  });

  it('runs at least 8 steps per case with an lr that changes', () => {
    for (const c of golden.cases) {
      assert.ok(c.params.length >= 8 && c.params.length === c.lrs.length && c.grads.length === c.lrs.length, c.name);
      assert.ok(new Set(c.lrs).size >= 4, `${c.name}: lrs ${c.lrs.join(', ')}`);
      assert.equal(c.params[0]!.length, golden.header.x0.length, c.name);
    }
  });

  for (const c of golden.cases) {
    const label = `${c.name} (${JSON.stringify(c.options)})`;

    it(`${c.name}: defaults match ${c.torch}`, () => {
      const optimizer = optimizerFor({ type: c.type, ...c.options });
      for (const [name, torchValue] of Object.entries(c.torchGroup)) {
        assert.deepEqual(optimizer.config[name], torchValue, `${label}: option ${name}`);
      }
      const added = ADDED_IN_2X[c.type] ?? {};
      for (const [name, value] of Object.entries(added)) assert.deepEqual(optimizer.config[name], value, `${label}: option ${name} (PyTorch 2.x)`);
      assert.deepEqual(Object.keys(optimizer.config).filter((k) => k !== 'type' && !(k in added)).sort(), Object.keys(c.torchGroup).sort(), `${label}: option names`);
    });

    it(`${c.name}: every step and the final state match ${c.torch}`, () => {
      const optimizer = optimizerFor({ type: c.type, ...c.options });
      const x = Float64Array.from(golden.header.x0);
      const state = optimizer.init(x.length);
      for (let k = 0; k < c.lrs.length; k++) {
        optimizer.step(x, Float64Array.from(c.grads[k]!), state, c.lrs[k]!);
        assertCloseArray(x, c.params[k]!, REL, ABS, `${c.type} ${label}, step ${k + 1}: params`);
      }
      const saved = saveOptimizerState(optimizer.type, state);
      assert.equal(saved.step, c.state.step, `${label}: step`);
      for (const [name, expected] of Object.entries(c.state.buffers)) {
        assert.ok(name in saved.buffers, `${label}: LR Lab keeps no ${name}`);
        assertCloseArray(saved.buffers[name]!, expected, REL, ABS, `${c.type} ${label}, final state: ${name}`);
      }
      // Buffers PyTorch does not create for these options are empty in LR Lab.
      for (const [name, values] of Object.entries(saved.buffers)) {
        if (!(name in c.state.buffers)) assert.equal(values.length, 0, `${label}: ${name} should be empty (PyTorch keeps none)`);
      }
      assert.deepEqual(Object.keys(saved.scalars).sort(), Object.keys(c.state.scalars).sort(), `${label}: scalars`);
      for (const [name, expected] of Object.entries(c.state.scalars)) {
        assertCloseArray([saved.scalars[name]!], [expected], REL, 0, `${c.type} ${label}, final state: ${name}`);
      }
    });
  }
});
