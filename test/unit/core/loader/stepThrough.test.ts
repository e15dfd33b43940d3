import assert from 'node:assert/strict';
import { startRun, type RunHandle } from '../../../../src/core/loader';
import { resolveRunConfig, type RawRunConfig, type RunLimits } from '../../../../src/core/minimize/config';
import type { StepInspection } from '../../../../src/core/minimize/stepGate';
import { toRecords, type RecordBatch } from '../../../../src/core/minimize/records';
import { fixture, requireBuild, workerPath } from './fixtures';

/** A run of quadraticBowl in a worker, steerable: each pause's inspection arrives through `nextPause()`. */
function steppedRun(raw: RawRunConfig, stepping: 'paused' | 'running', limits?: Partial<RunLimits>, batched?: () => void) {
  const batches: RecordBatch[] = [];
  const pauses: StepInspection[] = [];
  let waiter: ((inspection: StepInspection) => void) | null = null;
  const handle: RunHandle = startRun(
    { file: fixture('quadraticBowl.ts'), config: resolveRunConfig(raw), workerPath, stepping, ...(limits ? { limits } : {}) },
    {
      onBatch: (b) => {
        batches.push(b);
        batched?.();
      },
      onPaused: (inspection) => {
        pauses.push(inspection);
        const w = waiter;
        waiter = null;
        w?.(inspection);
      },
    },
  );
  /** The next pause (or the one already there that nobody took). */
  let taken = 0;
  const nextPause = (): Promise<StepInspection> => {
    if (pauses.length > taken) return Promise.resolve(pauses[taken++]!);
    return new Promise((resolve) => {
      waiter = (inspection) => {
        taken++;
        resolve(inspection);
      };
    });
  };
  const steps = (): number[] => batches.flatMap(toRecords).map((r) => r.step);
  return { handle, nextPause, steps, pauses };
}

const stateOf = (inspection: StepInspection, name: string): number[] => Array.from(inspection.state.find((b) => b.name === name)!.values);

describe('stepping through a run in its worker (pause → step → inspect → resume / stop)', function () {
  this.timeout(30_000);
  before(requireBuild);

  it('starts paused at step 0, steps one optimizer step at a time with exact values, then resumes to the end', async () => {
    // quadraticBowl: f = (x0 − 1)² + 2 (x1 + 2)² from (0, 0); ∇f = (2 (x0 − 1), 4 (x1 + 2)).
    // SGD lr 0.1, momentum 0.9: g₁ = (−2, 8), b₁ = g₁, θ₁ = (0.2, −0.8);
    // g₂ = (−1.6, 4.8), b₂ = 0.9·b₁ + g₂ = (−3.4, 12), θ₂ = θ₁ − 0.1·b₂ = (0.54, −2).
    const run = steppedRun({ optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9 }, iterations: 30 }, 'paused');
    const zero = await run.nextPause();
    assert.equal(zero.step, 0);
    assert.deepEqual(Array.from(zero.params), [0, 0]);
    assert.deepEqual(stateOf(zero, 'momentum_buffer'), [0, 0]);
    assert.deepEqual(run.steps(), [], 'nothing runs while paused at step 0');

    run.handle.step();
    const one = await run.nextPause();
    assert.equal(one.step, 1);
    assert.equal(one.lr, 0.1);
    assert.equal(one.loss, 9);
    assert.deepEqual(Array.from(one.grad!), [-2, 8]);
    assert.deepEqual(stateOf(one, 'momentum_buffer'), [-2, 8]);
    assert.deepEqual(Array.from(one.params), [0 - 0.1 * -2, 0 - 0.1 * 8]);
    assert.deepEqual(run.steps(), [1], 'the step’s record came before its pause');

    run.handle.step();
    const two = await run.nextPause();
    assert.equal(two.step, 2);
    assert.ok(Math.abs(two.grad![0]! - -1.6) < 1e-15 && Math.abs(two.grad![1]! - 4.8) < 1e-14, `g₂ ${Array.from(two.grad!)}`);
    const b2 = stateOf(two, 'momentum_buffer');
    assert.ok(Math.abs(b2[0]! - -3.4) < 1e-14 && Math.abs(b2[1]! - 12) < 1e-13, `b₂ ${b2}`);
    assert.ok(Math.abs(two.params[0]! - 0.54) < 1e-15 && Math.abs(two.params[1]! - -2) < 1e-14, `θ₂ ${Array.from(two.params)}`);
    assert.deepEqual(Array.from(two.previous!), Array.from(one.params));

    run.handle.resume();
    const outcome = await run.handle.done;
    assert.equal(outcome.stopReason, 'maxIterations');
    assert.deepEqual(run.steps(), Array.from({ length: 30 }, (_, i) => i + 1));
    assert.equal(run.pauses.length, 3, 'no pause after resume');
  });

  it('pauses a running run after the step under way; Stop while paused ends it as cancelled', async () => {
    let firstBatch!: () => void;
    const started = new Promise<void>((resolve) => (firstBatch = resolve));
    const run = steppedRun({ optimizer: { type: 'adam', lr: 1e-4 }, iterations: 10_000_000 }, 'running', undefined, () => firstBatch());
    await started;
    run.handle.pause();
    const paused = await run.nextPause();
    assert.ok(paused.step >= 1);
    assert.equal(paused.stepSize?.kind, 'adam');
    assert.deepEqual(run.steps(), Array.from({ length: paused.step }, (_, i) => i + 1), 'every step up to the pause was delivered');
    run.handle.cancel();
    const outcome = await run.handle.done;
    assert.equal(outcome.stopReason, 'cancelled');
    assert.equal(outcome.steps, paused.step);
    // The waiting worker was woken and answered itself (a terminated one has no final loss): it ends where it paused.
    assert.deepEqual(outcome.finalParams, Array.from(paused.params));
    assert.ok(Number.isFinite(outcome.finalLoss), `final loss ${outcome.finalLoss}`);
  });

  it('time spent paused does not count towards the time limit', async () => {
    // Limit 3 s; the run is held paused at step 0 for longer than that, then finishes its 20 steps.
    const run = steppedRun({ optimizer: { type: 'sgd', lr: 0.1 }, iterations: 20 }, 'paused', { timeMs: 3000 });
    await run.nextPause();
    await new Promise((resolve) => setTimeout(resolve, 4500));
    run.handle.resume();
    const outcome = await run.handle.done;
    assert.equal(outcome.stopReason, 'maxIterations', outcome.detail);
    assert.equal(outcome.steps, 20);
  });
});
