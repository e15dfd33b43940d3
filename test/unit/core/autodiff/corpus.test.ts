/**
 * The corpus (test/fixtures/autodiff/corpus): objectives written as people write them, one
 * construct or pattern each, transformed and evaluated as the worker does. The exact gradient
 * matches the analytic one (`reference.gradient`, where the file gives it) to 1e-12 relative,
 * else central differences to 1e-6; the recorded value is f's own value to the last bit. The
 * examples' twins without grad (examples/exact) match the examples' hand-written gradients.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readX0Tag } from '../../../../src/core/loader/discover';
import { adjointOf } from '../../../../src/core/autodiff/runtime';
import { evaluateFile, objectiveFunction, record, centralDifferences, type Evaluated } from './helpers';

/** Corpus files whose objective is inside the generated adjoints' subset. */
const EXPECTED_WITH_ADJOINT: readonly string[] = ['float32.ts', 'forLoop.ts', 'helpers.ts', 'ifElse.ts', 'kinks.ts', 'mathExpLog.ts', 'mathHyperbolic.ts', 'mathPiecewise.ts', 'mathTrig.ts', 'miniBatch.ts', 'whileLoops.ts'];

const repoRoot = path.join(__dirname, '..', '..', '..', '..');
const corpusDir = path.join(repoRoot, 'test', 'fixtures', 'autodiff', 'corpus');

interface Found {
  readonly name: string;
  readonly f: (x: unknown, ...rest: unknown[]) => unknown;
  readonly x0: number[];
  readonly data: readonly unknown[] | undefined;
  /** The function object itself (where a generated adjoint would be). */
  readonly raw: unknown;
}

/** The file's objective: the export with an f (object form) or the function with an @x0 tag. */
function objectiveOf(evaluated: Evaluated): Found {
  const source = readFileSync(evaluated.file, 'utf8');
  for (const [name, value] of Object.entries(evaluated.exports)) {
    if (name === 'reference') continue;
    if (typeof value === 'function') {
      const tag = readX0Tag(source, evaluated.file, name);
      if (tag?.x0) return { name, f: objectiveFunction(value), x0: tag.x0, data: undefined, raw: value };
    } else if (value !== null && typeof value === 'object' && 'f' in value) {
      const obj = value as unknown as { x0: number[]; data?: unknown[] };
      return { name, f: objectiveFunction(value), x0: [...obj.x0], data: obj.data, raw: (value as { f: unknown }).f };
    }
  }
  throw new Error(`${evaluated.file} exports no objective`);
}

/** |aᵢ − bᵢ| ≤ tolerance · max(|bᵢ|, 1e-6 ‖b‖∞) for every i: relative, without blowing up on components that cancel to ~0. */
function assertRelative(actual: readonly number[], expected: readonly number[], tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const largest = Math.max(...expected.map(Math.abs));
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(Math.abs(expected[i]!), 1e-6 * largest, 1e-300);
    const error = Math.abs(actual[i]! - expected[i]!) / scale;
    assert.ok(error <= tolerance, `${what}: ∂f/∂x${i} = ${actual[i]} vs ${expected[i]} (relative error ${error.toExponential(2)} > ${tolerance})`);
  }
}

/** Central differences, to 1e-6 relative to the gradient's largest component (at least 1). */
function assertNearNumeric(actual: readonly number[], numeric: readonly number[], what: string): void {
  const scale = Math.max(1, ...numeric.map(Math.abs));
  for (let i = 0; i < numeric.length; i++) {
    const error = Math.abs(actual[i]! - numeric[i]!) / scale;
    assert.ok(error <= 1e-6, `${what}: ∂f/∂x${i} = ${actual[i]} vs central difference ${numeric[i]} (error ${error.toExponential(2)} of ${scale})`);
  }
}

const files = readdirSync(corpusDir)
  .filter((name) => name.endsWith('.ts'))
  .sort();

describe('autodiff corpus', function () {
  this.timeout(30_000);

  it(`holds at least 40 objectives`, () => {
    assert.ok(files.length >= 40, `${files.length} files`);
  });

  for (const name of files) {
    it(`${name}: the exact gradient ${readFileSync(path.join(corpusDir, name), 'utf8').includes('export const reference') ? 'is the analytic one to 1e-12' : 'matches central differences to 1e-6'}, and the value is f's`, async () => {
      const evaluated = await evaluateFile(path.join(corpusDir, name));
      const { f, x0, data } = objectiveOf(evaluated);
      const rest = data === undefined ? [] : [data];
      const { result, gradient } = record((x) => f(x, ...rest), x0);
      assert.equal(result.kind, 'gradient', result.kind === 'leak' ? `leak: ${result.leak.message}` : result.kind);
      if (result.kind === 'gradient') assert.ok(Object.is(result.value, f(x0.slice(), ...rest)), `recorded value ${result.value} is f(x0)`);
      const reference = evaluated.exports.reference as { gradient(x: readonly number[], ...rest: unknown[]): number[] } | undefined;
      if (reference !== undefined) assertRelative(gradient, reference.gradient(x0, ...rest), 1e-12, name);
      else assertNearNumeric(gradient, centralDifferences((x) => f(x, ...rest) as number, x0), name);
    });
  }
});

describe('the examples without grad (examples/exact)', function () {
  this.timeout(30_000);
  const twins = ['rosenbrock', 'quadratic', 'illConditioned', 'linearRegression', 'logisticRegression', 'mlpIris'];
  for (const name of twins) {
    it(`${name}: the exact gradient is the hand-written grad to 1e-12, at x0 and at a point along the way`, async () => {
      const twin = await evaluateFile(path.join(repoRoot, 'examples', 'exact', `${name}.ts`));
      const original = await evaluateFile(path.join(repoRoot, 'examples', `${name}.ts`));
      const exact = objectiveOf(twin);
      const handWritten = original.exports[name] as { x0: number[]; data?: unknown[]; grad(x: number[], ...rest: unknown[]): number[] };
      const rest = exact.data === undefined ? [] : [exact.data];
      const elsewhere = exact.x0.map((v, i) => v + 0.3 * Math.sin(i + 1));
      for (const at of [exact.x0, elsewhere]) {
        const { result, gradient } = record((x) => exact.f(x, ...rest), at);
        assert.equal(result.kind, 'gradient');
        const expected = handWritten.grad(at.slice(), ...rest);
        // Relative to max(|gᵢ|, 1e-3 ‖g‖∞): a component that is 0 analytically (the balanced bias of
        // logistic regression at x0) is rounding on both sides, ±4e-17 either way.
        const largest = Math.max(...expected.map(Math.abs));
        for (let i = 0; i < expected.length; i++) {
          const error = Math.abs(gradient[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), 1e-3 * largest);
          assert.ok(error <= 1e-12, `${name} at ${at === exact.x0 ? 'x0' : 'x0 + δ'}: ∂f/∂x${i} exact ${gradient[i]} vs grad ${expected[i]} (relative ${error.toExponential(2)})`);
        }
      }
    });
  }
});

/** The generated adjoint's f and gradient at x, or undefined when the file's f has none. */
function throughAdjoint(found: Found, x: readonly number[]): { value: unknown; gradient: number[] } | undefined {
  const adjoint = adjointOf(found.raw);
  if (adjoint === undefined) return undefined;
  const out = new Float64Array(x.length);
  const value = found.data === undefined ? adjoint(Float64Array.from(x), out) : adjoint(Float64Array.from(x), out, found.data);
  return { value, gradient: Array.from(out) };
}

describe('generated adjoints (transform/adjoint) on the corpus and the examples', function () {
  this.timeout(30_000);
  const withAdjoint: string[] = [];

  for (const name of files) {
    it(`${name}: where f has a generated adjoint, it gives f's value and the tape's gradient (to 1e-12) at x0 and nearby`, async () => {
      const evaluated = await evaluateFile(path.join(corpusDir, name));
      const found = objectiveOf(evaluated);
      const rest = found.data === undefined ? [] : [found.data];
      const nearby = found.x0.map((v, i) => v + 0.25 * Math.cos(3 * i + 1));
      for (const at of [found.x0, nearby]) {
        const generated = throughAdjoint(found, at);
        if (generated === undefined) return;
        const { result, gradient } = record((x) => found.f(x, ...rest), at);
        assert.equal(result.kind, 'gradient');
        assert.ok(Object.is(generated.value, found.f(at.slice(), ...rest)), `value ${String(generated.value)} is f's`);
        assertRelative(generated.gradient, gradient, 1e-12, `${name} adjoint vs tape`);
      }
      withAdjoint.push(name);
    });
  }

  for (const [name, generated] of [['rosenbrock', true], ['quadratic', false], ['illConditioned', true], ['linearRegression', true], ['logisticRegression', true], ['mlpIris', true]] as const) {
    it(`examples/exact/${name}.ts: ${generated ? 'f has a generated adjoint, and it gives the hand-written grad to 1e-12 at x0 and along the way' : 'f stays with the tape (its helper returns an array)'}`, async () => {
      const twin = objectiveOf(await evaluateFile(path.join(repoRoot, 'examples', 'exact', `${name}.ts`)));
      const original = await evaluateFile(path.join(repoRoot, 'examples', `${name}.ts`));
      const handWritten = original.exports[name] as { grad(x: number[], ...rest: unknown[]): number[] };
      assert.equal(adjointOf(twin.raw) !== undefined, generated);
      if (!generated) return;
      const rest = twin.data === undefined ? [] : [twin.data];
      for (const at of [twin.x0, twin.x0.map((v, i) => v - 0.2 * Math.sin(2 * i + 1))]) {
        const expected = handWritten.grad(at.slice(), ...rest);
        const largest = Math.max(...expected.map(Math.abs));
        const { gradient } = throughAdjoint(twin, at)!;
        for (let i = 0; i < expected.length; i++) {
          const error = Math.abs(gradient[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), 1e-3 * largest);
          assert.ok(error <= 1e-12, `${name}: ∂f/∂x${i} adjoint ${gradient[i]} vs grad ${expected[i]} (relative ${error.toExponential(2)})`);
        }
      }
    });
  }

  it('covers the corpus files written in the subset (a file dropping out of it is a regression)', () => {
    assert.deepEqual(withAdjoint.sort(), [...EXPECTED_WITH_ADJOINT].sort());
  });
});
