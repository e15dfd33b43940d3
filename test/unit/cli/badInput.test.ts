/**
 * `lrlab` as a new user meets it with bad input and surprising cases: every one answered with
 * what happened, where, and an exit code the README's table states. Runs `node bin/lrlab.js`
 * against the built dist/ (npm run build).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EXIT } from '../../../src/cli/exitCodes';

const repoRoot = path.join(__dirname, '..', '..', '..');
const bin = path.join(repoRoot, 'bin', 'lrlab.js');
const tmp = mkdtempSync(path.join(tmpdir(), 'lrlab-bad-input-'));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** `lrlab ARGS`; runs skip the type check (tested on its own below) unless `typecheck` is set. */
function lrlab(args: string[], options: { cwd?: string; typecheck?: boolean } = {}): Result {
  const started = performance.now();
  const all = args[0] === 'run' && !options.typecheck ? [...args, '--no-typecheck'] : args;
  // A bound only a hang reaches; the runs below take well under a few seconds each.
  const r = spawnSync(process.execPath, [bin, ...all], { cwd: options.cwd ?? repoRoot, encoding: 'utf8', timeout: 90_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - started };
}

function stderrLines(r: Result): string[] {
  return r.stderr.split('\n').filter((l) => l !== '');
}

function markedLine(fixture: string, name: string): number {
  return readFileSync(path.join(repoRoot, 'test', 'fixtures', fixture), 'utf8').split('\n').findIndex((l) => l.includes(`// MARK: ${name}`)) + 1;
}

describe('lrlab with bad input', function () {
  this.timeout(120_000);
  before(() => {
    if (!existsSync(path.join(repoRoot, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run npm run build before these tests');
  });

  describe('a file whose top level never finishes', () => {
    for (const format of ['table', 'json', 'csv']) {
      it(`says so within --eval-time-limit, --format ${format}`, () => {
        const r = lrlab(['run', 'test/fixtures/hangsAtLoad.ts', '--eval-time-limit', '0.5', '--format', format]);
        assert.equal(r.code, EXIT.error, r.stderr);
        assert.deepEqual(stderrLines(r), [
          'lrlab: hangsAtLoad.ts did not finish loading within 0.5 s (an endless loop at its top level?); raise it with --eval-time-limit or the lrlab.evalTimeLimitSeconds setting if it is merely slow',
        ]);
        if (format === 'json') {
          const doc = JSON.parse(r.stdout);
          assert.equal(doc.stopReason, 'error');
          assert.equal(doc.error.code, 'evalTimeout');
        } else {
          assert.equal(r.stdout, '');
        }
      });

      it(`says so at the run's time limit when that comes first, --format ${format}`, () => {
        const r = lrlab(['run', 'test/fixtures/hangsAtLoad.ts', '--time-limit', '0.5', '--format', format]);
        assert.equal(r.code, EXIT.timeout, r.stderr);
        const said = 'stopped at the time limit of 0.5 s: the file did not finish loading';
        if (format === 'table') {
          assert.match(r.stdout, new RegExp(`^stopped {4}timeout: ${said}$`, 'm'));
        } else {
          assert.deepEqual(stderrLines(r), [`lrlab: test/fixtures/hangsAtLoad.ts: timeout: ${said}`]);
          if (format === 'json') assert.equal(JSON.parse(r.stdout).detail, said);
        }
      });
    }
  });

  describe('an objective call that never returns', () => {
    it('ends after --eval-time-limit at f, with every record made before it', () => {
      const r = lrlab(['run', 'test/fixtures/hangsInF.ts', '--optimizer', 'sgd', '--lr', '0.1', '--eval-time-limit', '1', '--format', 'json']);
      assert.equal(r.code, EXIT.error, r.stderr);
      assert.deepEqual(stderrLines(r), [
        `lrlab: test/fixtures/hangsInF.ts:${markedLine('hangsInF.ts', 'f')}:3: hangsInF.f did not return within 1 s (an endless loop?); raise it with --eval-time-limit or the lrlab.evalTimeLimitSeconds setting if it is merely slow (after 30 steps)`,
      ]);
      const doc = JSON.parse(r.stdout);
      assert.equal(doc.summary.steps, 30);
      assert.equal(doc.records.length, 30);
      assert.ok(r.ms < 30_000, `took ${r.ms} ms: the 60 s run limit was not what stopped it`);
    });

    it('the default limit is 10 s (lrlab help run says so)', () => {
      assert.match(lrlab(['help', 'run']).stdout, /--eval-time-limit S .*\n.*\(default 10\)/);
    });
  });

  it('a closed stdout (lrlab run … | head -2) ends quietly with 141 and no stack trace', async () => {
    const child = spawn(process.execPath, [bin, 'run', 'test/fixtures/quadraticBowl.ts', '--iterations', '20000', '--format', 'json'], { cwd: repoRoot });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    // Read the first chunk, then close the pipe as head does.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, EXIT.stdoutClosed);
    assert.equal(stderr, '');
  });

  describe('--out', () => {
    it('a path in a missing directory is refused before anything runs, naming it', () => {
      const r = lrlab(['run', 'test/fixtures/slow.ts', '--iterations', '1000000', '--out', '/no/such/dir/x.csv', '--format', 'csv']);
      assert.equal(r.code, EXIT.usage);
      assert.deepEqual(stderrLines(r), ['lrlab: --out /no/such/dir/x.csv: no such directory /no/such/dir; nothing was run']);
      assert.ok(r.ms < 20_000, `took ${r.ms} ms (a run would take the 60 s time limit)`);
    });

    it('a directory is refused too', () => {
      mkdirSync(path.join(tmp, 'a-dir'), { recursive: true });
      const r = lrlab(['run', 'test/fixtures/quadraticBowl.ts', '--out', path.join(tmp, 'a-dir')]);
      assert.equal(r.code, EXIT.usage);
      assert.match(stderrLines(r)[0]!, /--out .*a-dir: is a directory; give a file name; nothing was run$/);
    });

    it('lrlab schedule checks it the same way', () => {
      const r = lrlab(['schedule', '--schedule', 'cosine', '--lr', '0.1', '--steps', '10', '--out', '/no/such/dir/lrs.json']);
      assert.equal(r.code, EXIT.usage);
      assert.deepEqual(stderrLines(r), ['lrlab: --out /no/such/dir/lrs.json: no such directory /no/such/dir; nothing was run']);
    });
  });

  describe('TypeScript errors in the file', () => {
    const scaleLine = markedLine('typeError.ts', 'scale');
    const warning = `lrlab: warning: test/fixtures/typeError.ts:${scaleLine}:7: Type 'string' is not assignable to type 'number'. (TS2322)`;

    it('are warnings at their file:line:col, and the run goes ahead', () => {
      const r = lrlab(['run', 'test/fixtures/typeError.ts', '--iterations', '3'], { typecheck: true });
      assert.equal(r.code, EXIT.ok, r.stderr);
      assert.deepEqual(stderrLines(r), [warning]);
      assert.match(r.stdout, /^stopped {4}maxIterations/m);
    });

    it('--format json lists them as typeErrors', () => {
      const r = lrlab(['run', 'test/fixtures/typeError.ts', '--iterations', '3', '--format', 'json'], { typecheck: true });
      const doc = JSON.parse(r.stdout);
      assert.deepEqual(doc.typeErrors, [
        { code: 'TS2322', message: "Type 'string' is not assignable to type 'number'.", location: { file: path.join(repoRoot, 'test/fixtures/typeError.ts'), line: scaleLine, column: 7 } },
      ]);
      assert.equal(doc.records.length, 3);
    });

    it('--strict refuses to run such a file (exit 1), --no-typecheck skips the check', () => {
      const strict = lrlab(['run', 'test/fixtures/typeError.ts', '--strict'], { typecheck: true });
      assert.equal(strict.code, EXIT.error);
      assert.equal(strict.stdout, '');
      assert.deepEqual(stderrLines(strict), [
        `lrlab: test/fixtures/typeError.ts:${scaleLine}:7: Type 'string' is not assignable to type 'number'. (TS2322)`,
        'lrlab: 1 type error in test/fixtures/typeError.ts (--strict runs only a file without them)',
      ]);
      const unchecked = lrlab(['run', 'test/fixtures/typeError.ts', '--iterations', '3', '--no-typecheck'], { typecheck: true });
      assert.equal(unchecked.code, EXIT.ok);
      assert.equal(unchecked.stderr, '');
    });

    it('a correct file prints no warning, also with --strict', () => {
      const r = lrlab(['run', 'test/fixtures/quadraticBowl.ts', '--iterations', '3', '--strict'], { typecheck: true });
      assert.equal(r.code, EXIT.ok, r.stderr);
      assert.equal(r.stderr, '');
    });
  });

  it("horizons default to the run's length: polynomial and linear decay over all 200 steps, as the resolved config says", () => {
    for (const schedule of ['polynomial', 'linear']) {
      const r = lrlab(['run', 'test/fixtures/quadraticBowl.ts', '--optimizer', 'sgd', '--lr', '0.1', '--schedule', schedule, '--iterations', '200', '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = JSON.parse(r.stdout);
      assert.equal(doc.config.schedule.totalIters, 200, schedule);
      const lrs = doc.records.map((rec: { lr: number }) => rec.lr);
      assert.ok(lrs.every((lr: number) => lr > 0), `${schedule}: every step has an lr > 0 (the last is ${lrs[199]})`);
    }
    const table = lrlab(['run', 'test/fixtures/quadraticBowl.ts', '--schedule', 'polynomial', '--iterations', '200']);
    assert.match(table.stdout, /^schedule {3}polynomial \(totalIters=200, power=1\)$/m);
  });

  it('lrlab check says plainly which components were judged at the noise floor, and why', () => {
    const r = lrlab(['check', 'examples/logisticRegression.ts']);
    assert.equal(r.code, EXIT.ok, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'logisticRegression: gradient check passed at x0 (5 parameters, relative tolerance 1e-6)');
    assert.match(lines[1]!, /^ {2}4 components judged by the relative tolerance: max rel error (\S+) \(x\[\d\]\)$/);
    assert.ok(Number(/max rel error (\S+)/.exec(lines[1]!)![1]) < 1e-6);
    assert.match(lines[2]!, /^ {2}1 component judged at the noise floor instead: x\[4\]\. Its derivative is about 0, where a relative error means nothing/);
    assert.match(lines[3]!, /^ {4}x\[4\]: grad \S+ vs finite differences \S+: difference (\S+) ≤ noise (\S+) → passes \(rel error 0\.01\d+, not judged\)$/);
  });

  describe('mini-batch runs', () => {
    it('--format json: fullLoss on all the data every --eval-every steps, and bestLoss of that kind, as finalLoss', () => {
      const r = lrlab(['run', 'examples/linearRegression.ts', '--optimizer', 'sgd', '--lr', '0.5', '--iterations', '40', '--eval-every', '10', '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = JSON.parse(r.stdout);
      const evaluated = doc.records.filter((rec: { fullLoss?: number }) => rec.fullLoss !== undefined);
      assert.deepEqual(
        evaluated.map((rec: { step: number }) => rec.step),
        [1, 11, 21, 31],
      );
      assert.equal(doc.config.evalEvery, 10);
      const batchBest = Math.min(...doc.records.map((rec: { loss: number }) => rec.loss));
      assert.equal(doc.summary.bestLoss, Math.min(doc.summary.finalLoss, ...evaluated.map((rec: { fullLoss: number }) => rec.fullLoss)));
      assert.ok(batchBest < doc.summary.bestLoss, `a single batch (${batchBest}) scores below every full-data loss, and is not reported as the best`);
    });

    it('--format csv has a fullLoss column, empty where the step has none; the table shows both losses', () => {
      const csv = lrlab(['run', 'examples/linearRegression.ts', '--iterations', '9', '--format', 'csv']);
      const [head, ...rows] = csv.stdout.trimEnd().split('\n');
      assert.equal(head, 'step,lr,loss,gradNorm,fullLoss,p0,p1,p2,p3,weightError');
      // 256 points in batches of 32: once an epoch is every 8 steps.
      assert.deepEqual(
        rows.map((row) => row.split(',')[4] !== ''),
        [true, false, false, false, false, false, false, false, true],
      );
      const table = lrlab(['run', 'examples/linearRegression.ts', '--iterations', '100']);
      assert.match(table.stdout, /^step +lr +batch loss +loss \(all data\) +gradNorm/m);
      assert.match(table.stdout, /^result {5}final loss \(all data\) \S+ · best \(all data\) \S+ · 100 steps/m);
    });
  });

  it('lrlab gradient where f or a component is not finite says so (JSON writes both NaN and Infinity as null)', () => {
    // returnsNaN.ts: f = sqrt(−1 − x0²) is NaN everywhere, its derivative in x0 too, in x1 exactly 0.
    const json = lrlab(['gradient', 'test/fixtures/returnsNaN.ts', '--format', 'json']);
    assert.equal(json.code, EXIT.ok);
    const document = JSON.parse(json.stdout) as { value: unknown; gradient: unknown[]; nonFinite?: unknown };
    assert.equal(document.value, null);
    assert.deepEqual(document.nonFinite, { value: 'NaN', gradient: { '0': 'NaN' } });
    assert.deepEqual(stderrLines(json), ['lrlab: f is NaN at this point, so its gradient here tells nothing', 'lrlab: gradient component 0 (x[0]) is NaN at this point']);
    const chinese = lrlab(['gradient', 'test/fixtures/returnsNaN.ts', '--lang', 'zh-cn']);
    assert.deepEqual(stderrLines(chinese), ['lrlab: f 在此点为 NaN，因此这里的梯度没有意义', 'lrlab: 梯度分量 0（x[0]）在此点为 NaN']);
    // A finite answer has neither.
    const finite = lrlab(['gradient', 'examples/rosenbrock.ts', '--format', 'json']);
    assert.equal(finite.stderr, '');
    assert.equal((JSON.parse(finite.stdout) as { nonFinite?: unknown }).nonFinite, undefined);
  });

  describe('a point typed on the command line (--x0, --at): the flag, the entry and why', () => {
    const BOWL = 'test/fixtures/quadraticBowl.ts';
    const example = (flag: string) => `; write e.g. ${flag} -1.2,1`;
    it('an entry that is not a finite number, an empty entry or list: refused before anything runs, exit 2, in every command that takes a point', () => {
      const cases: [string[], string][] = [
        [['run', BOWL, '--x0', '1,abc'], `--x0: entry 2 of 2, "abc", is not a number${example('--x0')}`],
        [['run', BOWL, '--x0', 'NaN,1'], `--x0: entry 1 of 2, "NaN", is not a finite number${example('--x0')}`],
        [['run', BOWL, '--x0', '[1, ]'], `--x0: entry 2 of 2 is empty${example('--x0')}`],
        [['run', BOWL, '--x0='], `--x0 has no numbers${example('--x0')}`],
        [['find-lr', BOWL, '--x0', '1,1e999'], `--x0: entry 2 of 2, "1e999", is not a finite number${example('--x0')}`],
        [['sweep', BOWL, '--lr', '0.1', '--x0', '1,,2'], `--x0: entry 2 of 3 is empty${example('--x0')}`],
        [['check', BOWL, '--x0', '1,Infinity'], `--x0: entry 2 of 2, "Infinity", is not a finite number${example('--x0')}`],
        [['gradient', BOWL, '--at', 'x,1'], `--at: entry 1 of 2, "x", is not a number${example('--at')}`],
      ];
      for (const [args, message] of cases) {
        const r = lrlab(args);
        assert.equal(r.code, EXIT.usage, `${args.join(' ')}: ${r.stderr}`);
        assert.deepEqual(stderrLines(r), [`lrlab: ${message}`], args.join(' '));
        assert.equal(r.stdout, '', args.join(' '));
      }
    });

    it("a point of the wrong length names the flag and the objective's x0 length, in every command that takes a point", () => {
      const said = (flag: string, n: number) => `lrlab: ${flag} has ${n === 1 ? '1 value' : `${n} values`}, but objective "quadraticBowl" has 2 parameters (its x0 has 2 values)`;
      const cases: [string[], string][] = [
        [['run', BOWL, '--x0', '1,2,3'], said('--x0', 3)],
        [['run', BOWL, '--x0', '1,2,3', '--format', 'json'], said('--x0', 3)],
        [['find-lr', BOWL, '--x0', '1,2,3'], said('--x0', 3)],
        [['sweep', BOWL, '--lr', '0.1', '--x0', '1,2,3'], said('--x0', 3)],
        [['check', BOWL, '--x0', '1'], said('--x0', 1)],
        [['gradient', BOWL, '--at', '1,2,3'], said('--at', 3)],
      ];
      for (const [args, line] of cases) {
        const r = lrlab(args);
        assert.equal(r.code, EXIT.usage, `${args.join(' ')}: ${r.stderr}`);
        assert.deepEqual(stderrLines(r), [line], args.join(' '));
      }
      // An x0 from a config file is not a flag: it keeps saying so.
      const config = path.join(tmp, 'x0.json');
      writeFileSync(config, '{"x0": [1, 2, 3]}');
      assert.deepEqual(stderrLines(lrlab(['run', BOWL, '--config', config])), ['lrlab: the run config x0 has 3 values but objective "quadraticBowl" has 2 parameters']);
    });

    it('says it in the reader\'s language (zh-cn)', () => {
      assert.deepEqual(stderrLines(lrlab(['run', BOWL, '--x0', '1,abc', '--lang', 'zh-cn'])), ['lrlab: --x0：共 2 项中的第 2 项 "abc" 不是数；请写成例如 --x0 -1.2,1']);
      assert.deepEqual(stderrLines(lrlab(['gradient', BOWL, '--at', '1', '--lang', 'zh-cn'])), ['lrlab: --at 有 1 个值，但目标函数 "quadraticBowl" 有 2 个参数（其 x0 有 2 个值）']);
    });
  });

  it("an object's bad `shape` (parameter blocks) is reported at the object's f, file:line:col, in English and zh-cn", () => {
    const example = 'e.g. [[8, 4], [8]] for an 8 × 4 matrix followed by a vector of 8';
    const nan = lrlab(['run', 'test/fixtures/badObjects.ts', '--objective', 'nanShape', '--optimizer', 'adafactor']);
    assert.equal(nan.code, EXIT.error, nan.stderr);
    assert.deepEqual(stderrLines(nan), [`lrlab: test/fixtures/badObjects.ts:${markedLine('badObjects.ts', 'nanShape')}:6: nanShape.shape[1][0] is NaN, but a dimension of a block must be an integer ≥ 1, ${example}`]);
    for (const command of [['run'], ['check'], ['gradient']]) {
      const short = lrlab([...command, 'test/fixtures/badObjects.ts', '--objective', 'shortShape']);
      assert.notEqual(short.code, EXIT.ok, short.stderr);
      assert.deepEqual(stderrLines(short), [`lrlab: test/fixtures/badObjects.ts:${markedLine('badObjects.ts', 'shortShape')}:6: shortShape.shape holds 2 × 2 = 4 numbers, but there are 5 parameters`], command[0]);
    }
    const chinese = lrlab(['run', 'test/fixtures/badObjects.ts', '--objective', 'shortShape', '--lang', 'zh-cn']);
    assert.deepEqual(stderrLines(chinese), [`lrlab: test/fixtures/badObjects.ts:${markedLine('badObjects.ts', 'shortShape')}:6: shortShape.shape 共 2 × 2 = 4 个数，但参数有 5 个`]);
  });

  it('every usage or config error exits 2, as the README says, with one line', () => {
    const cases: [string[], RegExp][] = [
      [['run', 'test/fixtures/quadraticBowl.ts', '--x0', '1,2,3'], /--x0 has 3 values, but objective "quadraticBowl" has 2 parameters/],
      [['run', 'test/fixtures/quadraticBowl.ts', '--objective', 'nope'], /has no export named "nope"; its objectives are quadraticBowl/],
      [['run', 'test/fixtures/twoObjectives.ts'], /exports 2 objectives \(first, second\); choose one by name/],
      [['run', 'test/fixtures/quadraticBowl.ts', '--batch-size', '4'], /batchSize 4 is for objectives with data/],
      [['run', 'test/fixtures/quadraticBowl.ts', '--iterations', '0'], /--iterations must be a positive integer/],
      [['run', 'test/fixtures/quadraticBowl.ts', '--eval-time-limit', '0'], /--eval-time-limit must be a number > 0/],
      [['run', 'test/fixtures/miniBatch.ts', '--eval-every', '1.5'], /--eval-every must be a positive integer/],
      [['run', 'test/fixtures/quadraticBowl.ts', '--schedule', 'cosine', '--set', 'schedule.tMax=-1'], /schedule cosine\.tMax must be/],
      [['run', 'test/fixtures/quadraticBowl.ts', '--config', '{"iterations": 5,}'], /--config is not valid JSON/],
      [['run', 'test/fixtures/quadraticBowl.ts', '--set', 'frobnicate=1'], /unknown option "frobnicate" for optimizer adam/],
      [['check', 'test/fixtures/quadraticBowl.ts', '--x0', '1'], /--x0 has 1 value, but objective "quadraticBowl" has 2 parameters/],
      [['check', 'test/fixtures/twoObjectives.ts', '--objective', 'third'], /has no export named "third"/],
    ];
    for (const [args, message] of cases) {
      const r = lrlab(args);
      assert.equal(r.code, EXIT.usage, `${args.join(' ')} → exit ${r.code}: ${r.stderr}`);
      const lines = stderrLines(r);
      assert.equal(lines.length, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(lines[0]!, message, args.join(' '));
    }
  });

  it("the README's exit-code table lists every code lrlab uses, with the meaning lrlab help gives", () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `(\d+)` \| (.+?) \|$/gm)].map((m) => [Number(m[1]), m[2]!] as const);
    assert.deepEqual(
      rows.map(([code]) => code),
      Object.values(EXIT),
      'README exit-code table rows, in order',
    );
    const help = lrlab(['--help']).stdout;
    for (const [code] of rows) assert.match(help, new RegExp(`^ {2}${code} +\\S`, 'm'), `lrlab --help lists ${code}`);
  });
});
