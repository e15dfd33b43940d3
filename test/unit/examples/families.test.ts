/**
 * The claims the examples' comments make about the newer optimizer families, checked by running
 * them (in-process minimize, the commands' settings, deterministic): where each family shines
 * or fails. If a change to an optimizer moves these numbers, the comment has to move too.
 */
import assert from 'node:assert/strict';
import { beale } from '../../../examples/beale';
import { illConditioned } from '../../../examples/illConditioned';
import { linearRegression } from '../../../examples/linearRegression';
import { mlpIris } from '../../../examples/mlpIris';
import { rosenbrock } from '../../../examples/rosenbrock';
import { resolveRunConfig, type RawRunConfig } from '../../../src/core/minimize/config';
import { minimize } from '../../../src/core/minimize/minimize';
import { toRecords, type RunOutcome, type RunRecord } from '../../../src/core/minimize/records';
import type { Objective } from '../../../src/core/objective';
import { centralDifferenceGradient } from '../../../src/core/gradients/finiteDifference';

interface ExampleObject {
  readonly x0: readonly number[];
  f(x: readonly number[], batch?: readonly never[]): number;
  grad?(x: readonly number[], batch?: readonly never[]): number[];
  metrics?(x: readonly number[]): Record<string, number>;
  readonly data?: readonly unknown[];
  readonly batchSize?: number;
  readonly shape?: readonly (readonly number[])[];
}

/** The example as the loader adapts it (plain arrays in, its own grad, data and shape). */
function objective(name: string, example: ExampleObject): Objective {
  const xs = (x: Float64Array) => Array.from(x);
  const f = (x: Float64Array, batch?: readonly unknown[]) => example.f(xs(x), batch as never);
  return {
    name,
    dim: example.x0.length,
    x0: Float64Array.from(example.x0),
    f,
    grad: example.grad ? (x, out, batch) => out.set(example.grad!(xs(x), batch as never)) : (x, out, batch) => centralDifferenceGradient((y) => f(y, batch), x, out),
    ...(example.metrics ? { metrics: (x: Float64Array) => example.metrics!(xs(x)) } : {}),
    ...(example.data ? { data: example.data } : {}),
    ...(example.batchSize ? { batchSize: example.batchSize } : {}),
    ...(example.shape ? { shape: example.shape } : {}),
  };
}

function run(name: string, example: ExampleObject, raw: RawRunConfig): { outcome: RunOutcome; records: RunRecord[] } {
  const records: RunRecord[] = [];
  const outcome = minimize(objective(name, example), resolveRunConfig(raw), { onBatch: (b) => records.push(...toRecords(b)) });
  return { outcome, records };
}

const best = (records: readonly RunRecord[]) => Math.min(...records.map((r) => r.loss));

describe('examples: where each optimizer family shines or fails', function () {
  this.timeout(60_000);

  it('rosenbrock: Lion hops around the minimum at lr 0.01 (reaches it, cannot settle); cosine lets it land', () => {
    const plain = run('rosenbrock', rosenbrock, { optimizer: { type: 'lion', lr: 0.01 }, iterations: 1000 });
    assert.ok(best(plain.records) < 1e-20, `best ${best(plain.records)}`);
    assert.ok(plain.outcome.finalLoss > 0.01 && plain.outcome.finalLoss < 0.05, `final ${plain.outcome.finalLoss}`);
    const cosine = run('rosenbrock', rosenbrock, { optimizer: { type: 'lion', lr: 0.01 }, schedule: { type: 'cosine' }, iterations: 1000 });
    assert.ok(cosine.outcome.finalLoss < 2e-3, `cosine final ${cosine.outcome.finalLoss}`);
  });

  it('rosenbrock: RAdam at lr 0.01 is thrown out within 5 steps (un-normalised warm-up steps); Adam at 0.1 is not', () => {
    const radam = run('rosenbrock', rosenbrock, { optimizer: { type: 'radam', lr: 0.01 } });
    assert.equal(radam.outcome.stopReason, 'diverged');
    assert.ok(radam.outcome.steps <= 5, `${radam.outcome.steps} steps`);
    const adam = run('rosenbrock', rosenbrock, { optimizer: { type: 'adam', lr: 0.1 }, iterations: 1000 });
    assert.ok(adam.outcome.finalLoss < 1e-4);
  });

  it('rosenbrock: D-Adaptation Adam gets below 1e-15 in 1000 steps untuned, Prodigy below 1e-3; the lr curve is d·lr', () => {
    const dadapt = run('rosenbrock', rosenbrock, { optimizer: { type: 'dAdaptAdam' }, iterations: 1000 });
    assert.ok(dadapt.outcome.finalLoss < 1e-15, `${dadapt.outcome.finalLoss}`);
    assert.equal(dadapt.records[0]!.lr, 1e-6, 'step 1 uses d₀·lr');
    assert.ok(dadapt.records[999]!.lr > 1e-3, `the estimated step size grew to ${dadapt.records[999]!.lr}`);
    const prodigy = run('rosenbrock', rosenbrock, { optimizer: { type: 'prodigy' }, iterations: 1000 });
    assert.ok(prodigy.outcome.finalLoss < 1e-3, `${prodigy.outcome.finalLoss}`);
  });

  it('illConditioned: Rprop reaches 1e-10 in 200 steps; Lion reaches the origin at step 100, overshoots, then hops by ±lr', () => {
    const rprop = run('illConditioned', illConditioned, { optimizer: { type: 'rprop' }, iterations: 200 });
    assert.ok(rprop.outcome.finalLoss < 1e-10, `${rprop.outcome.finalLoss}`);
    const lion = run('illConditioned', illConditioned, { optimizer: { type: 'lion', lr: 0.01 }, iterations: 500 });
    assert.ok(lion.records[100]!.loss < 1e-20, `loss at the start of step 101: ${lion.records[100]!.loss}`);
    const overshoot = Math.max(...lion.records.slice(140, 200).map((r) => r.loss));
    assert.ok(overshoot > 200, `the overshoot peaks at ${overshoot}`);
    for (const r of lion.records.slice(300)) {
      for (const x of r.params!) assert.ok(Math.abs(Math.abs(x) - 0.01) < 1e-12 || Math.abs(x) < 1e-12, `step ${r.step}: coordinate ${x}`);
    }
    assert.ok(Math.max(...lion.records.slice(300).map((r) => r.loss)) > 0.09, 'it keeps hopping');
  });

  it('illConditioned: Prodigy and D-Adaptation reach 1e-18 in 500 steps; Adafactor’s relative steps shrink with x', () => {
    for (const type of ['prodigy', 'dAdaptAdam']) {
      const { outcome } = run('illConditioned', illConditioned, { optimizer: { type }, iterations: 500 });
      assert.ok(outcome.finalLoss < 1e-18, `${type}: ${outcome.finalLoss}`);
    }
    const slow = run('illConditioned', illConditioned, { optimizer: { type: 'adafactor' }, iterations: 500 });
    const fast = run('illConditioned', illConditioned, { optimizer: { type: 'adafactor', lr: 0.1 }, iterations: 500 });
    assert.ok(slow.outcome.finalLoss > 1 && fast.outcome.finalLoss < 1e-3, `lr 0.01: ${slow.outcome.finalLoss}, lr 0.1: ${fast.outcome.finalLoss}`);
  });

  it('beale: Rprop and Prodigy find the basin, D-Adaptation Adam runs away along the valley', () => {
    assert.ok(run('beale', beale, { optimizer: { type: 'rprop' }, iterations: 300 }).outcome.finalLoss < 1e-9);
    assert.ok(run('beale', beale, { optimizer: { type: 'prodigy' }, iterations: 500 }).outcome.finalLoss < 1e-15);
    const dadapt = run('beale', beale, { optimizer: { type: 'dAdaptAdam' }, iterations: 500 });
    assert.ok(dadapt.outcome.finalLoss > 100 && dadapt.outcome.finalParams[0]! > 10, `${dadapt.outcome.finalLoss} at ${dadapt.outcome.finalParams}`);
  });

  it('illConditioned and rosenbrock: L-BFGS with the line search solves them in a few steps of several evaluations each', () => {
    const ill = run('illConditioned', illConditioned, { optimizer: { type: 'lbfgs', lineSearchFn: 'strongWolfe' }, iterations: 5 });
    assert.ok(ill.records[2]!.loss < 1e-9, `loss at step 3: ${ill.records[2]!.loss}`);
    assert.equal(ill.records[1]!.evaluations, 38, 'evaluations after 2 steps');
    const banana = run('rosenbrock', rosenbrock, { optimizer: { type: 'lbfgs', lineSearchFn: 'strongWolfe' }, iterations: 20 });
    assert.ok(banana.outcome.finalLoss < 1e-9, `${banana.outcome.finalLoss}`);
  });

  it('linearRegression at lr 0.8: SGD jitters, schedule-free SGD (loss at x) sits at the minimum, ASGD’s average is closer than its iterate', () => {
    const fullLosses = (records: RunRecord[]) => records.filter((r) => r.fullLoss !== undefined).map((r) => r.fullLoss!).slice(-20);
    const sgd = run('linearRegression', linearRegression as unknown as ExampleObject, { optimizer: { type: 'sgd', lr: 0.8 }, iterations: 500 });
    assert.ok(Math.max(...fullLosses(sgd.records)) > 0.4, `SGD's last full-data losses ${fullLosses(sgd.records)}`);
    const free = run('linearRegression', linearRegression as unknown as ExampleObject, { optimizer: { type: 'sgdScheduleFree', lr: 0.8 }, iterations: 500 });
    assert.ok(Math.max(...fullLosses(free.records)) < 0.2711, `schedule-free's last full-data losses ${fullLosses(free.records)}`);
    const asgd = run('linearRegression', linearRegression as unknown as ExampleObject, { optimizer: { type: 'asgd', lr: 0.8, t0: 50 }, iterations: 500 });
    const truth = [2, -3, 0.5, 1];
    const distance = (x: readonly number[]) => Math.hypot(...x.map((v, i) => v - truth[i]!));
    assert.ok(distance(asgd.outcome.finalAveragedParams!) < 0.08 && distance(asgd.outcome.finalParams) > 0.15, `average ${distance(asgd.outcome.finalAveragedParams!)}, iterate ${distance(asgd.outcome.finalParams)}`);
  });

  it('mlpIris: L-BFGS on the whole data set reaches 100% in a few steps; on mini-batches its loss jumps', () => {
    const accuracy = (records: RunRecord[]) => records[records.length - 1]!.metrics!.accuracy!;
    const full = run('mlpIris', mlpIris as unknown as ExampleObject, { optimizer: { type: 'lbfgs', lineSearchFn: 'strongWolfe' }, batchSize: 150, iterations: 30 });
    assert.equal(accuracy(full.records), 1);
    assert.ok(full.records[3]!.loss < 1e-6, `loss at step 4 ${full.records[3]!.loss}`);
    const batches = run('mlpIris', mlpIris as unknown as ExampleObject, { optimizer: { type: 'lbfgs', lineSearchFn: 'strongWolfe' }, iterations: 30 });
    assert.ok(batches.outcome.finalLoss > 1, `mini-batch final loss ${batches.outcome.finalLoss}`);
  });

  it('mlpIris: Prodigy at its defaults reaches 99% accuracy in 500 steps, Adam at its default lr 88%; Adafactor factors W1, W2', () => {
    const accuracy = (records: RunRecord[]) => records[records.length - 1]!.metrics!.accuracy!;
    const prodigy = run('mlpIris', mlpIris as unknown as ExampleObject, { optimizer: { type: 'prodigy' }, iterations: 500 });
    assert.ok(accuracy(prodigy.records) >= 0.99, `prodigy ${accuracy(prodigy.records)}`);
    const adam = run('mlpIris', mlpIris as unknown as ExampleObject, { optimizer: { type: 'adam' }, iterations: 500 });
    assert.ok(accuracy(adam.records) < 0.9, `adam ${accuracy(adam.records)}`);
    const adafactor = run('mlpIris', mlpIris as unknown as ExampleObject, { optimizer: { type: 'adafactor', lr: 0.05 }, iterations: 500 });
    assert.ok(accuracy(adafactor.records) >= 0.98, `adafactor ${accuracy(adafactor.records)}`);
    assert.deepEqual(mlpIris.shape, [[8, 4], [8], [3, 8], [3]]);
  });
});
