/** `lrlab find-lr`, `lrlab sweep` and `lrlab run --runs` end to end against the built dist/ (npm run build). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resolveFinderConfig, suggestLrs } from '../../../src/core/finder';
import { resolveRunConfig } from '../../../src/core/minimize/config';
import { encodeRunSet, sha256 } from '../../../src/core/runSet';
import { lrlabInterrupted } from './ctrlC';

const repoRoot = path.join(__dirname, '..', '..', '..');
const bin = path.join(repoRoot, 'bin', 'lrlab.js');

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function lrlab(args: string[], cwd = repoRoot): Result {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json<T = any>(r: Result): T {
  assert.ok(r.stdout.length > 0, `no output; stderr: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

const BOWL = 'test/fixtures/quadraticBowl.ts';

/** The 1-based line of `file` (from the repository root) that carries `// MARK: stop`. */
function markedLine(file: string): number {
  return readFileSync(path.join(repoRoot, file), 'utf8').split('\n').findIndex((line) => line.includes('// MARK: stop')) + 1;
}

/**
 * A bowl whose grad is wrong (∂/∂x₁ is 2x₁, not 6x₁) and the same f without grad: with
 * `--gradient exact` the first follows the gradient LR Lab records, as the second does under auto.
 */
function wrongGradPair(): { wrong: string; plain: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'lrlab-exact-'));
  const f = 'f: (x: readonly number[]) => x[0] * x[0] + 3 * x[1] * x[1]';
  const wrong = path.join(dir, 'wrongGrad.ts');
  const plain = path.join(dir, 'noGrad.ts');
  writeFileSync(wrong, `export const bowl = {\n  x0: [1, 2],\n  ${f},\n  grad: (x: readonly number[]) => [2 * x[0], 2 * x[1]],\n};\n`);
  writeFileSync(plain, `export const bowl = {\n  x0: [1, 2],\n  ${f},\n};\n`);
  return { wrong, plain };
}

/** An objective whose exact gradient cannot be recorded, and the line that says why. */
const UNRECORDABLE = 'test/fixtures/autodiff/unsupported/stringConversion.ts';

describe('lrlab find-lr, sweep, run --runs (CLI)', function () {
  this.timeout(60_000);
  before(() => {
    if (!existsSync(path.join(repoRoot, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run npm run build before these tests');
  });

  describe('lrlab find-lr', () => {
    it('--format json: the resolved config, one lr, loss and smoothed loss per step, the stop reason and the suggestions', () => {
      const r = lrlab(['find-lr', 'examples/rosenbrock.ts', '--optimizer', 'adam', '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = json(r);
      assert.deepEqual(Object.keys(doc), ['config', 'lrs', 'losses', 'smoothed', 'stopReason', 'detail', 'suggestions']);
      assert.deepEqual(doc.config, JSON.parse(JSON.stringify(resolveFinderConfig({ optimizer: { type: 'adam' } }))));
      assert.equal(doc.lrs.length, doc.losses.length);
      assert.equal(doc.smoothed.length, doc.losses.length);
      assert.ok(['numIt', 'diverged'].includes(doc.stopReason));
      if (doc.stopReason === 'numIt') assert.equal(doc.lrs.length, 100);
      assert.equal(doc.lrs[0], 1e-7);
      // The suggestions are fastai's rules on the printed curve.
      const expected = suggestLrs(doc.lrs, doc.smoothed, 100);
      assert.deepEqual(doc.suggestions, { valley: expected.valley!.lr, steep: expected.steep!.lr, minimum: expected.minimum!.lr });
    });

    it('--gradient exact: the recorded gradient even over a grad, or the reason it cannot be had', () => {
      const { wrong, plain } = wrongGradPair();
      const ramp = ['--optimizer', 'sgd', '--start-lr', '1e-3', '--end-lr', '0.3', '--num-it', '12', '--format', 'json'];
      const exact = json(lrlab(['find-lr', wrong, '--gradient', 'exact', ...ramp]));
      assert.equal(exact.config.gradient, 'exact');
      assert.deepEqual(exact.losses, json(lrlab(['find-lr', plain, ...ramp])).losses);
      assert.notDeepEqual(exact.losses, json(lrlab(['find-lr', wrong, ...ramp])).losses);
      const failed = lrlab(['find-lr', UNRECORDABLE, '--gradient', 'exact', '--num-it', '8']);
      assert.equal(failed.code, 1, failed.stderr);
      assert.match(failed.stderr, new RegExp(`stringConversion\\.ts:${markedLine(UNRECORDABLE)}:\\d+: the exact gradient cannot be recorded: turns a value that depends on the parameters into a string`));
    });

    it('stops when the smoothed loss exceeds 4 × the best, with fewer entries than --num-it', () => {
      // Plain SGD on the bowl: the curvature 4 makes x₁ oscillate and grow once lr > 0.5.
      const doc = json(lrlab(['find-lr', BOWL, '--optimizer', 'sgd', '--start-lr', '1e-4', '--end-lr', '100', '--num-it', '60', '--format', 'json']));
      assert.equal(doc.stopReason, 'diverged');
      assert.ok(doc.losses.length < 60 && doc.losses.length > 10, String(doc.losses.length));
      const last = doc.smoothed.at(-1);
      assert.ok(last > 4 * Math.min(...doc.smoothed), 'the last smoothed loss is the one above 4 × the best');
      assert.match(doc.detail, /exceeded .* \(4 × the best/);
    });

    it("the table says why it stopped: the rule's sentence when the loss blew up (not 'cancelled'); a file that cannot run, without rules for a curve it never drew", () => {
      const diverged = lrlab(['find-lr', BOWL, '--optimizer', 'sgd', '--start-lr', '1e-4', '--end-lr', '100', '--num-it', '60']);
      assert.match(diverged.stdout, /^stopped {8}diverged: the smoothed loss \S+ exceeded \S+ \(4 × the best, \S+\) at step \d+ \(lr \S+\)$/m);
      const bad = path.join(repoRoot, 'test', 'fixtures', 'badObjects.ts');
      const failed = lrlab(['find-lr', bad, '--objective', 'noData']);
      assert.equal(failed.code, 1);
      assert.match(failed.stdout, /^stopped {8}error: objective "noData" has an empty data set/m);
      assert.doesNotMatch(failed.stdout, /^(valley|steep|minimum) /m);
      assert.match(failed.stderr, /badObjects\.ts:\d+:\d+: objective "noData" has an empty data set/);
    });

    it('takes optimizer options and prints csv and a table with a run to try', () => {
      const csv = lrlab(['find-lr', BOWL, '--optimizer', 'sgd', '--set', 'momentum=0.9', '--num-it', '20', '--format', 'csv']);
      assert.equal(csv.code, 0, csv.stderr);
      const lines = csv.stdout.trim().split('\n');
      assert.equal(lines[0], 'step,lr,loss,smoothed');
      assert.match(lines[1]!, /^1,1e-7,/);
      const table = lrlab(['find-lr', BOWL, '--num-it', '50']);
      assert.match(table.stdout, /^valley {9}\S+ +fastai’s default: the longest fall/m);
      assert.match(table.stdout, /^try {12}lrlab run test\/fixtures\/quadraticBowl\.ts --optimizer adam --lr \S+ --iterations 200 {3}\(valley, 3 digits\)$/m);
    });

    it('counts the evaluations of L-BFGS beside its steps (json, csv, table): a step of maxIter iterations without a line search is maxIter evaluations', () => {
      // torch.optim.LBFGS without a line search: the step's first evaluation, then one after each
      // iteration but the last, so func_evals grows by maxIter per step until a tolerance ends a step early.
      const flags = ['find-lr', BOWL, '--optimizer', 'lbfgs', '--set', 'maxIter=3', '--num-it', '12'];
      const doc = json(lrlab([...flags, '--format', 'json']));
      assert.deepEqual(Object.keys(doc), ['config', 'lrs', 'losses', 'smoothed', 'evaluations', 'stopReason', 'detail', 'suggestions']);
      assert.equal(doc.evaluations.length, doc.lrs.length);
      assert.deepEqual(doc.evaluations.slice(0, 6), [3, 6, 9, 12, 15, 18], 'tiny lrs: every step runs its 3 iterations');
      assert.ok(doc.evaluations.every((e: number, i: number) => e > (doc.evaluations[i - 1] ?? 0)));
      const csv = lrlab([...flags, '--format', 'csv']).stdout.trim().split('\n');
      assert.equal(csv[0], 'step,lr,loss,smoothed,evaluations');
      assert.match(csv[2]!, /^2,[^,]+,[^,]+,[^,]+,6$/);
      const table = lrlab(flags).stdout;
      assert.match(table, /^step +lr +loss +smoothed +evaluations$/m);
      assert.match(table, new RegExp(`^stopped +${doc.stopReason}: .*\\(${doc.lrs.length} steps, ${doc.evaluations.at(-1)} evaluations of the objective\\)$`, 'm'));
      assert.ok(!('evaluations' in json(lrlab(['find-lr', BOWL, '--optimizer', 'sgd', '--num-it', '12', '--format', 'json']))), 'sgd evaluates once a step: no evaluations key');
    });

    it('an optimizer that estimates its own step size (Prodigy): lrs ramp the multiplier, lrsUsed say the d·lr each step used', () => {
      const flags = ['find-lr', BOWL, '--optimizer', 'prodigy', '--num-it', '12'];
      const doc = json(lrlab([...flags, '--format', 'json']));
      assert.deepEqual(Object.keys(doc), ['config', 'lrs', 'losses', 'smoothed', 'lrsUsed', 'stopReason', 'detail', 'suggestions']);
      assert.equal(doc.lrsUsed.length, doc.lrs.length);
      // Step 1: Prodigy's starting estimate d0 = 1e-6 times the ramp's first lr, 1e-7.
      assert.ok(Math.abs(doc.lrsUsed[0] - 1e-13) <= 1e-28, String(doc.lrsUsed[0]));
      assert.ok(doc.lrsUsed.every((used: number, i: number) => used < doc.lrs[i]), 'd stays below 1 on this short ramp');
      const csv = lrlab([...flags, '--format', 'csv']).stdout.trim().split('\n');
      assert.equal(csv[0], 'step,lr,loss,smoothed,lrUsed');
      const table = lrlab(flags).stdout;
      assert.match(table, /^note {11}prodigy estimates its own step size d and lr multiplies it \(1 by default\): this ramps the multiplier; d·lr is what each step used$/m);
      assert.match(table, /^step +lr +d·lr +loss +smoothed$/m);
      assert.ok(!('lrsUsed' in json(lrlab(['find-lr', BOWL, '--optimizer', 'adam', '--num-it', '12', '--format', 'json']))));
    });

    it('Ctrl+C stops the range test after its step under way, prints its curve so far and exits 130', async () => {
      const { code, stdout } = await lrlabInterrupted(['find-lr', 'test/fixtures/slowAnnounced.ts', '--num-it', '100000', '--format', 'json']);
      assert.equal(code, 130);
      const doc = json({ code, stdout, stderr: '' });
      assert.equal(doc.stopReason, 'cancelled');
      // Call k of f is step k's: the 10th began after 9 whole steps; every step taken has its lr and losses.
      assert.ok(doc.lrs.length >= 9, `${doc.lrs.length} steps`);
      assert.equal(doc.losses.length, doc.lrs.length);
      assert.equal(doc.smoothed.length, doc.lrs.length);
      assert.equal(doc.detail, `cancelled after ${doc.lrs.length} steps`);
    });

    it('refuses a ramp it cannot run, as a usage error', () => {
      const short = lrlab(['find-lr', BOWL, '--num-it', '3']);
      assert.equal(short.code, 2);
      assert.match(short.stderr, /numIt must be an integer ≥ 6/);
      const backwards = lrlab(['find-lr', BOWL, '--start-lr', '1', '--end-lr', '0.1']);
      assert.equal(backwards.code, 2);
      assert.match(backwards.stderr, /endLr \(0\.1\) must be larger than its startLr \(1\)/);
    });
  });

  describe('lrlab sweep', () => {
    it('--format json: every cell, each exactly what lrlab run gives with its config', () => {
      const r = lrlab(['sweep', BOWL, '--lr', '0.01:0.4:3', '--optimizer', 'sgd,adam', '--schedule', 'constant', '--iterations', '30', '--jobs', '2', '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = json(r);
      assert.equal(doc.cells.length, 6);
      assert.deepEqual(Object.keys(doc.cells[0]), ['optimizer', 'schedule', 'lr', 'seed', 'finalLoss', 'bestLoss', 'steps', 'stopReason', 'ms', 'detail']);
      assert.deepEqual(doc.cells.map((c: any) => [c.optimizer.type, c.lr]), [['sgd', 0.01], ['sgd', 0.0632455532034], ['sgd', 0.4], ['adam', 0.01], ['adam', 0.0632455532034], ['adam', 0.4]]);
      for (const i of [1, 5]) {
        const cell = doc.cells[i];
        const run = json(lrlab(['run', BOWL, '--optimizer', cell.optimizer.type, '--lr', String(cell.lr), '--iterations', '30', '--format', 'json']));
        assert.deepEqual(cell.optimizer, run.config.optimizer);
        assert.deepEqual(cell.schedule, run.config.schedule);
        assert.deepEqual([cell.finalLoss, cell.bestLoss, cell.steps, cell.stopReason], [run.summary.finalLoss, run.summary.bestLoss, run.summary.steps, run.stopReason], `cell ${i}`);
      }
    });

    it('routes --set to the optimizers and schedules that have the option, counts steps to a target, prints csv', () => {
      const r = lrlab(['sweep', BOWL, '--lr', '0.05,0.1', '--optimizer', 'sgd,adam', '--schedule', 'constant,cosine', '--set', 'sgd.momentum=0.5', '--set', 'schedule.etaMin=0.001', '--iterations', '40', '--target-loss', '0.01', '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = json(r);
      assert.equal(doc.cells.length, 8);
      assert.equal(doc.cells[0].optimizer.momentum, 0.5);
      assert.equal(doc.cells[2].schedule.etaMin, 0.001);
      assert.equal(doc.cells[0].schedule.type, 'constant');
      // sgd lr 0.1 (momentum 0.5) on the bowl reaches 0.01 within 40 steps.
      assert.equal(typeof doc.cells[1].stepsToTarget, 'number');
      const csv = lrlab(['sweep', BOWL, '--lr', '0.05,0.1', '--optimizer', 'sgd', '--iterations', '10', '--format', 'csv']);
      assert.equal(csv.stdout.split('\n')[0], 'optimizer,schedule,lr,seed,finalLoss,bestLoss,steps,stopReason,ms');
      assert.equal(csv.stdout.trim().split('\n').length, 3);
    });

    it('counts the evaluations of an optimizer that makes its own (LBFGS: a step is up to maxIter of them), as lrlab run does', () => {
      const r = lrlab(['sweep', BOWL, '--lr', '0.1,1', '--optimizer', 'lbfgs,sgd', '--iterations', '3', '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = json(r);
      const run = json(lrlab(['run', BOWL, '--optimizer', 'lbfgs', '--lr', '1', '--iterations', '3', '--format', 'json']));
      assert.deepEqual([doc.cells[1].steps, doc.cells[1].evaluations], [run.summary.steps, run.summary.evaluations]);
      assert.ok(doc.cells[1].evaluations > doc.cells[1].steps);
      assert.ok(!('evaluations' in doc.cells[2]), 'sgd evaluates once per step: no evaluations key');
      const csv = lrlab(['sweep', BOWL, '--lr', '1', '--optimizer', 'lbfgs,sgd', '--iterations', '3', '--format', 'csv']).stdout.trim().split('\n');
      assert.equal(csv[0], 'optimizer,schedule,lr,seed,finalLoss,bestLoss,steps,evaluations,stopReason,ms');
      assert.match(csv[1]!, new RegExp(`^lbfgs,constant,1,0,[^,]+,[^,]+,3,${run.summary.evaluations},maxIterations,`));
      assert.match(csv[2]!, /^sgd,constant,1,0,[^,]+,[^,]+,3,,maxIterations,/);
      const table = lrlab(['sweep', BOWL, '--lr', '1', '--optimizer', 'lbfgs', '--iterations', '3']).stdout;
      assert.match(table, new RegExp(`^best {3}lbfgs · constant · lr 1: final loss \\S+ after 3 steps, ${run.summary.evaluations} evaluations \\(maxIterations\\)$`, 'm'));
    });

    it('--gradient exact: every cell on the recorded gradient, or each stopped with the reason', () => {
      const { wrong, plain } = wrongGradPair();
      const grid = ['--lr', '0.01,0.1', '--optimizer', 'sgd', '--iterations', '10', '--jobs', '2', '--format', 'json'];
      const finals = (r: Result): number[] => json(r).cells.map((c: any) => c.finalLoss);
      const exact = finals(lrlab(['sweep', wrong, '--gradient', 'exact', ...grid]));
      assert.deepEqual(exact, finals(lrlab(['sweep', plain, ...grid])));
      assert.notDeepEqual(exact, finals(lrlab(['sweep', wrong, ...grid])));
      const failed = lrlab(['sweep', UNRECORDABLE, '--gradient', 'exact', '--lr', '0.01', '--iterations', '3']);
      assert.equal(failed.code, 1, failed.stderr);
      assert.match(failed.stderr, /the exact gradient cannot be recorded: turns a value that depends on the parameters into a string/);
    });

    it('shows a table of final losses with diverged cells named, and the best cell', () => {
      const r = lrlab(['sweep', BOWL, '--lr', '0.01,1', '--optimizer', 'sgd', '--iterations', '50']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^sgd · constant +\S+ +diverged$/m);
      assert.match(r.stdout, /^best {3}sgd · constant · lr 0\.01: final loss/m);
    });

    it('Ctrl+C stops the running cell after its step under way, the others never start; prints every cell and exits 130', async () => {
      const { code, stdout } = await lrlabInterrupted(['sweep', 'test/fixtures/slowAnnounced.ts', '--lr', '0.01,0.1', '--iterations', '1000000', '--jobs', '1', '--format', 'json']);
      assert.equal(code, 130);
      const [first, second] = json({ code, stdout, stderr: '' }).cells;
      assert.equal(first.stopReason, 'cancelled');
      // Its worker counted every step (the 10th call of f began after 9 whole steps), however it was stopped.
      assert.ok(first.steps >= 9, `${first.steps} steps`);
      assert.deepEqual([second.stopReason, second.steps, second.detail], ['cancelled', 0, 'not run: the sweep was cancelled']);
    });

    it('says what is wrong with the flags', () => {
      assert.match(lrlab(['sweep', BOWL]).stderr, /needs --lr: a range a:b:n/);
      assert.match(lrlab(['sweep', BOWL, '--lr', '0:1:3']).stderr, /--lr: lr grid "0:1:3": both ends/);
      assert.match(lrlab(['sweep', BOWL, '--lr', '0.1', '--optimizer', 'sgd,nope']).stderr, /--optimizer "nope" is not one of/);
      assert.match(lrlab(['sweep', BOWL, '--lr', '0.1', '--optimizer', 'adam', '--set', 'momentum=0.9']).stderr, /no swept optimizer has an option "momentum"/);
      assert.equal(lrlab(['sweep', BOWL]).code, 2);
    });
  });

  describe('lrlab run --runs', () => {
    it('runs every saved run again with its config, exactly', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'lrlab-runs-'));
      copyFileSync(path.join(repoRoot, BOWL), path.join(dir, 'bowl.ts'));
      const configs = [resolveRunConfig({ optimizer: { type: 'sgd', lr: 0.1 }, iterations: 25 }), resolveRunConfig({ optimizer: { type: 'adam', lr: 0.05 }, schedule: { type: 'cosine' }, iterations: 40, seed: 3 })];
      const objective = { file: 'bowl.ts', sha256: sha256(readFileSync(path.join(dir, 'bowl.ts'))), name: 'quadraticBowl' };
      writeFileSync(path.join(dir, 'set.lrlab.json'), encodeRunSet({ runs: configs.map((config, i) => ({ label: `run ${i}`, objective, config })) }));
      const r = lrlab(['run', '--runs', 'set.lrlab.json', '--format', 'json'], dir);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      const doc = json(r);
      assert.equal(doc.runs.length, 2);
      for (const [i, config] of configs.entries()) {
        assert.deepEqual(doc.runs[i].config, JSON.parse(JSON.stringify(config)));
        const alone = json(lrlab(['run', 'bowl.ts', '--config', JSON.stringify(config), '--format', 'json'], dir));
        assert.deepEqual(doc.runs[i].records, alone.records);
        assert.deepEqual(doc.runs[i].summary.finalLoss, alone.summary.finalLoss);
      }
      const table = lrlab(['run', '--runs', 'set.lrlab.json'], dir);
      assert.match(table.stdout, /^1 +run 0 +bowl\.ts › quadraticBowl +maxIterations +25 /m);
      // The objective changed since: runs anyway, with a warning.
      writeFileSync(path.join(dir, 'bowl.ts'), readFileSync(path.join(dir, 'bowl.ts'), 'utf8') + '\n// edited\n');
      const changed = lrlab(['run', '--runs', 'set.lrlab.json', '--format', 'csv'], dir);
      assert.equal(changed.code, 0);
      assert.match(changed.stderr, /warning: bowl\.ts changed since the runs were saved/);
      assert.equal(changed.stdout.split('\n')[0], 'run,label,file,objective,stopReason,steps,finalLoss,bestLoss,wallTimeMs');
    });

    it('refuses config flags beside --runs and a set whose file is missing', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'lrlab-runs-'));
      writeFileSync(path.join(dir, 'set.lrlab.json'), encodeRunSet({ runs: [{ label: 'x', objective: { file: 'gone.ts', sha256: sha256(''), name: 'f' }, config: resolveRunConfig({}) }] }));
      const flags = lrlab(['run', '--runs', 'set.lrlab.json', '--lr', '0.1'], dir);
      assert.equal(flags.code, 2);
      assert.match(flags.stderr, /--runs runs the saved configs as they are: it takes no FILE or --lr/);
      const missing = lrlab(['run', '--runs', 'set.lrlab.json'], dir);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /cannot find gone\.ts of "x"/);
    });
  });
});
