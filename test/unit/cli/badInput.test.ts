/**
 * `lrlab` as a new user meets it with bad input and surprising cases: every one answered with
 * what happened, where, and an exit code the README's table states. Runs `node bin/lrlab.js`
 * against the built dist/ (npm run build).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
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

function lrlab(args: string[], cwd = repoRoot): Result {
  const started = performance.now();
  // A bound only a hang reaches; the runs below take well under a few seconds each.
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
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

  it('every usage or config error exits 2, as the README says, with one line', () => {
    const cases: [string[], RegExp][] = [
      [['run', 'test/fixtures/quadraticBowl.ts', '--x0', '1,2,3'], /the run config x0 has 3 values but objective "quadraticBowl" has 2 parameters/],
      [['run', 'test/fixtures/quadraticBowl.ts', '--objective', 'nope'], /has no export named "nope"; its objectives are quadraticBowl/],
      [['run', 'test/fixtures/twoObjectives.ts'], /exports 2 objectives \(first, second\); choose one by name/],
      [['run', 'test/fixtures/quadraticBowl.ts', '--batch-size', '4'], /batchSize 4 is for objectives with data/],
      [['run', 'test/fixtures/quadraticBowl.ts', '--iterations', '0'], /--iterations must be a positive integer/],
      [['run', 'test/fixtures/quadraticBowl.ts', '--eval-time-limit', '0'], /--eval-time-limit must be a number > 0/],
      [['run', 'test/fixtures/miniBatch.ts', '--eval-every', '1.5'], /--eval-every must be a positive integer/],
      [['run', 'test/fixtures/quadraticBowl.ts', '--schedule', 'cosine', '--set', 'schedule.tMax=-1'], /schedule cosine\.tMax must be/],
      [['run', 'test/fixtures/quadraticBowl.ts', '--config', '{"iterations": 5,}'], /--config is not valid JSON/],
      [['run', 'test/fixtures/quadraticBowl.ts', '--set', 'frobnicate=1'], /unknown option "frobnicate" for optimizer adam/],
      [['check', 'test/fixtures/quadraticBowl.ts', '--x0', '1'], /gradient check point has 1 values but objective "quadraticBowl" has 2 parameters/],
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
