import assert from 'node:assert/strict';
import { LrLabError } from '../../../../src/core/errors';
import { loadOptimizerState, saveOptimizerState, type Optimizer, type OptimizerState } from '../../../../src/core/optimizers';
import { optimizerFor } from './helpers';

/** One config per state shape: every optimizer, plus the options that add buffers. */
const CONFIGS: Record<string, unknown>[] = [
  { type: 'sgd', lr: 0.01 },
  { type: 'sgd', lr: 0.01, momentum: 0.9, nesterov: true },
  { type: 'adagrad', lr: 0.1, initialAccumulatorValue: 0.1 },
  { type: 'rmsprop' },
  { type: 'rmsprop', momentum: 0.9, centered: true },
  { type: 'adam', lr: 0.05 },
  { type: 'adam', lr: 0.05, amsgrad: true, weightDecay: 0.1 },
  { type: 'adamw', lr: 0.05, amsgrad: true },
  { type: 'adadelta' },
  { type: 'adamax', lr: 0.05 },
  { type: 'nadam', lr: 0.05 },
];

const X0 = [-1.2, 1, 0.5, -2];

/** Gradient of (1 − x0)² + 10(x1 − x0²)² + (x2 + 0.5)² + x3⁴/4: signs and sizes vary. */
function gradient(x: Float64Array, out: Float64Array): void {
  const r = x[1]! - x[0]! * x[0]!;
  out[0] = -2 * (1 - x[0]!) - 40 * x[0]! * r;
  out[1] = 20 * r;
  out[2] = 2 * (x[2]! + 0.5);
  out[3] = x[3]! ** 3;
}

/** Steps `from`..`to`−1 with lr 0.9^k (a schedule); returns params after each step. */
function run(optimizer: Optimizer, x: Float64Array, state: OptimizerState, from: number, to: number): number[][] {
  const g = new Float64Array(x.length);
  const trace: number[][] = [];
  for (let k = from; k < to; k++) {
    gradient(x, g);
    optimizer.step(x, g, state, optimizer.config.lr * 0.9 ** k);
    trace.push(Array.from(x));
  }
  return trace;
}

function expectInvalidState(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof LrLabError, `not an LrLabError: ${String(e)}`);
    assert.equal(e.code, 'invalidState');
    assert.match(e.message, message);
    return true;
  });
}

describe('saveOptimizerState / loadOptimizerState', () => {
  for (const raw of CONFIGS) {
    it(`${JSON.stringify(raw)}: 5 steps, save, JSON, load, 5 more steps equal 10 uninterrupted steps bit for bit`, () => {
      const optimizer = optimizerFor(raw);
      const straightX = Float64Array.from(X0);
      const straightState = optimizer.init(X0.length);
      const straight = run(optimizer, straightX, straightState, 0, 10);

      const x = Float64Array.from(X0);
      const first = optimizer.init(X0.length);
      run(optimizer, x, first, 0, 5);
      const text = JSON.stringify(saveOptimizerState(optimizer.type, first));
      const resumed = loadOptimizerState(optimizer, JSON.parse(text), X0.length);
      assert.equal(resumed.step, 5);
      const rest = run(optimizer, x, resumed, 5, 10);

      assert.deepEqual(rest, straight.slice(5));
      assert.deepEqual(saveOptimizerState(optimizer.type, resumed), saveOptimizerState(optimizer.type, straightState));
    });
  }

  it('saves the step, each buffer as a list and each scalar, under PyTorch names in camelCase', () => {
    const optimizer = optimizerFor({ type: 'nadam' });
    const state = optimizer.init(2);
    optimizer.step(Float64Array.from([1, 2]), Float64Array.from([0.5, -1]), state, 0.1);
    const saved = saveOptimizerState('nadam', state);
    assert.deepEqual(Object.keys(saved), ['type', 'step', 'buffers', 'scalars']);
    assert.equal(saved.type, 'nadam');
    assert.equal(saved.step, 1);
    assert.deepEqual(Object.keys(saved.buffers), ['expAvg', 'expAvgSq']);
    // One step from zero moments: m = (1 − β₁)·g, v = (1 − β₂)·g², Π = μ₁.
    assert.deepEqual(saved.buffers.expAvg, [(1 - 0.9) * 0.5, (1 - 0.9) * -1]);
    assert.deepEqual(saved.buffers.expAvgSq, [(1 - 0.999) * 0.5 * 0.5, (1 - 0.999) * 1]);
    assert.deepEqual(saved.scalars, { muProduct: 0.9 * (1 - 0.5 * 0.96 ** 0.004) });
    assert.ok(saved.buffers.expAvg instanceof Array && !(saved.buffers.expAvg instanceof Float64Array));
  });

  it('a saved state does not share memory with the live state', () => {
    const optimizer = optimizerFor({ type: 'adam' });
    const state = optimizer.init(2);
    const saved = saveOptimizerState('adam', state);
    optimizer.step(Float64Array.from([1, 2]), Float64Array.from([1, 1]), state, 0.1);
    assert.deepEqual(saved.buffers.expAvg, [0, 0]);
    const loaded = loadOptimizerState(optimizer, saved, 2);
    assert.notEqual((loaded as unknown as { expAvg: Float64Array }).expAvg, (state as unknown as { expAvg: Float64Array }).expAvg);
  });

  it('refuses to save NaN or Infinity (JSON cannot hold them), naming the entry', () => {
    const optimizer = optimizerFor({ type: 'adam' });
    const state = optimizer.init(3) as unknown as { expAvgSq: Float64Array; step: number };
    state.expAvgSq[2] = NaN;
    expectInvalidState(() => saveOptimizerState('adam', state), /^cannot save adam state: expAvgSq\[2\] is NaN, and JSON has no NaN or Infinity/);
    const nadam = optimizerFor({ type: 'nadam' }).init(1) as unknown as { muProduct: number; step: number };
    nadam.muProduct = Infinity;
    expectInvalidState(() => saveOptimizerState('nadam', nadam), /^cannot save nadam state: muProduct is Infinity/);
  });

  describe('load explains what does not fit', () => {
    const adam = optimizerFor({ type: 'adam' });
    const amsgrad = optimizerFor({ type: 'adam', amsgrad: true });
    const good = () => JSON.parse(JSON.stringify(saveOptimizerState('adam', adam.init(3)))) as Record<string, any>;

    const CASES: ReadonlyArray<readonly [string, () => unknown, Optimizer, RegExp]> = [
      ['not an object', () => 'adam', adam, /^optimizer state must be an object \{"type", "step", "buffers", "scalars"\} \(got "adam"\)$/],
      ['another optimizer', () => ({ ...good(), type: 'sgd' }), adam, /^optimizer state is for "sgd", but the optimizer is "adam"$/],
      ['unknown field', () => ({ ...good(), lr: 0.1 }), adam, /^unknown field "lr" in optimizer state; valid fields: type, step, buffers, scalars$/],
      ['negative step', () => ({ ...good(), step: -1 }), adam, /^adam state: step must be a non-negative integer \(got -1\)$/],
      ['fractional step', () => ({ ...good(), step: 1.5 }), adam, /^adam state: step must be a non-negative integer \(got 1\.5\)$/],
      ['missing buffer', () => { const j = good(); delete j.buffers.expAvgSq; return j; }, adam, /^adam state has no buffer "expAvgSq" \(expected: expAvg, expAvgSq, maxExpAvgSq\)$/],
      ['unknown buffer', () => { const j = good(); j.buffers.exp_avg = [0, 0, 0]; return j; }, adam, /^adam state has an unknown buffer "exp_avg"; adam keeps: expAvg, expAvgSq, maxExpAvgSq$/],
      ['other parameter count', () => good(), optimizerFor({ type: 'adam' }), /^adam state buffer "expAvg" has 3 entries, expected 4 \(one per parameter, 4 parameters\)$/],
      ['saved with amsgrad, loaded without', () => JSON.parse(JSON.stringify(saveOptimizerState('adam', amsgrad.init(3)))), adam, /^adam state buffer "maxExpAvgSq" has 3 entries, expected 0 \(these options keep no maxExpAvgSq\)$/],
      ['saved without amsgrad, loaded with', () => good(), amsgrad, /^adam state buffer "maxExpAvgSq" has 0 entries, expected 3 \(one per parameter, 3 parameters\)$/],
      ['null entry (a NaN written by JSON.stringify)', () => { const j = good(); j.buffers.expAvg[1] = null; return j; }, adam, /^adam state buffer "expAvg"\[1\] must be a finite number \(got null\)$/],
      ['string entry', () => { const j = good(); j.buffers.expAvg[0] = '0'; return j; }, adam, /^adam state buffer "expAvg"\[0\] must be a finite number \(got "0"\)$/],
      ['buffer not a list', () => { const j = good(); j.buffers.expAvg = 0; return j; }, adam, /^adam state buffer "expAvg" must be a list of numbers \(got 0\)$/],
      ['buffers not an object', () => ({ ...good(), buffers: [] }), adam, /^adam state: buffers must be an object of number lists \(got \[\]\)$/],
      ['NaN step (a state given as an object, not read from JSON)', () => ({ ...good(), step: NaN }), adam, /^adam state: step must be a non-negative integer \(got NaN\)$/],
      ['missing step', () => ({ ...good(), step: undefined }), adam, /^adam state: step must be a non-negative integer \(got nothing\)$/],
      ['-Infinity entry', () => { const j = good(); j.buffers.expAvg[2] = -Infinity; return j; }, adam, /^adam state buffer "expAvg"\[2\] must be a finite number \(got -Infinity\)$/],
      ['scalars a list with NaN', () => ({ ...good(), scalars: [NaN] }), adam, /^adam state: scalars must be an object of numbers \(got \[NaN\]\)$/],
      ['unknown scalar', () => ({ ...good(), scalars: { muProduct: 1 } }), adam, /^adam state has an unknown scalar "muProduct"; adam keeps: \(none\)$/],
    ];
    for (const [what, json, optimizer, message] of CASES) {
      it(what, () => {
        const dim = what === 'other parameter count' ? 4 : 3;
        expectInvalidState(() => loadOptimizerState(optimizer, json(), dim), message);
      });
    }

    it('missing or non-finite nadam muProduct', () => {
      const nadam = optimizerFor({ type: 'nadam' });
      const saved = JSON.parse(JSON.stringify(saveOptimizerState('nadam', nadam.init(2)))) as Record<string, any>;
      expectInvalidState(() => loadOptimizerState(nadam, { ...saved, scalars: {} }, 2), /^nadam state has no scalar "muProduct" \(expected: muProduct\)$/);
      expectInvalidState(() => loadOptimizerState(nadam, { ...saved, scalars: { muProduct: null } }, 2), /^nadam state scalar "muProduct" must be a finite number \(got null\)$/);
      assert.equal((loadOptimizerState(nadam, saved, 2) as unknown as { muProduct: number }).muProduct, 1);
    });
  });
});
