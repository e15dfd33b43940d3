import assert from 'node:assert/strict';
import { LrLabError } from '../../../../src/core/errors';
import type { Objective } from '../../../../src/core/objective';
import { assertClose, quadratic, run } from './helpers';

/** ½x² from x₀ = 1; with sgd lr 0.5 step k starts at 0.5^(k−1). */
const halving = () => quadratic([1], [1]);

describe('minimize stops', () => {
  describe('divergence', () => {
    it('sgd with too big an lr diverges at the step whose loss exceeds divergenceFactor·max(1, |loss₁|)', () => {
      // lr 3 on ½x²: x_k = (−2)^k, loss_k = ½·4^(k−1) > 1e12 first for k = 22 (½·4²¹ ≈ 2.2e12).
      const { outcome, records } = run(halving(), { optimizer: { type: 'sgd', lr: 3 }, iterations: 100 });
      assert.equal(outcome.stopReason, 'diverged');
      assert.equal(outcome.steps, 22);
      assert.equal(records.length, 22);
      assert.equal(outcome.detail, 'loss exploded: 2.19902e+12 > 1e+12 × max(1, |initial loss 0.5|) at step 22');
      assert.equal(outcome.error, undefined);
      assert.equal(outcome.bestLoss, 0.5);
      assert.deepEqual(outcome.finalParams, [(-2) ** 22]);
      assert.equal(outcome.finalLoss, 0.5 * 4 ** 22);
    });

    it('divergenceFactor scales with |loss₁| when it is above 1', () => {
      // ½·4·x² from x₀ = 1 (loss₁ = 2) with lr 1: x_k = (−3)^k, loss_k = 2·9^(k−1) > 10·2 first for k = 3.
      const { outcome } = run(quadratic([4], [1]), { optimizer: { type: 'sgd', lr: 1 }, divergenceFactor: 10, iterations: 100 });
      assert.equal(outcome.stopReason, 'diverged');
      assert.equal(outcome.steps, 3);
    });

    it('parameters that become non-finite stop as diverged after that step (which is recorded)', () => {
      // The gradient is 1e308 from step 2 on; lr 10 sends x to −Infinity.
      let calls = 0;
      const objective: Objective = { name: 'cliff', dim: 1, x0: Float64Array.of(0), f: () => 1, grad: (_x, out) => void (out[0] = ++calls >= 2 ? 1e308 : 0) };
      const { outcome, records } = run(objective, { optimizer: { type: 'sgd', lr: 10 }, iterations: 10 });
      assert.equal(outcome.stopReason, 'diverged');
      assert.equal(outcome.steps, 2);
      assert.equal(outcome.detail, 'parameters became -Infinity after step 2 (x[0])');
      assert.deepEqual(records.at(-1)!.params, [-Infinity]);
      assert.equal(records.at(-1)!.gradNorm, 1e308);
      assert.ok(Number.isNaN(outcome.finalLoss));
      assert.equal(outcome.bestLoss, 1);
    });
  });

  describe('non-finite loss or gradient', () => {
    it('NaN at the starting point is an error nonFiniteLoss, with no record', () => {
      const objective: Objective = { ...halving(), f: () => NaN };
      const { outcome, records } = run(objective, { optimizer: { type: 'sgd', lr: 0.5 }, iterations: 10 });
      assert.equal(outcome.stopReason, 'error');
      assert.deepEqual(outcome.error, { code: 'nonFiniteLoss', message: 'f returned NaN at the starting point', text: { id: 'lossNonFiniteAtStart', args: ['NaN'] } });
      assert.equal(outcome.detail, 'f returned NaN at the starting point');
      assert.equal(outcome.steps, 0);
      assert.equal(records.length, 0);
      assert.ok(Number.isNaN(outcome.bestLoss));
      assert.deepEqual(outcome.finalParams, [1]);
    });

    it('NaN later stops as diverged naming the step; the step is not recorded', () => {
      // f is NaN below x = 0.2: step 4 starts at 0.125.
      const objective: Objective = { ...halving(), f: (x) => (x[0]! < 0.2 ? NaN : 0.5 * x[0]! ** 2) };
      const { outcome, records } = run(objective, { optimizer: { type: 'sgd', lr: 0.5 }, iterations: 10 });
      assert.equal(outcome.stopReason, 'diverged');
      assert.equal(outcome.detail, 'f returned NaN at step 4');
      assert.deepEqual(outcome.error, { code: 'nonFiniteLoss', message: 'f returned NaN at step 4', text: { id: 'lossNonFinite', args: ['NaN', 4] } });
      assert.equal(outcome.steps, 3);
      assert.equal(records.length, 3);
      assert.deepEqual(outcome.finalParams, [0.125]);
      assert.ok(Number.isNaN(outcome.finalLoss));
      assert.equal(outcome.bestLoss, 0.5 * 0.25 ** 2);
    });

    it('an infinite loss later is diverged too', () => {
      const objective: Objective = { ...halving(), f: (x) => (x[0]! < 0.3 ? Infinity : 0.5 * x[0]! ** 2) };
      const { outcome } = run(objective, { optimizer: { type: 'sgd', lr: 0.5 }, iterations: 10 });
      assert.equal(outcome.stopReason, 'diverged');
      assert.equal(outcome.detail, 'f returned Infinity at step 3');
    });

    it('a non-finite gradient is an error nonFiniteGradient at step 1 and diverged later', () => {
      const atStart: Objective = { ...quadratic([1, 1], [1, 1]), grad: (_x, out) => out.set([0, NaN]) };
      const first = run(atStart, { optimizer: { type: 'sgd', lr: 0.5 }, iterations: 10 }).outcome;
      assert.equal(first.stopReason, 'error');
      assert.deepEqual(first.error, { code: 'nonFiniteGradient', message: 'gradient component 1 (x[1]) is NaN at the starting point', text: { id: 'gradientNonFiniteAtStart', args: [1, 'NaN'] } });
      assert.equal(first.steps, 0);

      const later: Objective = { ...halving(), grad: (x, out) => void (out[0] = x[0]! < 0.3 ? -Infinity : x[0]!) };
      const second = run(later, { optimizer: { type: 'sgd', lr: 0.5 }, iterations: 10 }).outcome;
      assert.equal(second.stopReason, 'diverged');
      assert.equal(second.detail, 'gradient component 0 (x[0]) is -Infinity at step 3');
      assert.equal(second.error?.code, 'nonFiniteGradient');
      assert.equal(second.steps, 2);
      assert.equal(second.finalLoss, 0.5 * 0.25 ** 2);
    });
  });

  describe('exceptions from the objective', () => {
    it('f throwing stops as error with its message, after the steps before it', () => {
      let calls = 0;
      const objective: Objective = {
        ...halving(),
        f: (x) => {
          if (++calls === 3) throw new Error('boom');
          return 0.5 * x[0]! ** 2;
        },
      };
      const { outcome, records } = run(objective, { optimizer: { type: 'sgd', lr: 0.5 }, iterations: 10 });
      assert.equal(outcome.stopReason, 'error');
      assert.deepEqual(outcome.error, { code: 'objectiveError', message: 'boom' });
      assert.equal(outcome.detail, 'f failed at step 3: boom');
      assert.equal(outcome.steps, 2);
      assert.equal(records.length, 2);
      // f works again for the final loss, at x after 2 steps.
      assert.equal(outcome.finalLoss, 0.5 * 0.25 ** 2);
    });

    it('a TypeError keeps its name; a thrown string is its own message', () => {
      const typeError: Objective = { ...halving(), f: () => (null as unknown as { a: number }).a };
      const e = run(typeError, { iterations: 1 }).outcome.error!;
      assert.equal(e.code, 'objectiveError');
      assert.match(e.message, /^TypeError: Cannot read properties of null/);
      const thrownString: Objective = {
        ...halving(),
        f: () => {
          throw 'nope';
        },
      };
      assert.equal(run(thrownString, { iterations: 1 }).outcome.error!.message, 'nope');
    });

    it("grad throwing LrLabError('gradientLength') stops as error with that code", () => {
      const objective: Objective = {
        ...halving(),
        grad: () => {
          throw new LrLabError('gradientLength', 'grad returned 3 values, expected 1');
        },
      };
      const { outcome } = run(objective, { iterations: 10 });
      assert.equal(outcome.stopReason, 'error');
      assert.deepEqual(outcome.error, { code: 'gradientLength', message: 'grad returned 3 values, expected 1' });
      assert.equal(outcome.detail, 'grad failed at step 1: grad returned 3 values, expected 1');
      assert.equal(outcome.finalLoss, 0.5);
    });

    it('metrics throwing, or returning a non-number, stops as error', () => {
      const throwing: Objective = {
        ...halving(),
        metrics: () => {
          throw new RangeError('bad metric');
        },
      };
      const first = run(throwing, { iterations: 10 }).outcome;
      assert.equal(first.stopReason, 'error');
      assert.equal(first.detail, 'metrics failed at step 1: RangeError: bad metric');
      const wrongType: Objective = { ...halving(), metrics: () => ({ accuracy: '0.9' }) as unknown as Record<string, number> };
      const second = run(wrongType, { iterations: 10 }).outcome;
      assert.deepEqual(second.error, { code: 'invalidObjective', message: 'metrics must return an object of numbers like { accuracy: 0.9 }, but "accuracy" is "0.9"', text: { id: 'metricsEntryNotNumber', args: ['{ accuracy: 0.9 }', 'accuracy', '"0.9"'] } });
    });

    it('describeError decides how an exception is reported, and is told where it happened', () => {
      const seen: string[] = [];
      const hooks = {
        describeError: (error: unknown, during: 'f' | 'grad' | 'metrics') => {
          seen.push(during);
          return { code: 'objectiveError' as const, message: `mapped ${(error as Error).message}`, location: { file: 'obj.ts', line: 3 } };
        },
      };
      const badGrad: Objective = {
        ...halving(),
        grad: () => {
          throw new Error('g');
        },
      };
      const outcome = run(badGrad, { iterations: 3 }, hooks).outcome;
      assert.deepEqual(outcome.error, { code: 'objectiveError', message: 'mapped g', location: { file: 'obj.ts', line: 3 } });
      const { grad: _grad, ...numeric } = halving();
      let calls = 0;
      const badF: Objective = {
        ...numeric,
        f: () => {
          if (++calls === 2) throw new Error('in a finite difference');
          return 1;
        },
      };
      assert.equal(run(badF, { iterations: 3 }, hooks).outcome.detail, 'f failed at step 1: mapped in a finite difference');
      assert.deepEqual(seen, ['grad', 'f']);
    });
  });

  describe('cancel and time limit', () => {
    it('shouldStop is polled before the first step: true at once stops as cancelled with no step', () => {
      const { outcome, batches } = run(halving(), { iterations: 10 }, { shouldStop: () => true });
      assert.equal(outcome.stopReason, 'cancelled');
      assert.equal(outcome.steps, 0);
      assert.equal(outcome.detail, 'cancelled after 0 steps');
      assert.equal(batches.length, 0);
      assert.equal(outcome.finalLoss, 0.5);
    });

    it('shouldStop is polled at least every 256 steps; once it says true the run stops as cancelled', () => {
      let evaluations = 0;
      const objective: Objective = { ...halving(), f: (x) => (evaluations++, 0.5 * x[0]! ** 2) };
      const pollsAt: number[] = [];
      const { outcome, records } = run(
        objective,
        { optimizer: { type: 'sgd', lr: 1e-6 }, iterations: 100_000 },
        {
          shouldStop: () => {
            pollsAt.push(evaluations);
            return evaluations >= 3000;
          },
        },
      );
      assert.equal(outcome.stopReason, 'cancelled');
      assert.ok(outcome.steps >= 3000 && outcome.steps <= 3256, `steps ${outcome.steps}`);
      assert.equal(records.length, outcome.steps);
      assert.equal(pollsAt[0], 0);
      for (let i = 1; i < pollsAt.length; i++) assert.ok(pollsAt[i]! - pollsAt[i - 1]! <= 256, `gap ${pollsAt[i]! - pollsAt[i - 1]!}`);
    });

    it('a deadline already past stops as timeout before the first step', () => {
      const { outcome } = run(halving(), { iterations: 10 }, { deadline: performance.now() - 1 });
      assert.equal(outcome.stopReason, 'timeout');
      assert.equal(outcome.steps, 0);
      assert.equal(outcome.detail, 'stopped at the time limit after 0 steps');
    });

    it('a deadline reached while running stops as timeout soon after it', () => {
      // Each f call takes ≥ 1 ms, so 30 ms allow at most ~30 steps out of 10 000.
      const slow: Objective = {
        ...halving(),
        f: (x) => {
          const until = performance.now() + 1;
          while (performance.now() < until);
          return 0.5 * x[0]! ** 2;
        },
      };
      const start = performance.now();
      const { outcome, records } = run(slow, { optimizer: { type: 'sgd', lr: 1e-3 }, iterations: 10_000 }, { deadline: start + 30 });
      assert.equal(outcome.stopReason, 'timeout');
      // At most ~30 steps fit before the deadline; how many do depends on the machine's load, so only that bound is checked.
      assert.ok(outcome.steps >= 1 && outcome.steps <= 40, `steps ${outcome.steps}`);
      assert.equal(records.length, outcome.steps);
      assertClose(outcome.finalParams[0]!, (1 - 1e-3) ** outcome.steps, 1e-12);
    });
  });
});
