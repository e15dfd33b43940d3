/**
 * Bundles the extension-host tests with esbuild: `test/integration/index.ts` (mocha inside) and
 * each `test/integration/*.test.ts` into `out/integration/`. `vscode` stays external: the
 * extension host provides it.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from '../harness/paths';

export const INTEGRATION_SOURCE_DIR = join(REPO_ROOT, 'test/integration');
export const INTEGRATION_OUT_DIR = join(REPO_ROOT, 'out/integration');
/** What `extensionTestsPath` points at. */
export const INTEGRATION_ENTRY = join(INTEGRATION_OUT_DIR, 'index.js');

export async function buildIntegrationTests(): Promise<void> {
  rmSync(INTEGRATION_OUT_DIR, { recursive: true, force: true });
  const suites = readdirSync(INTEGRATION_SOURCE_DIR).filter((file) => file.endsWith('.test.ts'));
  const entryPoints: Record<string, string> = { index: join(INTEGRATION_SOURCE_DIR, 'index.ts') };
  for (const suite of suites) entryPoints[suite.replace(/\.ts$/, '')] = join(INTEGRATION_SOURCE_DIR, suite);
  await esbuild.build({
    entryPoints,
    outdir: INTEGRATION_OUT_DIR,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode'],
    logLevel: 'warning',
    // mocha's parallel mode (unused here) resolves its worker files at run time.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
}

if (require.main === module) {
  buildIntegrationTests().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
