/**
 * Runs on the exact gradient take the path the analytic gradient takes: each example with a
 * hand-written grad (examples/*.ts) against its twin without one (examples/exact/*.ts), through
 * the loader and worker as `lrlab run` does, with the optimizers the examples suggest. Every
 * parameter after every step agrees to 1e-12 (relative to max(1, |x|)).
 *
 * Adam is left out for logistic regression: at x0 = 0 its bias gradient is 0 analytically and
 * ±4e-17 (rounding) in either computation, and Adam divides by the gradient's own size, so the
 * first step moves the bias by ±lr·4e-9 — a different rounding of zero, not a different gradient.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { startRun, type RunHeader } from '../../../../src/core/loader';
import { resolveRunConfig, type RawRunConfig } from '../../../../src/core/minimize/config';
import { toRecords, type RecordBatch, type RunRecord } from '../../../../src/core/minimize/records';
import { repoRoot, requireBuild, workerPath } from '../loader/fixtures';

async function run(file: string, objective: string, raw: RawRunConfig): Promise<{ header: RunHeader; records: RunRecord[] }> {
  let header: RunHeader | null = null;
  const batches: RecordBatch[] = [];
  const handle = startRun({ file, objective, config: resolveRunConfig(raw), workerPath }, { onHeader: (h) => (header = h), onBatch: (b) => batches.push(b), onOutput: () => undefined });
  const outcome = await handle.done;
  assert.equal(outcome.stopReason, 'maxIterations', `${file}: ${outcome.detail}`);
  return { header: header!, records: batches.flatMap(toRecords) };
}

const CASES: ReadonlyArray<[example: string, configs: RawRunConfig[]]> = [
  ['rosenbrock', [{ optimizer: { type: 'adam', lr: 0.1 }, iterations: 300 }, { optimizer: { type: 'sgd', lr: 0.001, momentum: 0.9 }, iterations: 300 }]],
  ['quadratic', [{ optimizer: { type: 'sgd', lr: 0.4 }, iterations: 100 }, { optimizer: { type: 'adam', lr: 0.1 }, iterations: 200 }]],
  ['illConditioned', [{ optimizer: { type: 'sgd', lr: 0.0019, momentum: 0.9 }, iterations: 300 }, { optimizer: { type: 'adam', lr: 0.05 }, iterations: 200 }]],
  ['linearRegression', [{ optimizer: { type: 'sgd', lr: 0.1 }, iterations: 200 }, { optimizer: { type: 'adam', lr: 0.05 }, iterations: 200 }]],
  ['logisticRegression', [{ optimizer: { type: 'sgd', lr: 1 }, iterations: 200 }, { optimizer: { type: 'sgd', lr: 0.5 }, batchSize: 10, iterations: 100 }]],
  ['mlpIris', [{ optimizer: { type: 'adam', lr: 0.01 }, iterations: 200 }, { optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9 }, iterations: 200 }]],
];

describe('runs on the exact gradient follow the analytic gradient (examples)', function () {
  this.timeout(60_000);
  before(requireBuild);

  for (const [example, configs] of CASES) {
    for (const config of configs) {
      const optimizer = config.optimizer as { type: string; lr: number };
      it(`${example}, ${optimizer.type} lr ${optimizer.lr}${config.batchSize ? ` batch ${config.batchSize}` : ''}: every parameter of every step to 1e-12`, async () => {
        const analytic = await run(path.join(repoRoot, 'examples', `${example}.ts`), example, config);
        const exact = await run(path.join(repoRoot, 'examples', 'exact', `${example}.ts`), example, config);
        assert.equal(analytic.header.gradient, 'user');
        assert.equal(exact.header.gradient, 'exact');
        assert.equal(exact.records.length, analytic.records.length);
        let worst = 0;
        for (let k = 0; k < analytic.records.length; k++) {
          const a = analytic.records[k]!.params!;
          const e = exact.records[k]!.params!;
          for (let i = 0; i < a.length; i++) {
            const error = Math.abs(e[i]! - a[i]!) / Math.max(1, Math.abs(a[i]!));
            worst = Math.max(worst, error);
            assert.ok(error <= 1e-12, `step ${k + 1}, x${i}: exact ${e[i]} vs analytic ${a[i]} (${error.toExponential(2)})`);
          }
          assert.ok(Math.abs(exact.records[k]!.loss - analytic.records[k]!.loss) <= 1e-12 * Math.max(1, Math.abs(analytic.records[k]!.loss)), `loss of step ${k + 1}`);
        }
      });
    }
  }
});
