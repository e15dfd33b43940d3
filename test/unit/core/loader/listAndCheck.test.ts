import assert from 'node:assert/strict';
import { isLrLabError } from '../../../../src/core/errors';
import { checkGradientInFile, gradientAt, listObjectives } from '../../../../src/core/loader';
import { fixture, markedLine, requireBuild, workerPath } from './fixtures';

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string; location?: { file: string; line: number } }> {
  try {
    await promise;
  } catch (e) {
    assert.ok(isLrLabError(e), `expected an LrLabError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

describe('listObjectives', function () {
  this.timeout(20_000);
  before(requireBuild);

  it('listObjectives describes each exported objective with its dimension, gradient, data, metrics and line', async () => {
    const file = fixture('twoObjectives.ts');
    assert.deepEqual(await listObjectives(file, { workerPath }), [
      { name: 'first', form: 'object', dim: 1, hasGradient: false, stochastic: false, hasMetrics: false, gradient: { source: 'exact', reason: null }, line: 1 },
      { name: 'second', form: 'function', dim: 2, hasGradient: false, stochastic: false, hasMetrics: false, gradient: { source: 'exact', reason: null }, line: 4 },
    ]);
    const [line] = await listObjectives(fixture('miniBatch.ts'), { workerPath });
    assert.deepEqual([line!.name, line!.dim, line!.hasGradient, line!.stochastic, line!.hasMetrics], ['line', 2, true, true, true]);
  });

  it('listObjectives gives a plain function without @x0 an unknown dimension', async () => {
    const [untagged] = await listObjectives(fixture('noStartingPoint.ts'), { workerPath });
    assert.deepEqual([untagged!.name, untagged!.dim, untagged!.line], ['untagged', null, markedLine(fixture('noStartingPoint.ts'), 'untagged')]);
  });

  it('listObjectives skips exports that are not objectives', async () => {
    assert.deepEqual((await listObjectives(fixture('sphereTagged.ts'), { workerPath })).map((o) => o.name), ['sphere']);
    assert.deepEqual(await listObjectives(fixture('noObjective.ts'), { workerPath }), []);
  });

  it('listObjectives rejects with the compile or load error', async () => {
    assert.equal((await rejection(listObjectives(fixture('syntaxError.ts'), { workerPath }))).code, 'compileError');
    const load = await rejection(listObjectives(fixture('throwsAtLoad.ts'), { workerPath }));
    assert.equal(load.code, 'loadError');
    assert.equal(load.location?.line, markedLine(fixture('throwsAtLoad.ts'), 'loadThrow'));
  });
});

describe('checkGradientInFile', function () {
  this.timeout(20_000);
  before(requireBuild);

  it('checkGradientInFile passes a correct gradient', async () => {
    const result = await checkGradientInFile(fixture('quadraticBowl.ts'), { workerPath });
    assert.equal(result.objective, 'quadraticBowl');
    assert.equal(result.ok, true);
    assert.equal(result.dim, 2);
    assert.ok(result.maxRelError < 1e-8, `max rel error ${result.maxRelError}`);
  });

  it('checkGradientInFile fails a wrong component and names it', async () => {
    // f = x0² + 3 x1², grad says 2 x1 for ∂f/∂x1 = 6 x1: at (1, 1) analytic 2, numeric 6.
    const result = await checkGradientInFile(fixture('wrongGradient.ts'), { workerPath });
    assert.equal(result.ok, false);
    assert.equal(result.worst.index, 1);
    assert.equal(result.worst.analytic, 2);
    assert.ok(Math.abs(result.worst.numeric - 6) < 1e-6, `numeric ${result.worst.numeric}`);
    const elsewhere = await checkGradientInFile(fixture('wrongGradient.ts'), { workerPath, x0: [1, 0.5] });
    assert.equal(elsewhere.worst.analytic, 1);
  });

  it('checkGradientInFile checks the exact gradient of an objective without grad; rejects one with neither and a wrong-length grad', async () => {
    const exact = await checkGradientInFile(fixture('sphereTagged.ts'), { workerPath });
    assert.deepEqual(exact.comparisons.map((c) => [c.candidate, c.reference, c.result.ok]), [['exact', 'numeric', true]]);
    assert.deepEqual(exact.exact, { source: 'exact', reason: null });
    const neither = await rejection(checkGradientInFile(fixture('sphereTagged.ts'), { workerPath, source: '// @lrlab-gradient numeric\n/** @x0 [1] */\nexport function f(x: number[]) { return x[0] ** 2; }' }));
    assert.equal(neither.code, 'invalidObjective');
    assert.match(neither.message, /has no gradient to check: it has no grad, and its exact gradient cannot be recorded \(the file opts out with \/\/ @lrlab-gradient numeric\)/);
    const length = await rejection(checkGradientInFile(fixture('wrongGradLength.ts'), { workerPath }));
    assert.equal(length.code, 'gradientLength');
    assert.equal(length.location?.line, markedLine(fixture('wrongGradLength.ts'), 'grad'));
  });

  it('checkGradientInFile and gradientAt refuse an empty data set (not f averaged over no items) and a NaN in x0, at the object', async () => {
    const file = fixture('badObjects.ts');
    for (const [objective, message] of [['noData', /^objective "noData" has an empty data set/], ['nanStart', /^nanStart\.x0\[1\] must be a finite number \(got NaN\)$/]] as const) {
      for (const e of [await rejection(checkGradientInFile(file, { workerPath, objective })), await rejection(gradientAt(file, { workerPath, objective }))]) {
        assert.equal(e.code, 'invalidObjective');
        assert.match(e.message, message);
        assert.deepEqual([e.location?.file, e.location?.line], [file, markedLine(file, objective)]);
      }
    }
  });

  it('checkGradientInFile refuses a point where f is not finite, at f (not a gradient that disagrees), and says when f read past x', async () => {
    const file = fixture('quadraticBowl.ts');
    const infinite = await rejection(checkGradientInFile(file, { workerPath, source: 'export const o = {\n  x0: [1],\n  f: (x: readonly number[]) => Infinity * x[0],\n  grad: (x: readonly number[]) => [0],\n};\n' }));
    assert.equal(infinite.code, 'nonFiniteLoss');
    assert.equal(infinite.message, 'f returned Infinity at the point checked: its gradient cannot be checked there');
    assert.equal(infinite.location?.line, 3);
    const short = await rejection(checkGradientInFile(fixture('startsShort.ts'), { workerPath }));
    assert.equal(short.message, 'f returned NaN at the point checked: its gradient cannot be checked there: f reads x[1], but the starting point has 1 value (one per parameter)');
    assert.equal(short.location?.line, markedLine(fixture('startsShort.ts'), 'startsShort'));
  });

  it('checkGradientInFile stops at the time limit', async () => {
    const e = await rejection(checkGradientInFile(fixture('slow.ts'), { workerPath, limits: { timeMs: 300 }, source: 'export const o = { x0: [1], f: (x: readonly number[]) => { for (;;) {} }, grad: (x: readonly number[]) => [0] };' }));
    assert.equal(e.code, 'timeout');
  });
});
