/**
 * The generated adjoints' subset (transform/adjoint): what stays with the tape. Each source
 * below is one construct outside the subset — several of them would give a silently wrong
 * gradient if the generator took them (x iterated or handed on as a plain value, a scratch
 * array handed to a helper, an alias of a scratch array): f must have no generated adjoint, and
 * the tape's gradient (what the worker then uses) is still the analytic one.
 */
import assert from 'node:assert/strict';
import { adjointOf } from '../../../../src/core/autodiff/runtime';
import { BINARY_MATH, UNARY_PARTIALS } from '../../../../src/core/autodiff/transform/adjoint/subset';
import { centralDifferences, evaluateSource, gradientOf } from './helpers';

const OUTSIDE: Record<string, string> = {
  'an alias of x': `export function f(x: number[]): number {\n  const y = x;\n  return y[0] * y[1];\n}`,
  'x spread into a call': `export function f(x: number[]): number {\n  return Math.max(...x) * x[1];\n}`,
  'a scratch array handed to a helper': `const h = new Float64Array(2);\nfunction read(x: readonly number[], v: Float64Array): number {\n  return v[0] * v[1] + x[0];\n}\nexport function f(x: number[]): number {\n  h[0] = x[0] * x[1];\n  h[1] = x[1];\n  return read(x, h);\n}`,
  'an alias of a scratch array': `const h = new Float64Array(2);\nconst view = h;\nexport function f(x: number[]): number {\n  h[0] = x[0] * x[1];\n  return view[0] * x[0];\n}`,
  'an exported scratch array': `export const h = new Float64Array(2);\nexport function f(x: number[]): number {\n  h[0] = x[0] * x[1];\n  return h[0] * x[0];\n}`,
  'an array f makes, handed to a helper': `function total(x: readonly number[], v: number[]): number {\n  return v[0] + v[1] + x[0];\n}\nexport function f(x: number[]): number {\n  const h: number[] = [];\n  h.push(x[0] * x[1]);\n  h.push(x[1]);\n  return total(x, h);\n}`,
  'an array f makes, iterated': `export function f(x: number[]): number {\n  const h = new Float64Array(2);\n  h[0] = x[0] * x[1];\n  h[1] = x[1];\n  let s = 0;\n  for (const v of h) s += v * v;\n  return s;\n}`,
  'a return inside a loop': `export function f(x: number[]): number {\n  let s = 0;\n  for (let i = 0; i < 2; i++) {\n    if (x[i] > 5) return s;\n    s += x[i] * x[i];\n  }\n  return s;\n}`,
  'a return in an if with an else': `export function f(x: number[]): number {\n  if (x[0] > 0) {\n    return x[0] * x[1];\n  } else {\n    x[0];\n  }\n  return x[1];\n}`,
  'a guard clause beside an array f makes': `export function f(x: number[]): number {\n  const h: number[] = [];\n  h.push(x[0] * x[1]);\n  if (x[0] > 5) return h[0];\n  return h[0] * x[1];\n}`,
  'a closure': `export function f(x: number[]): number {\n  const g = (t: number) => t * x[1];\n  return g(x[0]);\n}`,
  'remainder of a value that depends on x': `export function f(x: number[]): number {\n  return (x[0] * 3) % 2 + x[1];\n}`,
  'a write into x': `export function f(x: number[]): number {\n  x[0] = x[0] * 2;\n  return x[0] * x[1];\n}`,
  'an assignment to module state': `let calls = 0;\nexport function f(x: number[]): number {\n  calls = calls + 1;\n  return x[0] * x[1] + calls * 0;\n}`,
  'recursion': `function power(x: readonly number[], n: number): number {\n  return n === 0 ? 1 : x[0] * power(x, n - 1);\n}\nexport function f(x: number[]): number {\n  return power(x, 3) + x[1];\n}`,
  'Math.random': `export function f(x: number[]): number {\n  return x[0] * x[1] + Math.random() * 0;\n}`,
  'an index that depends on x': `const table = [1, 2, 3];\nexport function f(x: number[]): number {\n  return table[x[0] * 0 + 1] * x[1];\n}`,
  'a call after a read of an array it writes': `const h = new Float64Array(1);\nfunction put(x: readonly number[]): number {\n  h[0] = x[1];\n  return x[0];\n}\nexport function f(x: number[]): number {\n  h[0] = x[0];\n  return h[0] * put(x) + h[0];\n}`,
};

describe('generated adjoints: what stays with the tape', function () {
  this.timeout(30_000);
  for (const [what, source] of Object.entries(OUTSIDE)) {
    it(`${what}: no generated adjoint, and the tape's gradient is f's`, async () => {
      const evaluated = await evaluateSource(source);
      assert.equal(adjointOf(evaluated.exports.f), undefined, `${source}\nhas a generated adjoint`);
      const x = [0.7, -1.3];
      const { result, gradient } = gradientOf(evaluated, 'f', x);
      if (result.kind !== 'gradient') return; // the tape refuses it too (Math.random, an index of x): central differences then
      const numeric = centralDifferences((p) => (evaluated.exports.f as (p: number[]) => number)(p), x);
      for (let i = 0; i < x.length; i++) assert.ok(Math.abs(gradient[i]! - numeric[i]!) <= 1e-6 * Math.max(1, Math.abs(numeric[i]!)), `${what}: ∂f/∂x${i} ${gradient[i]} vs ${numeric[i]}`);
    });
  }

  it('a scratch array that starts empty and grows as f writes it: the adjoint has its length after the forward pass', async () => {
    const source = `const h: number[] = [];\nexport function f(x: number[]): number {\n  h[0] = x[0] * x[1];\n  h[1] = Math.exp(x[0]);\n  return h[0] * x[1] + h[1];\n}`;
    const evaluated = await evaluateSource(source);
    const adjoint = adjointOf(evaluated.exports.f);
    assert.ok(adjoint !== undefined);
    const out = new Float64Array(2);
    adjoint(Float64Array.from([0.7, -1.3]), out);
    assert.deepEqual(Array.from(out).map((g) => g.toPrecision(12)), [(-1.3) ** 2 + Math.exp(0.7), 2 * 0.7 * -1.3].map((g) => g.toPrecision(12)));
  });

  it('guard clauses: the gradient of the return taken, at points leaving by each of them', async () => {
    const source = `function clipped(x: readonly number[], t: number): number {\n  if (t > 1) return 1 + x[0] * 0.5;\n  return t * x[1];\n}\nexport function f(x: number[]): number {\n  if (x[0] > 1.2) return x[0] * x[0] * 2;\n  let s = x[1] * x[2];\n  if (s < -1) return s * s * x[0];\n  s += x[1] + clipped(x, s * 4);\n  return s * x[0];\n}`;
    const evaluated = await evaluateSource(source);
    const adjoint = adjointOf(evaluated.exports.f);
    assert.ok(adjoint !== undefined);
    // First guard; second guard; past both with clipped's guard; past every guard.
    for (const x of [[1.5, 0.3, 0.2], [0.5, 1.5, -1], [0.5, 0.6, 0.7], [0.5, 0.1, -0.2]]) {
      const out = new Float64Array(3);
      const value = adjoint(Float64Array.from(x), out);
      const { gradient, plain } = gradientOf(evaluated, 'f', x);
      assert.equal(value, plain);
      assert.deepEqual(Array.from(out).map((g) => g.toPrecision(12)), gradient.map((g) => g.toPrecision(12)), `at ${x}`);
    }
  });

  it("every Math function's partial derivative as generated is the tape's (the generator writes its own copies of runtime/math.ts's formulas)", async () => {
    // An argument inside every function's domain: (0.1, 0.5), or (1.1, 1.5) for acosh.
    const unary = Object.keys(UNARY_PARTIALS).map((name) => `Math.${name}(${name === 'acosh' ? 1.3 : 0.3} + 0.2 * Math.tanh(x[0] * x[1]))`);
    const binary = [...BINARY_MATH].map((name) => `Math.${name}(0.3 + 0.2 * Math.tanh(x[0]), 0.7 + 0.2 * Math.sin(x[1]))`);
    for (const term of [...unary, ...binary]) {
      const evaluated = await evaluateSource(`export function f(x: number[]): number {\n  return ${term} * x[1];\n}`);
      const adjoint = adjointOf(evaluated.exports.f);
      assert.ok(adjoint !== undefined, term);
      for (const x of [[0.7, -1.3], [-0.4, 0.9]]) {
        const out = new Float64Array(2);
        adjoint(Float64Array.from(x), out);
        const { gradient } = gradientOf(evaluated, 'f', x);
        for (let i = 0; i < 2; i++) assert.ok(Math.abs(out[i]! - gradient[i]!) <= 1e-12 * Math.max(1, Math.abs(gradient[i]!)), `${term} at ${x}: ∂f/∂x${i} ${out[i]} vs the tape's ${gradient[i]}`);
      }
    }
  });

  it('the same objectives written inside the subset do get one (the table above is not refused for another reason)', async () => {
    const inside = `const h = new Float64Array(2);\nfunction read(x: readonly number[], k: number): number {\n  return h[k] * x[k];\n}\nexport function f(x: number[]): number {\n  h[0] = x[0] * x[1];\n  h[1] = x[1];\n  let s = 0;\n  for (let i = 0; i < 2; i++) s += x[i] * x[i];\n  return s + read(x, 0) + read(x, 1);\n}`;
    const evaluated = await evaluateSource(inside);
    const adjoint = adjointOf(evaluated.exports.f);
    assert.ok(adjoint !== undefined);
    const x = [0.7, -1.3];
    const out = new Float64Array(2);
    adjoint(Float64Array.from(x), out);
    const { gradient } = gradientOf(evaluated, 'f', x);
    assert.deepEqual(Array.from(out).map((g) => g.toPrecision(12)), gradient.map((g) => g.toPrecision(12)));
  });
});
