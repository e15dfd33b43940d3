import assert from 'node:assert/strict';
import type { Objective } from '../../../../src/core/objective';
import type { GateAnswer, StepGate, StepInspection } from '../../../../src/core/minimize/stepGate';
import { inspectStart, inspectStep } from '../../../../src/core/minimize/stepGate';
import { createOptimizer, resolveOptimizerConfig } from '../../../../src/core/optimizers';
import { snapshotState, torchStateName } from '../../../../src/core/optimizers/inspect';
import { assertClose, quadratic, run, runConfig } from './helpers';

/** An objective whose gradient at step k is gradients[k − 1] (the worked examples' gradients), f = Σ x². */
function scripted(x0: readonly number[], gradients: readonly (readonly number[])[]): Objective {
  let calls = 0;
  return {
    name: 'scripted',
    dim: x0.length,
    x0: Float64Array.from(x0),
    f: (x) => x.reduce((s, v) => s + v * v, 0),
    grad: (_x, out) => out.set(gradients[Math.min(calls++, gradients.length - 1)]!),
  };
}

/** A gate that watches every step, keeps each step's inspection and answers from `answers` (default: go on). */
function recordingGate(raw: Parameters<typeof runConfig>[0], answers: (inspection: StepInspection) => GateAnswer = () => ({ heldMs: 0 }), startPaused = false): { gate: StepGate; seen: StepInspection[] } {
  const config = runConfig(raw).optimizer;
  const seen: StepInspection[] = [];
  return {
    seen,
    gate: {
      start: (params, state) => {
        if (!startPaused) return { heldMs: 0 };
        const inspection = inspectStart(params, state, config);
        seen.push(inspection);
        return answers(inspection);
      },
      watching: () => true,
      stepped: (view) => {
        const inspection = inspectStep(view, config);
        seen.push(inspection);
        return answers(inspection);
      },
    },
  };
}

const column = (inspection: StepInspection, name: string): number[] => Array.from(inspection.state.find((b) => b.name === name)?.values ?? assert.fail(`no ${name} in ${inspection.state.map((b) => b.name).join(', ')}`));

describe('stepping through a run (minimize loop gate, inspection)', () => {
  for (const type of ['sgdScheduleFree', 'adamwScheduleFree'] as const) {
    it(`${type}: each stepped θₖ₋₁ → θₖ is the model's step, the records' (and the landscape path's) points, not y where g was taken`, () => {
      const raw = { optimizer: { type, lr: 0.1 }, iterations: 3, recordParams: true } as const;
      const { gate, seen } = recordingGate(raw);
      const objective = quadratic([1, 4], [1, -2]);
      const { records } = run(objective, raw, { gate });
      assert.equal(seen.length, 3);
      const path = [Array.from(objective.x0), ...records.map((r) => Array.from(r.params!))];
      seen.forEach((inspection, i) => {
        assert.deepEqual(Array.from(inspection.previous!), path[i], `θ${i}`);
        assert.deepEqual(Array.from(inspection.params), path[i + 1], `θ${i + 1}`);
      });
      // After step 1 y = x = z (the average has one point); at step 3, g is taken at y₂ ≠ x₂: not a·θ₂.
      assert.notDeepEqual(Array.from(seen[2]!.grad!), [path[2]![0]!, 4 * path[2]![1]!]);
    });
  }

  it('Adam, steps 1 and 2 of its worked example by hand: exp_avg, exp_avg_sq, lr/(√v̂+ε), Δθ, the lr of the step', () => {
    // lr 0.1, β = (0.9, 0.999), ε = 1e-8; θ₀ = [1, 2], g₁ = [1, 1], g₂ = [1, −1].
    const raw = { optimizer: { type: 'adam', lr: 0.1 }, iterations: 2 } as const;
    const { gate, seen } = recordingGate(raw);
    const { outcome } = run(scripted([1, 2], [[1, 1], [1, -1]]), raw, { gate });
    assert.equal(outcome.stopReason, 'maxIterations');
    assert.equal(seen.length, 2);
    const [one, two] = seen as [StepInspection, StepInspection];
    // Step 1: m = (1 − β₁)·g = 0.1·g, v = (1 − β₂)·g² = 0.001·g²; v̂ = v/(1 − β₂) = 1; lr/(√v̂+ε) = 0.1/(1 + 1e-8).
    assert.equal(one.step, 1);
    assert.equal(one.lr, 0.1);
    assert.deepEqual(Array.from(one.grad!), [1, 1]);
    assert.deepEqual(Array.from(one.previous!), [1, 2]);
    for (const m of column(one, 'exp_avg')) assertClose(m, 0.1, 1e-15, 'exp_avg after step 1');
    for (const v of column(one, 'exp_avg_sq')) assertClose(v, 0.001, 1e-15, 'exp_avg_sq after step 1');
    assert.equal(one.stepSize!.kind, 'adam');
    for (const s of one.stepSize!.values) assertClose(s, 0.1 / (1 + 1e-8), 1e-15, 'lr/(√v̂+ε) at step 1');
    assertClose(one.params[0]!, 0.900000001, 1e-15, 'θ₁[0]');
    assertClose(one.params[1]!, 1.900000001, 1e-15, 'θ₁[1]');
    for (const d of one.delta!) assertClose(d, -0.1 / (1 + 1e-8), 1e-14, 'Δθ at step 1');
    assert.deepEqual(one.scalars, [{ name: 'step', value: 1 }]);
    // Step 2: m = 0.9·0.1 + 0.1·(1, −1) = (0.19, −0.01); v = 0.999·0.001 + 0.001 = 0.001999;
    // v̂ = 0.001999/(1 − 0.999²) = 0.001999/0.001999 = 1; m̂ = m/(1 − 0.81) = (1, −1/19).
    assert.equal(two.step, 2);
    const m2 = column(two, 'exp_avg');
    assertClose(m2[0]!, 0.19, 1e-14, 'exp_avg[0] after step 2');
    assertClose(m2[1]!, -0.01, 1e-13, 'exp_avg[1] after step 2');
    for (const v of column(two, 'exp_avg_sq')) assertClose(v, 0.001999, 1e-14, 'exp_avg_sq after step 2');
    for (const s of two.stepSize!.values) assertClose(s, 0.1 / (1 + 1e-8), 1e-14, 'lr/(√v̂+ε) at step 2');
    assertClose(two.params[0]!, 0.800000002, 1e-15, 'θ₂[0]');
    assertClose(two.params[1]!, 1.9052631588421053, 1e-15, 'θ₂[1]');
    assertClose(two.delta![1]!, 0.1 / 19 / (1 + 1e-8), 1e-12, 'Δθ₂[1] = lr·(1/19)/(1 + ε)');
    assert.deepEqual(Array.from(two.previous!), Array.from(one.params));
  });

  it('SGD with momentum 0.9: momentum_buffer starts as g₁, then 0.9·b + g₂; the step size is the lr', () => {
    const raw = { optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9 }, iterations: 2 } as const;
    const { gate, seen } = recordingGate(raw);
    run(scripted([1, 2], [[1, 1], [1, -1]]), raw, { gate });
    const [one, two] = seen as [StepInspection, StepInspection];
    assert.deepEqual(column(one, 'momentum_buffer'), [1, 1]);
    assert.deepEqual(Array.from(one.params), [1 - 0.1, 2 - 0.1]);
    assert.equal(one.stepSize!.kind, 'sgd');
    assert.deepEqual(Array.from(one.stepSize!.values), [0.1, 0.1]);
    // b₂ = 0.9·(1, 1) + (1, −1) = (1.9, −0.1); θ₂ = θ₁ − 0.1·b₂ = (0.71, 1.91).
    const b = column(two, 'momentum_buffer');
    assertClose(b[0]!, 1.9, 1e-15, 'b₂[0]');
    assertClose(b[1]!, -0.1, 1e-14, 'b₂[1]');
    assertClose(two.params[0]!, 0.71, 1e-15, 'θ₂[0]');
    assertClose(two.params[1]!, 1.91, 1e-15, 'θ₂[1]');
    assert.deepEqual(Array.from(two.stepSize!.values), [0.1, 0.1]);
  });

  it('the lr of each step is the schedule’s, and an optimizer without its own rule reports −Δθ/g', () => {
    // StepLR(stepSize 1, γ 0.5): lr 0.2 then 0.1. Lion: Δθ = −lr·sign(c) with c = β₁m + (1 − β₁)g → −Δθ/g = lr/|g| for m = 0.
    const raw = { optimizer: { type: 'lion', lr: 0.2 }, schedule: { type: 'step', stepSize: 1, gamma: 0.5 }, iterations: 2 } as const;
    const { gate, seen } = recordingGate(raw);
    run(scripted([1, 2], [[2, -4], [1, 1]]), raw, { gate });
    assert.deepEqual(seen.map((s) => s.lr), [0.2, 0.1]);
    assert.equal(seen[0]!.stepSize!.kind, 'ratio');
    assert.deepEqual(Array.from(seen[0]!.delta!), [0.8 - 1, 2.2 - 2]);
    assertClose(seen[0]!.stepSize!.values[0]!, 0.2 / 2, 1e-14, '−Δθ/g[0]');
    assertClose(seen[0]!.stepSize!.values[1]!, 0.2 / 4, 1e-14, '−Δθ/g[1]');
  });

  it('a run that starts paused shows step 0 (θ₀ and the fresh state); stop from the gate ends it as cancelled', () => {
    const raw = { optimizer: { type: 'adam', lr: 0.1 }, iterations: 10 } as const;
    const { gate, seen } = recordingGate(raw, (inspection) => (inspection.step < 3 ? { heldMs: 0 } : 'stop'), true);
    const { outcome, records } = run(scripted([1, 2], [[1, 1]]), raw, { gate });
    assert.deepEqual(seen.map((s) => s.step), [0, 1, 2, 3]);
    assert.equal(seen[0]!.lr, null);
    assert.deepEqual(Array.from(seen[0]!.params), [1, 2]);
    assert.deepEqual(column(seen[0]!, 'exp_avg'), [0, 0]);
    assert.equal(outcome.stopReason, 'cancelled');
    assert.equal(outcome.steps, 3);
    assert.deepEqual(records.map((r) => r.step), [1, 2, 3], 'every step taken was flushed before its inspection');
    assert.ok(Number.isFinite(outcome.finalLoss), 'a stop from the gate still evaluates the final loss');
  });

  it('time the gate held the run does not count towards the deadline', () => {
    const raw = { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 5 } as const;
    // The gate holds the run until its deadline has passed, then reports how long the user held
    // it. Reporting a minute (more than it really waited) keeps the check independent of how
    // slowly a busy machine reaches the gate; the loop must move its deadline by what is reported.
    const holdPastDeadline = (report: (heldMs: number) => number) => {
      const deadline = performance.now() + 20;
      return run(scripted([1, 2], [[1, 1]]), raw, {
        deadline,
        gate: {
          start: () => {
            const from = performance.now();
            while (performance.now() <= deadline);
            return { heldMs: report(performance.now() - from) };
          },
          watching: () => false,
          stepped: () => assert.fail('no step is watched'),
        },
      }).outcome;
    };
    const held = holdPastDeadline((heldMs) => heldMs + 60_000);
    assert.equal(held.stopReason, 'maxIterations');
    assert.equal(held.steps, 5);
    // The same hold reported as none: the deadline stays where it was, already passed.
    assert.equal(holdPastDeadline(() => 0).stopReason, 'timeout');
  });

  it('a gate that watches nothing sees nothing; without a gate the run is unchanged', () => {
    const raw = { optimizer: { type: 'adam', lr: 0.1 }, iterations: 4 } as const;
    let asked = 0;
    const gated = run(scripted([1, 2], [[1, 1], [1, -1]]), raw, { gate: { start: () => ({ heldMs: 0 }), watching: () => (asked++, false), stepped: () => assert.fail('not watched') } });
    const plain = run(scripted([1, 2], [[1, 1], [1, -1]]), raw);
    assert.equal(asked, 4);
    assert.deepEqual(gated.records, plain.records);
  });

  it('state snapshots use PyTorch’s names and list buffers that are not per parameter by their length', () => {
    assert.equal(torchStateName('expAvgSq'), 'exp_avg_sq');
    assert.equal(torchStateName('momentumBuffer'), 'momentum_buffer');
    assert.equal(torchStateName('accDelta'), 'acc_delta');
    const lbfgsConfig = resolveOptimizerConfig({ type: 'lbfgs' });
    const snapshot = snapshotState(createOptimizer(lbfgsConfig).init(3), 3);
    assert.ok(snapshot.buffers.some((b) => b.name === 'prev_flat_grad'));
    assert.ok(snapshot.other.some((b) => b.name === 'old_dirs' && b.length === 3 * 100), JSON.stringify(snapshot.other));
    assert.ok(snapshot.scalars.some((s) => s.name === 'func_evals'));
    const adadelta = snapshotState(createOptimizer(resolveOptimizerConfig({ type: 'adadelta' })).init(2), 2);
    assert.deepEqual(adadelta.buffers.map((b) => b.name), ['square_avg', 'acc_delta']);
  });
});
