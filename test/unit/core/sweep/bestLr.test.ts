/** Compare's quick lr sweep: the lrs it tries and the rule for the best one. */
import assert from 'node:assert/strict';
import { bestLr, quickSweepLrs, QUICK_SWEEP_COUNT, type LrTrial } from '../../../../src/core/sweep';

describe('quick lr sweep', () => {
  it("tries 11 lrs in half-decades from 1000× below the default to 100× above it, the default among them, as typed", () => {
    assert.equal(QUICK_SWEEP_COUNT, 11);
    // torch.optim.Adam / SGD default 1e-3.
    assert.deepEqual(quickSweepLrs(0.001), [1e-6, 3.16227766017e-6, 1e-5, 3.16227766017e-5, 1e-4, 3.16227766017e-4, 1e-3, 3.16227766017e-3, 0.01, 0.0316227766017, 0.1]);
    // Adadelta's default 1.0: 0.001 … 100.
    const adadelta = quickSweepLrs(1);
    assert.deepEqual([adadelta[0], adadelta[6], adadelta[10]], [0.001, 1, 100]);
  });

  it('the lowest final loss among runs that ended cleanly; a diverged, failed or stopped run never wins, however low its last loss', () => {
    const trials: LrTrial[] = [
      { lr: 1e-4, stopReason: 'maxIterations', finalLoss: 0.5 },
      { lr: 1e-3, stopReason: 'converged', finalLoss: 0.01 },
      { lr: 1e-2, stopReason: 'maxIterations', finalLoss: 0.02 },
      { lr: 1e-1, stopReason: 'diverged', finalLoss: 1e-9 },
      { lr: 1, stopReason: 'error', finalLoss: 0 },
      { lr: 10, stopReason: 'cancelled', finalLoss: 0 },
      { lr: 100, stopReason: 'timeout', finalLoss: 0 },
    ];
    assert.deepEqual(bestLr(trials), { lr: 1e-3, stopReason: 'converged', finalLoss: 0.01 });
  });

  it('on a tie the smaller lr; a run with no finite final loss is skipped; none clean → null', () => {
    assert.equal(bestLr([{ lr: 0.1, stopReason: 'maxIterations', finalLoss: 0 }, { lr: 0.01, stopReason: 'converged', finalLoss: 0 }])?.lr, 0.01);
    assert.equal(bestLr([{ lr: 0.1, stopReason: 'maxIterations', finalLoss: null }, { lr: 0.2, stopReason: 'maxIterations', finalLoss: NaN }, { lr: 0.3, stopReason: 'maxIterations', finalLoss: 4 }])?.lr, 0.3);
    assert.equal(bestLr([{ lr: 0.1, stopReason: 'diverged', finalLoss: Infinity }]), null);
    assert.equal(bestLr([]), null);
  });
});
