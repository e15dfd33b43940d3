import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gradientAt, listObjectives, startRun, type GradientFallback, type LoaderOutcome, type RunHeader } from '../../../../src/core/loader';
import { resolveRunConfig, type RawRunConfig } from '../../../../src/core/minimize/config';
import { toRecords, type RecordBatch, type RunRecord } from '../../../../src/core/minimize/records';
import { fixture, markedLine, requireBuild, workerPath } from './fixtures';

interface Collected {
  header: RunHeader | null;
  records: RunRecord[];
  fallbacks: GradientFallback[];
  outcome: LoaderOutcome;
  output: string;
}

async function run(file: string, raw: RawRunConfig, extra: { objective?: string; source?: string } = {}): Promise<Collected> {
  let header: RunHeader | null = null;
  const batches: RecordBatch[] = [];
  const fallbacks: GradientFallback[] = [];
  let output = '';
  const handle = startRun(
    { file: fixture(file), config: resolveRunConfig(raw), workerPath, ...extra },
    { onHeader: (h) => (header = h), onBatch: (b) => batches.push(b), onGradientFallback: (f) => fallbacks.push(f), onOutput: (text) => (output += text) },
  );
  const outcome = await handle.done;
  return { header, records: batches.flatMap(toRecords), fallbacks, outcome, output };
}

describe('exact gradients in runs (loader and worker)', function () {
  this.timeout(30_000);
  before(requireBuild);

  it('an objective without grad runs on the exact gradient: the trajectory of the analytic gradient, every step', async () => {
    const exact = await run('autodiff/corpus/quadraticNoGrad.ts', { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 20 });
    assert.equal(exact.header!.gradient, 'exact');
    assert.equal(exact.header!.gradientReason, null);
    assert.equal(exact.outcome.stopReason, 'maxIterations');
    // GD on (x0 − 1)² + 2 (x1 + 2)² with lr 0.1: x0_k = 1 − 0.8^k, x1_k = −2 + 2·0.6^k.
    for (const r of exact.records) {
      assert.ok(Math.abs(r.params![0]! - (1 - 0.8 ** r.step)) <= 1e-12, `x0 at step ${r.step}`);
      assert.ok(Math.abs(r.params![1]! - (-2 + 2 * 0.6 ** r.step)) <= 1e-12, `x1 at step ${r.step}`);
    }
    // One evaluation per step records loss and gradient together (plus the check at the start and the final loss).
    const evaluations = exact.output.split('evaluated').length - 1;
    assert.ok(evaluations <= 20 + 7 + 1, `${evaluations} evaluations for 20 steps`);
  });

  it('--gradient exact replaces an objective\'s own grad; numeric and exact agree with it', async () => {
    const user = await run('quadraticBowl.ts', { optimizer: { type: 'adam', lr: 0.05 }, iterations: 30 });
    const exact = await run('quadraticBowl.ts', { optimizer: { type: 'adam', lr: 0.05 }, iterations: 30, gradient: 'exact' });
    assert.equal(user.header!.gradient, 'user');
    assert.equal(exact.header!.gradient, 'exact');
    for (let i = 0; i < 30; i++) {
      const [a, b] = [user.records[i]!, exact.records[i]!];
      assert.equal(b.loss, a.loss);
      for (let j = 0; j < 2; j++) assert.ok(Math.abs(b.params![j]! - a.params![j]!) <= 1e-12 * Math.max(1, Math.abs(a.params![j]!)));
    }
  });

  it('falls back to finite differences at the start, naming the line and why', async () => {
    const cases: Array<[string, RegExp]> = [
      ['stringConversion.ts', /turns a value that depends on the parameters into a string/],
      ['arrayIndex.ts', /as an array index or property key/],
      ['mathRandom.ts', /calls Math\.random\(\)/],
      ['foreignCall.ts', /passes a value that depends on the parameters to format, which LR Lab cannot see into/],
      ['mapKey.ts', /as a Map or Set key/],
      ['optOut.ts', /opts out with \/\/ @lrlab-gradient numeric/],
      ['bytesOfAValue.ts', /reads the bytes of a value that depends on the parameters through another view of its buffer \(Int32Array\)/],
    ];
    for (const [name, reason] of cases) {
      const file = `autodiff/unsupported/${name}`;
      const { header, outcome } = await run(file, { iterations: 2 });
      assert.equal(header!.gradient, 'numeric', name);
      assert.match(header!.gradientReason!, reason, name);
      assert.equal(header!.gradientLocation?.file, fixture(file), name);
      assert.equal(header!.gradientLocation?.line, markedLine(fixture(file), 'stop'), name);
      assert.equal(outcome.stopReason, 'maxIterations', name);
    }
  });

  it('a call into an npm package: finite differences, naming the line of the call', async () => {
    // A package's code is bundled as it is (never transformed): handed a Dual, it reads a plain number.
    const dir = mkdtempSync(path.join(tmpdir(), 'lrlab-npm-'));
    mkdirSync(path.join(dir, 'node_modules', 'squares'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules', 'squares', 'package.json'), JSON.stringify({ name: 'squares', main: 'index.js' }));
    writeFileSync(path.join(dir, 'node_modules', 'squares', 'index.js'), 'exports.square = function (v) {\n  return v * v;\n};\n');
    const file = path.join(dir, 'objective.ts');
    writeFileSync(file, "import { square } from 'squares';\nexport const viaPackage = {\n  x0: [2, 3],\n  f: (x: readonly number[]) => square(x[0]) + x[1] * x[1],\n};\n");
    let header: RunHeader | null = null;
    const batches: RecordBatch[] = [];
    const outcome = await startRun({ file, config: resolveRunConfig({ optimizer: { type: 'sgd', lr: 0.1 }, iterations: 3 }), workerPath }, { onHeader: (h) => (header = h), onBatch: (b) => batches.push(b) }).done;
    assert.equal(outcome.stopReason, 'maxIterations');
    assert.equal(header!.gradient, 'numeric');
    assert.match(header!.gradientReason!, /passes a value that depends on the parameters to a function, which LR Lab cannot see into \(an npm package/);
    assert.deepEqual([header!.gradientLocation?.file, header!.gradientLocation?.line], [file, 4]);
    // Central differences of x0² + x1²: the first step from (2, 3) is (1.6, 2.4).
    const first = toRecords(batches[0]!)[0]!;
    assert.ok(Math.abs(first.params![0]! - 1.6) < 1e-8 && Math.abs(first.params![1]! - 2.4) < 1e-8, String(first.params));
  });

  it('a branch the start did not take: the run says at which step and line, and goes on with finite differences', async () => {
    const file = 'autodiff/unsupported/branchLater.ts';
    const { header, fallbacks, records, outcome } = await run(file, { optimizer: { type: 'sgd', lr: 0.4 }, iterations: 6 });
    assert.equal(header!.gradient, 'exact');
    assert.equal(fallbacks.length, 1);
    assert.equal(fallbacks[0]!.step, 2);
    assert.match(fallbacks[0]!.reason, /into a string/);
    assert.equal(fallbacks[0]!.location?.line, markedLine(fixture(file), 'stop'));
    // x ← x − 0.4·2x = 0.2 x: the same path as the exact gradient would give, to finite differences' accuracy.
    assert.equal(outcome.stopReason, 'maxIterations');
    for (const r of records) assert.ok(Math.abs(r.params![0]! - 3 * 0.2 ** r.step) <= 1e-8 * 3, `step ${r.step}`);
  });

  it('--gradient exact stops with the reason where the exact gradient cannot be had', async () => {
    const file = 'autodiff/unsupported/stringConversion.ts';
    const { outcome } = await run(file, { iterations: 2, gradient: 'exact' });
    assert.equal(outcome.stopReason, 'error');
    assert.equal(outcome.error!.code, 'exactGradient');
    assert.match(outcome.error!.message, /^the exact gradient cannot be recorded: turns a value/);
    assert.equal(outcome.error!.location?.line, markedLine(fixture(file), 'stop'));
  });

  it('a file that mentions grad gets its transform only when the objective needs it, and prints once', async () => {
    // examples-like file: `quadratic` has a grad, `sphere` (a plain function) has none.
    const source = [
      'export const withGrad = { x0: [1], f: (x: number[]) => x[0] ** 2, grad: (x: number[]) => [2 * x[0]] };',
      'console.log("loaded");',
      '/** @x0 [3] */',
      'export function sphere(x: number[]): number { return x[0] * x[0]; }',
    ].join('\n');
    const user = await run('quadraticBowl.ts', { iterations: 1 }, { objective: 'withGrad', source });
    assert.equal(user.header!.gradient, 'user');
    const exact = await run('quadraticBowl.ts', { optimizer: { type: 'sgd', lr: 0.25 }, iterations: 1 }, { objective: 'sphere', source });
    assert.equal(exact.header!.gradient, 'exact');
    assert.deepEqual(exact.records[0]!.params, [1.5]);
    assert.equal(exact.output, 'loaded\n');
  });

  it('gradientAt gives f and the gradient, from the source asked for, with the reason when it fell back', async () => {
    const exact = await gradientAt(fixture('autodiff/corpus/quadraticNoGrad.ts'), { workerPath, at: [2, 1], onOutput: () => undefined });
    assert.deepEqual({ ...exact, choice: exact.choice }, { objective: 'bowl', at: [2, 1], value: 19, gradient: [2, 12], choice: { source: 'exact', reason: null } });
    const user = await gradientAt(fixture('quadraticBowl.ts'), { workerPath });
    assert.equal(user.choice.source, 'user');
    const numeric = await gradientAt(fixture('autodiff/unsupported/stringConversion.ts'), { workerPath });
    assert.equal(numeric.choice.source, 'numeric');
    assert.match(numeric.choice.reason!, /into a string/);
    assert.ok(Math.abs(numeric.gradient[0]! - 2) < 1e-7 && Math.abs(numeric.gradient[1]! - 4) < 1e-7);
    await assert.rejects(gradientAt(fixture('autodiff/unsupported/stringConversion.ts'), { workerPath, gradient: 'exact' }), { code: 'exactGradient' });
  });

  it('listObjectives says which gradient each objective gets, and why not exact', async () => {
    const [noisy] = await listObjectives(fixture('autodiff/unsupported/mathRandom.ts'), { workerPath });
    assert.equal(noisy!.gradient!.source, 'numeric');
    assert.match(noisy!.gradient!.reason!, /Math\.random/);
    assert.equal(noisy!.gradient!.location?.line, markedLine(fixture('autodiff/unsupported/mathRandom.ts'), 'stop'));
  });
});
