/**
 * What the loop does for optimizers that need more than (params, grad, state, lr): LBFGS
 * evaluates the objective itself (a closure on the step's batch; the records count its
 * evaluations), ASGD's averaged iterate is a second parameter series, the schedule-free
 * optimizers are evaluated at their average x while taking gradients at y, and Prodigy and
 * D-Adaptation record the step size they use. Each run is compared with the same kernel
 * driven by hand, so the loop adds exactly what it says and nothing else.
 */
import assert from 'node:assert/strict';
import type { Objective } from '../../../../src/core/objective';
import { createOptimizer, resolveOptimizerConfig, type OptimizerState } from '../../../../src/core/optimizers';
import { RecordBuffer, completeRows, type OpenColumns } from '../../../../src/core/minimize/recordBuffer';
import { csvHeader, csvRows } from '../../../../src/core/minimize/recordsCsv';
import { assertCloseAll, quadratic, run } from './helpers';

/** ½ Σ aᵢ xᵢ² with curvatures 1 … 100, from all ones: a quadratic LBFGS should solve in a few iterations. */
const curvatures = [1, 3, 10, 30, 100];
const bowl = (): Objective => quadratic(curvatures, [1, 1, 1, 1, 1], 'bowl');

describe('minimize with optimizers that need more from the loop', () => {
  describe('lbfgs: several evaluations per step, counted', () => {
    it('takes the steps the kernel takes with a closure of f and ∇f, and records the evaluations so far after each step', () => {
      const { outcome, records } = run(bowl(), { optimizer: { type: 'lbfgs', lineSearchFn: 'strongWolfe' }, iterations: 4 });
      // The same kernel, driven by hand.
      const optimizer = createOptimizer(resolveOptimizerConfig({ type: 'lbfgs', lineSearchFn: 'strongWolfe' }));
      const objective = bowl();
      const x = Float64Array.from(objective.x0);
      const grad = new Float64Array(5);
      const state = optimizer.init(5) as OptimizerState & { funcEvals: number };
      const closure = (): number => {
        objective.grad!(x, grad);
        return objective.f(x);
      };
      records.forEach((record, k) => {
        const loss = closure();
        assert.equal(record.loss, loss, `step ${k + 1}: the loss where the step starts`);
        optimizer.step(x, grad, state, 1, loss, closure);
        assert.deepEqual(record.params, Array.from(x), `step ${k + 1}: params`);
        assert.equal(record.evaluations, state.funcEvals, `step ${k + 1}: evaluations so far`);
      });
      assert.equal(outcome.evaluations, state.funcEvals);
      assert.ok(records[0]!.evaluations! > 1, 'the first step evaluates more than once');
      assert.ok(outcome.finalLoss < 1e-10, `final loss ${outcome.finalLoss}`);
      assert.equal(outcome.steps, records.length);
    });

    it('evaluates every closure call on the step’s mini-batch', () => {
      const data = [1, 2, 3, 4, 5, 6];
      const seen: number[][] = [];
      const objective: Objective<number> = {
        name: 'batched',
        dim: 1,
        x0: Float64Array.from([3]),
        f: (x, batch) => {
          seen.push([...batch!]);
          return batch!.reduce((s, c) => s + 0.5 * c * (x[0]! - c) ** 2, 0);
        },
        grad: (x, out, batch) => {
          out[0] = batch!.reduce((s, c) => s + c * (x[0]! - c), 0);
        },
        data,
        batchSize: 2,
      };
      const { outcome, records } = run(objective as Objective, { optimizer: { type: 'lbfgs', maxIter: 3 }, iterations: 3, seed: 4 });
      assert.equal(outcome.stopReason, 'maxIterations', outcome.detail);
      // Per step: the loop's f, then LBFGS's closure calls (f each), all on one batch of 2. (The
      // calls on all 6 items are the loop's full-data losses, once an epoch, and the final loss.)
      const onBatches = seen.filter((b) => b.length === 2);
      let at = 0;
      for (const [k, record] of records.entries()) {
        const calls = record.evaluations! - (records[k - 1]?.evaluations ?? 0);
        const batches = onBatches.slice(at, at + calls);
        assert.equal(batches.length, calls);
        for (const b of batches) assert.deepEqual(b, batches[0], `step ${record.step}: one batch for all its evaluations`);
        at += calls;
      }
      assert.equal(at, onBatches.length, 'no other evaluation on a batch');
      assert.deepEqual(seen[seen.length - 1], data, 'the final loss is on all the data');
    });

    it('an exception in the closure ends the run as an error of f, with the steps before it', () => {
      let calls = 0;
      const objective: Objective = {
        ...bowl(),
        f: (x) => {
          if (++calls === 6) throw new Error('boom in f');
          return 0.5 * curvatures.reduce((s, a, i) => s + a * x[i]! * x[i]!, 0);
        },
      };
      const { outcome } = run(objective, { optimizer: { type: 'lbfgs' }, iterations: 10 });
      assert.equal(outcome.stopReason, 'error');
      assert.match(outcome.error!.message, /boom in f/);
      assert.match(outcome.detail, /\bf\b/);
    });

    it('records no evaluations column for the other optimizers', () => {
      const { outcome, batches, records } = run(bowl(), { optimizer: { type: 'adam' }, iterations: 3 });
      assert.ok(batches.every((b) => b.evaluations === undefined && b.averagedParams === undefined));
      assert.ok(records.every((r) => !('evaluations' in r) && !('averagedParams' in r)));
      assert.ok(!('evaluations' in outcome) && !('finalAveragedParams' in outcome));
    });
  });

  describe('asgd: the averaged iterate as a second parameter series', () => {
    it('records the averaged iterate after each step beside the parameters, and at the end', () => {
      const config = { type: 'asgd', lr: 0.05, t0: 2 };
      const { outcome, records } = run(bowl(), { optimizer: config, iterations: 6 });
      const optimizer = createOptimizer(resolveOptimizerConfig(config));
      const objective = bowl();
      const x = Float64Array.from(objective.x0);
      const grad = new Float64Array(5);
      const state = optimizer.init(5);
      records.forEach((record, k) => {
        objective.grad!(x, grad);
        optimizer.step(x, grad, state, 0.05);
        assert.deepEqual(record.params, Array.from(x), `step ${k + 1}: params`);
        assert.deepEqual(record.averagedParams, Array.from(optimizer.averagedParams!(state)), `step ${k + 1}: averaged`);
      });
      assert.deepEqual(outcome.finalAveragedParams, Array.from(optimizer.averagedParams!(state)));
      assert.notDeepEqual(records[5]!.averagedParams, records[5]!.params, 'from step t0 + 2 on the average differs');
      assert.deepEqual(records[0]!.averagedParams, records[0]!.params, 'before t0 it is the iterate');
    });

    it('keeps no averaged series when the run does not record parameters', () => {
      const { batches, outcome } = run(bowl(), { optimizer: { type: 'asgd', t0: 0 }, iterations: 3, recordParams: false });
      assert.ok(batches.every((b) => b.averagedParams === undefined && b.params === null));
      assert.equal(outcome.finalAveragedParams!.length, 5, 'the final one is still reported');
    });
  });

  describe('schedule-free: the model is x, gradients are taken at y', () => {
    for (const type of ['sgdScheduleFree', 'adamwScheduleFree']) {
      it(`${type}: loss and metrics at x before each step, gradient at y, params recorded as x, final loss and params at x`, () => {
        const config = { type, lr: 0.02 };
        const gradientPoints: number[][] = [];
        const metricPoints: number[][] = [];
        const objective: Objective = {
          ...bowl(),
          grad: (x, out) => {
            gradientPoints.push(Array.from(x));
            for (let i = 0; i < 5; i++) out[i] = curvatures[i]! * x[i]!;
          },
          metrics: (x) => {
            metricPoints.push(Array.from(x));
            return { first: x[0]! };
          },
        };
        const { outcome, records } = run(objective, { optimizer: config, iterations: 5 });
        const optimizer = createOptimizer(resolveOptimizerConfig(config));
        const y = Float64Array.from(bowl().x0);
        const grad = new Float64Array(5);
        const state = optimizer.init(5);
        const f = bowl().f;
        records.forEach((record, k) => {
          const model = optimizer.evalPoint!(state, y);
          assert.equal(record.loss, f(model), `step ${k + 1}: the loss at x`);
          assert.deepEqual(metricPoints[k], Array.from(model), `step ${k + 1}: metrics at x`);
          assert.deepEqual(gradientPoints[k], Array.from(y), `step ${k + 1}: the gradient at y`);
          bowl().grad!(y, grad);
          optimizer.step(y, grad, state, 0.02);
          assert.deepEqual(record.params, Array.from(optimizer.evalPoint!(state, y)), `step ${k + 1}: params recorded as x`);
        });
        assert.notDeepEqual(Array.from(y), outcome.finalParams, 'y and x differ');
        assert.deepEqual(outcome.finalParams, Array.from(optimizer.evalPoint!(state, y)));
        assert.equal(outcome.finalLoss, f(optimizer.evalPoint!(state, y)));
      });
    }
  });

  describe('prodigy and D-Adaptation: the lr column is the step size they use', () => {
    for (const type of ['prodigy', 'dAdaptAdam']) {
      it(`${type}: lr of step k = d·lr before step k (the schedule's lr times the estimate)`, () => {
        const { records } = run(bowl(), { optimizer: { type, d0: 1e-3 }, schedule: { type: 'linear', startFactor: 0.5, endFactor: 1, totalIters: 4 }, iterations: 6 });
        const optimizer = createOptimizer(resolveOptimizerConfig({ type, d0: 1e-3 }));
        const x = Float64Array.from(bowl().x0);
        const grad = new Float64Array(5);
        const state = optimizer.init(5) as OptimizerState & { d: number };
        records.forEach((record, k) => {
          const lr = 0.5 + (0.5 * Math.min(k, 4)) / 4;
          assert.equal(record.lr, state.d * lr, `step ${k + 1}`);
          bowl().grad!(x, grad);
          optimizer.step(x, grad, state, lr);
        });
        assert.ok(records[5]!.lr > records[0]!.lr * 2, 'd grew');
      });
    }
  });

  describe('record columns', () => {
    it('shared columns carry the evaluations and the averaged iterate to a reader, and batches take them', () => {
      let opened: OpenColumns | null = null;
      const buffer = new RecordBuffer(4, 2, true, { column: (n) => new Float64Array(new SharedArrayBuffer(8 * n)), opened: (c) => (opened = c) }, false, { evaluations: true, averagedParams: true });
      buffer.setEvaluations(0, 7);
      buffer.setAveragedParams(0, Float64Array.from([0.5, -0.5]));
      buffer.write(0, 0.1, 2, 3, Float64Array.from([1, -1]));
      const rows = completeRows(opened!)!;
      assert.deepEqual(Array.from(rows.evaluations!), [7]);
      assert.deepEqual(Array.from(rows.averagedParams!), [0.5, -0.5]);
      const batch = buffer.take(1)!;
      assert.deepEqual(Array.from(batch.evaluations!), [7]);
      assert.deepEqual(Array.from(batch.averagedParams!), [0.5, -0.5]);
    });

    it('CSV: an evaluations column after the losses, a0… after p0…', () => {
      const { batches } = run(bowl(), { optimizer: { type: 'asgd', t0: 0 }, iterations: 2 });
      const layout = { dim: 5, averagedParams: true, metrics: [] };
      assert.equal(csvHeader(layout), 'step,lr,loss,gradNorm,p0,p1,p2,p3,p4,a0,a1,a2,a3,a4');
      const row = csvRows(batches[0]!, layout)[1]!.split(',');
      assertCloseAll(row.slice(9).map(Number), Array.from(batches[0]!.averagedParams!.subarray(5, 10)), 0, 'a0…a4 of step 2');
      const lbfgs = run(bowl(), { optimizer: { type: 'lbfgs' }, iterations: 2 }).batches;
      const evaluations = { dim: 0, evaluations: true, metrics: [] };
      assert.equal(csvHeader(evaluations), 'step,lr,loss,gradNorm,evaluations');
      assert.equal(csvRows(lbfgs[0]!, evaluations)[0]!.split(',')[4], String(lbfgs[0]!.evaluations![0]));
    });
  });
});
