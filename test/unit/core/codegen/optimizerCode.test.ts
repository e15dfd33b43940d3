/**
 * optimizerCode: the generated interfaces, kernels and options compile (strict) and take
 * exactly the engine's steps: 10 steps with a changing lr give bit-identical parameters.
 */
import assert from 'node:assert/strict';
import { isLrLabError } from '../../../../src/core/errors';
import { optimizerCode } from '../../../../src/core/codegen';
import { createOptimizer, optimizerDefinitions, optimizerTypes, resolveOptimizerConfig, type OptimizerType } from '../../../../src/core/optimizers';
import type { OptionSpec } from '../../../../src/core/options';
import { compileDiagnostics, evaluateModule, importsOf, parseSnippet, seededUniform, STRICT_OPTIONS } from './harness';

/** Option sets per optimizer: the defaults and the branches a kernel has. */
const VALUE_SETS: Readonly<Record<OptimizerType, readonly Record<string, unknown>[]>> = {
  sgd: [{}, { lr: 0.05, momentum: 0.9 }, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 }, { lr: 0.02, momentum: 0.5, dampening: 0.3 }],
  adagrad: [{}, { lr: 0.1, lrDecay: 0.01, weightDecay: 0.001, initialAccumulatorValue: 0.1, eps: 1e-8 }],
  rmsprop: [{}, { lr: 0.01, momentum: 0.9, centered: true, weightDecay: 0.001 }, { alpha: 0.9, eps: 1e-6 }],
  adam: [{}, { lr: 0.01, amsgrad: true }, { lr: 0.02, betas: [0.8, 0.99], weightDecay: 0.01, eps: 1e-6 }],
  adamw: [{}, { lr: 0.01, amsgrad: true, weightDecay: 0.1 }, { betas: [0.5, 0.9] }],
  adadelta: [{}, { lr: 0.5, rho: 0.8, weightDecay: 0.01 }, { eps: 1e-3 }],
  adamax: [{}, { lr: 0.01, weightDecay: 0.01 }, { betas: [0.7, 0.95], eps: 1e-4 }],
  nadam: [{}, { lr: 0.01, momentumDecay: 0.01, weightDecay: 0.01 }, { betas: [0.85, 0.98] }],
  radam: [{}, { lr: 0.01, weightDecay: 0.01 }, { lr: 0.01, weightDecay: 0.1, decoupledWeightDecay: true, betas: [0.8, 0.9] }],
  adafactor: [{}, { lr: 0.05, weightDecay: 0.1, eps: [1e-3, 1e-2], d: 2, beta2Decay: -0.5 }],
  rprop: [{}, { lr: 0.05, etas: [0.4, 1.5], stepSizes: [1e-3, 1] }],
  lion: [{}, { lr: 0.01, weightDecay: 0.1, betas: [0.8, 0.95] }],
  prodigy: [{}, { d0: 0.01, weightDecay: 0.1, useBiasCorrection: true, growthRate: 2, sliceP: 2 }, { d0: 0.01, betas: [0, 0.99], beta3: 0.9, decouple: false, weightDecay: 0.01, safeguardWarmup: true }],
  dAdaptAdam: [{}, { d0: 0.01, weightDecay: 0.1, decouple: true, useBiasCorrection: true, growthRate: 2 }, { d0: 0.01, weightDecay: 0.01, eps: 1e-6 }],
  asgd: [{}, { lr: 0.05, lambd: 0.01, alpha: 0.5, t0: 3, weightDecay: 0.01 }],
  lbfgs: [{ lr: 0.1 }, { lineSearchFn: 'strongWolfe', historySize: 3 }, { lr: 0.05, maxIter: 4, maxEval: 3, toleranceGrad: 1e-3, toleranceChange: 1e-6 }],
  sgdScheduleFree: [{ lr: 0.05 }, { lr: 0.05, momentum: 0.5, weightDecay: 0.01, warmupSteps: 3, r: 1, weightLrPower: 1 }],
  adamwScheduleFree: [{}, { lr: 0.05, betas: [0.8, 0.95], eps: 1e-6, weightDecay: 0.01, warmupSteps: 3, r: 1, weightLrPower: 1 }],
};

interface Case {
  readonly label: string;
  readonly type: OptimizerType;
  readonly values: Record<string, unknown>;
}

const cases: Case[] = optimizerTypes.flatMap((type) => VALUE_SETS[type].map((values, i) => ({ label: `${type} #${i} ${JSON.stringify(values)}`, type, values })));

/** Gradient of a tilted bowl with a wiggle, so every step sees a different gradient. */
function gradientAt(params: Float64Array, out: Float64Array): void {
  for (let i = 0; i < params.length; i++) out[i] = 2 * (params[i]! - i) + Math.sin(3 * params[i]!) + 0.1 * i;
}

/** The bowl whose gradient gradientAt is (for optimizers that evaluate it themselves). */
function lossAt(params: Float64Array): number {
  let f = 0;
  for (let i = 0; i < params.length; i++) f += (params[i]! - i) ** 2 - Math.cos(3 * params[i]!) / 3 + 0.1 * i * params[i]!;
  return f;
}

/** The closure LBFGS's step gets: f at params, its gradient into grad. */
function closureFor(params: Float64Array, grad: Float64Array): () => number {
  return () => {
    gradientAt(params, grad);
    return lossAt(params);
  };
}

describe('optimizerCode', function () {
  this.timeout(60_000);
  const codes = cases.map((c) => optimizerCode(c.type, { values: c.values }));

  it('compiles every generated module and snippet (defaults filled in) in one strict program with no diagnostics', function () {
    const files = new Map<string, string>();
    codes.forEach((code, i) => {
      files.set(`opt${i}.ts`, code.text);
      files.set(`snippet${i}.ts`, parseSnippet(code.snippet).text);
    });
    assert.deepEqual(compileDiagnostics(files), []);
  });

  it('compiles under the strictest settings a user project may have (noUncheckedIndexedAccess, no unused locals, …)', function () {
    const strictest = { ...STRICT_OPTIONS, noUncheckedIndexedAccess: true, noUnusedLocals: true, noUnusedParameters: true, noImplicitReturns: true, exactOptionalPropertyTypes: true };
    const files = new Map(optimizerTypes.map((type) => [`${type}.ts`, optimizerCode(type).text] as const));
    assert.deepEqual(compileDiagnostics(files, strictest), []);
  });

  it('snippet: defaults filled in give the text; one tab stop per option value (two for pairs: betas, etas, …); imports nothing', function () {
    codes.forEach((code, i) => {
      const parsed = parseSnippet(code.snippet);
      assert.equal(parsed.text, code.text, cases[i]!.label);
      assert.ok(parsed.endsWithFinalTabStop);
      const definitionOptions = Object.keys(resolveOptimizerConfig({ type: cases[i]!.type })).filter((k) => k !== 'type');
      const specs = optimizerDefinitions[cases[i]!.type].options as Record<string, OptionSpec>;
      const pairs = definitionOptions.filter((k) => specs[k]!.kind === 'pair').length;
      assert.equal(parsed.tabStops.size, definitionOptions.length + pairs, cases[i]!.label);
      assert.deepEqual(importsOf(code.text), []);
    });
  });

  for (const [index, c] of cases.entries()) {
    it(`${c.label}: 10 steps give bit-identical parameters to createOptimizer(...).step`, function () {
      const code = codes[index]!;
      const generated = evaluateModule(code.text);
      const options = generated[code.optionsName];
      const init = generated[code.initName] as (dim: number, options: unknown) => unknown;
      const step = generated[code.stepName] as (params: Float64Array, grad: Float64Array, state: unknown, lr: number, options: unknown, loss?: number, closure?: () => number) => void;
      const evaluates = optimizerDefinitions[c.type].evaluates === 'closure';
      const optimizer = createOptimizer(resolveOptimizerConfig({ ...c.values, type: c.type }));
      const baseLr = optimizer.config.lr;

      const x0 = Float64Array.from({ length: 5 }, (_, i) => (i % 2 === 0 ? 1 : -1) * (0.5 + i));
      const ours = Float64Array.from(x0);
      const engines = Float64Array.from(x0);
      const gradOurs = new Float64Array(5);
      const gradEngine = new Float64Array(5);
      const stateOurs = init(5, options);
      const stateEngine = optimizer.init(5);
      const u = seededUniform(index + 7);
      for (let k = 0; k < 10; k++) {
        const lr = baseLr * (0.5 + u()); // a schedule's lr changes from step to step
        gradientAt(ours, gradOurs);
        gradientAt(engines, gradEngine);
        if (evaluates) {
          step(ours, gradOurs, stateOurs, lr, options, lossAt(ours), closureFor(ours, gradOurs));
          optimizer.step(engines, gradEngine, stateEngine, lr, lossAt(engines), closureFor(engines, gradEngine));
        } else {
          step(ours, gradOurs, stateOurs, lr, options);
          optimizer.step(engines, gradEngine, stateEngine, lr);
        }
        for (let i = 0; i < 5; i++) assert.ok(Object.is(ours[i], engines[i]), `${c.label}: step ${k + 1}, params[${i}]: engine ${engines[i]}, generated ${ours[i]}`);
      }
      assert.ok(engines.some((v, i) => v !== x0[i]), 'the steps moved the parameters');
    });
  }

  it('adafactor: the generated init takes the blocks’ shapes (a matrix is factored): 10 steps bit-identical to the engine', function () {
    const code = optimizerCode('adafactor', { values: { lr: 0.05 } });
    assert.match(code.text, /\/\/ or, for params made of blocks \(row-major\): adafactorInit\(params\.length, adafactorOptions, \[\[rows, columns\], \[length\], …\]\);/);
    const generated = evaluateModule(code.text);
    const init = generated[code.initName] as (dim: number, options: unknown, shapes: number[][]) => { rowVar: Float64Array };
    const step = generated[code.stepName] as (params: Float64Array, grad: Float64Array, state: unknown, lr: number, options: unknown) => void;
    const options = generated[code.optionsName];
    const optimizer = createOptimizer(resolveOptimizerConfig({ type: 'adafactor', lr: 0.05 }));
    const shapes = [[2, 3], [1]];
    const ours = Float64Array.from([1, -2, 0.5, 3, -1, 0.25, 2]);
    const engines = Float64Array.from(ours);
    const stateOurs = init(7, options, shapes);
    const stateEngine = optimizer.init(7, shapes);
    assert.equal(stateOurs.rowVar.length, 2, 'the 2 × 3 block is factored');
    const g = new Float64Array(7);
    for (let k = 0; k < 10; k++) {
      gradientAt(ours, g);
      step(ours, Float64Array.from(g), stateOurs, 0.05, options);
      gradientAt(engines, g);
      optimizer.step(engines, Float64Array.from(g), stateEngine, 0.05);
      for (let i = 0; i < 7; i++) assert.ok(Object.is(ours[i], engines[i]), `step ${k + 1}, params[${i}]: engine ${engines[i]}, generated ${ours[i]}`);
    }
  });

  it('writes the given values and PyTorch’s defaults for the rest', function () {
    const code = optimizerCode('adam', { values: { lr: 0.01, betas: [0.8, 0.99] } });
    assert.match(code.text, /export const adamOptions: AdamOptions = \{\n {2}lr: 0\.01,\n {2}betas: \[0\.8, 0\.99\],\n {2}eps: 1e-8,\n {2}weightDecay: 0,\n {2}amsgrad: false,\n\};/);
    assert.match(code.snippet, /lr: \$\{1:0\.01\},\n {2}betas: \[\$\{2:0\.8\}, \$\{3:0\.99\}\],/);
    assert.match(code.text, /\/\/ const state = adamInit\(params\.length, adamOptions\);\n\/\/ every step, with grad computed at params: adamStep\(params, grad, state, lr, adamOptions\);/);
    assert.deepEqual(code.declaredNames, ['AdamOptions', 'AdamState', 'adamInit', 'adamStep', 'adamOptions']);
  });

  it('renames on collisions with the file’s names, including references inside the kernels', function () {
    const code = optimizerCode('sgd', { reservedNames: new Set(['SgdState', 'sgdOptions', 'sgdStep']) });
    assert.equal(code.stateType, 'SgdState2');
    assert.equal(code.stepName, 'sgdStep2');
    assert.equal(code.optionsName, 'sgdOptions2');
    assert.match(code.text, /export function sgdInit\(dim: number, options: SgdOptions\): SgdState2 \{/);
    assert.match(code.text, /export function sgdStep2\(params: Float64Array, grad: Float64Array, state: SgdState2, lr: number, options: SgdOptions\): void/);
    const user = 'export interface SgdState { mine: true }\nexport const sgdOptions = 1;\nexport function sgdStep(): void {}\n';
    assert.deepEqual(compileDiagnostics(new Map([['user.ts', `${user}\n${code.text}`]])), []);
  });

  it('rejects what a run would reject, naming the option', function () {
    assert.throws(
      () => optimizerCode('adam', { values: { betas: [0.9, 1.5] } }),
      (e: unknown) => isLrLabError(e) && e.code === 'invalidConfig' && /betas/.test(e.message),
    );
    assert.throws(
      () => optimizerCode('adamm'),
      (e: unknown) => isLrLabError(e) && /valid optimizers: sgd, adagrad/.test(e.message),
    );
  });
});
