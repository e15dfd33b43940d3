/**
 * gradientCheckCode: inserted after an example objective, the generated check compiles
 * (strict), is not taken for an objective by LR Lab's discovery, and gives the numbers of the
 * engine's checkGradient: ok on the examples' exact gradients, the wrong index on a wrong one.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { linearRegression } from '../../../../examples/linearRegression';
import { quadratic } from '../../../../examples/quadratic';
import { rosenbrock } from '../../../../examples/rosenbrock';
import { gradientCheckCode } from '../../../../src/core/codegen';
import { checkGradient, type GradientCheckResult } from '../../../../src/core/gradients';
import { discoverObjectives } from '../../../../src/core/loader/discover';
import type { Objective } from '../../../../src/core/objective';
import { compileDiagnostics, evaluateModule, importsOf, parseSnippet, STRICT_OPTIONS } from './harness';

const root = join(__dirname, '..', '..', '..', '..');
const exampleText = (name: string): string => readFileSync(join(root, 'examples', `${name}.ts`), 'utf8');

interface UserObjective {
  readonly x0?: readonly number[];
  readonly data?: readonly unknown[];
  f(x: number[], batch?: readonly unknown[]): number;
  grad?(x: number[], batch?: readonly unknown[]): ArrayLike<number>;
}

/** The engine's view of an object-form objective (as the loader adapts it: number[] copies in). */
function asObjective(name: string, user: UserObjective): Objective {
  const call = <T>(fn: (x: number[], batch?: readonly unknown[]) => T, x: Float64Array, batch?: readonly unknown[]): T =>
    batch === undefined ? fn.call(user, Array.from(x)) : fn.call(user, Array.from(x), batch);
  return {
    name,
    dim: user.x0!.length,
    x0: Float64Array.from(user.x0!),
    f: (x, batch) => call(user.f, x, batch),
    grad: (x, out, batch) => out.set(Array.from(call(user.grad!, x, batch))),
    ...(user.data ? { data: user.data } : {}),
  };
}

interface CheckResult {
  readonly worstIndex: number;
  readonly analytic: number;
  readonly numeric: number;
  readonly relError: number;
  readonly ok: boolean;
}

function assertSameAsEngine(ours: CheckResult, engine: GradientCheckResult, what: string): void {
  assert.equal(ours.ok, engine.ok, `${what}: ok`);
  assert.equal(ours.worstIndex, engine.worst.index, `${what}: worst index`);
  assert.ok(Object.is(ours.analytic, engine.worst.analytic), `${what}: analytic ${ours.analytic} vs ${engine.worst.analytic}`);
  assert.ok(Object.is(ours.numeric, engine.worst.numeric), `${what}: numeric ${ours.numeric} vs ${engine.worst.numeric}`);
  assert.ok(Object.is(ours.relError, engine.worst.relError), `${what}: relError ${ours.relError} vs ${engine.worst.relError}`);
}

interface Example {
  readonly name: string;
  readonly file: string;
  readonly stochastic: boolean;
  readonly imported: UserObjective;
}

const EXAMPLES: readonly Example[] = [
  { name: 'rosenbrock', file: 'rosenbrock', stochastic: false, imported: rosenbrock as unknown as UserObjective },
  { name: 'quadratic', file: 'quadratic', stochastic: false, imported: quadratic as unknown as UserObjective },
  { name: 'linearRegression', file: 'linearRegression', stochastic: true, imported: linearRegression as unknown as UserObjective },
];

/** The example file with the generated check appended, as the code action inserts it. */
function withCheck(text: string, name: string, stochastic: boolean): { text: string; functionName: string } {
  const code = gradientCheckCode({ name, form: 'object', hasGrad: true, stochastic });
  assert.ok(code, `${name}: code`);
  return { text: `${text}\n${code.text}`, functionName: code.functionName };
}

describe('gradientCheckCode', function () {
  this.timeout(60_000);

  it('compiles after each example (and its snippet with defaults) in one strict program with no diagnostics', function () {
    const files = new Map<string, string>();
    for (const e of EXAMPLES) {
      const code = gradientCheckCode({ name: e.name, form: 'object', hasGrad: true, stochastic: e.stochastic })!;
      files.set(`${e.file}.ts`, `${exampleText(e.file)}\n${code.text}`);
      files.set(`${e.file}.snippet.ts`, `${exampleText(e.file)}\n${parseSnippet(code.snippet).text}`);
      assert.equal(parseSnippet(code.snippet).text, code.text);
      assert.deepEqual(importsOf(code.text), []);
    }
    assert.deepEqual(compileDiagnostics(files), []);
  });

  for (const e of EXAMPLES) {
    it(`${e.name}: ok, with the same worst component and numbers as checkGradient`, function () {
      const { text, functionName } = withCheck(exampleText(e.file), e.name, e.stochastic);
      const check = evaluateModule(text)[functionName] as (x?: readonly number[], tolerance?: number) => CheckResult;
      const engine = checkGradient(asObjective(e.name, e.imported));
      const ours = check();
      assert.equal(ours.ok, true);
      assertSameAsEngine(ours, engine, `${e.name} at x0`);
      const elsewhere = e.imported.x0!.map((v, i) => v * 0.7 + 0.3 * (i + 1));
      assertSameAsEngine(check(elsewhere, 1e-9), checkGradient(asObjective(e.name, e.imported), { x: Float64Array.from(elsewhere), tolerance: 1e-9 }), `${e.name} elsewhere`);
    });
  }

  for (const [label, from, to, index] of [
    ['∂f/∂y off by 0.5%', '200 * (y - x * x)]', '201 * (y - x * x)]', 1],
    ['∂f/∂x off by a sign', '[-2 * (1 - x) - 400', '[2 * (1 - x) - 400', 0],
  ] as const) {
    it(`rosenbrock with a wrong grad (${label}): not ok, worst index ${index}, the numbers of checkGradient`, function () {
      const original = exampleText('rosenbrock');
      assert.ok(original.includes(from), 'the example still has the line this test edits');
      const { text, functionName } = withCheck(original.replace(from, to), 'rosenbrock', false);
      const module = evaluateModule(text);
      const ours = (module[functionName] as () => CheckResult)();
      const engine = checkGradient(asObjective('rosenbrock', module.rosenbrock as UserObjective));
      assert.equal(ours.ok, false);
      assert.equal(ours.worstIndex, index);
      assertSameAsEngine(ours, engine, label);
    });
  }

  it('is not discovered as an objective (explicit object return type), while the objective still is', function () {
    for (const e of EXAMPLES) {
      const { text } = withCheck(exampleText(e.file), e.name, e.stochastic);
      const names = discoverObjectives(text, `${e.file}.ts`).map((o) => o.name);
      assert.deepEqual(
        names.filter((n) => n.startsWith('check')),
        [],
      );
      assert.ok(names.includes(e.name));
    }
    // Without x0 the point is a required number-array parameter: still not an objective.
    const code = gradientCheckCode({ name: 'bowl', form: 'object', hasGrad: true, stochastic: false, hasX0: false })!;
    assert.match(code.text, /\n {2}x: ArrayLike<number>,\n/);
    const user = 'export const bowl = { f: (x: readonly number[]): number => x[0]! * x[0]!, grad: (x: readonly number[]): number[] => [2 * x[0]!] };\n';
    assert.deepEqual(discoverObjectives(`${user}\n${code.text}`, 'bowl.ts').map((o) => o.name), ['bowl']);
    assert.deepEqual(compileDiagnostics(new Map([['bowl.ts', `${user}\n${code.text}`]])), []);
    const strictest = { ...STRICT_OPTIONS, noUncheckedIndexedAccess: true, noUnusedLocals: true, noUnusedParameters: true, noImplicitReturns: true, exactOptionalPropertyTypes: true };
    assert.deepEqual(compileDiagnostics(new Map([['bowl.ts', `${user}\n${code.text}`]]), strictest), []);
    const check = evaluateModule(`${user}\n${code.text}`)[code.functionName] as (x: number[]) => CheckResult;
    assert.equal(check([3]).ok, true);
  });

  it('is null when there is nothing to check: no grad, a plain function, a default export', function () {
    assert.equal(gradientCheckCode({ name: 'beale', form: 'object', hasGrad: false, stochastic: false }), null);
    assert.equal(gradientCheckCode({ name: 'sphere', form: 'function', hasGrad: false, stochastic: false }), null);
    assert.equal(gradientCheckCode({ name: 'default', form: 'object', hasGrad: true, stochastic: false }), null);
  });

  it('renames on a collision', function () {
    const code = gradientCheckCode({ name: 'rosenbrock', form: 'object', hasGrad: true, stochastic: false }, { reservedNames: new Set(['checkRosenbrockGradient']) })!;
    assert.equal(code.functionName, 'checkRosenbrockGradient2');
    assert.deepEqual(code.declaredNames, ['checkRosenbrockGradient2']);
    const text = `${exampleText('rosenbrock')}\nexport function checkRosenbrockGradient(): string { return 'mine'; }\n${code.text}`;
    assert.deepEqual(compileDiagnostics(new Map([['r.ts', text]])), []);
  });
});
