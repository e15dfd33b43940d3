import assert from 'node:assert/strict';
import { optOutLine, transformSource } from '../../../../src/core/autodiff/transform';
import { evaluateFiles, evaluateSource, gradientOf, maxRelativeError, maxScaledError, numericOf } from './helpers';

/** Exact gradient of export `name` in `source` at x, checked against `expected` (or central differences). */
/** The recording body of the first transformed function in `code`. */
function recording(code: string): string {
  const out = transformSource(code, 'a.ts');
  assert.equal(out.kind, 'transformed');
  const text = (out as { code: string }).code;
  return text.slice(text.indexOf('if (__lrad.s.on)'), text.indexOf('else {'));
}

async function check(source: string, x: number[], expected?: (x: number[]) => number[], name = 'f', tolerance?: number): Promise<number[]> {
  const evaluated = await evaluateSource(source);
  const { result, gradient, plain } = gradientOf(evaluated, name, x);
  assert.equal(result.kind, 'gradient', result.kind === 'leak' ? result.leak.message : result.kind);
  if (result.kind === 'gradient') assert.equal(result.value, plain, 'the recorded value is the plain value');
  if (expected) {
    const want = expected(x);
    const error = maxRelativeError(gradient, want, 1e-300);
    assert.ok(error <= (tolerance ?? 1e-12), `gradient ${gradient} vs analytic ${want}: relative error ${error}`);
  } else {
    const numeric = numericOf(evaluated, name, x);
    const error = maxScaledError(gradient, numeric);
    assert.ok(error <= (tolerance ?? 1e-6), `gradient ${gradient} vs central differences ${numeric}: error ${error}`);
  }
  return gradient;
}

const w4 = [0.5, -1, 2, 1.5];

describe('autodiff transform', function () {
  this.timeout(20_000);

  it('arithmetic, compound assignment, ++/--, unary minus and numeric constants', async () => {
    await check(
      `export function f(x: number[]): number {
        let s = 0;
        s += x[0] * x[1];
        s -= 2 * x[1];
        s *= x[0];
        s /= 3;
        let t = x[1];
        t++;
        ++t;
        t--;
        s **= 2;
        return s + -t % 5 + x[0] ** 3;
      }`,
      [1.3, 0.7],
    );
  });

  it('Math functions, including max/min over spreads and hypot', async () => {
    await check(
      `export function f(x: number[]): number {
        const [a, b] = x;
        return Math.exp(a) + Math.log1p(b * b) + Math.sqrt(a * a + 1) + Math.tanh(a - b) + Math.atan2(a, b)
          + Math.max(...x, 0.1) + Math.min(a, b) + Math.hypot(a, b, 1) + Math.cbrt(b) + Math.sin(a) * Math.cos(b)
          + Math.pow(a, 3) + Math.abs(a - 2) + Math.floor(a) + Math.asin(b / 2) + Math.log10(a) + Math.expm1(b);
      }`,
      [1.3, 0.7],
    );
  });

  it('control flow: for, for…of, while, do, if/else, ternary, && and || on values, early return, break, continue, switch, labels', async () => {
    await check(
      `export function f(x: number[]): number {
        let s = 0;
        for (let i = 0; i < x.length; i++) {
          if (i === 1) continue;
          s += x[i] > 0 ? x[i] * x[i] : -x[i];
        }
        for (const v of x) { if (v > 100) break; s += v; }
        let k = 0;
        while (k < 3) { s = s * 1.1 + x[0]; k++; }
        do { s -= x[1] * 0.01; } while (s > 1000);
        const a = x[0] && x[1];
        const b = (x[0] - x[0]) || x[1] * 2;
        switch (x.length) { case 2: s += 1; break; default: s += 100; }
        outer: for (const u of x) { for (const w of x) { if (w === u) continue outer; s += u * w; } }
        if (s > 1e9) return 0;
        return s + a + b;
      }`,
      [1.3, 0.7],
    );
  });

  it('helper functions, arrow functions, closures, recursion, default and rest parameters', async () => {
    await check(
      `const square = (v: number) => v * v;
      function power(v: number, n: number): number { return n === 0 ? 1 : v * power(v, n - 1); }
      function scaled(k: number) { return (v: number) => k * v; }
      function sum(...vs: number[]): number { let s = 0; for (const v of vs) s += v; return s; }
      function withDefault(v: number, w = v * 2) { return v + w; }
      export function f(x: number[]): number {
        const triple = scaled(3);
        let acc = 0;
        const add = (v: number) => { acc += v; };
        add(square(x[0]));
        add(power(x[1], 3));
        return acc + triple(x[0]) + sum(...x, x[0]) + withDefault(x[1]);
      }`,
      [1.3, 0.7],
      ([a, b]) => [2 * a! + 3 + 2, 3 * b! ** 2 + 1 + 3],
    );
  });

  it('array methods with callbacks, local arrays built with push, destructuring and spread', async () => {
    await check(
      `export function f(x: number[]): number {
        const squares = x.map((v) => v * v);
        const total = squares.reduce((s, v) => s + v, 0);
        let product = 1;
        x.forEach((v) => { product *= v; });
        const big = x.filter((v) => v > 1);
        const any = x.some((v) => v > 1) ? 1 : 0;
        const all = x.every((v) => v > 0) ? 2 : 0;
        const built: number[] = [];
        for (let i = 0; i < x.length; i++) built.push(x[i] * (i + 1));
        const [first, ...others] = [...built, ...x];
        const { a, b } = { a: first, b: others[0] };
        return total + product + big.length * big[0] + any + all + a * b + others.reduce((s, v) => s + v);
      }`,
      [1.3, 0.7],
    );
  });

  it('classes with methods, getters, fields and inheritance; objects and data arrays', async () => {
    await check(
      `class Layer {
        scale = 2;
        constructor(readonly w: number, readonly b: number) {}
        apply(v: number) { return Math.tanh(this.w * v + this.b) * this.scale; }
        get norm() { return this.w * this.w + this.b * this.b; }
      }
      class Wide extends Layer { override apply(v: number) { return super.apply(v) + v; } }
      const data = [{ a: 1, y: 2 }, { a: -1, y: 0.5 }];
      export function f(x: number[]): number {
        const layer = new Wide(x[0], x[1]);
        let s = layer.norm;
        for (const { a, y } of data) s += (layer.apply(a) - y) ** 2;
        return s;
      }`,
      [1.3, 0.7],
    );
  });

  it('typed arrays: module scratch space, Float64Array.from, views and methods', async () => {
    await check(
      `const scratch = new Float64Array(3);
      export function f(x: number[]): number {
        for (let i = 0; i < x.length; i++) scratch[i] = x[i] * x[i];
        scratch[2] = scratch[0] + scratch[1];
        const copy = Float64Array.from(x);
        const doubled = copy.map((v) => 2 * v);
        let s = 0;
        for (const v of doubled) s += v;
        const view = scratch.subarray(1);
        return s + view[0] + view[1] + doubled.reduce((a, v) => a + v * v, 0);
      }`,
      [1.3, 0.7],
    );
  });

  it('the mini-batch form: f(x, batch) over data items, with metrics untouched', async () => {
    const evaluated = await evaluateSource(`
      export const objective = {
        x0: [0.5, -0.2],
        data: [{ a: 1, y: 1 }, { a: 2, y: 3 }, { a: -1, y: 0 }],
        f(x: readonly number[], batch: readonly { a: number; y: number }[]): number {
          let s = 0;
          for (const p of batch) s += (x[0] * p.a + x[1] - p.y) ** 2;
          return s / batch.length;
        },
      };`);
    const obj = evaluated.exports.objective as { data: { a: number; y: number }[] };
    const { result, gradient } = gradientOf(evaluated, 'objective', [0.5, -0.2], obj.data);
    assert.equal(result.kind, 'gradient');
    const expected = [0, 0];
    for (const p of obj.data) {
      const r = 0.5 * p.a - 0.2 - p.y;
      expected[0] += (2 * r * p.a) / 3;
      expected[1] += (2 * r) / 3;
    }
    assert.ok(maxRelativeError(gradient, expected) < 1e-12);
  });

  it('helpers imported from other files of the workspace are transformed too', async () => {
    const evaluated = await evaluateFiles({
      'main.ts': `import { energy } from './lib/physics';\nexport function f(x: number[]): number { return energy(x[0], x[1]); }`,
      'lib/physics.ts': `export function energy(m: number, v: number): number { return 0.5 * m * v * v; }`,
    });
    assert.equal(evaluated.report.transformed.length, 2);
    const { gradient } = gradientOf(evaluated, 'f', [2, 3]);
    assert.deepEqual(gradient, [4.5, 6]);
  });

  it('the plain path (no recording) runs the original code: same values, no runtime calls in the hot path', async () => {
    const evaluated = await evaluateSource(`export function f(x: number[]): number { let s = 0; for (const v of x) s += v * v; return s; }`);
    const f = evaluated.exports.f as (x: number[]) => number;
    assert.equal(f([1, 2, 3]), 14);
    assert.match(f.toString(), /if \(__lrad\.s\.on\) \{[^]*\} else \{/);
    assert.match(f.toString(), /s \+= v \* v/);
  });

  it('sums z += a * b in a loop into one tape node when nothing else in the loop sees z', async () => {
    // Fused: a local sum, += / -= / z = z ± a·b, the session started before the loop (before its label).
    const fused = recording(`export function f(x: number[]) {
      let s = 0;
      outer: for (let i = 0; i < 3; i++) {
        if (i === 1) continue outer;
        s += x[i] * x[i];
        s -= 2 * x[i];
        s = s + x[i] * 3;
      }
      return s;
    }`);
    assert.match(fused, /(__lrad_t\d+) = __lrad\.session\(\);\s*outer: for/);
    assert.equal(fused.match(/__lrad\.acc\(s, /g)?.length, 2);
    assert.equal(fused.match(/__lrad\.accSub\(s, /g)?.length, 1);
    // Not fused: the sum is read elsewhere in the loop, seen by a closure, or in the loop's header.
    for (const code of [
      `export function f(x: number[]) { let s = 0; for (let i = 0; i < 3; i++) { s += x[i] * x[i]; if (s > 1) break; } return s; }`,
      `export function f(x: number[]) { let s = 0; const g = () => s; for (let i = 0; i < 3; i++) s += x[i] * x[i]; return s + g(); }`,
      `export function f(x: number[]) { let s = 0; for (let i = 0; s < 3 && i < 2; i++) s += x[i] * x[i]; return s; }`,
      `export function f(x: number[]) { let s = 0; for (let i = 0; i < 3; i++) s += x[i] * s; return s; }`,
      `export function f(x: number[]) { const o = { s: 0 }; for (let i = 0; i < 3; i++) o.s += x[i] * x[i]; return o.s; }`,
      `export function f(x: number[], s = 0) { for (let i = 0; i < 3; i++) s += x[i] * x[i]; return s; }`,
    ]) {
      assert.doesNotMatch(recording(code), /__lrad\.acc/, code);
    }
    // Gradients: nested loops, the start value used after the loop, a sum restarted per outer step.
    await check(
      `export function f(x: number[]): number {
        const start = x[0] * 2;
        let z = start;
        let total = 0;
        for (let i = 0; i < 3; i++) {
          let row = x[i];
          for (let j = 0; j < 3; j++) row += x[j] * x[(i + j) % 3];
          for (let j = 0; j < 3; j++) z -= x[j] * (i + 1);
          total += row * row;
        }
        return total + start * z;
      }`,
      [0.5, -1.25, 2],
    );
    await check(
      `const w = new Float64Array([0.5, -2, 1.5]);
      export function f(x: number[]): number {
        let s = 0;
        let k = 0;
        while (k < 3) { s += w[k] * x[k] * x[k]; s = s - x[k] * 0.25; k++; }
        do { s += x[k - 1] * x[0]; k--; } while (k > 0);
        return s;
      }`,
      [0.75, 1.5, -0.5],
      (x) => [2 * 0.5 * x[0]! - 0.25 + x[2]! + x[1]! + 2 * x[0]!, 2 * -2 * x[1]! - 0.25 + x[0]!, 2 * 1.5 * x[2]! - 0.25 + x[0]!],
    );
  });

  it('applies tanh/exp/log/sqrt to a finished sum in place when it is the sum\'s last use, and only then', async () => {
    const layer = (after: string): string =>
      recording(`const w = [0.5, -1, 2, 1.5];
        const h = new Float64Array(2);
        export function f(x: number[]): number {
          let s = 0;
          for (let r = 0; r < 2; r++) { let z = x[r]; for (let j = 0; j < 2; j++) z += w[2 * r + j] * x[j]; ${after} }
          return s;
        }`);
    for (const fn of ['tanh', 'exp', 'log', 'sqrt']) assert.match(layer(`h[r] = Math.${fn}(z); s += h[r];`), new RegExp(`__lrad\\.${fn}InPlace\\(z, __lrad_t\\d+\\)`), fn);
    // z read again, read before, in a loop, under another function, or not a let of the loop's block: the plain function.
    for (const after of ['h[r] = Math.tanh(z); s += z;', 's += z; h[r] = Math.tanh(z);', 'for (let k = 0; k < 1; k++) s += Math.tanh(z);', 's += [1].map(() => Math.tanh(z))[0];', 's += Math.tanh(z) + Math.exp(z);', 's += Math.sin(z);']) {
      assert.doesNotMatch(layer(after), /InPlace/, after);
    }
    assert.doesNotMatch(recording(`export function f(x: number[]) { let z = 0; { for (let j = 0; j < 2; j++) z += x[j] * x[j]; } return Math.tanh(z); }`), /InPlace/);
    // Gradients: in place (tanh, exp of a dot loop, log of an accumulation loop that is not a dot), a node
    // made between the loop and the activation (then the runtime records the activation as its own node),
    // and a loop that does not run (z is a parameter: never rewritten).
    await check(
      `const w = [0.5, -1, 2, 1.5];
      export function f(x: number[], n = 2, none = 0): number {
        let s = 0;
        for (let r = 0; r < 2; r++) {
          let z = x[r];
          for (let j = 0; j < n; j++) z += w[2 * r + j] * x[j];
          const a = Math.tanh(z);
          let y = 1;
          for (let j = 0; j < n; j++) y += x[j] * x[j];
          const b = Math.log(y);
          let q = 0;
          for (const v of x) q += v * w[r];
          const c = x[0] * 2;
          const e = Math.exp(q);
          let p = x[1];
          for (let j = 0; j < none; j++) p += x[j] * w[j];
          s += a * b + c * e + Math.sqrt(p);
        }
        return s;
      }`,
      [0.3, 0.8],
      (x) => {
        const g = [0, 0];
        for (let r = 0; r < 2; r++) {
          const z = x[r]! + w4[2 * r]! * x[0]! + w4[2 * r + 1]! * x[1]!;
          const a = Math.tanh(z);
          const y = 1 + x[0]! ** 2 + x[1]! ** 2;
          const b = Math.log(y);
          const q = (x[0]! + x[1]!) * w4[r]!;
          const e = Math.exp(q);
          const da = (1 - a * a);
          for (let i = 0; i < 2; i++) {
            const dz = (i === r ? 1 : 0) + w4[2 * r + i]!;
            g[i]! += da * dz * b + a * (2 * x[i]! / y) + (i === 0 ? 2 * e : 0) + 2 * x[0]! * e * w4[r]! + (i === 1 ? 0.5 / Math.sqrt(x[1]!) : 0);
          }
        }
        return g;
      },
    );
  });

  it('sums terms in a loop into the running sum\'s node (accTerm, accTemp) and rewrites temporaries in place', async () => {
    const source = `export function f(x: number[]): number {
        let s = 0;
        for (let i = 0; i < x.length; i++) s += Math.exp(x[i] - 1);
        let t = 0;
        for (const v of x) t = t + v;
        let u = 1;
        for (const v of x) u -= Math.exp(v);
        let w = x[0];
        for (const v of x) w += v * 2 + w0(v);
        return Math.log(s) * t + u + Math.tanh(x[0] * x[1]) + Math.sqrt(x[0]) + w;
      }
      function w0(v: number): number { return v * v; }`;
    const body = recording(source);
    assert.match(body, /s = __lrad\.accTemp\(s, __lrad\.expDiff\(__lrad\.get\(x, i\), 1\), __lrad_t\d+\)/);
    assert.match(body, /t = __lrad\.accTerm\(t, v, __lrad_t\d+\)/);
    // A difference of a term that is not a product stays a plain subtraction.
    assert.match(body, /u = __lrad\.sub\(u, __lrad\.exp\(v\)\)/);
    assert.match(body, /__lrad\.logInPlace\(s, __lrad_t\d+\)/);
    assert.match(body, /__lrad\.tanhInPlace\(__lrad\.mul\(__lrad\.get\(x, 0\), __lrad\.get\(x, 1\)\), 0\)/);
    // x[0] is not a temporary: its node is a parameter.
    assert.match(body, /__lrad\.sqrt\(__lrad\.get\(x, 0\)\)/);
    await check(
      source,
      [0.3, 0.8, 1.7],
      (x) => {
        const s = x.reduce((a, v) => a + Math.exp(v - 1), 0);
        const t = x[0]! + x[1]! + x[2]!;
        const th = Math.tanh(x[0]! * x[1]!);
        return x.map((v, i) => (Math.exp(v - 1) / s) * t + Math.log(s) - Math.exp(v) + (1 - th * th) * (i === 0 ? x[1]! : i === 1 ? x[0]! : 0) + (i === 0 ? 0.5 / Math.sqrt(x[0]!) + 1 : 0) + 2 + 2 * v);
      },
    );
  });

  it('runs a dot-product loop (z ±= A[i] * B[j], integer indices affine in j) as one runtime call, guarded', async () => {
    const layer = recording(`const w = [1, 2, 3, 4, 5, 6];
      export function f(x: number[], n = 3) {
        let s = 0;
        for (let r = 0; r < 2; r++) { let z = x[r]; for (let j = 0; j < n; j++) z += w[r * n + j] * x[j]; s += z * z; }
        return s;
      }`);
    // r is a loop counter below a literal: proved an integer, not checked; n is a parameter.
    assert.match(layer, /if \(__lrad\.int\(n\)\)\s*z = __lrad\.dot\(z, w, /);
    // The loop stays as the guard's else branch.
    assert.match(layer, /else\s*for \(let j = 0; __lrad\.lt\(j, n\); j\+\+\)\s*z = __lrad\.acc\(z, /);
    // Proved: constants of integer arithmetic, counters below them. Checked: a constant too large or
    // not an integer, a counter assigned in the body, below a parameter, or seen by a closure.
    const guards = (prelude: string, loop: string): string => {
      const body = recording(`const w = [1, 2, 3, 4, 5, 6]; const two = 2; const six = two * (two + 1); const big = 2 ** 22; const half = 0.5; const huge = 4194304;
        export function f(x: number[], n = 2) { let s = 0; ${prelude} ${loop} return s; }`);
      return body.match(/if \(([^\n]*)\)\s*\w+ = __lrad\.dot/)?.[1] ?? body.match(/(\w+ = __lrad\.dot)/)![1]!;
    };
    assert.equal(guards('', 'for (let r = 0; r < six - two; r++) { let z = 0; for (let j = 0; j < two; j++) z += w[r * two + j] * x[j]; s += z; }'), 'z = __lrad.dot');
    assert.equal(guards('', 'for (let r = -two; r < 1; r++) { let z = 0; for (let j = 0; j < two; j++) z += w[r * half + j] * x[j]; s += z; }'), '__lrad.int(half)');
    assert.equal(guards('', 'for (let r = 0; r < huge; r++) { let z = 0; for (let j = 0; j < two; j++) z += w[r + j] * x[j]; s += z; }'), '__lrad.int(r)');
    assert.equal(guards('', 'for (let r = 0; r < 2; r++) { let z = 0; for (let j = 0; j < two; j++) z += w[r + j] * x[j]; s += z; r++; }'), '__lrad.int(r)');
    assert.equal(guards('', 'for (let r = 0; r < n; r++) { let z = 0; for (let j = 0; j < two; j++) z += w[r + j] * x[j]; s += z; }'), '__lrad.int(r)');
    assert.equal(guards('let g = () => 0;', 'for (let r = 0; r < 2; r++) { g = () => r; let z = 0; for (let j = 0; j < two; j++) z += w[r + j] * x[j]; s += z + g(); }'), '__lrad.int(r)');
    assert.equal(guards('let k = 1;', 'let z = 0; for (let j = 0; j < big; j++) z += w[k + j] * x[j]; s += z;'), '__lrad.int(big) && __lrad.int(k)');
    // Not a dot loop: a call or a property in an index, a non-integer literal, an index quadratic in j, more than one statement.
    for (const body of ['z += w[Math.floor(j)] * x[j];', 'z += w[j] * x[j * 0.5];', 'z += w[j * j] * x[j];', 'z += w[x.length - j] * x[j];', '{ z += w[j] * x[j]; z -= x[j] * 2; }']) {
      assert.doesNotMatch(recording(`const w = [1, 2, 3]; export function f(x: number[]) { let z = 0; for (let j = 0; j < 3; j++) ${body} return z; }`), /__lrad\.dot/, body);
    }
    // Gradients: strides other than 1, a difference, a loop that does not run, a start past 0,
    // a Float64Array holding Duals, and indices whose variables fail the guard (0.5, a Dual).
    const source = `const w = [0.5, -1, 2, 1.5, -0.25, 3];
      const h = new Float64Array(3);
      export function f(x: number[], half = 0.5): number {
        for (let k = 0; k < 3; k++) h[k] = Math.tanh(x[k]);
        let z = x[0];
        for (let j = 0; j < 3; j++) z += w[2 * j + 1] * x[2 - j];
        let y = 1;
        for (let j = 1; j < 3; j++) y -= x[j] * h[j - 1];
        let none = x[1];
        for (let j = 3; j < 2; j++) none += w[j] * x[j];
        let q = 0;
        for (let j = 0; j < 2; j++) q += w[j + half * 2] * x[j];
        return z * y + none + q;
      }`;
    const expected = (x: number[]): number[] => {
      const t = x.map(Math.tanh);
      const z = x[0]! + -1 * x[2]! + 1.5 * x[1]! + 3 * x[0]!;
      const y = 1 - x[1]! * t[0]! - x[2]! * t[1]!;
      const dz = [1 + 3, 1.5, -1];
      const dy = [-x[1]! * (1 - t[0]! ** 2), -t[0]! - x[2]! * (1 - t[1]! ** 2), -t[1]!];
      const dq = [-1, 2];
      return [0, 1, 2].map((i) => dz[i]! * y + z * dy[i]! + (i === 1 ? 1 : 0) + (dq[i] ?? 0));
    };
    await check(source, [0.3, -0.7, 1.1], expected);
    // A parameter-dependent variable in an index fails the guard: the loop runs as written and reports the index.
    const indexed = gradientOf(await evaluateSource(source.replace('let q = 0;', 'let q = 0; const m = x[0] - x[0] + 1;').replace('w[j + half * 2]', 'w[j + m]')), 'f', [0.3, -0.7, 1.1]).result;
    assert.equal(indexed.kind, 'leak');
    assert.match(indexed.kind === 'leak' ? indexed.leak.message : '', /array index/);
  });

  it('a file with // @lrlab-gradient numeric is left as it is', async () => {
    assert.equal(optOutLine('const a = 1;\n// @lrlab-gradient numeric\nexport function f() {}'), 2);
    assert.deepEqual(transformSource('// @lrlab-gradient numeric\nexport const a = 1;', 'a.ts'), { kind: 'optOut', line: 1 });
    assert.deepEqual(transformSource('export const a = ;', 'a.ts'), { kind: 'syntaxError' });
  });

  it('keeps the names JavaScript infers for functions, and the arity of objectives', async () => {
    const evaluated = await evaluateSource(`
      export const arrow = (x: number[]) => x[0] * 2;
      export const object = { f: (x: number[]) => x[0], g(x: number[]) { return x[0]; } };
      export function declared(x: number[], scale = 2) { return x[0] * scale; }`);
    const e = evaluated.exports as Record<string, { name: string; length: number; f: { name: string }; g: { name: string } }>;
    assert.equal(e.arrow!.name, 'arrow');
    assert.equal(e.arrow!.length, 1);
    assert.equal(e.object!.f.name, 'f');
    assert.equal(e.object!.g.name, 'g');
    assert.equal(e.declared!.length, 1);
  });
});
