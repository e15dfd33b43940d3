/** The `lrlab` command end to end: `node bin/lrlab.js …` against the built dist/ (npm run build). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resolveRunConfig } from '../../../src/core/minimize/config';
import { optimizerDefinitions, optimizerTypes } from '../../../src/core/optimizers';
import { formatNumber } from '../../../src/shared/format';
import { lrlabInterrupted } from './ctrlC';

const repoRoot = path.join(__dirname, '..', '..', '..');
const bin = path.join(repoRoot, 'bin', 'lrlab.js');
const tmp = mkdtempSync(path.join(tmpdir(), 'lrlab-cli-'));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function lrlab(args: string[], cwd = repoRoot): Result {
  // The type check (a second or more per run, beside it) is tested in badInput.test.ts; here it would only slow every run down.
  const all = args[0] === 'run' ? [...args, '--no-typecheck'] : args;
  const r = spawnSync(process.execPath, [bin, ...all], { cwd, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json<T = any>(r: Result): T {
  assert.ok(r.stdout.length > 0, `no output; stderr: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** The one line a failing command prints on stderr. */
function errorLine(r: Result): string {
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `expected one stderr line, got: ${r.stderr}`);
  return lines[0]!;
}

/** 1-based line of the `// MARK: name` comment in a fixture. */
function markedLine(fixture: string, name: string): number {
  return readFileSync(path.join(repoRoot, 'test', 'fixtures', fixture), 'utf8').split('\n').findIndex((l) => l.includes(`// MARK: ${name}`)) + 1;
}

function assertClose(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: expected ${expected} ± ${tolerance}, got ${actual}`);
}

describe('lrlab (CLI)', function () {
  this.timeout(30_000);
  before(() => {
    if (!existsSync(path.join(repoRoot, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run npm run build before these tests');
  });

  describe('lrlab run', () => {
    it('--trace-state 2 prints the first two SGD-with-momentum steps with exact values (stderr); the run and its output are as without it', () => {
      // quadraticBowl from (0, 0), lr 0.1, momentum 0.9: g₁ = (−2, 8) = b₁, θ₁ = (0.2, −0.8);
      // g₂ = (−1.6, 4.8), b₂ = 0.9·b₁ + g₂ = (−3.4, 12), θ₂ = θ₁ − 0.1·b₂ = (0.54, −2).
      const args = ['run', 'test/fixtures/quadraticBowl.ts', '--optimizer', 'sgd', '--lr', '0.1', '--set', 'momentum=0.9', '--iterations', '6', '--format', 'json'];
      const traced = lrlab([...args, '--trace-state', '2']);
      assert.equal(traced.code, 0, traced.stderr);
      const plain = lrlab(args);
      const records = (r: Result) => json<{ records: unknown[]; stopReason: string }>(r);
      assert.deepEqual(records(traced).records, records(plain).records, 'tracing changes nothing of the run');
      assert.equal(records(traced).stopReason, 'maxIterations');
      const rows = (step: number): string[][] => {
        const block = traced.stderr.split(/^(?=step \d)/m).find((b) => b.startsWith(`step ${step} `));
        assert.ok(block, `step ${step} traced: ${traced.stderr}`);
        return block.trim().split('\n').slice(1).map((line) => line.trim().split(/\s+/));
      };
      assert.match(traced.stderr, /^step 1 · lr 0\.1 · f\(θₖ₋₁\) 9 · ‖g‖ 8\.246211251235321 · sgd$/m);
      const one = rows(1);
      assert.deepEqual(one[0], ['i', 'θₖ₋₁', 'g', 'momentum_buffer', 'lr', 'Δθ', 'θₖ']);
      assert.deepEqual(one.slice(1).map((r) => r.slice(1, 5).map(Number)), [
        [0, -2, -2, 0.1],
        [0, 8, 8, 0.1],
      ]);
      assert.deepEqual(one.slice(1).map((r) => Number(r[6])), [0.2, -0.8]);
      const two = rows(2);
      const near = (a: number, b: number) => Math.abs(a - b) <= 1e-13 * Math.max(1, Math.abs(b));
      const expected = [
        [0.2, -1.6, -3.4, 0.1, 0.34, 0.54],
        [-0.8, 4.8, 12, 0.1, -1.2, -2],
      ];
      two.slice(1).forEach((r, i) => r.slice(1).map(Number).forEach((v, c) => assert.ok(near(v, expected[i]![c]!), `step 2 row ${i} column ${two[0]![c + 1]}: ${v} vs ${expected[i]![c]}`)));
      assert.ok(!/^step 3 /m.test(traced.stderr), 'only the first two steps');
    });

    it('--format json prints the record contract with the fully resolved config', () => {
      const r = lrlab(['run', 'test/fixtures/quadraticBowl.ts', '--optimizer', 'sgd', '--lr', '0.1', '--iterations', '5', '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = json(r);
      assert.deepEqual(Object.keys(doc), ['objective', 'config', 'stopReason', 'detail', 'summary', 'records']);
      assert.deepEqual(doc.config, JSON.parse(JSON.stringify(resolveRunConfig({ optimizer: { type: 'sgd', lr: 0.1 }, iterations: 5 }))));
      assert.deepEqual(doc.config.optimizer, { type: 'sgd', lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 });
      assert.equal(doc.objective.name, 'quadraticBowl');
      assert.equal(doc.objective.gradient, 'user');
      assert.equal(doc.objective.file, path.join(repoRoot, 'test/fixtures/quadraticBowl.ts'));
      assert.equal(doc.stopReason, 'maxIterations');
      assert.deepEqual(Object.keys(doc.summary), ['finalLoss', 'bestLoss', 'steps', 'wallTimeMs']);
      assert.equal(doc.summary.steps, 5);
      assert.equal(doc.records.length, 5);
      doc.records.forEach((rec: any, i: number) => {
        const k = i + 1;
        assert.deepEqual(Object.keys(rec), ['step', 'lr', 'loss', 'gradNorm', 'params', 'metrics']);
        assert.equal(rec.step, k);
        assert.equal(rec.lr, 0.1);
        // GD on (x0 − 1)² + 2 (x1 + 2)² from (0, 0): x0 = 1 − 0.8^k, x1 = −2 + 2·0.6^k after k steps.
        assertClose(rec.params[0], 1 - 0.8 ** k, 1e-12, `x0 after step ${k}`);
        assertClose(rec.params[1], -2 + 2 * 0.6 ** k, 1e-12, `x1 after step ${k}`);
        assertClose(rec.loss, 0.8 ** (2 * (k - 1)) + 8 * 0.6 ** (2 * (k - 1)), 1e-12, `loss of step ${k}`);
        assert.deepEqual(Object.keys(rec.metrics), ['distance', 'first']);
      });
      assertClose(doc.summary.finalLoss, 0.8 ** 10 + 8 * 0.6 ** 10, 1e-12, 'final loss');
    });

    it('--format csv prints a header and one row per step with parameter and metric columns', () => {
      const r = lrlab(['run', 'test/fixtures/quadraticBowl.ts', '--optimizer', 'sgd', '--lr', '0.1', '--iterations', '4', '--format', 'csv']);
      assert.equal(r.code, 0, r.stderr);
      const [head, ...rows] = r.stdout.trimEnd().split('\n');
      assert.equal(head, 'step,lr,loss,gradNorm,p0,p1,distance,first');
      assert.equal(rows.length, 4);
      const last = rows[3]!.split(',').map(Number);
      assert.equal(last[0], 4);
      assertClose(last[4]!, 1 - 0.8 ** 4, 1e-12, 'p0 after step 4');
      assertClose(last[5]!, -2 + 2 * 0.6 ** 4, 1e-12, 'p1 after step 4');
    });

    it('the default table shows what ran, selected steps and how it ended', () => {
      const r = lrlab(['run', 'test/fixtures/quadraticBowl.ts', '--optimizer', 'sgd', '--lr', '0.1', '--iterations', '100']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^quadraticBowl {2}test\/fixtures\/quadraticBowl\.ts · object form · 2 parameters · gradient: its grad$/m);
      assert.match(r.stdout, /^optimizer {2}sgd \(lr=0\.1, momentum=0, dampening=0, nesterov=false, weightDecay=0\)$/m);
      assert.match(r.stdout, /^schedule {3}constant$/m);
      const steps = r.stdout.split('\n').filter((l) => /^\s*\d+\s/.test(l)).map((l) => Number(l.trim().split(/\s+/)[0]));
      assert.deepEqual(steps.slice(0, 5), [1, 2, 3, 4, 5]);
      assert.equal(steps[steps.length - 1], 100);
      assert.match(r.stdout, /^stopped {4}maxIterations: reached the iteration limit of 100 steps$/m);
      assert.match(r.stdout, /^result {5}final loss \S+ · best \S+ · 100 steps in /m);
    });

    it('an optimizer that sets its own step size (Prodigy): the lr column is d·lr, and a line says the lr it found', () => {
      const flags = ['run', 'test/fixtures/quadraticBowl.ts', '--optimizer', 'prodigy', '--iterations', '30'];
      const doc = json(lrlab([...flags, '--format', 'json']));
      // Step 1 uses Prodigy's starting estimate d0 = 1e-6 times lr 1; by step 30 d has grown.
      assert.equal(doc.records[0].lr, 1e-6);
      const found = doc.records[29].lr;
      assert.ok(found > 1e-3, String(found));
      const table = lrlab(flags).stdout;
      assert.match(table, /^step +d·lr +loss +gradNorm/m);
      assert.match(table, new RegExp(`^lr found {3}${formatNumber(found).replace('.', '\\.')}: the step size prodigy used at step 30 \\(d·lr, its estimate d times the schedule's lr\\)$`, 'm'));
      assert.doesNotMatch(lrlab(['run', 'test/fixtures/quadraticBowl.ts', '--optimizer', 'adam', '--iterations', '5']).stdout, /^lr found/m);
    });

    it('--set reaches optimizer and schedule options; --config is overridden by flags', () => {
      const config = path.join(tmp, 'run.json');
      writeFileSync(config, JSON.stringify({ optimizer: { type: 'sgd', lr: 0.5 }, iterations: 50, schedule: { type: 'cosine' } }));
      const r = lrlab(['run', 'test/fixtures/quadraticBowl.ts', '--config', config, '--lr', '0.1', '--iterations', '4', '--set', 'momentum=0.9', '--set', 'schedule.type=step', '--set', 'schedule.stepSize=2', '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = json(r);
      assert.deepEqual(doc.config.optimizer, { type: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 0 });
      assert.deepEqual(doc.config.schedule, { type: 'step', stepSize: 2, gamma: 0.1 });
      assert.equal(doc.config.iterations, 4);
      // StepLR: lr = 0.1 · 0.1^⌊t/2⌋ for step t + 1.
      assert.deepEqual(doc.records.map((x: { lr: number }) => x.lr), [0.1, 0.1, 0.1 * 0.1, 0.1 * 0.1]);
    });

    it('--x0 and --objective choose the start and the export', () => {
      const r = lrlab(['run', 'test/fixtures/twoObjectives.ts', '--objective', 'second', '--x0', '-1,3', '--iterations', '1', '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = json(r);
      assert.equal(doc.objective.name, 'second');
      assert.deepEqual(doc.objective.x0, [-1, 3]);
      assert.equal(doc.records[0].loss, 4 + 9);
    });

    it('--out writes the output to a file', () => {
      const out = path.join(tmp, 'run.csv');
      const r = lrlab(['run', 'test/fixtures/quadraticBowl.ts', '--iterations', '3', '--format', 'csv', '--out', out]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /wrote csv \(3 steps, maxIterations\) to /);
      assert.equal(readFileSync(out, 'utf8').trimEnd().split('\n').length, 4);
    });

    it('exits 3 when the run diverges', () => {
      const r = lrlab(['run', 'examples/rosenbrock.ts', '--optimizer', 'sgd', '--lr', '0.008']);
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stdout, /^stopped {4}diverged: /m);
    });

    it('exits 4 at the time limit, printing the steps it made', () => {
      const r = lrlab(['run', 'test/fixtures/infiniteLoop.ts', '--iterations', '1000000', '--time-limit', '1', '--format', 'json']);
      assert.equal(r.code, 4, r.stderr);
      const doc = json(r);
      assert.equal(doc.stopReason, 'timeout');
      assert.ok(doc.records.length > 0 && doc.records.length === doc.summary.steps);
    });

    it('Ctrl+C cancels the run, prints what was computed and exits 130', async () => {
      const { code, stdout } = await lrlabInterrupted(['run', 'test/fixtures/slowAnnounced.ts', '--iterations', '1000000', '--format', 'json', '--no-typecheck']);
      assert.equal(code, 130);
      const doc = JSON.parse(stdout);
      assert.equal(doc.stopReason, 'cancelled');
      // The 10th call of f began after 9 whole steps, and none of them is lost, whichever reached this
      // process first, the line on stderr or the worker's records (the run ends after its step under
      // way; even a worker terminated after the grace has its queued batches read first).
      assert.ok(doc.summary.steps >= 9 && doc.records.length === doc.summary.steps, `steps ${doc.summary.steps}, records ${doc.records.length}`);
      assert.deepEqual(
        doc.records.map((r: { step: number }) => r.step),
        Array.from({ length: doc.summary.steps }, (_, i) => i + 1),
      );
    });
  });

  describe('errors', () => {
    it('a compile error is one line file:line:col: message and exit 1', () => {
      const r = lrlab(['run', 'test/fixtures/syntaxError.ts']);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.equal(errorLine(r), 'lrlab: test/fixtures/syntaxError.ts:3:29: Unexpected "*"');
    });

    it('an exception in f prints the steps before it and one line at the user line', () => {
      const r = lrlab(['run', 'test/fixtures/throwsInF.ts']);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^stopped {4}error: f failed at step 4/m);
      assert.equal(errorLine(r), 'lrlab: test/fixtures/throwsInF.ts:7:28: f failed at step 4: RangeError: call 4 went wrong');
    });

    it('a NaN loss at the start is one line at the f that returned it', () => {
      const r = lrlab(['run', 'test/fixtures/returnsNaN.ts']);
      assert.equal(r.code, 1);
      assert.equal(errorLine(r), `lrlab: test/fixtures/returnsNaN.ts:${markedLine('returnsNaN.ts', 'nanF')}:6: f returned NaN at the starting point`);
    });

    it('--format json still prints the document with the error', () => {
      const r = lrlab(['run', 'test/fixtures/noStartingPoint.ts', '--format', 'json']);
      assert.equal(r.code, 1);
      const doc = json(r);
      assert.equal(doc.stopReason, 'error');
      assert.equal(doc.error.code, 'invalidObjective');
      assert.deepEqual(doc.records, []);
      assert.equal(doc.summary.finalLoss, null);
      assert.equal(errorLine(r), 'lrlab: test/fixtures/noStartingPoint.ts:2: untagged has no starting point: add a JSDoc tag `@x0 [...]` or pass --x0');
    });

    it('usage errors exit 2 with one line', () => {
      const cases: [string[], RegExp][] = [
        [['run', 'test/fixtures/quadraticBowl.ts', '--optimzer', 'sgd'], /^lrlab: unknown flag --optimzer; did you mean --optimizer\? \(see lrlab help run\)$/],
        [['run', 'test/fixtures/absent.ts'], /^lrlab: cannot read test\/fixtures\/absent\.ts: no such file$/],
        [['run'], /^lrlab: lrlab run needs a file/],
        [['run', 'test/fixtures/quadraticBowl.ts', '--optimizer', 'adm'], /^lrlab: unknown optimizer "adm"; valid optimizers: sgd, adagrad, rmsprop, adam, adamw, adadelta, adamax, nadam, radam, adafactor, rprop, asgd, lbfgs, lion, sgdScheduleFree, adamwScheduleFree, prodigy, dAdaptAdam$/],
        [['run', 'test/fixtures/quadraticBowl.ts', '--set', 'betas=0.9'], /^lrlab: optimizer adam\.betas must be a pair/],
        [['run', 'test/fixtures/quadraticBowl.ts', '--format', 'xml'], /^lrlab: --format must be one of table, json, csv \(got "xml"\)$/],
        [['frobnicate'], /^lrlab: unknown command "frobnicate"; commands: run, find-lr, sweep, list, check, gradient, schedule, explain, help/],
      ];
      for (const [args, message] of cases) {
        const r = lrlab(args);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(errorLine(r), message);
      }
    });
  });

  describe('lrlab list / check / schedule / help', () => {
    it('lrlab list shows each objective with form, dimension, gradient, data, metrics and line', () => {
      const r = lrlab(['list', 'test/fixtures/twoObjectives.ts']);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      assert.deepEqual(lines[0]!.split(/\s+/), ['name', 'form', 'dimension', 'gradient', 'stochastic', 'metrics', 'line']);
      // No grad: LR Lab differentiates them (exact).
      assert.deepEqual(lines[1]!.split(/\s+/), ['first', 'object', '1', 'exact', 'no', 'no', '1']);
      assert.deepEqual(lines[2]!.split(/\s+/), ['second', 'function', '2', 'exact', 'no', 'no', '4']);
      const doc = json(lrlab(['list', 'test/fixtures/miniBatch.ts', '--format', 'json']));
      assert.deepEqual(doc.objectives, [{ name: 'line', form: 'object', dim: 2, hasGradient: true, stochastic: true, hasMetrics: true, gradient: { source: 'user', reason: null }, line: markedLine('miniBatch.ts', 'export') }]);
    });

    it('lrlab check passes a correct grad and exits 1 naming the wrong component', () => {
      const good = lrlab(['check', 'test/fixtures/quadraticBowl.ts']);
      assert.equal(good.code, 0, good.stderr);
      assert.match(good.stdout, /^quadraticBowl: gradient check passed at x0 \(2 parameters, relative tolerance 1e-6\)$/m);
      const bad = lrlab(['check', 'test/fixtures/wrongGradient.ts', '--x0', '1,2']);
      assert.equal(bad.code, 1);
      // ∂f/∂x1 = 6 x1 = 12 at x1 = 2; grad says 2 x1 = 4. The exact gradient agrees with finite
      // differences and finds the wrong grad too.
      assert.match(bad.stdout, /^  worst component x\[1\]: grad 4 vs finite differences 12 /m);
      assert.match(bad.stdout, /^  exact gradient vs finite differences: agree /m);
      assert.match(bad.stdout, /^  grad vs exact gradient: DISAGREE .*\n    worst component x\[1\]: grad 4 vs exact gradient 12 \(abs error 8, rel error 0\.666667\)$/m);
      assert.match(errorLine(bad), /^lrlab: mistaken\.grad disagrees with finite differences and with exact gradient \(worst: x\[1\], relative error 0\.666667 > 1e-6\)$/);
    });

    it('lrlab schedule prints lrs[i] = lr of step i + 1, matching the closed form', () => {
      const r = lrlab(['schedule', '--schedule', 'cosine', '--lr', '0.1', '--steps', '10', '--set', 'etaMin=0.001']);
      assert.equal(r.code, 0, r.stderr);
      const doc = json<{ lrs: number[]; schedule: { type: string; tMax: number } }>(r);
      assert.equal(doc.schedule.tMax, 10);
      assert.equal(doc.lrs.length, 10);
      // CosineAnnealingLR: η_t = ηmin + (η0 − ηmin)(1 + cos(πt/T))/2, t = 0 … 9.
      doc.lrs.forEach((lr, t) => assertClose(lr, 0.001 + (0.1 - 0.001) * (1 + Math.cos((Math.PI * t) / 10)) / 2, 1e-15, `lr of step ${t + 1}`));
    });

    it('lrlab schedule --config reads a schedule (or a run config) file; plateau needs --metrics', () => {
      const file = path.join(tmp, 'schedule.json');
      writeFileSync(file, JSON.stringify({ schedule: { type: 'plateau', patience: 1 } }));
      const missing = lrlab(['schedule', '--config', file, '--lr', '0.1', '--steps', '5']);
      assert.equal(missing.code, 2);
      assert.match(errorLine(missing), /give --metrics with 5 values/);
      // patience 1: the 2nd step without improvement (reported after step 3) cuts the lr by factor 0.1.
      const r = lrlab(['schedule', '--config', file, '--lr', '0.1', '--steps', '5', '--metrics', '1,1,1,1,1', '--format', 'csv']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `step,lr\n1,0.1\n2,0.1\n3,0.1\n4,${0.1 * 0.1}\n5,${0.1 * 0.1}\n`);
      // Inline JSON: StepLR halves the lr every 2 steps, lr_t = 0.5^floor(t / 2) for t = 0…4.
      const inline = json(lrlab(['schedule', '--config', '{"type": "step", "stepSize": 2, "gamma": 0.5}', '--lr', '1', '--steps', '5']));
      assert.deepEqual(inline.lrs, [1, 1, 0.5, 0.5, 0.25]);
    });

    it('lrlab --help lists commands, optimizers, schedules and exit codes; help COMMAND gives its flags', () => {
      const r = lrlab(['--help']);
      assert.equal(r.code, 0);
      for (const text of ['lrlab run FILE.ts', 'lrlab schedule', 'sgd, adagrad, rmsprop, adam, adamw, adadelta, adamax, nadam', 'cosine', 'plateau', '130  cancelled']) assert.ok(r.stdout.includes(text), text);
      assert.match(lrlab(['help', 'run']).stdout, /--set NAME=VALUE/);
      assert.match(lrlab(['run', '--help']).stdout, /--time-limit S/);
      assert.match(lrlab(['help', 'optimizers']).stdout, /^adam: Adam \(torch\.optim\.Adam\)$/m);
      const catalog = lrlab(['help', 'optimizers']).stdout;
      for (const type of optimizerTypes) assert.match(catalog, new RegExp(`^${type}: ${optimizerDefinitions[type].title}`, 'm'), `lrlab help optimizers lacks ${type}`);
      assert.match(r.stdout, new RegExp(`Optimizers \\(lrlab help optimizers\\): ${optimizerTypes.join(', ')}`));
      assert.equal(lrlab(['help', 'nothing']).code, 2);
    });
  });

  it('lrlab with no arguments runs the Rosenbrock example with Adam and suggests what to try', () => {
    const r = lrlab([], tmp);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^rosenbrock .*examples\/rosenbrock\.ts · object form · 2 parameters/m);
    assert.match(r.stdout, /^optimizer {2}adam \(lr=0\.1, /m);
    assert.match(r.stdout, /^stopped {4}maxIterations: reached the iteration limit of 1000 steps$/m);
    const finalLoss = Number(/final loss (\S+)/.exec(r.stdout)![1]);
    assert.ok(finalLoss < 1e-4, `final loss ${finalLoss}`);
    assert.match(r.stdout, /Try next:\n {2}lrlab run .*--set momentum=0\.9/);
  });
});
