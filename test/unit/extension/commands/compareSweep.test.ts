/** Compare's "best lr of a quick sweep": real cells on the built worker, the best lr found by hand. */
import assert from 'node:assert/strict';
import { resolveRunConfig } from '../../../../src/core/minimize/config';
import { runSweep } from '../../../../src/core/sweep';
import { sweepBestLrs, type QuickSweepDeps } from '../../../../src/extension/commands/compareSweep';
import { SETTINGS_DEFAULTS } from '../../../../src/extension/settings';
import type { RunTarget } from '../../../../src/extension/runs/types';
import { fixture, requireBuild, workerPath } from '../../core/loader/fixtures';
import { FakeLog } from '../fakes';

function deps(onProgress: (fraction: number) => void, cancelAfter = Infinity): QuickSweepDeps {
  return {
    ui: {
      openText: () => undefined,
      withProgress: async (_title, onCancel, work) => {
        let reports = 0;
        return work((fraction) => {
          onProgress(fraction);
          if (++reports === cancelAfter) onCancel();
        });
      },
    },
    settings: () => SETTINGS_DEFAULTS,
    log: new FakeLog(),
    jobs: 2,
    start: (opts, listener) => runSweep({ ...opts, workerPath }, listener),
  };
}

const target = { uri: { fsPath: fixture('steepBowl.ts') }, objective: 'steepBowl' } as unknown as RunTarget;
const sgdAt = (lr: number) => resolveRunConfig({ optimizer: { type: 'sgd', lr }, schedule: { type: 'constant' }, iterations: 30 });

describe("Compare's quick lr sweep", function () {
  this.timeout(60_000);
  before(requireBuild);

  it('f = 50x², SGD: of 1e-6 … 0.1, lr 0.01 lands on the minimum in one step (loss 0); 0.0316 and 0.1 diverge, smaller lrs leave loss > 0', async () => {
    const fractions: number[] = [];
    const [sgd] = (await sweepBestLrs(deps((f) => fractions.push(f)), target, [{ type: 'sgd', defaultLr: 0.001, configAt: sgdAt }]))!;
    assert.equal(sgd!.lr, 0.01);
    assert.equal(sgd!.finalLoss, 0);
    assert.equal(sgd!.tried.length, 11);
    assert.deepEqual(fractions.at(-1), 1);
    const byLr = new Map(sgd!.trials.map((t) => [t.lr, t]));
    // |1 − 100·lr| > 1 above lr = 0.02.
    assert.equal(byLr.get(0.1)!.stopReason, 'diverged');
    assert.equal(byLr.get(0.0316227766017)!.stopReason, 'diverged');
    // lr = 0.00316: x₃₀ = (1 − 0.316)³⁰ → loss 50·0.684⁶⁰ ≈ 6.6e-9 (each step's loss is taken before it: 29 factors).
    const small = byLr.get(0.00316227766017)!;
    assert.ok(small.finalLoss! > 0 && small.finalLoss! < 1e-6, String(small.finalLoss));
  });

  it('an lr whose config is invalid is not tried; an optimizer with no clean lr gets null', async () => {
    const results = await sweepBestLrs(deps(() => undefined), target, [
      { type: 'sgd', defaultLr: 0.001, configAt: (lr) => (lr > 0.005 ? null : sgdAt(lr)) },
      { type: 'sgd-too-fast', defaultLr: 100, configAt: sgdAt },
    ]);
    assert.deepEqual(results![0]!.tried, [1e-6, 3.16227766017e-6, 1e-5, 3.16227766017e-5, 1e-4, 3.16227766017e-4, 1e-3, 3.16227766017e-3]);
    assert.equal(results![0]!.lr, 3.16227766017e-3);
    // 0.1 … 10,000: every one diverges on 50x².
    assert.equal(results![1]!.lr, null);
    assert.ok(results![1]!.trials.every((t) => t.stopReason === 'diverged'), JSON.stringify(results![1]!.trials));
  });

  it('Cancel in the progress notification stops the sweep: undefined, and nothing is run after', async () => {
    const result = await sweepBestLrs(deps(() => undefined, 1), target, [{ type: 'sgd', defaultLr: 0.001, configAt: sgdAt }]);
    assert.equal(result, undefined);
  });
});
