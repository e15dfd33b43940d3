/** What `npm test`'s summary says about a failed stage (scripts/testReport.mjs) and how the harness install retries. */
import assert from 'node:assert/strict';
// @ts-expect-error -- a plain ES module of the scripts, without types
import { countTests, failureReason } from '../../../scripts/testReport.mjs';
// @ts-expect-error -- a plain ES module of the scripts, without types
import { cleanEnv, isTransientFailure, withRetries } from '../../../scripts/harness/install.mjs';

const mochaFailure = [
  '  ....!..',
  '',
  '  1351 passing (2m)',
  '  2 failing',
  '',
  '  1) lrlab (CLI)',
  '       lrlab run',
  '         Ctrl+C cancels the run, prints what was computed and exits 130:',
  '     AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:',
  '',
  'null !== 130',
  '',
  '  2) RunLauncher',
  '       run streams header:',
  '',
  '      AssertionError [ERR_ASSERTION]: Expected values to be strictly deep-equal:',
].join('\n');

// What `npm test` printed on a fresh clone before the harness install ran outside npm's environment.
const harnessFailure = [
  '[harness:install] apt: chromium, fonts-liberation, libkrb5-dev already installed',
  '[harness:install] node 24.21.0: installed (9.1 s)',
  '[harness:install] FAILED: npm install --save-exact --no-audit --no-fund code-server@4.139.1 failed (exit 1); its last lines (all of it in /repo/.cache/harness/install.log):',
  'npm error code 1',
  'npm error path /repo/.cache/harness/code-server/node_modules/code-server',
  'npm error command failed',
  'npm error command sh -c sh ./postinstall.sh',
  'npm error ERROR: code-server currently requires node v24. We have detected that you are on node v20',
  'npm error A complete log of this run can be found in: /root/.npm/_logs/x.log',
].join('\n');

describe('npm test summary: why a stage failed', () => {
  it('mocha: the count and the first failure, suite › test: error', () => {
    assert.deepEqual(countTests(mochaFailure), { passed: 1351, failed: 2 });
    assert.equal(
      failureReason(mochaFailure, { result: 'FAIL', detail: 'exit 2' }),
      '2 failing; first: lrlab (CLI) › lrlab run › Ctrl+C cancels the run, prints what was computed and exits 130: AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:',
    );
  });

  it("harness: the installer's step and the error it met", () => {
    assert.equal(
      failureReason(harnessFailure, { result: 'FAIL', detail: 'exit 1' }),
      'npm install --save-exact --no-audit --no-fund code-server@4.139.1 failed: ERROR: code-server currently requires node v24. We have detected that you are on node v20',
    );
  });

  it('a timeout, and any other failure by its last line', () => {
    assert.match(failureReason('starting code-server\nwaiting for the workbench\n', { result: 'TIMEOUT', limit: 900 }), /^still running after its limit of 900 s: stopped \(a hang\?\); last output: waiting for the workbench$/);
    assert.equal(failureReason('compiling\nsrc/x.ts(3,1): error TS2304: Cannot find name y.\n', { result: 'FAIL', detail: 'exit 2' }), 'src/x.ts(3,1): error TS2304: Cannot find name y. (exit 2)');
  });
});

describe('harness install', () => {
  it("drops the outer npm's npm_* variables (code-server's postinstall read npm_config_user_agent's node/v20)", () => {
    const saved = { ...process.env };
    try {
      process.env.npm_config_user_agent = 'npm/11.0.0 node/v20.20.2 linux x64 workspaces/false';
      process.env.npm_lifecycle_event = 'test';
      process.env.LRLAB_KEEP = 'kept';
      const env = cleanEnv() as Record<string, string>;
      assert.equal(Object.keys(env).filter((k) => /^npm_/i.test(k)).length, 0);
      assert.equal(env.LRLAB_KEEP, 'kept');
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });

  it('retries a registry or network hiccup, up to twice, and nothing else', () => {
    assert.equal(isTransientFailure('npm error code ECONNRESET\nnpm error network aborted'), true);
    assert.equal(isTransientFailure('npm error 503 Service Unavailable - GET https://registry/code-server'), true);
    assert.equal(isTransientFailure('E: Failed to fetch http://deb.debian.org/debian/pool/main/c/chromium.deb  Connection timed out'), true);
    assert.equal(isTransientFailure('npm error ERROR: code-server currently requires node v24'), false);
    assert.equal(isTransientFailure('npm error 404 Not Found - GET https://registry/code-server@9.9.9'), false);

    const slept: number[] = [];
    let tries = 0;
    const result = withRetries(
      () => {
        tries++;
        if (tries < 3) throw new Error('npm install failed; npm error code ECONNRESET');
        return 'installed';
      },
      { sleep: (s: number) => slept.push(s) },
    );
    assert.equal(result, 'installed');
    assert.deepEqual(slept, [5, 20]);

    tries = 0;
    assert.throws(
      () =>
        withRetries(
          () => {
            tries++;
            throw new Error('npm error ERROR: code-server currently requires node v24');
          },
          { sleep: () => undefined },
        ),
      /requires node v24/,
    );
    assert.equal(tries, 1, 'a failure that is not a hiccup is not tried again');

    tries = 0;
    assert.throws(() =>
      withRetries(
        () => {
          tries++;
          throw new Error('ETIMEDOUT');
        },
        { sleep: () => undefined },
      ),
    );
    assert.equal(tries, 3, 'three tries in all');
  });
});
