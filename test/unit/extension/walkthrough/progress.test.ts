import assert from 'node:assert/strict';
import type { RunCompletion } from '../../../../src/extension/runs/types';
import { WALKTHROUGH_CONTEXT, WalkthroughProgress } from '../../../../src/extension/walkthrough/progress';
import { fakeUri } from '../fakes';

const completion = (objective: string, stopReason: string | null, status: 'finished' | 'refused' = 'finished'): RunCompletion =>
  ({ status, runId: 'r', target: { uri: fakeUri('/w/quadratic.ts'), objective }, meta: null, outcome: stopReason === null ? null : { stopReason } }) as unknown as RunCompletion;

describe('walkthrough progress', () => {
  it('a diverged run completes "see it diverge"; a run that then ends well on that objective completes "find the lr"', () => {
    const progress = new WalkthroughProgress();
    assert.deepEqual(progress.finished(completion('quadratic', 'maxIterations')), [], 'ending well before any divergence finds nothing');
    assert.deepEqual(progress.finished(completion('quadratic', 'diverged')), [WALKTHROUGH_CONTEXT.diverged]);
    assert.deepEqual(progress.finished(completion('sphere', 'converged')), [], 'another objective');
    assert.deepEqual(progress.finished(completion('quadratic', 'error')), []);
    assert.deepEqual(progress.finished(completion('quadratic', 'cancelled')), []);
    assert.deepEqual(progress.finished(completion('quadratic', 'converged')), [WALKTHROUGH_CONTEXT.foundLr]);
    assert.deepEqual(progress.finished(completion('quadratic', 'maxIterations')), [WALKTHROUGH_CONTEXT.foundLr]);
  });

  it('a refused run or one without an outcome completes nothing', () => {
    const progress = new WalkthroughProgress();
    assert.deepEqual(progress.finished(completion('quadratic', null, 'refused')), []);
    assert.deepEqual(progress.finished(completion('quadratic', null)), []);
  });
});
