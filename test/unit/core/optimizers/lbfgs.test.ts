/**
 * LR Lab's lbfgs against torch.optim.LBFGS (test/golden/lbfgs.json, made by
 * scripts/golden/lbfgs.py with torch 1.13 in float64): 150 steps on Rosenbrock, the
 * ill-conditioned quadratic and Beale with the strong-Wolfe line search and without, and
 * 10-step cases of the other options. LBFGS evaluates the objective several times per step,
 * so the reference recorded every closure call: the kernel gets the first evaluation of each
 * step as its caller (the loop) would pass it, and a closure that checks it is called at the
 * point torch called it at (1e-10 relative) and answers with torch's loss and gradient there.
 * The parameters after each step must match to 1e-10 relative, and the evaluation and
 * iteration counts exactly.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertCloseArray, optimizerFor } from './helpers';

interface Evaluation {
  readonly x: number[];
  readonly loss: number;
  readonly grad: number[];
}

interface LbfgsCase {
  readonly name: string;
  readonly problem: string;
  readonly options: Record<string, unknown>;
  readonly torchGroup: Record<string, unknown>;
  readonly lrs: number[];
  readonly steps: { evaluations: Evaluation[]; params: number[]; funcEvals: number; nIter: number }[];
}

const golden = JSON.parse(readFileSync(join(__dirname, '../../../golden/lbfgs.json'), 'utf8')) as {
  header: { torch: string; problems: Record<string, { x0: number[] }> };
  cases: LbfgsCase[];
};
const REL = 1e-10;
const ABS = 1e-13;

describe('lbfgs matches torch.optim.LBFGS, closure call by closure call', () => {
  it('covers the three problems with and without the line search, and every option', () => {
    assert.match(golden.header.torch, /^1\.13/);
    for (const problem of ['rosenbrock', 'illConditioned', 'beale']) {
      for (const search of [true, false]) {
        const c = golden.cases.find((c) => c.problem === problem && (c.options.lineSearchFn === 'strongWolfe') === search);
        assert.ok(c && c.steps.length === 150, `${problem}, ${search ? 'strong Wolfe' : 'fixed step'}: a 150-step case`);
      }
    }
    for (const option of ['lr', 'maxIter', 'maxEval', 'toleranceGrad', 'toleranceChange', 'historySize', 'lineSearchFn']) {
      assert.ok(golden.cases.some((c) => option in c.options), `no case sets ${option}`);
    }
    assert.ok(golden.cases.some((c) => c.steps.some((s) => s.evaluations.length > 20)), 'a step with many evaluations');
  });

  for (const c of golden.cases) {
    it(`${c.name} ${JSON.stringify(c.options)}: defaults match torch's param group`, () => {
      const optimizer = optimizerFor({ type: 'lbfgs', ...c.options });
      const maxEval = optimizer.config.maxEval ?? Math.floor(((optimizer.config.maxIter as number) * 5) / 4);
      assert.deepEqual({ ...optimizer.config, maxEval, type: undefined }, { ...c.torchGroup, type: undefined });
    });

    it(`${c.name} ${JSON.stringify(c.options)}: every evaluation point, step and count`, () => {
      const optimizer = optimizerFor({ type: 'lbfgs', ...c.options });
      const x = Float64Array.from(golden.header.problems[c.problem]!.x0);
      const grad = new Float64Array(x.length);
      const state = optimizer.init(x.length) as unknown as { funcEvals: number; nIter: number };
      c.steps.forEach((record, k) => {
        const [first, ...rest] = record.evaluations;
        assertCloseArray(x, first!.x, REL, ABS, `${c.name}, step ${k + 1}: the first evaluation's point`);
        grad.set(first!.grad);
        let call = 0;
        const closure = (): number => {
          const expected = rest[call];
          assert.ok(expected, `${c.name}, step ${k + 1}: torch made ${rest.length + 1} evaluations, LR Lab asks for more`);
          assertCloseArray(x, expected.x, REL, ABS, `${c.name}, step ${k + 1}: evaluation ${call + 2}'s point`);
          grad.set(expected.grad);
          call++;
          return expected.loss;
        };
        optimizer.step(x, grad, state as never, c.lrs[k]!, first!.loss, closure);
        assert.equal(call, rest.length, `${c.name}, step ${k + 1}: evaluations`);
        assertCloseArray(x, record.params, REL, ABS, `${c.name}, step ${k + 1}: params`);
        assert.equal(state.funcEvals, record.funcEvals, `${c.name}, step ${k + 1}: funcEvals`);
        assert.equal(state.nIter, record.nIter, `${c.name}, step ${k + 1}: nIter`);
      });
    });
  }

  it('refuses a step without the loss and the closure, saying what it needs', () => {
    const optimizer = optimizerFor({ type: 'lbfgs' });
    const state = optimizer.init(2);
    assert.throws(() => optimizer.step(new Float64Array(2), new Float64Array(2), state, 1), /lbfgs evaluates the objective itself: its step needs the loss at the parameters and a closure/);
    assert.throws(() => optimizer.bind!(new Float64Array(2), new Float64Array(2), state), /lbfgs evaluates the objective itself/);
  });
});
