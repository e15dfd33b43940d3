/**
 * Property tests (fast-check): random expression trees over three parameters, written into
 * random function bodies (temporaries, compound assignment, helpers, loops, arrays, Math), are
 * transformed and differentiated; the exact gradient must match central differences of the
 * plain code to 1e-6, and the recorded value must be the plain value to the last bit.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { adjointOf } from '../../../../src/core/autodiff/runtime';
import { centralDifferences, evaluateSource, gradientOf } from './helpers';

/** Parameters, constants, + − × and a bounded division: the start of both expression grammars. */
function leavesAndOperations(tie: (key: 'e') => fc.Arbitrary<unknown>): fc.Arbitrary<string>[] {
  const e = (): fc.Arbitrary<string> => tie('e') as fc.Arbitrary<string>;
  return [
    fc.integer({ min: 0, max: 2 }).map((i) => `x[${i}]`),
    fc.double({ min: -3, max: 3, noNaN: true }).map((c) => `(${c.toPrecision(4)})`),
    fc.tuple(e(), e(), fc.constantFrom('+', '-', '*')).map(([a, b, op]) => `(${a} ${op} ${b})`),
    fc.tuple(e(), e()).map(([a, b]) => `(${a} / (1.5 + Math.tanh(${b})))`),
  ];
}

/** A smooth expression's source (bounded operands where a function needs them). */
const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    ...leavesAndOperations(tie),
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

/** More operations for the generated adjoints: kinks, powers, divisions, conditions on the parameters (the leaves and binary operations as above). */
const subsetExpression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    ...leavesAndOperations(tie),
    fc.tuple(tie('e'), fc.constantFrom('Math.sin', 'Math.cos', 'Math.tanh', 'Math.atan', 'Math.abs', 'Math.fround', '-', '+')).map(([a, f]) => `(${f}(${a}))`),
    tie('e').map((a) => `Math.exp(Math.tanh(${a}))`),
    tie('e').map((a) => `Math.log1p(${a} * ${a})`),
    tie('e').map((a) => `Math.sqrt(1 + (${a}) ** 2)`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `Math.hypot(${a}, ${b})`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `Math.atan2(${a}, 2 + Math.cos(${b}))`),
    fc.tuple(tie('e'), tie('e'), fc.constantFrom('max', 'min')).map(([a, b, m]) => `Math.${m}(${a}, ${b})`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `Math.pow(1.5 + Math.sin(${a}), ${b})`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, a, b]) => `(${c} > 0.2 ? ${a} : ${b})`),
    fc.tuple(tie('e'), fc.constantFrom('floor', 'round', 'sign')).map(([a, m]) => `(Math.${m}(${a}) * x[1])`),
    fc.tuple(tie('e'), fc.constantFrom(2, 3)).map(([a, n]) => `(Math.tanh(${a}) ** ${n})`),
  ),
})).e;

/** Module-level code and a body of f, both inside the subset, using two expressions. */
const subsetBodies: ReadonlyArray<(a: string, b: string) => { module: string; body: string }> = [
  (a) => ({ module: '', body: `return ${a};` }),
  (a, b) => ({ module: '', body: `const t = ${a};\n  let s = t * t;\n  s += ${b};\n  s -= 0.5 * t;\n  s *= 1.5;\n  s /= 2 + x[0] * x[0];\n  return s;` }),
  (a, b) => ({ module: '', body: `let s = 0;\n  for (let i = 0; i < 3; i++) s += (${a}) * (i + 1) + x[i] * x[i];\n  return s * ${b};` }),
  (a, b) => ({ module: 'const scratch = new Float64Array(3);', body: `scratch[0] = ${a};\n  scratch[1] = ${b};\n  scratch[2] = 0;\n  for (let i = 0; i < 2; i++) scratch[2] += scratch[i] * scratch[i];\n  scratch[1] *= scratch[0];\n  return scratch[0] * scratch[1] + scratch[2];` }),
  (a, b) => ({ module: '', body: `let s = ${a};\n  if (s > ${b}) {\n    s = s * ${b};\n  } else {\n    s = Math.exp(-s * s);\n  }\n  return s + (s > 0.5 ? Math.max(s, x[2]) : Math.min(s, x[1]));` }),
  (a, b) => ({ module: `function helper(x: number[], k: number): number {\n  return Math.sin(x[k]) * (${a}) + k;\n}`, body: `let s = 0;\n  for (let k = 0; k < 3; k++) s += helper(x, k) * x[k];\n  return s + ${b};` }),
  (a, b) => ({ module: '', body: `let best = 0;\n  for (let i = 1; i < 3; i++) if (x[i] > x[best]) best = i;\n  let acc = x[best] * (${a});\n  acc += ${b};\n  return acc;` }),
  (a, b) => ({ module: 'const rows = [[1, 2], [0.5, -1], [-2, 0.25]];', body: `let s = 0;\n  for (const [u, w] of rows) s += (${a}) * u + Math.tanh(x[0] * w + ${b});\n  return s / rows.length;` }),
  (a, b) => ({ module: '', body: `let s = 1;\n  for (let i = 1; i <= 2; i++) s = s * x[i] + (${a});\n  let t = ${b};\n  t += 1;\n  const u = t > 1 ? t * s : -t;\n  return u * u;` }),
  (a, b) => ({ module: 'function sq(t: number): number {\n  return t * t + Math.sin(t);\n}', body: `return sq(${a}) * sq(x[0]) + sq(sq(${b}) - 1) + sq(2);` }),
  (a, b) => ({ module: 'function mix(x: readonly number[], u: number, w: number, k: number): number {\n  let s = u * x[k];\n  if (w > u) s += Math.exp(-w * w);\n  return s * k + w;\n}', body: `let s = 0;\n  for (let k = 0; k < 3; k++) s += mix(x, ${a}, x[k] * (${b}), k);\n  return s + mix(x, 0.5, 1.5, 1);` }),
  (a, b) => ({ module: '', body: `const h = new Float64Array(3);\n  for (let i = 0; i < 3; i++) h[i] = (${a}) * x[i];\n  let s = 0;\n  for (let i = 0; i < 3; i++) s += h[i] * h[(i + 1) % 3];\n  h[1] *= ${b};\n  return s + h[1];` }),
  (a, b) => ({ module: '', body: `const v: number[] = [];\n  v.push(${a});\n  v.push(${b} * x[0]);\n  for (let i = 0; i < 2; i++) v.push(v[i] * v[i + 1]);\n  let s = 0;\n  for (let i = 0; i < 4; i++) s += v[i];\n  return s * v.length;` }),
  (a, b) => ({ module: '', body: `let s = 0;\n  for (let r = 0; r < 2; r++) {\n    const h: number[] = [];\n    h.push(x[r] * (${a}));\n    h.push(Math.tanh(h[0] + ${b}));\n    s += h[0] * h[1];\n  }\n  return s;` }),
  (a, b) => ({ module: '', body: `let s = ${a};\n  let i = 0;\n  while (i < 3) {\n    s = s * x[i % 3] * 0.5 + ${b};\n    i++;\n  }\n  return s;` }),
  (a, b) => ({ module: '', body: `let s = 0;\n  let t = ${a};\n  do {\n    s += Math.sin(t) * x[0];\n    t = t * 0.5;\n  } while (Math.abs(t) > 0.1 && s < 10);\n  return s + ${b};` }),
  (a, b) => ({ module: '', body: `let s = 0;\n  for (let i = 2; i >= 0; i--) s = s * (${a}) + x[i];\n  for (let i = 0; i < 3; i += 2) s += x[i] * (${b});\n  let n = 2;\n  n += 1;\n  for (let i = 0; i < n; i++) s += x[i] * x[(i + 1) % 3];\n  return s;` }),
  (a, b) => ({ module: 'function energy(v: readonly number[], w: number): number {\n  let e = 0;\n  for (const t of v) e += t * t * w;\n  return e;\n}', body: `let s = 0;\n  for (const v of x) s += v * (${a});\n  return s * (${b}) + energy(x, 0.5) + energy(x, x[2]);` }),
  (a, b) => ({ module: 'function clipped(x: readonly number[], t: number): number {\n  if (t > 1) return 1 + x[0] * 0.5;\n  if (t < -1) {\n    return -1;\n  }\n  return t * x[1];\n}', body: `if (x[0] > 1.2) return (${a}) * 2;\n  let s = ${b};\n  if (s < x[2]) return s * s;\n  s += x[1] + clipped(x, s);\n  return s * (${a});` }),
  (a, b) => ({ module: 'const cells = new Float64Array(4);\nconst where = [3, 1, 0, 2];', body: `for (let i = 0; i < 4; i++) cells[where[i]] = x[i % 3] * (i + 1);\n  let k = 0;\n  if (${a} > 0) k = 2;\n  cells[k] += ${b};\n  return cells[0] * cells[1] - cells[2] * cells[3] + cells[k];` }),
];

describe('generated adjoints: properties (fast-check)', function () {
  this.timeout(120_000);

  it('random expressions in random bodies of the subset: f has a generated adjoint, with f\'s value and the tape\'s gradient (1e-12)', async () => {
    await fc.assert(
      fc.asyncProperty(subsetExpression, subsetExpression, fc.integer({ min: 0, max: subsetBodies.length - 1 }), point, async (a, b, which, at) => {
        const { module, body } = subsetBodies[which]!(a, b);
        const source = `${module}\nexport function f(x: number[]): number {\n  ${body}\n}\n`;
        const evaluated = await evaluateSource(source);
        const x = [...at];
        const adjoint = adjointOf(evaluated.exports.f);
        assert.ok(adjoint !== undefined, `${source}: no generated adjoint`);
        const { result, gradient, plain } = gradientOf(evaluated, 'f', x);
        assert.equal(result.kind, 'gradient', `${source}: ${result.kind}`);
        const out = new Float64Array(3);
        const value = adjoint(Float64Array.from(x), out);
        assert.ok(Object.is(value, plain), `${source}: adjoint's value ${String(value)} vs plain ${plain}`);
        const scale = Math.max(1e-300, ...gradient.map(Math.abs));
        for (let i = 0; i < 3; i++) {
          const same = Object.is(out[i], gradient[i]) || Math.abs(out[i]! - gradient[i]!) <= 1e-12 * scale;
          assert.ok(same, `${source}\nat ${x}: ∂f/∂x${i} adjoint ${out[i]} vs tape ${gradient[i]}`);
        }
      }),
      { numRuns: 500, seed: 20261207 },
    );
  });
});
