/**
 * Runs the UI scenarios (`test/e2e/*.e2e.ts`, mocha) against code-server with the packaged
 * extension installed (`npm run test:e2e`). Packages the extension first (`npm run package`)
 * unless given a `.vsix`.
 *
 *   tsx test/e2e/run.ts [--vsix FILE] [--grep PATTERN] [--keep]
 *
 * `--vsix` (or LRLAB_E2E_VSIX) skips packaging. `--keep` keeps scratch folders and workspaces.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Mocha from 'mocha';
import { runCleanups } from '../harness/cleanup';
import { harnessTools, REPO_ROOT } from '../harness/paths';
import { VSIX_ENV } from './workbench';

const E2E_DIR = join(REPO_ROOT, 'test/e2e');
const DEFAULT_VSIX = join(REPO_ROOT, 'out/lrlab.vsix');

function packageExtension(): string {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/harness/package.mjs'), '--out', DEFAULT_VSIX], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`packaging the extension failed (exit ${result.status ?? result.signal}); see above`);
  return DEFAULT_VSIX;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      vsix: { type: 'string' },
      grep: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const t0 = performance.now();
  harnessTools(); // fails early, with the install command, when the harness is missing
  if (values.keep) process.env.LRLAB_HARNESS_KEEP = '1';
  const given = values.vsix ?? process.env[VSIX_ENV];
  const vsix = given ? resolve(given) : packageExtension();
  process.env[VSIX_ENV] = vsix;
  console.log(`[e2e] ${vsix}`);

  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 300_000, color: process.stdout.isTTY });
  if (values.grep) mocha.grep(values.grep);
  for (const file of readdirSync(E2E_DIR).filter((name) => name.endsWith('.e2e.ts')).sort()) mocha.addFile(join(E2E_DIR, file));
  await mocha.loadFilesAsync();
  const failures = await new Promise<number>((resolveRun) => mocha.run(resolveRun));
  console.log(`[e2e] ${failures === 0 ? 'passed' : `FAILED (${failures} failure(s))`} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return failures === 0 ? 0 : 1;
}

main().then(
  async (code) => {
    await runCleanups(); // normally nothing is left: each scenario stops what it started
    process.exitCode = code;
  },
  async (err: unknown) => {
    console.error(`[e2e] ${err instanceof Error ? err.message : String(err)}`);
    await runCleanups();
    process.exitCode = 1;
  },
);
