import assert from 'node:assert/strict';
import { LrLabError } from '../../../../src/core/errors';
import type { Objective } from '../../../../src/core/objective';
import { minimizeWith } from '../../../../src/core/minimize/loop';
import type { Optimizer, OptimizerState } from '../../../../src/core/optimizers/types';
import { previewSchedule } from '../../../../src/core/schedules';
import type { Schedule } from '../../../../src/core/schedules/types';
import { assertClose, assertCloseAll, quadratic, run, runConfig } from './helpers';

describe('minimize', () => {
  describe('plain gradient descent (sgd, constant lr) on ½Σaᵢxᵢ²', () => {
    const a = [1, 4, 0.5];
    const x0 = [1, -2, 3];
    const lr = 0.1;
    const iterations = 25;
    /** Closed form: xᵢ after k steps = (1 − lr·aᵢ)^k · x0ᵢ. */
    const xAfter = (k: number) => x0.map((x, i) => (1 - lr * a[i]!) ** k * x);
    const lossAt = (x: number[]) => x.reduce((s, xi, i) => s + 0.5 * a[i]! * xi * xi, 0);
    const gradNormAt = (x: number[]) => Math.sqrt(x.reduce((s, xi, i) => s + (a[i]! * xi) ** 2, 0));
    const result = () => run(quadratic(a, x0), { optimizer: { type: 'sgd', lr }, iterations });

    it('follows the closed form xᵢ = (1 − lr·aᵢ)^k x0ᵢ and stops at maxIterations', () => {
      const { outcome } = result();
      assert.equal(outcome.stopReason, 'maxIterations');
      assert.equal(outcome.steps, iterations);
      assert.equal(outcome.detail, 'reached the iteration limit of 25 steps');
      assertCloseAll(outcome.finalParams, xAfter(iterations), 1e-13, 'finalParams');
      assert.equal(outcome.error, undefined);
    });

    it('records step k with the loss and gradNorm at the parameters it started from, the parameters after it and its lr', () => {
      const { records } = result();
      assert.equal(records.length, iterations);
      records.forEach((r, i) => {
        const k = i + 1;
        assert.equal(r.step, k);
        assert.equal(r.lr, lr);
        assertClose(r.loss, lossAt(xAfter(k - 1)), 1e-13, `loss of step ${k}`);
        assertClose(r.gradNorm, gradNormAt(xAfter(k - 1)), 1e-13, `gradNorm of step ${k}`);
        assertCloseAll(r.params!, xAfter(k), 1e-13, `params after step ${k}`);
        assert.equal(r.metrics, undefined);
      });
    });

    it('finalLoss is f at the final parameters; bestLoss the least of it and the recorded losses', () => {
      const { outcome, records } = result();
      assertClose(outcome.finalLoss, lossAt(xAfter(iterations)), 1e-12, 'finalLoss');
      assert.equal(outcome.bestLoss, outcome.finalLoss);
      assert.ok(records.every((r) => r.loss > outcome.finalLoss));
      assert.ok(outcome.wallTimeMs >= 0);
    });

    it('starts from config.x0 when given, and leaves the objective x0 alone', () => {
      const objective = quadratic(a, x0);
      const { outcome } = run(objective, { optimizer: { type: 'sgd', lr }, iterations: 3, x0: [2, 2, 2] });
      assertCloseAll(outcome.finalParams, a.map((ai) => (1 - lr * ai) ** 3 * 2), 1e-14);
      assert.deepEqual(Array.from(objective.x0), x0);
    });

    it('omits params from records when recordParams is false', () => {
      const { batches, records } = run(quadratic(a, x0), { optimizer: { type: 'sgd', lr }, iterations: 3, recordParams: false });
      assert.ok(batches.every((b) => b.params === null));
      assert.ok(records.every((r) => r.params === undefined));
    });
  });

  it('adam (the real optimizer) on ½x², one step: x₁ = x₀ − lr · sign(g) (bias-corrected m̂/√v̂ = ±1)', () => {
    // Adam step 1: m̂ = g, v̂ = g², so x₁ = x₀ − lr·g/(|g| + ε) = 2 − 0.1·2/(2 + 1e-8).
    const { outcome } = run(quadratic([1], [2]), { optimizer: { type: 'adam', lr: 0.1 }, iterations: 1 });
    assertClose(outcome.finalParams[0]!, 2 - (0.1 * 2) / (2 + 1e-8), 1e-15);
  });

  describe('schedules', () => {
    it("records' lr equal previewSchedule for cosine, and the closed form base·(1 + cos(πt/tMax))/2", () => {
      const iterations = 40;
      const { outcome, records } = run(quadratic([1, 2], [1, 1]), { optimizer: { type: 'sgd', lr: 0.5 }, schedule: { type: 'cosine' }, iterations });
      assert.equal(outcome.steps, iterations);
      const lrs = records.map((r) => r.lr);
      assert.deepEqual(lrs, previewSchedule({ type: 'cosine', tMax: iterations, etaMin: 0 }, 0.5, iterations));
      assertCloseAll(
        lrs,
        lrs.map((_, t) => (0.5 * (1 + Math.cos((Math.PI * t) / iterations))) / 2),
        1e-14,
        'lr',
        1e-17,
      );
    });

    it('feeds plateau the loss of every step: a flat loss halves the lr after more than patience steps', () => {
      // f ≡ 5, ∇f = 0: every report after the first is bad. patience 1 → cut after the 3rd report (lr of step 4).
      const flat: Objective = { name: 'flat', dim: 1, x0: Float64Array.of(0), f: () => 5, grad: (_x, out) => void out.fill(0) };
      const { records } = run(flat, { optimizer: { type: 'sgd', lr: 1 }, schedule: { type: 'plateau', patience: 1, factor: 0.5 }, iterations: 8 });
      assert.deepEqual(
        records.map((r) => r.lr),
        [1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.125],
      );
    });

    it('plateau sees the recorded losses in order (same lrs as previewSchedule fed those losses)', () => {
      // A loss that stalls: f = (x₀ − 1)² clipped below at 0.3.
      const stall: Objective = {
        name: 'stall',
        dim: 1,
        x0: Float64Array.of(3),
        f: (x) => Math.max(0.3, (x[0]! - 1) ** 2),
        grad: (x, out) => void (out[0] = 2 * (x[0]! - 1)),
      };
      const schedule = { type: 'plateau', patience: 2, factor: 0.5 };
      const { records } = run(stall, { optimizer: { type: 'sgd', lr: 0.1 }, schedule, iterations: 30 });
      const losses = records.map((r) => r.loss);
      const expected = previewSchedule({ type: 'plateau', mode: 'min', factor: 0.5, patience: 2, threshold: 1e-4, thresholdMode: 'rel', cooldown: 0, minLr: 0, eps: 1e-8 }, 0.1, 30, losses);
      assert.deepEqual(
        records.map((r) => r.lr),
        expected,
      );
      assert.ok(expected.at(-1)! < 0.1, 'the lr was cut at least once');
    });

    it('lossBased gets the loss at the parameters each step starts from: lr = base/√(1 + β·loss)', () => {
      const { records } = run(quadratic([2], [3]), { optimizer: { type: 'sgd', lr: 0.4 }, schedule: { type: 'lossBased', beta: 2 }, iterations: 6 });
      assert.equal(records[0]!.loss, 9);
      assert.equal(records[0]!.lr, 0.4 / Math.sqrt(1 + 2 * 9));
      for (const r of records) assertClose(r.lr, 0.4 / Math.sqrt(1 + 2 * r.loss), 1e-15, `lr of step ${r.step}`);
      // x₁ = 3 − lr₁·(2·3)
      assertClose(records[0]!.params![0]!, 3 - (0.4 / Math.sqrt(19)) * 6, 1e-15);
    });

    it('gradientBased gets the gradient norm before clipping: lr = base/(1 + β·‖g‖²)', () => {
      const { records } = run(quadratic([1, 1], [3, 4]), {
        optimizer: { type: 'sgd', lr: 1 },
        schedule: { type: 'gradientBased', beta: 0.5 },
        clip: { maxNorm: 1 },
        iterations: 5,
      });
      assert.equal(records[0]!.gradNorm, 5);
      assert.equal(records[0]!.lr, 1 / (1 + 0.5 * 25));
      for (const r of records) assertClose(r.lr, 1 / (1 + 0.5 * r.gradNorm ** 2), 1e-15, `lr of step ${r.step}`);
    });

    it('a composite whose need is "metric" (sequential of plateau, lossBased) still gets the observations', () => {
      const { records } = run(quadratic([1], [4]), {
        optimizer: { type: 'sgd', lr: 0.2 },
        schedule: { type: 'sequential', schedules: [{ type: 'plateau' }, { type: 'lossBased', beta: 1 }], milestones: [3] },
        iterations: 6,
      });
      assert.deepEqual(
        records.slice(0, 3).map((r) => r.lr),
        [0.2, 0.2, 0.2],
      );
      for (const r of records.slice(3)) assertClose(r.lr, 0.2 / Math.sqrt(1 + r.loss), 1e-15, `lr of step ${r.step}`);
    });
  });

  describe('clipping', () => {
    it('clip {maxNorm}: g ·= maxNorm/(‖g‖ + 1e-6) when that is < 1 (clip_grad_norm_); gradNorm is recorded before clipping', () => {
      // ½‖x‖² at (3, 4): g = (3, 4), ‖g‖ = 5; lr 1: x₁ = x₀ − g/(5 + 1e-6).
      const { records } = run(quadratic([1, 1], [3, 4]), { optimizer: { type: 'sgd', lr: 1 }, clip: { maxNorm: 1 }, iterations: 1 });
      const coef = 1 / (5 + 1e-6);
      assert.equal(records[0]!.gradNorm, 5);
      assertCloseAll(records[0]!.params!, [3 - 3 * coef, 4 - 4 * coef], 1e-15);
    });

    it('clip {maxNorm} leaves a gradient whose norm is below maxNorm alone', () => {
      const { records } = run(quadratic([1, 1], [3, 4]), { optimizer: { type: 'sgd', lr: 1 }, clip: { maxNorm: 10 }, iterations: 1 });
      assert.deepEqual(records[0]!.params, [0, 0]);
    });

    it('clip {value}: each component clamped to [−value, value] (clip_grad_value_)', () => {
      // g = x = (3, −0.5, −4) → (1, −0.5, −1); lr 1: x₁ = (2, 0, −3).
      const { records } = run(quadratic([1, 1, 1], [3, -0.5, -4]), { optimizer: { type: 'sgd', lr: 1 }, clip: { value: 1 }, iterations: 1 });
      assert.equal(records[0]!.gradNorm, Math.sqrt(9 + 0.25 + 16));
      assert.deepEqual(records[0]!.params, [2, 0, -3]);
    });
  });

  describe('tolerances', () => {
    // ½x² from x₀ = 1 with lr 0.5: x_k = 0.5^k, so step k starts at 0.5^(k−1).
    const halving = quadratic([1], [1]);

    it('tolerance.gradNorm stops as converged before the step whose gradient norm is ≤ it', () => {
      // ‖g‖ at the start of step k = 0.5^(k−1) ≤ 0.01 first for k = 8 (0.5⁷ = 0.0078).
      const { outcome, records } = run(halving, { optimizer: { type: 'sgd', lr: 0.5 }, tolerance: { gradNorm: 0.01 }, iterations: 100 });
      assert.equal(outcome.stopReason, 'converged');
      assert.equal(outcome.steps, 7);
      assert.equal(records.length, 7);
      assert.deepEqual(outcome.finalParams, [0.5 ** 7]);
      assert.equal(outcome.detail, 'converged: the gradient norm 0.0078125 ≤ tolerance.gradNorm 0.01 after 7 steps');
    });

    it('tolerance.lossChange stops as converged at the step whose loss is within it of the previous one', () => {
      // loss_k = ½·0.25^(k−1); loss_{k−1} − loss_k = 0.375·0.25^(k−2) ≤ 1e-3 first for k = 7.
      const { outcome, records } = run(halving, { optimizer: { type: 'sgd', lr: 0.5 }, tolerance: { lossChange: 1e-3 }, iterations: 100 });
      assert.equal(outcome.stopReason, 'converged');
      assert.equal(outcome.steps, 7);
      assert.equal(records.at(-1)!.step, 7);
      assert.deepEqual(outcome.finalParams, [0.5 ** 7]);
      assert.match(outcome.detail, /^converged: the loss changed by 0\.000366211 ≤ tolerance\.lossChange 0\.001 at step 7$/);
    });
  });

  describe('gradients', () => {
    it("gradient 'numeric' uses central differences even when the objective has a grad", () => {
      const objective: Objective = {
        ...quadratic([1, 4], [1, -2]),
        grad: () => {
          throw new Error('grad must not be called');
        },
      };
      const { outcome } = run(objective, { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 10, gradient: 'numeric' });
      assert.equal(outcome.stopReason, 'maxIterations');
      assertCloseAll(outcome.finalParams, [0.9 ** 10, -2 * 0.6 ** 10], 1e-8);
    });

    it('an objective without grad gets central differences (of the same batch in mini-batch form)', () => {
      const { grad: _grad, ...noGrad } = quadratic([2], [1]);
      const { outcome } = run(noGrad, { optimizer: { type: 'sgd', lr: 0.25 }, iterations: 5 });
      assertClose(outcome.finalParams[0]!, 0.5 ** 5, 1e-8);
    });
  });

  describe('metrics', () => {
    it('records the metrics at the parameters each step starts from', () => {
      const objective: Objective = { ...quadratic([1], [2]), metrics: (x) => ({ twice: 2 * x[0]!, seen: 1 }) };
      const { records } = run(objective, { optimizer: { type: 'sgd', lr: 0.5 }, iterations: 3 });
      assert.deepEqual(
        records.map((r) => r.metrics),
        [
          { twice: 4, seen: 1 },
          { twice: 2, seen: 1 },
          { twice: 1, seen: 1 },
        ],
      );
    });

    it('a metric missing at some steps is NaN there', () => {
      const objective: Objective = { ...quadratic([1], [2]), metrics: (x): Record<string, number> => (x[0]! < 1.5 ? { late: 7 } : {}) };
      const { records } = run(objective, { optimizer: { type: 'sgd', lr: 0.5 }, iterations: 3 });
      assert.deepEqual(
        records.map((r) => r.metrics?.late),
        [NaN, 7, 7],
      );
    });
  });

  it('minimizeWith runs a given optimizer and schedule: step gets the clipped gradient and lrAt(t); report gets t and the loss', () => {
    const calls: string[] = [];
    // Plain GD that also logs what it is given.
    const logger: Optimizer = {
      type: 'logger',
      config: { type: 'logger', lr: 1 },
      init: (): OptimizerState => ({ step: 0 }),
      step(params, grad, state, lr) {
        calls.push(`step ${state.step}: g=[${Array.from(grad)}] lr=${lr}`);
        for (let i = 0; i < params.length; i++) params[i] = params[i]! - lr * grad[i]!;
        state.step++;
      },
    };
    const halving: Schedule<number> = {
      type: 'halving',
      config: { type: 'halving' },
      dependsOn: 'metric',
      initialState: () => 1,
      lrAt: (t, state, obs) => (calls.push(`lrAt ${t}: loss=${obs.loss} gradNorm=${obs.gradNorm}`), state),
      report: (state, t, metric) => (calls.push(`report ${t}: ${metric}`), state / 2),
    };
    // ½‖x‖² from (3, 4): g = (3, 4), clipped by value 2 → (2, 2); lr 1 → x₁ = (1, 2), loss₂ = 2.5, ‖g₂‖ = √5; lr 0.5 → x₂ = (0.5, 1).
    const outcome = minimizeWith(quadratic([1, 1], [3, 4]), runConfig({ iterations: 2, clip: { value: 2 } }), logger, halving as Schedule);
    assert.deepEqual(outcome.finalParams, [0.5, 1]);
    assert.deepEqual(calls, [
      'lrAt 0: loss=12.5 gradNorm=5',
      'step 0: g=[2,2] lr=1',
      'report 0: 12.5',
      `lrAt 1: loss=2.5 gradNorm=${Math.sqrt(5)}`,
      'step 1: g=[1,2] lr=0.5',
      'report 1: 2.5',
    ]);
  });

  describe('bad config or objective (thrown before any step)', () => {
    it('x0 of the wrong length', () => {
      assert.throws(
        () => run(quadratic([1, 1], [1, 1]), { iterations: 1, x0: [1, 2, 3] }),
        (e: unknown) => e instanceof LrLabError && e.code === 'invalidConfig' && e.message === 'the run config x0 has 3 values but objective "quadratic" has 2 parameters',
      );
      assert.throws(
        () => run(quadratic([1, 1], [1, 1]), { iterations: 1, x0: [1] }),
        (e: unknown) => e instanceof LrLabError && e.code === 'invalidConfig' && e.message === 'the run config x0 has 1 value but objective "quadratic" has 2 parameters',
      );
    });

    it('an empty data set, and a batch size that is not a positive integer', () => {
      const objective: Objective = { ...quadratic([1], [1]), data: [] };
      assert.throws(() => run(objective, { iterations: 1 }), /objective "quadratic" has an empty data set/);
      assert.throws(() => run({ ...quadratic([1], [1]), data: [1, 2], batchSize: 0 }, { iterations: 1 }), /objective "quadratic" batchSize must be an integer ≥ 1 \(got 0\)/);
    });
  });
});
