/**
 * The bundler fallback (src/core/loader/esbuildApi.ts): with esbuild's native binary unavailable —
 * its platform package hidden from module resolution, as in a .vsix or install made for another
 * machine — runs still bundle, with esbuild-wasm, and compile errors still point at the user's line.
 * Each case is a fresh `node --require hideNativeEsbuild.cjs bin/lrlab.js …` (the bundler is chosen
 * once per process), against the built dist/: esbuild-wasm's service as it ships, started through
 * esbuildApi.ts's launcher with its V8 flags (Liftoff only).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const repoRoot = path.join(__dirname, '..', '..', '..', '..');
const bin = path.join(repoRoot, 'bin', 'lrlab.js');
const hide = path.join(__dirname, 'hideNativeEsbuild.cjs');
/** Only a hang reaches this: the wasm service starts in seconds, slower on a loaded machine. */
const HANG_BOUND_MS = 120_000;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function lrlab(args: readonly string[], env: NodeJS.ProcessEnv = {}, preload = true): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(preload ? ['--require', hide] : []), bin, ...args], { cwd: repoRoot, env: { ...process.env, LRLAB_BUNDLER: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const FALLBACK_NOTE = /^lrlab: note: bundling with esbuild-wasm 0\.28\.2, slower than the native esbuild, whose binary could not start here \(.+\)$/m;

describe('bundler fallback: esbuild-wasm when the native binary is unavailable', function () {
  this.timeout(HANG_BOUND_MS);
  before(() => {
    if (!existsSync(path.join(repoRoot, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run npm run build before these tests');
  });

  it('the shim really hides the binary: native esbuild alone (LRLAB_BUNDLER=native) refuses to start', async () => {
    const r = await lrlab(['run', 'examples/quadratic.ts', '--iterations', '3', '--no-typecheck'], { LRLAB_BUNDLER: 'native' });
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(r.stderr, /esbuild's native binary could not start \(.+\) and LRLAB_BUNDLER=native allows no fallback/);
  });

  it('a run bundles with esbuild-wasm, says so once, and gives the same records as with the native binary', async () => {
    const args = ['run', 'examples/rosenbrock.ts', '--optimizer', 'adam', '--lr', '0.01', '--iterations', '40', '--format', 'json', '--no-typecheck'];
    const [wasm, native] = await Promise.all([lrlab(args), lrlab(args, {}, false)]);
    assert.equal(wasm.code, 0, wasm.stderr);
    assert.equal(native.code, 0, native.stderr);
    assert.match(wasm.stderr, FALLBACK_NOTE);
    assert.equal(wasm.stderr.match(/lrlab: note:/g)?.length, 1, wasm.stderr);
    assert.doesNotMatch(native.stderr, /esbuild-wasm/);
    const a = JSON.parse(wasm.stdout) as { stopReason: string; records: unknown[] };
    const b = JSON.parse(native.stdout) as { stopReason: string; records: unknown[] };
    assert.equal(a.stopReason, 'maxIterations');
    assert.equal(a.records.length, 40);
    // Same compiler, same bundle semantics: the objective computes the same numbers bit for bit.
    assert.deepEqual(a.records, b.records);
  });

  it('a file that imports a local module is bundled with it by esbuild-wasm', async () => {
    // withLocalImport.ts: f(x) = ‖x − center‖², center = [2, −1] from ./lib/shift.ts. By hand: at x0 = [0, 0]
    // the loss is 2² + 1² = 5 and ‖∇f‖ = ‖2·(x0 − center)‖ = √20; SGD with lr 0.5 steps x0 − 0.5·2·(x0 − center) = center.
    const r = await lrlab(['run', 'test/fixtures/withLocalImport.ts', '--optimizer', 'sgd', '--lr', '0.5', '--iterations', '2', '--format', 'json', '--no-typecheck']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, FALLBACK_NOTE);
    const out = JSON.parse(r.stdout) as { stopReason: string; records: { loss: number; gradNorm: number; params: number[] }[] };
    assert.equal(out.stopReason, 'maxIterations');
    assert.deepEqual(
      out.records.map((record) => [record.loss, record.gradNorm, record.params]),
      [
        [5, Math.sqrt(20), [2, -1]],
        [0, 0, [2, -1]],
      ],
    );
  });

  it('says the note in the CLI language (zh-cn)', async () => {
    const r = await lrlab(['run', 'examples/quadratic.ts', '--objective', 'quadratic', '--iterations', '3', '--no-typecheck', '--lang', 'zh-cn']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^lrlab: 注意：正在用 esbuild-wasm 0\.28\.2 打包，比原生 esbuild 慢；原生 esbuild 的二进制文件无法在此启动（.+）$/m);
  });

  it('a compile error is reported at its line and column through esbuild-wasm too', async () => {
    const r = await lrlab(['run', 'test/fixtures/syntaxError.ts', '--no-typecheck']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, FALLBACK_NOTE);
    const line = readFileSync(path.join(repoRoot, 'test/fixtures/syntaxError.ts'), 'utf8').split('\n').findIndex((l) => l.includes('// MARK: syntax')) + 1;
    assert.match(r.stderr, new RegExp(`syntaxError\\.ts:${line}:\\d+: `), r.stderr);
  });
});
