/**
 * Runs the UI scenarios (`test/e2e/*.e2e.ts`, mocha) against code-server with the packaged
 * extension installed (`npm run test:e2e`). Packages the extension first (`npm run package`:
 * this machine's target, and the universal package that bundles with esbuild-wasm for the
 * scenario that installs it) unless given a `.vsix`.
 *
 *   tsx test/e2e/run.ts [--vsix FILE] [--grep PATTERN] [--keep]
 *
 * `--vsix` (or LRLAB_E2E_VSIX) skips packaging (and the universal package's scenario, unless
 * LRLAB_E2E_UNIVERSAL_VSIX names one). `--keep` keeps scratch folders and workspaces.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Mocha from 'mocha';
import { runCleanups } from '../harness/cleanup';
import { harnessTools, REPO_ROOT } from '../harness/paths';
import { UNIVERSAL_VSIX_ENV, VSIX_ENV } from './workbench';

const E2E_DIR = join(REPO_ROOT, 'test/e2e');

/** Packages this machine's target and the universal package; returns their paths. */
async function packageExtension(): Promise<{ host: string; universal: string }> {
  const packaging = (await import(join(REPO_ROOT, 'scripts/harness/package.mjs'))) as { hostTarget(): string; vsixPath(target: string): string };
  const host = packaging.hostTarget();
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/harness/package.mjs'), '--target', host, '--target', 'universal'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`packaging the extension failed (exit ${result.status ?? result.signal}); see above`);
  return { host: packaging.vsixPath(host), universal: packaging.vsixPath('universal') };
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
  if (given) process.env[VSIX_ENV] = resolve(given);
  else {
    const packaged = await packageExtension();
    process.env[VSIX_ENV] = packaged.host;
    process.env[UNIVERSAL_VSIX_ENV] ??= packaged.universal;
  }
  console.log(`[e2e] ${process.env[VSIX_ENV]}${process.env[UNIVERSAL_VSIX_ENV] ? ` (universal: ${process.env[UNIVERSAL_VSIX_ENV]})` : ''}`);

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
