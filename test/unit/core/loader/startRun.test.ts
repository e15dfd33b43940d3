import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startRun, type LoaderOutcome, type RunHeader } from '../../../../src/core/loader';
import { CANCEL_GRACE_MS } from '../../../../src/core/loader/session';
import { resolveRunConfig, type RawRunConfig, type RunLimits } from '../../../../src/core/minimize/config';
import { toRecords, type RecordBatch, type RunRecord } from '../../../../src/core/minimize/records';
import { createOptimizer, resolveOptimizerConfig } from '../../../../src/core/optimizers';
import { fixture, markedLine, requireBuild, workerPath } from './fixtures';

interface Collected {
  header: RunHeader | null;
  batches: RecordBatch[];
  records: RunRecord[];
  outcome: LoaderOutcome;
  elapsedMs: number;
}

async function run(file: string, raw: RawRunConfig, extra: { objective?: string; limits?: Partial<RunLimits>; source?: string } = {}): Promise<Collected> {
  const started = performance.now();
  let header: RunHeader | null = null;
  const batches: RecordBatch[] = [];
  const handle = startRun({ file: fixture(file), config: resolveRunConfig(raw), workerPath, ...extra }, { onHeader: (h) => (header = h), onBatch: (b) => batches.push(b) });
  const outcome = await handle.done;
  return { header, batches, records: batches.flatMap(toRecords), outcome, elapsedMs: performance.now() - started };
}

function assertClose(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: expected ${expected} ± ${tolerance}, got ${actual}`);
}

describe('startRun', function () {
  this.timeout(20_000);
  before(requireBuild);

  it('startRun streams a header, every record and the outcome of gradient descent on an object-form objective', async () => {
    // quadraticBowl: f = (x0 − 1)² + 2 (x1 + 2)² from (0, 0), grad (2 (x0 − 1), 4 (x1 + 2)).
    // Plain GD with lr 0.1: x0_k = 1 − 0.8^k, x1_k = −2 + 2·0.6^k after k steps.
    const { header, records, outcome } = await run('quadraticBowl.ts', { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 20 });
    assert.deepEqual(header!.objective, { name: 'quadraticBowl', form: 'object', dim: 2, hasGradient: true, stochastic: false, hasMetrics: true });
    assert.deepEqual(header!.x0, [0, 0]);
    assert.equal(header!.gradient, 'user');
    assert.equal(header!.config.optimizer.type, 'sgd');
    assert.equal(outcome.stopReason, 'maxIterations');
    assert.equal(outcome.steps, 20);
    assert.deepEqual(records.map((r) => r.step), Array.from({ length: 20 }, (_, i) => i + 1));
    const first = records[0]!;
    assert.equal(first.loss, 9);
    assert.equal(first.gradNorm, Math.sqrt(68));
    assert.equal(first.lr, 0.1);
    assert.deepEqual(first.metrics, { distance: Math.hypot(1, 2), first: 0 });
    for (const r of records) {
      const k = r.step;
      assertClose(r.params![0]!, 1 - 0.8 ** k, 1e-12, `x0 after step ${k}`);
      assertClose(r.params![1]!, -2 + 2 * 0.6 ** k, 1e-12, `x1 after step ${k}`);
    }
    const final = 0.8 ** 40 + 2 * (2 * 0.6 ** 20) ** 2;
    assertClose(outcome.finalLoss, final, 1e-15, 'final loss');
    assert.deepEqual(outcome.finalParams, records[19]!.params);
  });

  it('startRun runs a plain function from its @x0 tag with finite-difference gradients', async () => {
    // sphere = Σ x², ∇ = 2x: SGD with lr 0.25 halves x each step from the tag's (3, −4).
    const { header, records, outcome } = await run('sphereTagged.ts', { optimizer: { type: 'sgd', lr: 0.25 }, iterations: 3, gradient: 'numeric' });
    assert.deepEqual(header!.objective, { name: 'sphere', form: 'function', dim: 2, hasGradient: false, stochastic: false, hasMetrics: false, line: 5 });
    assert.deepEqual(header!.x0, [3, -4]);
    assert.equal(header!.gradient, 'numeric');
    assert.equal(header!.gradientReason, null);
    assert.equal(records[0]!.loss, 25);
    assertClose(records[0]!.gradNorm, 10, 1e-7, 'gradient norm');
    assertClose(records[2]!.params![0]!, 3 / 8, 1e-8, 'x0 after 3 steps');
    assertClose(records[2]!.params![1]!, -4 / 8, 1e-8, 'x1 after 3 steps');
    assert.equal(outcome.stopReason, 'maxIterations');
  });

  it('startRun takes the run config x0 over the tag and gradient numeric over the objective grad', async () => {
    const { header, records } = await run('quadraticBowl.ts', { x0: [1, -1], gradient: 'numeric', iterations: 1 });
    assert.deepEqual(header!.x0, [1, -1]);
    assert.equal(header!.gradient, 'numeric');
    assert.equal(records[0]!.loss, 2);
    assertClose(records[0]!.gradNorm, 4, 1e-7, 'numeric gradient norm');
  });

  it('startRun bundles local imports and runs them', async () => {
    const { records, outcome } = await run('withLocalImport.ts', { optimizer: { type: 'sgd', lr: 0.5 }, iterations: 2 });
    // f = |x − (2, −1)|², GD with lr 0.5 jumps to the centre in one step.
    assert.equal(records[0]!.loss, 5);
    assert.deepEqual(records[0]!.params, [2, -1]);
    assert.equal(outcome.finalLoss, 0);
  });

  it('startRun samples mini-batches of batchSize and evaluates the final loss on the whole data set', async () => {
    // 8 points of y = 3t − 1, t = i/7; at x = (0, 0) the full-data loss is the mean of y².
    const ys = Array.from({ length: 8 }, (_, i) => 3 * (i / 7) - 1);
    const fullLoss = ys.reduce((s, y) => s + y * y, 0) / 8;
    const whole = await run('miniBatch.ts', { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 1, batchSize: 8 });
    assertClose(whole.records[0]!.loss, fullLoss, 1e-15, 'loss on all 8 points');
    // lr 0 keeps x at (0, 0). The objective's batchSize 4: two batches per epoch cover the
    // data set, so steps 1 and 2 see complementary halves whose mean loss is the full loss.
    const batched = await run('miniBatch.ts', { optimizer: { type: 'sgd', lr: 0 }, iterations: 4 });
    assert.equal(batched.header!.objective.stochastic, true);
    // The header says how big an epoch is: 8 items, the objective's own batches of 4.
    assert.deepEqual([batched.header!.objective.dataItems, batched.header!.objective.batchSize], [8, 4]);
    assertClose((batched.records[0]!.loss + batched.records[1]!.loss) / 2, fullLoss, 1e-15, 'the mean of the first epoch');
    assert.notEqual(batched.records[0]!.loss, fullLoss);
    assert.deepEqual(Object.keys(batched.records[0]!.metrics!), ['slope']);
    // A second run with the same seed draws the same batches.
    const again = await run('miniBatch.ts', { optimizer: { type: 'sgd', lr: 0 }, iterations: 4 });
    assertClose(batched.outcome.finalLoss, fullLoss, 1e-15, 'final loss on the whole data set');
    assert.deepEqual(again.records.map((r) => r.loss), batched.records.map((r) => r.loss));
  });

  it('startRun chooses by name, and names the objectives when the file has several', async () => {
    const chosen = await run('twoObjectives.ts', { iterations: 1 }, { objective: 'second' });
    assert.deepEqual([chosen.header!.objective.name, chosen.header!.x0], ['second', [2, 2]]);
    const ambiguous = await run('twoObjectives.ts', { iterations: 1 });
    assert.equal(ambiguous.outcome.stopReason, 'error');
    assert.equal(ambiguous.outcome.error!.code, 'invalidConfig');
    assert.match(ambiguous.outcome.error!.message, /exports 2 objectives \(first, second\)/);
  });

  it('startRun runs unsaved editor text instead of the file on disk', async () => {
    const source = 'export const edited = { x0: [7], f: (x: readonly number[]) => x[0] * x[0] };';
    const { header, records } = await run('quadraticBowl.ts', { iterations: 1 }, { source });
    assert.equal(header!.objective.name, 'edited');
    assert.equal(records[0]!.loss, 49);
  });

  it("keeps every line the user's code prints, on both streams, in order (not just the first: a worker's stdio waits for acks a running loop cannot read)", async () => {
    const printed = { stdout: '', stderr: '' };
    const handle = startRun(
      { file: fixture('printsEveryCall.ts'), config: resolveRunConfig({ optimizer: { type: 'sgd', lr: 0.1 }, iterations: 5 }), workerPath },
      { onOutput: (text, stream) => (printed[stream] += text) },
    );
    const outcome = await handle.done;
    assert.equal(outcome.stopReason, 'maxIterations');
    const numbers = (text: string, prefix: string) => text.split('\n').filter(Boolean).map((line) => { assert.match(line, new RegExp(`^${prefix} \\d+$`)); return Number(line.slice(prefix.length + 1)); });
    const out = numbers(printed.stdout, 'out');
    const err = numbers(printed.stderr, 'err');
    // Every call of f, numbered 1, 2, … by the fixture: at least the 5 steps and the final loss.
    assert.ok(out.length >= 6, `lines on stdout: ${JSON.stringify(printed.stdout)}`);
    assert.deepEqual(out, Array.from({ length: out.length }, (_, i) => i + 1));
    assert.deepEqual(err, out);
  });

  it('sends what a run prints while it runs, not when it ends; a run printing without bound stays within its memory, and its last call\'s lines arrive', async () => {
    let text = '';
    let ended = false;
    let handle: ReturnType<typeof startRun> | undefined;
    let stopAsked = false;
    const callOf = (line: string): number => Number(/call (\d+) /.exec(line)?.[1] ?? 0);
    // 1 000 lines per call of f, for up to a million steps (the worker's stdio held them all: out of memory after ~3 000 calls).
    handle = startRun(
      { file: fixture('printsWithoutBound.ts'), config: resolveRunConfig({ optimizer: { type: 'sgd', lr: 0.001 }, iterations: 1_000_000 }), workerPath, limits: { timeMs: 600_000, memoryMb: 64 } },
      {
        onOutput: (printed) => {
          text += printed;
          // Stop once the 3rd call's lines came, with the run still going: they came while it ran.
          if (!stopAsked && !ended && text.includes('printsWithoutBound call 3 done')) {
            stopAsked = true;
            handle!.cancel();
          }
        },
      },
    );
    const outcome = await handle.done;
    ended = true;
    assert.equal(outcome.stopReason, 'cancelled', `${outcome.stopReason}: ${outcome.detail}`);
    const lines = text.split('\n').filter(Boolean);
    const last = Math.max(...lines.map(callOf));
    assert.ok(last >= 3);
    // Every line of every call, in order, up to the last call's "done".
    const expected = Array.from({ length: last }, (_, c) => [...Array.from({ length: 1000 }, (_, i) => `printsWithoutBound call ${c + 1} line ${i + 1}`), `printsWithoutBound call ${c + 1} done`]).flat();
    assert.equal(lines.length, expected.length);
    assert.deepEqual(lines, expected);
  });

  describe('problems before the first step end as stopReason error with steps 0', () => {
    // markIn: the file the mark is in, when not the run's (an import).
    const cases: { file: string; objective?: string; code: string; message: RegExp; mark?: string; markIn?: string; column?: number }[] = [
      { file: 'syntaxError.ts', code: 'compileError', message: /^Unexpected "\*"$/, mark: 'syntax', column: 29 },
      { file: 'importsSyntaxError.ts', code: 'compileError', message: /^Unexpected "\*"$/, mark: 'libSyntax', markIn: 'lib/syntaxError.ts', column: 13 },
      // A wrong value in an object has no stack: it is reported at the object's f.
      { file: 'badObjects.ts', objective: 'nanStart', code: 'invalidObjective', message: /^nanStart\.x0\[1\] must be a finite number \(got NaN\)$/, mark: 'nanStart', column: 6 },
      { file: 'badObjects.ts', objective: 'noData', code: 'invalidObjective', message: /^objective "noData" has an empty data set; mini-batch form needs at least one item$/, mark: 'noData', column: 6 },
      { file: 'badObjects.ts', objective: 'gradNotCode', code: 'invalidObjective', message: /^gradNotCode\.grad must be a function \(x\) => number\[\], but it is an array$/, mark: 'gradNotCode' },
      { file: 'badObjects.ts', objective: 'nanShape', code: 'invalidObjective', message: /^nanShape\.shape\[1\]\[0\] is NaN, but a dimension of a block must be an integer ≥ 1, e\.g\. /, mark: 'nanShape', column: 6 },
      { file: 'badObjects.ts', objective: 'shortShape', code: 'invalidObjective', message: /^shortShape\.shape holds 2 × 2 = 4 numbers, but there are 5 parameters$/, mark: 'shortShape', column: 6 },
      { file: 'throwsAtLoad.ts', code: 'loadError', message: /throwsAtLoad\.ts threw while it was loaded: the table needs 4 entries/, mark: 'loadThrow' },
      { file: 'returnsNaN.ts', code: 'nonFiniteLoss', message: /^f returned NaN at the starting point$/, mark: 'nanF', column: 6 },
      // The NaN came from reading past a starting point that is too short: the sentence says which x[i].
      { file: 'startsShort.ts', code: 'nonFiniteLoss', message: /^f returned NaN at the starting point: f reads x\[1\], but the starting point has 1 value \(one per parameter\)$/, mark: 'startsShort' },
      { file: 'quadraticBowl.ts', objective: 'nope', code: 'invalidConfig', message: /has no export named "nope"; its objectives are quadraticBowl/ },
      { file: 'noObjective.ts', code: 'objectiveNotFound', message: /noObjective\.ts exports no objective/ },
      { file: 'noObjective.ts', objective: 'answer', code: 'invalidObjective', message: /export "answer" of noObjective\.ts is not an objective \(it is a number\)/ },
      { file: 'noStartingPoint.ts', code: 'invalidObjective', message: /^untagged has no starting point: add a JSDoc tag `@x0 \[\.\.\.\]` or pass --x0$/, mark: 'untagged' },
      { file: 'wrongGradLength.ts', code: 'gradientLength', message: /grad returned 3 values, expected 2/, mark: 'grad' },
    ];
    for (const c of cases) {
      it(`${c.file}${c.objective ? ` (${c.objective})` : ''}: ${c.code}`, async () => {
        const { header, records, outcome } = await run(c.file, { iterations: 5 }, c.objective ? { objective: c.objective } : {});
        assert.equal(outcome.stopReason, 'error', outcome.detail);
        assert.equal(outcome.steps, 0);
        assert.equal(records.length, 0);
        assert.equal(outcome.error!.code, c.code);
        assert.match(outcome.error!.message, c.message);
        if (c.mark) {
          const marked = fixture(c.markIn ?? c.file);
          assert.equal(outcome.error!.location?.file, marked);
          assert.equal(outcome.error!.location?.line, markedLine(marked, c.mark));
          if (c.column !== undefined) assert.equal(outcome.error!.location?.column, c.column);
        }
        if (c.code !== 'gradientLength' && c.code !== 'nonFiniteLoss') assert.equal(header, null);
      });
    }
  });

  it('startRun gives the optimizer the blocks an objective declares as `shape` (Adafactor factors the matrix)', async () => {
    const { records, outcome } = await run('shapedBlocks.ts', { optimizer: { type: 'adafactor', lr: 0.05 }, iterations: 8 }, { objective: 'shaped' });
    assert.equal(outcome.stopReason, 'maxIterations', outcome.detail);
    // The same steps taken here, with the blocks: a factored 2 × 3 matrix and a vector of 2.
    const optimizer = createOptimizer(resolveOptimizerConfig({ type: 'adafactor', lr: 0.05 }));
    const target = [1, -2, 0.5, 3, 0, -1, 0, 0];
    const x = Float64Array.from([0, 0, 0, 0, 0, 0, 1, -1]);
    const state = optimizer.init(8, [[2, 3], [2]]) as unknown as { rowVar: Float64Array };
    assert.equal(state.rowVar.length, 2);
    const flat = createOptimizer(resolveOptimizerConfig({ type: 'adafactor', lr: 0.05 }));
    const y = Float64Array.from(x);
    const flatState = flat.init(8);
    for (const r of records) {
      const g = Float64Array.from(x, (v, i) => 2 * (v - target[i]!));
      optimizer.step(x, g, state as never, 0.05);
      flat.step(y, Float64Array.from(y, (v, i) => 2 * (v - target[i]!)), flatState, 0.05);
      assert.deepEqual(r.params, Array.from(x), `step ${r.step}`);
    }
    assert.notDeepEqual(Array.from(y), Array.from(x), 'unfactored steps differ, so the shape was used');
    const matrix = await run('shapedBlocks.ts', { optimizer: { type: 'adafactor' }, iterations: 2 }, { objective: 'oneMatrix' });
    assert.equal(matrix.outcome.stopReason, 'maxIterations', 'a plain [2, 2] is one block');
  });

  it('startRun refuses a shape whose blocks do not hold the parameters', async () => {
    const { outcome } = await run('shapedBlocks.ts', { optimizer: { type: 'adafactor' }, iterations: 2 }, { objective: 'badShape' });
    assert.equal(outcome.stopReason, 'error');
    assert.equal(outcome.error!.code, 'invalidObjective');
    assert.match(outcome.error!.message, /^badShape\.shape holds 2 × 2 = 4 numbers, but there are 3 parameters$/);
  });

  it('startRun keeps every compile error in outcome.errors', async () => {
    const { outcome } = await run('twoBadImports.ts', {});
    assert.equal(outcome.errors?.length, 2);
    assert.deepEqual(outcome.error, outcome.errors![0]);
  });

  it('startRun reports an exception in f at the user line, with the steps before it', async () => {
    const file = fixture('throwsInF.ts');
    const { records, outcome } = await run('throwsInF.ts', { iterations: 10 });
    assert.equal(outcome.stopReason, 'error');
    assert.equal(outcome.steps, 3);
    assert.equal(records.length, 3);
    assert.deepEqual(outcome.error, { code: 'objectiveError', message: 'RangeError: call 4 went wrong', location: { file, line: markedLine(file, 'fThrow'), column: 28 } });
  });

  it('startRun points a NaN gradient and a metric that is not a number at the function that returned it', async () => {
    const file = fixture('badValues.ts');
    const nan = await run('badValues.ts', { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 10 }, { objective: 'nanGradient' });
    // grad returns NaN from its third call on: two steps, then divergence (not an error: the start was fine).
    assert.equal(nan.outcome.stopReason, 'diverged');
    assert.equal(nan.outcome.steps, 2);
    assert.equal(nan.records.length, 2);
    assert.equal(nan.outcome.error?.code, 'nonFiniteGradient');
    assert.match(nan.outcome.error!.message, /gradient component 1 \(x\[1\]\) is NaN at step 3/);
    assert.deepEqual(nan.outcome.error?.location, { file, line: markedLine(file, 'nanGrad'), column: 9 });

    const text = await run('badValues.ts', { iterations: 10 }, { objective: 'textMetric' });
    assert.equal(text.outcome.stopReason, 'error');
    assert.equal(text.outcome.steps, 3);
    assert.equal(text.outcome.error?.code, 'invalidObjective');
    assert.equal(text.outcome.error?.message, 'textMetric.metrics must return an object of numbers like { accuracy: 0.9 }, but "grade" is "high"');
    assert.equal(text.outcome.detail, `metrics failed at step 4: ${text.outcome.error!.message}`);
    assert.deepEqual(text.outcome.error?.location, { file, line: markedLine(file, 'textMetric'), column: 12 });
    assert.deepEqual(text.records.map((r) => r.metrics!.grade), [1, 1, 1]);
    assert.equal(text.records[0]!.metrics!.size, 1);
  });

  it('startRun maps an exception in an imported module to that module', async () => {
    const { outcome } = await run('withLocalImport.ts', { x0: [1, 2, 3] });
    assert.equal(outcome.error?.code, 'invalidConfig');
    const helper = fixture('lib/shift.ts');
    // The objective itself has 2 parameters; a 3-value x0 that reaches f throws in the helper.
    const source = 'import { squaredDistance } from "./lib/shift";\nexport const o = { x0: [1, 2, 3], f: (x: readonly number[]) => squaredDistance(x) };';
    const viaHelper = await run('withLocalImport.ts', {}, { source });
    assert.equal(viaHelper.outcome.error?.location?.file, helper);
    assert.equal(viaHelper.outcome.error?.location?.line, markedLine(helper, 'helperThrow'));
    assert.match(viaHelper.outcome.error!.message, /expected 2 parameters, got 3/);
  });

  it('startRun bundles npm packages and reports their exceptions at the user line that called them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lrlab-package-'));
    mkdirSync(path.join(dir, 'node_modules', 'thrower'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules', 'thrower', 'package.json'), JSON.stringify({ name: 'thrower', main: 'index.js' }));
    writeFileSync(path.join(dir, 'node_modules', 'thrower', 'index.js'), 'exports.square = function (v) {\n  if (v < 0.5) throw new Error("too small: " + v);\n  return v * v;\n};\n');
    const file = path.join(dir, 'user.ts');
    writeFileSync(file, 'import { square } from "thrower";\n\nexport const o = {\n  x0: [1],\n  f: (x: readonly number[]) => square(x[0]),\n};\n');
    const handle = startRun({ file, config: resolveRunConfig({ optimizer: { type: 'sgd', lr: 0.2 }, iterations: 10 }), workerPath });
    const outcome = await handle.done;
    // GD on x² with lr 0.2: x = 1, 0.6, 0.36 → f throws at step 3.
    assert.equal(outcome.steps, 2);
    assert.match(outcome.error!.message, /^too small: 0\.36/);
    assert.deepEqual(outcome.error?.location, { file, line: 5, column: 32 });
  });

  it('startRun stops an objective that never returns at timeMs, keeping the records already streamed', async () => {
    // The limit counts from this call (bundling and the worker's start included): 4 s leaves the
    // fixture's first 100 calls (≈ 2 ms each) time to finish on a busy machine, so f is stuck when
    // the limit comes, rather than the run stopping cleanly between two steps.
    const { records, outcome, elapsedMs } = await run('infiniteLoop.ts', { iterations: 1_000_000 }, { limits: { timeMs: 4000 } });
    assert.equal(outcome.stopReason, 'timeout');
    assert.match(outcome.detail, /time limit of 4 s after \d+ steps/);
    assert.ok(outcome.steps > 0 && outcome.steps <= 100, `steps ${outcome.steps}`);
    assert.equal(records.length, outcome.steps);
    assert.ok(Number.isNaN(outcome.finalLoss));
    assert.equal(outcome.bestLoss, Math.min(...records.map((r) => r.loss)));
    assert.deepEqual(outcome.finalParams, records[records.length - 1]!.params);
    // Terminated 1 s after the limit (the grace a clean stop gets); the upper bound only catches a hang.
    assert.ok(elapsedMs >= 5000 && elapsedMs < 20_000, `took ${elapsedMs} ms`);
  });

  it('startRun ends a merely long run cleanly just before timeMs, with its final loss', async () => {
    const { records, outcome, elapsedMs } = await run('slow.ts', { optimizer: { type: 'sgd', lr: 0.01 }, iterations: 1_000_000 }, { limits: { timeMs: 800 } });
    assert.equal(outcome.stopReason, 'timeout');
    assert.match(outcome.detail, /stopped at the time limit after \d+ steps/);
    assert.equal(records.length, outcome.steps);
    assert.ok(outcome.steps > 10, `steps ${outcome.steps}`);
    // GD on x²: x_k = 4·0.98^k, so the final loss is (4·0.98^steps)².
    assertClose(outcome.finalLoss, (4 * 0.98 ** outcome.steps) ** 2, 1e-12, 'final loss');
    // Stopped by itself before the hard stop (1 s after the limit) would have terminated it; the bound only catches a hang.
    assert.ok(elapsedMs < 15_000, `took ${elapsedMs} ms`);
  });

  it('startRun reports a worker that runs out of memory as outOfMemory naming the limit, and the function it was in, at its line', async () => {
    const { outcome } = await run('allocatesForever.ts', {}, { limits: { memoryMb: 64 } });
    assert.equal(outcome.stopReason, 'error');
    assert.equal(outcome.error?.code, 'outOfMemory');
    assert.match(outcome.error!.message, /^hungry\.f ran out of memory: the heap limit is 64 MB/);
    assert.equal(outcome.error?.location?.line, markedLine(fixture('allocatesForever.ts'), 'hungryF'));
  });

  it("startRun says so when the file's top level runs out of memory (while it was loaded)", async () => {
    const { outcome } = await run('allocatesAtLoad.ts', {}, { limits: { memoryMb: 64 } });
    assert.equal(outcome.error?.code, 'outOfMemory');
    assert.match(outcome.error!.message, /^allocatesAtLoad\.ts ran out of memory while it was loaded \(its top level\): the heap limit is 64 MB/);
  });

  it('startRun says which function called process.exit(), at its line, with the steps before it', async () => {
    const { outcome, records } = await run('exitsInF.ts', { optimizer: { type: 'sgd', lr: 0.1 } });
    assert.equal(outcome.error?.code, 'objectiveError');
    assert.match(outcome.error!.message, /exited \(code 3\) before it finished; does the objective call process\.exit\(\)\?/);
    assert.equal(outcome.error?.location?.line, markedLine(fixture('exitsInF.ts'), 'exitsF'));
    assert.equal(records.length, outcome.steps);
  });

  describe('cancel() (Stop, Ctrl+C)', () => {
    it('ends the run after its step under way: the worker answers with every step it took, each one recorded, and its final loss', async () => {
      const batches: RecordBatch[] = [];
      let stepsWhenCancelled = 0;
      // slowBowl (x², 3 ms a call) from 4: a run that would go on for an hour.
      const handle = startRun({ file: fixture('slow.ts'), config: resolveRunConfig({ optimizer: { type: 'sgd', lr: 0.01 }, iterations: 1_000_000 }), workerPath, flushIntervalMs: 20 }, {
        onBatch: (b) => {
          batches.push(b);
          if (batches.length === 2) {
            stepsWhenCancelled = b.firstStep + b.count - 1;
            handle.cancel();
          }
        },
      });
      const outcome = await handle.done;
      const records = batches.flatMap(toRecords);
      assert.equal(outcome.stopReason, 'cancelled');
      assert.equal(outcome.steps, records.length);
      assert.ok(outcome.steps >= stepsWhenCancelled, `${outcome.steps} steps, ${stepsWhenCancelled} when cancelled`);
      assert.deepEqual(
        records.map((r) => r.step),
        Array.from({ length: records.length }, (_, i) => i + 1),
      );
      assert.match(outcome.detail, new RegExp(`cancelled after ${outcome.steps} steps`));
      // Each record's loss is f where its step started: at the parameters the record before it reached.
      for (let i = 1; i < records.length; i++) assert.equal(records[i]!.loss, records[i - 1]!.params![0]! ** 2, `loss of step ${i + 1}`);
      // The worker ended the run itself: its final loss is f at the last record's parameters (a terminated worker's would be NaN).
      const last = records.at(-1)!;
      assert.deepEqual(outcome.finalParams, last.params);
      assert.equal(outcome.finalLoss, last.params![0]! ** 2);
    });

    it('terminates a worker stuck in the user code once the grace is over, keeping every step it had recorded', async () => {
      const batches: RecordBatch[] = [];
      let cancelledAt: number | null = null;
      // hangsAnnounced returns for 20 calls (microseconds: their records are still in the shared columns), then says so and never returns.
      const handle = startRun(
        { file: fixture('hangsAnnounced.ts'), config: resolveRunConfig({ optimizer: { type: 'sgd', lr: 0.1 }, iterations: 1000 }), workerPath, limits: { evalTimeMs: 60_000, timeMs: 60_000 } },
        {
          onBatch: (b) => batches.push(b),
          onOutput: (text) => {
            if (cancelledAt !== null || !text.includes('hangsAnnounced: stuck')) return;
            cancelledAt = performance.now();
            handle.cancel();
          },
        },
      );
      const outcome = await handle.done;
      const waited = performance.now() - cancelledAt!;
      const records = batches.flatMap(toRecords);
      assert.equal(outcome.stopReason, 'cancelled');
      assert.equal(outcome.steps, 20);
      assert.deepEqual(
        records.map((r) => r.step),
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      // GD on x² with lr 0.1 from 3: the loss of step k is (3·0.8^(k−1))².
      records.forEach((r, i) => assertClose(r.loss, (3 * 0.8 ** i) ** 2, 1e-12, `loss of step ${i + 1}`));
      assert.equal(outcome.bestLoss, records[19]!.loss);
      assert.ok(Number.isNaN(outcome.finalLoss), 'a terminated worker has no final loss');
      // It was asked first and given the grace (a timer fires no earlier than its delay, to the millisecond).
      assert.ok(waited >= CANCEL_GRACE_MS - 1, `terminated ${waited.toFixed(0)} ms after cancel`);
    });
  });

  describe('a call into user code that never returns (evalTimeMs)', () => {
    it('ends the run as an error at f after evalTimeMs, keeping the records not yet sent', async () => {
      const { records, outcome, elapsedMs, batches } = await run('hangsInF.ts', { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 1000 }, { limits: { evalTimeMs: 600, timeMs: 30_000 } });
      assert.equal(outcome.stopReason, 'error');
      assert.equal(outcome.error?.code, 'evalTimeout');
      assert.match(outcome.error!.message, /^hangsInF\.f did not return within 0\.6 s \(an endless loop\?\); raise it with --eval-time-limit/);
      assert.equal(outcome.error?.location?.file, fixture('hangsInF.ts'));
      assert.equal(outcome.error?.location?.line, markedLine(fixture('hangsInF.ts'), 'f'));
      assert.match(outcome.detail, / \(after 30 steps\)$/);
      // Steps 1–30 ran within the first 50 ms, before any batch was due: all of them come from the worker's shared columns.
      assert.equal(outcome.steps, 30);
      assert.deepEqual(
        records.map((r) => r.step),
        Array.from({ length: 30 }, (_, i) => i + 1),
      );
      assert.ok(batches.length >= 1);
      // GD on x² with lr 0.1 from 3: the loss of step k is (3·0.8^(k−1))².
      records.forEach((r, i) => assertClose(r.loss, (3 * 0.8 ** i) ** 2, 1e-12, `loss of step ${i + 1}`));
      assert.equal(outcome.bestLoss, records[29]!.loss);
      assert.ok(elapsedMs >= 600 && elapsedMs < 15_000, `took ${elapsedMs} ms`);
    });

    it('names grad when grad never returns', async () => {
      const { outcome, records } = await run('hangsInGrad.ts', { iterations: 100 }, { limits: { evalTimeMs: 400 } });
      assert.equal(outcome.error?.code, 'evalTimeout');
      assert.match(outcome.error!.message, /^hangsInGrad\.grad did not return within 0\.4 s \(an endless loop\?\)/);
      assert.equal(outcome.error?.location?.line, markedLine(fixture('hangsInGrad.ts'), 'grad'));
      assert.equal(records.length, 5);
    });

    it('says so when the file never finishes loading', async () => {
      const { outcome, header } = await run('hangsAtLoad.ts', {}, { limits: { evalTimeMs: 400 } });
      assert.equal(header, null);
      assert.equal(outcome.stopReason, 'error');
      assert.equal(outcome.error?.code, 'evalTimeout');
      assert.match(outcome.error!.message, /^hangsAtLoad\.ts did not finish loading within 0\.4 s \(an endless loop at its top level\?\)/);
      assert.equal(outcome.steps, 0);
    });

    it('a run time limit below it still ends the run first, also with the records not yet sent', async () => {
      const { outcome, records } = await run('hangsInF.ts', { optimizer: { type: 'sgd', lr: 0.1 }, iterations: 1000 }, { limits: { evalTimeMs: 30_000, timeMs: 700 } });
      assert.equal(outcome.stopReason, 'timeout');
      assert.equal(outcome.steps, 30);
      assert.equal(records.length, 30);
    });

    it('a slow objective within the limit is not stopped', async () => {
      // 3 ms per call against a 0.5 s limit (room for a busy machine), for ~0.6 s: more than the limit in all, never in one call.
      const { outcome } = await run('slow.ts', { optimizer: { type: 'sgd', lr: 0.01 }, iterations: 200 }, { limits: { evalTimeMs: 500 } });
      assert.equal(outcome.stopReason, 'maxIterations');
    });
  });

  it('cancel() before the worker answers still resolves as cancelled with no steps', async () => {
    const handle = startRun({ file: fixture('quadraticBowl.ts'), config: resolveRunConfig({}), workerPath });
    handle.cancel();
    const outcome = await handle.done;
    assert.equal(outcome.stopReason, 'cancelled');
    assert.equal(outcome.steps, 0);
  });
});
