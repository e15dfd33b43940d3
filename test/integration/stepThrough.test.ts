/**
 * Stepping through a run in a real extension host: the panel's Step through starts a run of
 * rosenbrock paused before its first step; Step once takes one optimizer step at a time and each
 * pause shows θ, g, the momentum buffer and the step size exactly as SGD with momentum computes
 * them by hand; Resume runs it to the end with every record; a running run paused from the panel
 * stops cleanly with Stop. The page is the real one: what the host sends it must pass its checks.
 */
import * as assert from 'node:assert/strict';
import { assertStopReason, lrlab, nextCompletion, open, rosenbrock, waitFor, type LrLabApi } from './support';

const LR = 0.001;
const MOMENTUM = 0.9;
const ITERATIONS = 30;
const controls = { optimizer: { type: 'sgd', lr: LR, momentum: MOMENTUM }, schedule: { type: 'constant' }, iterations: ITERATIONS };

describe('step-through: pause, step and inspect a run from the panel', () => {
  let api: LrLabApi;

  before(async () => {
    api = await lrlab();
    const editor = await open('rosenbrock.ts');
    // Aim the panel at rosenbrock (the page's Run acts on the panel's objective).
    await api.run({ uri: editor.document.uri, objective: 'rosenbrock' }, { ...controls, iterations: 1 }, { progress: false });
  });

  /** The inspection of the run paused at `step` (waiting for it). */
  const pausedAt = (step: number) =>
    waitFor(
      () => api.paused().find((p) => p.inspection.step === step),
      () => `a run paused at step ${step} (paused now: ${JSON.stringify(api.paused().map((p) => p.inspection.step))})`,
    );
  const column = (inspection: { state: { name: string; values: unknown[] }[] }, name: string): number[] => inspection.state.find((b) => b.name === name)!.values as number[];

  it('Step through → step 0 at x₀; Step once ×2 with SGD-with-momentum values by hand; Resume runs to the end', async () => {
    const finished = nextCompletion(api, 120_000);
    // Not awaited: the page's run message is handled when the run ends.
    const handled = api.fromPanel({ type: 'run', controls, stepThrough: true });

    const zero = await pausedAt(0);
    assert.deepEqual(zero.inspection.params, [-1.2, 1]);
    assert.deepEqual(column(zero.inspection, 'momentum_buffer'), [0, 0]);
    assert.equal(zero.inspection.lr, null);
    const runId = zero.runId;
    assert.equal(api.runs().find((r) => r.meta.id === runId)?.data.loss.length ?? 0, 0, 'no step is taken while paused at step 0');

    // Step 1: g₁ = ∇f(x₀), b₁ = g₁, θ₁ = x₀ − lr·b₁.
    await api.fromPanel({ type: 'stepRun', action: 'step' });
    const one = (await pausedAt(1)).inspection;
    const x0 = [-1.2, 1];
    const g1 = rosenbrock.grad(x0);
    const theta1 = x0.map((x, i) => x - LR * g1[i]!);
    assert.equal(one.lr, LR);
    assert.deepEqual(one.previous, x0);
    assert.deepEqual(one.grad, g1);
    assert.deepEqual(column(one, 'momentum_buffer'), g1);
    assert.deepEqual(one.params, theta1);
    assert.deepEqual(one.stepSize, { kind: 'sgd', values: [LR, LR] });
    assert.equal(one.loss, rosenbrock.f(x0));

    // Step 2: b₂ = μ·b₁ + g₂, θ₂ = θ₁ − lr·b₂.
    await api.fromPanel({ type: 'stepRun', action: 'step' });
    const two = (await pausedAt(2)).inspection;
    const g2 = rosenbrock.grad(theta1);
    const b2 = g1.map((b, i) => MOMENTUM * b + g2[i]!);
    assert.deepEqual(two.grad, g2);
    assert.deepEqual(column(two, 'momentum_buffer'), b2);
    assert.deepEqual(two.params, theta1.map((x, i) => x - LR * b2[i]!));
    assert.deepEqual(two.delta, two.params.map((x, i) => (x as number) - (theta1[i] as number)));
    assert.deepEqual(
      api.runs().find((r) => r.meta.id === runId)?.data.loss,
      [rosenbrock.f(x0), rosenbrock.f(theta1)],
      'the records of the steps taken reached the panel before each pause',
    );

    await api.fromPanel({ type: 'stepRun', action: 'resume' });
    const completion = await finished;
    await handled;
    assertStopReason(completion, 'maxIterations');
    assert.equal(completion.outcome?.steps, ITERATIONS);
    assert.equal(api.runs().find((r) => r.meta.id === runId)?.data.loss.length, ITERATIONS);
    assert.deepEqual(api.paused(), []);
  });

  it('Pause stops a running run after the step under way; Stop while paused ends it as cancelled', async () => {
    // slowBowl takes about 3 ms per call: 100k steps run for minutes unpaused.
    const slow = await open('fixtures/slow.ts');
    await api.run({ uri: slow.document.uri, objective: 'slowBowl' }, { ...controls, iterations: 1 }, { progress: false });
    const finished = nextCompletion(api, 120_000);
    const handled = api.fromPanel({ type: 'run', controls: { ...controls, iterations: 100_000 } });
    await waitFor(() => api.runs().find((r) => !r.outcome && r.data.loss.length > 0), 'the long run streaming its first steps');
    await api.fromPanel({ type: 'stepRun', action: 'pause' });
    const paused = await waitFor(() => api.paused()[0], 'the run paused');
    assert.ok(paused.inspection.step >= 1);
    assert.equal(paused.inspection.stepSize?.kind, 'sgd');
    await api.fromPanel({ type: 'stop' });
    const completion = await finished;
    await handled;
    assertStopReason(completion, 'cancelled');
    assert.equal(completion.outcome?.steps, paused.inspection.step, 'no step after the pause');
  });
});
