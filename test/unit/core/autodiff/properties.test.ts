/**
 * Property tests (fast-check): random expression trees over three parameters, written into
 * random function bodies (temporaries, compound assignment, helpers, loops, arrays, Math), are
 * transformed and differentiated; the exact gradient must match central differences of the
 * plain code to 1e-6, and the recorded value must be the plain value to the last bit.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { centralDifferences, evaluateSource, gradientOf } from './helpers';

/** A smooth expression's source (bounded operands where a function needs them). */
const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: 0, max: 2 }).map((i) => `x[${i}]`),
    fc.double({ min: -3, max: 3, noNaN: true }).map((c) => `(${c.toPrecision(4)})`),
    fc.tuple(tie('e'), tie('e'), fc.constantFrom('+', '-', '*')).map(([a, b, op]) => `(${a} ${op} ${b})`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `(${a} / (1.5 + Math.tanh(${b})))`),
    fc.tuple(tie('e'), fc.constantFrom('Math.sin', 'Math.cos', 'Math.tanh', 'Math.atan', '-')).map(([a, f]) => `(${f}(${a}))`),
    tie('e').map((a) => `Math.exp(Math.tanh(${a}))`),
    tie('e').map((a) => `Math.log(1 + ${a} * ${a})`),
    tie('e').map((a) => `Math.sqrt(1 + (${a}) ** 2)`),
    tie('e').map((a) => `Math.hypot(${a}, 1)`),
    fc.tuple(tie('e'), fc.constantFrom(2, 3)).map(([a, n]) => `(Math.tanh(${a}) ** ${n})`),
  ),
})).e;

/** Function bodies that use an expression in different ways (each returns a number). */
const bodies: ReadonlyArray<(a: string, b: string) => string> = [
  (a) => `return ${a};`,
  (a, b) => `const t = ${a};\n  let s = t * t;\n  s += ${b};\n  s -= 0.5 * t;\n  return s;`,
  (a, b) => `let s = 0;\n  for (let i = 0; i < 3; i++) s += (${a}) * (i + 1) + x[i] * x[i];\n  return s * ${b};`,
  (a, b) => `const values = [${a}, ${b}, x[2]];\n  return values.map((v) => v * v).reduce((p, q) => p + q, 0);`,
  (a, b) => `const h = (v: number) => Math.sin(v) + v * ${b};\n  return h(${a}) + h(x[1]);`,
  (a, b) => `let s = ${a};\n  s *= 1 + Math.tanh(${b}) / 2;\n  s **= 2;\n  return s;`,
  (a, b) => `const scratch = new Float64Array(2);\n  scratch[0] = ${a};\n  scratch[1] = ${b};\n  return scratch[0] * scratch[1] + scratch[0];`,
  (a, b) => `const p = { u: ${a}, w: ${b} };\n  const { u, w } = p;\n  return u * w + Math.max(u, 5) + Math.min(w, -5);`,
];

const point = fc.tuple(fc.double({ min: -1.5, max: 1.5, noNaN: true }), fc.double({ min: -1.5, max: 1.5, noNaN: true }), fc.double({ min: -1.5, max: 1.5, noNaN: true }));

describe('autodiff properties (fast-check)', function () {
  this.timeout(120_000);

  it('random expression trees in random bodies: exact gradient = central differences (1e-6), value = the plain value', async () => {
    await fc.assert(
      fc.asyncProperty(expression, expression, fc.integer({ min: 0, max: bodies.length - 1 }), point, async (a, b, which, at) => {
        const source = `export function f(x: number[]): number {\n  ${bodies[which]!(a, b)}\n}\n`;
        const evaluated = await evaluateSource(source);
        const x = [...at];
        const { result, gradient, plain } = gradientOf(evaluated, 'f', x);
        fc.pre(Number.isFinite(plain) && gradient.every(Number.isFinite));
        assert.equal(result.kind, 'gradient', `${source}: ${result.kind === 'leak' ? result.leak.message : result.kind}`);
        if (result.kind === 'gradient') assert.ok(Object.is(result.value, plain), `${source}: value ${result.value} vs plain ${plain}`);
        const f = evaluated.exports.f as (x: number[]) => number;
        const numeric = centralDifferences(f, x);
        const scale = Math.max(1, ...numeric.map(Math.abs), ...gradient.map(Math.abs));
        for (let i = 0; i < 3; i++) {
          assert.ok(Math.abs(gradient[i]! - numeric[i]!) <= 1e-6 * scale, `${source}\nat ${x}: ∂f/∂x${i} exact ${gradient[i]} vs central differences ${numeric[i]}`);
        }
      }),
      { numRuns: 100, seed: 20241206 },
    );
  });
});
