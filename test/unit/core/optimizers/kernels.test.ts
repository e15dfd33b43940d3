/**
 * The shape of the kernels (`xxxInit`, `xxxStep`): self-contained source that a snippet can lift
 * verbatim, in-place loops (one for the element-wise optimizers), no allocation, float64
 * throughout, `grad` untouched, and the lr argument (not options.lr) as the step's lr.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import * as optimizers from '../../../../src/core/optimizers';
import { createOptimizer, optimizerDefinitions, optimizerTypes, resolveOptimizerConfig, type OptimizerType } from '../../../../src/core/optimizers';
import { LrLabError } from '../../../../src/core/errors';

type Kernel = (...args: unknown[]) => unknown;

/** A full garbage collection (node's gc, exposed at run time). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Options that switch on every branch of each kernel (weight decay included). */
const ALL_BRANCHES: Record<OptimizerType, Record<string, unknown>> = {
  sgd: { lr: 0.01, momentum: 0.9, nesterov: true, weightDecay: 0.1 },
  adagrad: { lr: 0.1, lrDecay: 0.1, initialAccumulatorValue: 0.1, weightDecay: 0.1 },
  rmsprop: { momentum: 0.9, centered: true, weightDecay: 0.1 },
  adam: { amsgrad: true, weightDecay: 0.1 },
  adamw: { amsgrad: true },
  adadelta: { weightDecay: 0.1 },
  adamax: { weightDecay: 0.1 },
  nadam: { weightDecay: 0.1 },
  radam: { weightDecay: 0.1, decoupledWeightDecay: true },
  adafactor: { weightDecay: 0.1 },
  rprop: {},
  lion: { weightDecay: 0.1 },
  prodigy: { weightDecay: 0.1, useBiasCorrection: true, sliceP: 2 },
  dAdaptAdam: { weightDecay: 0.1, decouple: true, useBiasCorrection: true },
  asgd: { weightDecay: 0.1, t0: 1 },
  lbfgs: { lineSearchFn: 'strongWolfe', historySize: 2 },
  sgdScheduleFree: { weightDecay: 0.1, warmupSteps: 2 },
  adamwScheduleFree: { weightDecay: 0.1, warmupSteps: 2 },
};

/**
 * Optimizers that evaluate the objective themselves (LBFGS) get this one, whatever gradient a
 * test gives: f(x) = Σ (i + 1)(xᵢ − i/10)²/2 + Σ sin(xᵢ)/10. `closureArgs` puts the gradient at x
 * into `grad` (the first evaluation, as the loop would) and returns the loss and the closure to
 * pass after the lr; for the others it returns nothing.
 */
function closureArgs(type: OptimizerType, x: Float64Array, grad: Float64Array): [loss?: number, closure?: () => number] {
  if (optimizerDefinitions[type].evaluates !== 'closure') return [];
  const evaluate = (): number => {
    let f = 0;
    for (let i = 0; i < x.length; i++) {
      const d = x[i]! - i / 10;
      f += ((i + 1) * d * d) / 2 + Math.sin(x[i]!) / 10;
      grad[i] = (i + 1) * d + Math.cos(x[i]!) / 10;
    }
    return f;
  };
  return [evaluate(), evaluate];
}

/** Parameter blocks passed to init where the optimizer uses them (Adafactor: a matrix block and a vector). */
const SHAPES: Partial<Record<OptimizerType, number[][]>> = {
  adafactor: [[2, 2], [1]],
};

/**
 * Kernels that need more than one pass over the parameters: a global quantity (a norm, a dot
 * product) must be complete before any parameter moves. The rest are one loop.
 */
const MULTI_PASS: Partial<Record<OptimizerType, string>> = {
  rprop: 'the step sizes start at the first step’s lr, set in a pass of their own at that step only',
  adafactor: 'the RMS of the parameters and of the update come before the update, and matrix blocks need row and column sums',
  prodigy: 'd is estimated from dot products over all parameters before any of them moves',
  dAdaptAdam: 'd is estimated from dot products over all parameters before any of them moves',
  lbfgs: 'inner iterations, each a two-loop recursion over the kept pairs and a line search, as torch.optim.LBFGS',
  sgdScheduleFree: 'z and x start as copies of the parameters, taken in a pass of their own at the first step',
  adamwScheduleFree: 'z and x start as copies of the parameters, taken in a pass of their own at the first step',
};

/** State buffers whose length is not one per parameter (with the shapes of SHAPES). */
const OTHER_LENGTHS: Partial<Record<OptimizerType, Record<string, number>>> = {
  adafactor: { blocks: 8, rowVar: 2, colVar: 2, variance: 1 },
  prodigy: { s: 3, p0: 3 },
  lbfgs: { oldDirs: 2 * 5, oldStps: 2 * 5, ro: 2, al: 2, lineSearchGrads: 3 * 5 },
};

/** Config overrides for the float64 test, whose step is lr 1e-12 (the step must stay ~1e-12). */
const PRECISION: Partial<Record<OptimizerType, Record<string, unknown>>> = {
  // Step sizes are clamped to stepSizes[0] (1e-6 by default) even when the lr is smaller.
  rprop: { stepSizes: [0, 50] },
  // lr multiplies d, which starts at d0 (1e-6 by default).
  prodigy: { d0: 1 },
  dAdaptAdam: { d0: 1 },
};

const X0 = [0.3, -1.7, 2.5, -0.05, 1];
const GRADS = [
  [1.5, -0.2, 0.03, -4, 0.5],
  [-0.5, 0.4, 0.01, -3, 0.25],
  [0.75, -0.1, -0.02, 2, -1],
];

function capitalised(type: string): string {
  return type[0]!.toUpperCase() + type.slice(1);
}

function kernelsOf(type: OptimizerType): { init: Kernel; step: Kernel } {
  const module = optimizers as unknown as Record<string, Kernel>;
  return { init: module[`${type}Init`]!, step: module[`${type}Step`]! };
}

function sourceFile(type: OptimizerType): ts.SourceFile {
  const path = join(__dirname, '../../../../src/core/optimizers', `${type}.ts`);
  return ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
}

function functionNamed(file: ts.SourceFile, name: string): ts.FunctionDeclaration {
  const found = file.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === name);
  assert.ok(found, `${file.fileName} has no function ${name}`);
  assert.ok(found.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword), `${name} is not exported`);
  return found;
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

/** Names of the top-level functions of `file` (same-file helpers a kernel may call; extraction lifts them too). */
function helperFunctions(file: ts.SourceFile): Set<string> {
  return new Set(file.statements.filter((st): st is ts.FunctionDeclaration => ts.isFunctionDeclaration(st) && st.name !== undefined).map((st) => st.name!.text));
}

/** Identifiers `fn` uses that it does not declare (property names aside). */
function freeIdentifiers(fn: ts.FunctionDeclaration): Set<string> {
  const declared = new Set<string>();
  walk(fn, (n) => {
    if ((ts.isParameter(n) || ts.isVariableDeclaration(n)) && ts.isIdentifier(n.name)) declared.add(n.name.text);
  });
  const free = new Set<string>();
  walk(fn.body!, (n) => {
    if (!ts.isIdentifier(n)) return;
    const parent = n.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.name === n) return;
    if (ts.isPropertyAssignment(parent) && parent.name === n) return;
    if (!declared.has(n.text)) free.add(n.text);
  });
  for (const p of fn.parameters) {
    if (p.type) walk(p.type, (n) => ts.isIdentifier(n) && free.add(n.text));
  }
  if (fn.type) walk(fn.type, (n) => ts.isIdentifier(n) && free.add(n.text));
  return free;
}

describe('optimizer kernels', () => {
  for (const type of optimizerTypes) {
    const Options = `${capitalised(type)}Options`;
    const State = `${capitalised(type)}State`;

    describe(type, () => {
      it(`${type}Init and ${type}Step use only their parameters, locals, Math, Float64Array, ${Options}, ${State} and functions of their file`, () => {
        const file = sourceFile(type);
        for (const name of [`${type}Init`, `${type}Step`]) {
          const fn = functionNamed(file, name);
          const allowed = new Set(['Math', 'Float64Array', Options, State, ...helperFunctions(file)]);
          const outside = [...freeIdentifiers(fn)].filter((id) => !allowed.has(id));
          assert.deepEqual(outside, [], `${name} refers to ${outside.join(', ')}`);
        }
      });

      it(`${type}Step is ${MULTI_PASS[type] ? 'loops' : 'one loop'} with options and state read before ${MULTI_PASS[type] ? 'them' : 'it'}, and allocates nothing`, () => {
        const file = sourceFile(type);
        const helpers = helperFunctions(file);
        const fn = functionNamed(file, `${type}Step`);
        const loops: ts.Node[] = [];
        walk(fn.body!, (n) => {
          if (ts.isForStatement(n) || ts.isForOfStatement(n) || ts.isForInStatement(n) || ts.isWhileStatement(n) || ts.isDoStatement(n)) loops.push(n);
          // (a `while` is an iteration loop, LBFGS's: it may update state; element loops are `for`.)
          const allocating =
            ts.isNewExpression(n) || ts.isArrayLiteralExpression(n) || ts.isObjectLiteralExpression(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isSpreadElement(n) || ts.isTemplateExpression(n);
          assert.ok(!allocating, `${type}Step allocates: ${n.getText()}`);
          if (ts.isCallExpression(n)) {
            const callee = n.expression.getText();
            const closure = optimizerDefinitions[type].evaluates === 'closure' && callee === 'closure!';
            assert.ok(/^Math\.\w+$/.test(callee) || helpers.has(callee) || closure, `${type}Step calls ${callee}`);
          }
        });
        if (MULTI_PASS[type] === undefined) assert.equal(loops.length, 1, `${type}Step should have exactly one loop`);
        else assert.ok(loops.length > 1, `${type}Step is listed as multi-pass (${MULTI_PASS[type]})`);
        for (const loop of loops.filter((l) => !ts.isWhileStatement(l))) {
          walk(loop, (n) => {
            if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression)) {
              assert.ok(!['options', 'state'].includes(n.expression.text), `${type}Step reads ${n.getText()} inside a loop`);
            }
          });
        }
      });

      it(`${type}Init and ${type}Step run the same when lifted out of the module (new Function on their source)`, () => {
        const { init, step } = kernelsOf(type);
        // Same-file helpers the kernel calls are lifted with it, as the code generator does.
        const module = optimizers as unknown as Record<string, Kernel>;
        const helpers = [...helperFunctions(sourceFile(type))].filter((h) => h !== `${type}Init` && h !== `${type}Step`);
        const prelude = helpers.map((h) => `const ${h} = ${module[h]!.toString()};`).join('\n');
        const lift = (fn: Kernel): Kernel => new Function(`"use strict"; ${prelude} return (${fn.toString()});`)() as Kernel;
        const options = resolveOptimizerConfig({ type, ...ALL_BRANCHES[type] });
        const run = (initFn: Kernel, stepFn: Kernel) => {
          const x = Float64Array.from(X0);
          const state = initFn(X0.length, options, SHAPES[type]);
          for (const g of GRADS) {
            const grad = Float64Array.from(g);
            stepFn(x, grad, state, 0.05, options, ...closureArgs(type, x, grad));
          }
          return { x, state };
        };
        assert.deepEqual(run(lift(init), lift(step)), run(init, step));
      });

      it(`${type}Step leaves grad untouched, updates params and state buffers in place, all Float64Array`, () => {
        const optimizer = createOptimizer(resolveOptimizerConfig({ type, ...ALL_BRANCHES[type] }));
        const x = Float64Array.from(X0);
        const state = optimizer.init(X0.length, SHAPES[type]) as unknown as Record<string, unknown>;
        const buffers = Object.entries(state).filter(([, v]) => v instanceof Float64Array) as [string, Float64Array][];
        assert.ok(buffers.length > 0);
        for (const [name, b] of buffers) assert.equal(b.length, OTHER_LENGTHS[type]?.[name] ?? X0.length, `${type} with every branch on: ${name} length`);
        for (const g of GRADS) {
          const grad = Float64Array.from(g);
          const closure = closureArgs(type, x, grad);
          const given = Array.from(grad);
          optimizer.step(x, grad, state as never, 0.05, ...closure);
          // A closure writes the gradient of each evaluation into grad, as PyTorch's does.
          if (closure.length === 0) assert.deepEqual(Array.from(grad), given, 'grad changed');
        }
        assert.notDeepEqual(Array.from(x), X0);
        for (const [name, b] of buffers) {
          assert.equal(state[name], b, `${name} was replaced instead of updated in place`);
          assert.ok(b.some((v) => v !== 0), `${name} never written`);
        }
        assert.equal(state.step, GRADS.length);
      });

      it(`${type}Step with lr 0 moves no parameter${type === 'rprop' ? ' further than stepSizes[0]' : ''}, and options.lr plays no part`, () => {
        const { init, step } = kernelsOf(type);
        const options = resolveOptimizerConfig({ type, ...ALL_BRANCHES[type] });
        const x = Float64Array.from(X0);
        const state = init(X0.length, options, SHAPES[type]);
        for (const g of GRADS) {
          const grad = Float64Array.from(g);
          step(x, grad, state, 0, options, ...closureArgs(type, x, grad));
        }
        // Rprop's lr is only the initial step size, which is clamped to stepSizes[0] as in PyTorch.
        if (type === 'rprop') x.forEach((v, i) => assert.ok(Math.abs(v - X0[i]!) <= GRADS.length * 1e-6 * (1 + 1e-15), `x[${i}] moved by ${v - X0[i]!}`));
        else assert.deepEqual(Array.from(x), X0);

        const withBase = (lr: number) => {
          const y = Float64Array.from(X0);
          const s = init(X0.length, { ...options, lr }, SHAPES[type]);
          for (const g of GRADS) {
            const grad = Float64Array.from(g);
            step(y, grad, s, 0.05, { ...options, lr }, ...closureArgs(type, y, grad));
          }
          return Array.from(y);
        };
        assert.deepEqual(withBase(123), withBase(1e-6));
      });

      it(`${type}Step keeps float64 precision`, () => {
        // A step of ~1e-12 on a parameter of 1: lost entirely in float32 (ulp 1.2e-7).
        const optimizer = createOptimizer(resolveOptimizerConfig({ type, ...PRECISION[type] }));
        const x = Float64Array.from([1, -1]);
        const state = optimizer.init(2);
        const grad = Float64Array.from([1, -1]);
        optimizer.step(x, grad, state, 1e-12, ...closureArgs(type, x, grad));
        assert.ok(x[0]! < 1 && x[0]! > 1 - 1e-9, `x[0] = ${x[0]}`);
        assert.ok(x[1]! > -1 && x[1]! < -1 + 1e-9, `x[1] = ${x[1]}`);
      });

      it(`${type}Step: 1e6 steps (LBFGS: 2e4, each several evaluations) construct no Float64Array and retain no memory`, () => {
        // Transient allocation is ruled out statically above (V8's unoptimised tiers box
        // doubles, so a heap reading cannot tell); here: no typed array built behind a call,
        // and nothing kept (heap compared after full collections; one number kept per step would be 8 MB,
        // while the JIT's own code and feedback stay well under 1 MB).
        const optimizer = createOptimizer(resolveOptimizerConfig({ type, ...ALL_BRANCHES[type] }));
        const x = Float64Array.from(X0);
        // Alternating gradients: a constant one drives centered RMSprop's variance estimate
        // v − ḡ² to 0 and then below it by rounding, and its root to NaN (as in PyTorch).
        const grads = [Float64Array.from(GRADS[0]!), Float64Array.from(GRADS[1]!)] as const;
        const state = optimizer.init(X0.length, SHAPES[type]);
        // LBFGS evaluates up to 25 times per step: fewer steps keep the test short.
        const steps = optimizerDefinitions[type].evaluates === 'closure' ? 20_000 : 1_000_000;
        const stepOnce = (k: number): void => {
          const grad = grads[k & 1];
          optimizer.step(x, grad, state, 1e-9, ...closureArgs(type, x, grad));
        };
        for (let k = 0; k < 1000; k++) stepOnce(k);
        const original = globalThis.Float64Array;
        let constructed = 0;
        globalThis.Float64Array = new Proxy(original, {
          construct(target, args, newTarget) {
            constructed++;
            return Reflect.construct(target, args, newTarget);
          },
        });
        collectGarbage();
        const before = process.memoryUsage().heapUsed;
        try {
          for (let k = 0; k < steps; k++) stepOnce(k);
        } finally {
          globalThis.Float64Array = original;
        }
        collectGarbage();
        const kept = process.memoryUsage().heapUsed - before;
        assert.equal(constructed, 0);
        assert.ok(kept < 1 << 20, `the heap kept ${kept} more bytes after 1e6 steps`);
        assert.ok(x.every(Number.isFinite), `x = ${Array.from(x).join(', ')}`);
      });
    });
  }

  it('createOptimizer().step rejects a gradient of the wrong length', () => {
    const optimizer = createOptimizer(resolveOptimizerConfig({ type: 'adam' }));
    const state = optimizer.init(3);
    assert.throws(
      () => optimizer.step(new Float64Array(3), new Float64Array(2), state, 0.1),
      (e: unknown) => e instanceof LrLabError && e.code === 'gradientLength' && /adam: the gradient has 2 entries but there are 3 parameters/.test(e.message),
    );
  });

  it('init makes empty buffers exactly where PyTorch keeps none', () => {
    const lengths = (raw: object) =>
      Object.fromEntries(
        Object.entries(createOptimizer(resolveOptimizerConfig(raw)).init(4) as unknown as Record<string, unknown>)
          .filter(([, v]) => v instanceof Float64Array)
          .map(([k, v]) => [k, (v as Float64Array).length]),
      );
    assert.deepEqual(lengths({ type: 'sgd' }), { momentumBuffer: 0 });
    assert.deepEqual(lengths({ type: 'sgd', momentum: 0.5 }), { momentumBuffer: 4 });
    assert.deepEqual(lengths({ type: 'rmsprop' }), { squareAvg: 4, momentumBuffer: 0, gradAvg: 0 });
    assert.deepEqual(lengths({ type: 'rmsprop', momentum: 0.5, centered: true }), { squareAvg: 4, momentumBuffer: 4, gradAvg: 4 });
    assert.deepEqual(lengths({ type: 'adam' }), { expAvg: 4, expAvgSq: 4, maxExpAvgSq: 0 });
    assert.deepEqual(lengths({ type: 'adamw', amsgrad: true }), { expAvg: 4, expAvgSq: 4, maxExpAvgSq: 4 });
    assert.deepEqual(Array.from((createOptimizer(resolveOptimizerConfig({ type: 'adagrad', initialAccumulatorValue: 0.25 })).init(3) as unknown as { sum: Float64Array }).sum), [0.25, 0.25, 0.25]);
    assert.deepEqual(lengths({ type: 'prodigy' }), { expAvg: 4, expAvgSq: 4, s: 4, p0: 4 });
    assert.deepEqual(lengths({ type: 'prodigy', betas: [0, 0.999], sliceP: 3 }), { expAvg: 0, expAvgSq: 4, s: 2, p0: 2 });
    assert.deepEqual(lengths({ type: 'adafactor' }), { blocks: 4, rowVar: 0, colVar: 0, variance: 4 });
  });

  it('adafactor: init factors blocks of two or more dimensions (rows + columns numbers per matrix) and keeps vectors whole', () => {
    const optimizer = createOptimizer(resolveOptimizerConfig({ type: 'adafactor' }));
    const state = optimizer.init(3 * 4 + 5 + 2 * 2 * 3 + 1, [[3, 4], [5], [2, 2, 3], []]) as unknown as Record<string, Float64Array>;
    // [elements, batch, rows, columns] per block; a vector or scalar has rows = columns = 0.
    assert.deepEqual(Array.from(state.blocks!), [12, 1, 3, 4, 5, 1, 0, 0, 12, 2, 2, 3, 1, 1, 0, 0]);
    assert.equal(state.rowVar!.length, 3 + 2 * 2);
    assert.equal(state.colVar!.length, 4 + 2 * 3);
    assert.equal(state.variance!.length, 5 + 1);
  });
});
