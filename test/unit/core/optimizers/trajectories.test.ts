/**
 * 150 steps on three problems (Rosenbrock, the ill-conditioned quadratic, Beale) per optimizer
 * beyond torch.optim's eight classics, against test/golden/trajectories.json: torch 1.13's own
 * optimizer where Debian's PyTorch has it (RAdam, Rprop, ASGD), else the independent NumPy
 * reimplementation of scripts/golden/reference.py (see scripts/golden/trajectories.py; the
 * script checks that reimplementation method against torch's RAdam first).
 *
 * Each step gets the reference's gradient and lr (a schedule-like changing lr), so the
 * comparison is of the optimizer alone: the parameters after every step must match to 1e-10
 * relative (plus 1e-13 absolute for coordinates that pass through 0, where a relative
 * comparison means nothing), and so must what the run reports beside them: the lr d·lr where
 * the optimizer sets its own step size (Prodigy, D-Adaptation), ASGD's averaged iterate, and
 * the schedule-free optimizers' evaluation point x. (LBFGS: lbfgs.test.ts.)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { optimizerTypes, type OptimizerType } from '../../../../src/core/optimizers';
import { assertCloseArray, optimizerFor } from './helpers';

interface TrajectoryCase {
  readonly name: string;
  readonly type: OptimizerType;
  readonly problem: string;
  readonly options: Record<string, unknown>;
  readonly shape?: number[][];
  readonly source: string;
  readonly lrs: number[];
  readonly grads: number[][];
  readonly params: number[][];
  readonly lrUsed?: number[];
  readonly averagedParams?: number[][];
  readonly evalPoints?: number[][];
}

const golden = JSON.parse(readFileSync(join(__dirname, '../../../golden/trajectories.json'), 'utf8')) as {
  header: { steps: number; problems: Record<string, { x0: number[] }> };
  cases: TrajectoryCase[];
};

const REL = 1e-10;
const ABS = 1e-13;

/** The optimizers checked here, and what their numbers come from. */
const SOURCES: Partial<Record<OptimizerType, RegExp>> = {
  radam: /^torch 1\.13.*torch\.optim\.RAdam|reference\.py RAdam/,
  rprop: /^torch 1\.13.*torch\.optim\.Rprop/,
  lion: /reference\.py Lion/,
  adafactor: /reference\.py Adafactor/,
  prodigy: /reference\.py Prodigy/,
  dAdaptAdam: /reference\.py DAdaptAdam/,
  asgd: /^torch 1\.13.*torch\.optim\.ASGD/,
  sgdScheduleFree: /reference\.py SGDScheduleFree/,
  adamwScheduleFree: /reference\.py AdamWScheduleFree/,
};

describe('optimizers against 150-step reference trajectories on three problems', () => {
  it('has Rosenbrock, the ill-conditioned quadratic and Beale for every optimizer beyond the eight classics, 150 steps each', () => {
    // LBFGS evaluates several times per step: its trajectories (torch, closure call by closure call) are in lbfgs.json.
    const classics = ['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw', 'adadelta', 'adamax', 'nadam', 'lbfgs'];
    for (const type of optimizerTypes.filter((t) => !classics.includes(t))) {
      assert.ok(type in SOURCES, `${type} has no reference trajectories`);
      const problems = new Set(golden.cases.filter((c) => c.type === type).map((c) => c.problem));
      assert.deepEqual([...problems].sort(), ['beale', 'illConditioned', 'rosenbrock'], type);
    }
    for (const c of golden.cases) {
      assert.equal(c.params.length, 150, c.name);
      assert.match(c.source, SOURCES[c.type]!, c.name);
      assert.ok(new Set(c.lrs).size > 10, `${c.name}: the lr changes`);
    }
  });

  for (const c of golden.cases) {
    it(`${c.name}: every step (${c.source.startsWith('torch') ? 'torch 1.13' : 'reference.py'})`, () => {
      const optimizer = optimizerFor({ type: c.type, ...c.options });
      const x = Float64Array.from(golden.header.problems[c.problem]!.x0);
      const state = optimizer.init(x.length, c.shape);
      const grad = new Float64Array(x.length);
      for (let k = 0; k < c.lrs.length; k++) {
        grad.set(c.grads[k]!);
        if (c.lrUsed) assertCloseArray([optimizer.effectiveLr!(state, c.lrs[k]!)], [c.lrUsed[k]!], REL, 0, `${c.name}, step ${k + 1}: lr used (d·lr)`);
        optimizer.step(x, grad, state, c.lrs[k]!);
        assertCloseArray(x, c.params[k]!, REL, ABS, `${c.name}, step ${k + 1}: params`);
        if (c.averagedParams) assertCloseArray(optimizer.averagedParams!(state), c.averagedParams[k]!, REL, ABS, `${c.name}, step ${k + 1}: averaged iterate`);
        if (c.evalPoints) assertCloseArray(optimizer.evalPoint!(state, x), c.evalPoints[k]!, REL, ABS, `${c.name}, step ${k + 1}: evaluation point x`);
      }
    });
  }
});
