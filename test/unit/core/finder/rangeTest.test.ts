/**
 * The range test on f(x) = x² with plain SGD, where every step is worked out by hand:
 * x ← x − lr·2x = x·(1 − 2·lr), and each step's loss is x² where it starts.
 */
import assert from 'node:assert/strict';
import { finderResult, finderRunConfig, rampLr, rampOf, rangeTest, resolveFinderConfig } from '../../../../src/core/finder';
import type { RecordBatch } from '../../../../src/core/minimize/records';
import { localizedDetail } from '../../../../src/shared/engineText';
import { assertClose, assertCloseAll, quadratic } from '../minimize/helpers';

function test(raw: Parameters<typeof resolveFinderConfig>[0]) {
  const config = resolveFinderConfig(raw);
  const batches: RecordBatch[] = [];
  const outcome = rangeTest(quadratic([2], [1]), finderRunConfig(config), rampOf(config), { onBatch: (b) => batches.push(b) });
  const losses = batches.flatMap((b) => Array.from(b.loss));
  const lrs = batches.flatMap((b) => Array.from(b.lr));
  return { config, outcome, losses, lrs, result: finderResult(config, losses, outcome) };
}

describe('finder range test', () => {
  it('ramps the lr exponentially from startLr, one step each, numIt steps (fastai SchedExp at i/numIt)', () => {
    // startLr 0.1, endLr 6.4 = 0.1·2⁶, numIt 6 → lrs 0.1·2ⁱ: 0.1 0.2 0.4 0.8 1.6 3.2 (never 6.4 itself).
    const { lrs, losses, outcome, result } = test({ optimizer: { type: 'sgd' }, startLr: 0.1, endLr: 6.4, numIt: 6 });
    assertCloseAll(lrs, [0.1, 0.2, 0.4, 0.8, 1.6, 3.2], 1e-14, 'lrs');
    assertCloseAll(result.lrs, lrs, 1e-15, 'result lrs');
    // x: 1 → 0.8 → 0.48 → 0.096 → −0.0576 → 0.12672; losses x² where each step starts.
    assertCloseAll(losses, [1, 0.64, 0.2304, 0.009216, 0.00331776, 0.0160579584], 1e-12, 'losses');
    assert.equal(outcome.stopReason, 'maxIterations');
    assert.equal(result.stopReason, 'numIt');
    // 6 points: the window [0 : 1] keeps the first → valley 0.1, no steep, minimum 0.1 / 10.
    assert.equal(result.suggestions.valley!.lr, result.lrs[0]);
    assert.equal(result.suggestions.steep, null);
    assertClose(result.suggestions.minimum!.lr, 0.01, 1e-14);
  });

  it('stops after the step whose smoothed loss exceeds 4 × the best, and records that step', () => {
    // lrs 1 2 4 8 (16 32 never run): x 1 → −1 → 3 → −21; losses 1 1 9 441.
    // smoothed: 1, 1, (0.9604 + 0.98 + 9)/2.9404 = 3.72 (< 4 × best 1), then
    // (0.941192 + 0.9604 + 8.82 + 441)/3.881592 = 116.4 > 4 → stop after step 4.
    const { losses, outcome, result } = test({ optimizer: { type: 'sgd' }, startLr: 1, endLr: 64, numIt: 6 });
    assertCloseAll(losses, [1, 1, 9, 441], 1e-12, 'losses');
    assertCloseAll(result.smoothed, [1, 1, 10.9404 / 2.9404, 451.721592 / 3.881592], 1e-12, 'smoothed');
    assert.equal(outcome.stopReason, 'diverged');
    assert.equal(result.stopReason, 'diverged');
    assert.match(result.detail, /smoothed loss 116\.375 exceeded 4 \(4 × the best, 1\) at step 4 \(lr 8\)/);
    // The sentence as data is this one, not the loop's "cancelled after 4 steps" (lrlab find-lr and the page word detailText).
    assert.equal(result.detailText?.id, 'finderSmoothedExceeded');
    assert.equal(localizedDetail(result.detail, result.detailText, result.error), result.detail);
  });

  it('uses the optimizer and its options, ignoring its own lr', () => {
    // SGD momentum 0.5 (PyTorch: b = g the first step, then b = 0.5·b + g): lrs 0.1·2ⁱ.
    // x₀ = 1, g = 2, b = 2 → x₁ = 1 − 0.1·2 = 0.8; g = 1.6, b = 1 + 1.6 = 2.6 → x₂ = 0.8 − 0.2·2.6 = 0.28.
    const { losses, config } = test({ optimizer: { type: 'sgd', momentum: 0.5, lr: 123 }, startLr: 0.1, endLr: 6.4, numIt: 6 });
    assert.equal(config.optimizer.lr, 0.1);
    assertCloseAll(losses.slice(0, 3), [1, 0.64, 0.0784], 1e-12, 'losses');
  });

  it('keeps every lr of the ramp as rampLr says', () => {
    const config = resolveFinderConfig({});
    assert.deepEqual([config.startLr, config.endLr, config.numIt], [1e-7, 10, 100]);
    assert.equal(rampLr(config, 0), 1e-7);
    assertClose(rampLr(config, 50), 1e-7 * 1e8 ** 0.5, 1e-14);
    assertClose(rampLr(config, 100), 10, 1e-14);
  });
});

describe('finder config', () => {
  it('fills fastai defaults and the run defaults', () => {
    const config = resolveFinderConfig({ optimizer: { type: 'adam' } });
    assert.equal(config.optimizer.type, 'adam');
    assert.equal(config.smoothing, 0.98);
    assert.equal(config.stopFactor, 4);
    assert.equal(config.seed, 0);
    assert.equal(config.gradient, 'auto');
  });

  it('refuses what cannot ramp, with the option named', () => {
    assert.throws(() => resolveFinderConfig({ startLr: 1, endLr: 0.5 }), /endLr \(0\.5\) must be larger than its startLr \(1\)/);
    assert.throws(() => resolveFinderConfig({ numIt: 5 }), /numIt must be an integer ≥ 6/);
    assert.throws(() => resolveFinderConfig({ startLr: -1 }), /startLr must be a number > 0/);
    assert.throws(() => resolveFinderConfig({ optimizer: { type: 'nope' } }), /optimizer/);
    assert.throws(() => resolveFinderConfig({ iterations: 3 }), /unknown lr finder option "iterations"/);
  });
});
