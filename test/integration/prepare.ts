/**
 * What both extension-host runners (code-server, test-electron) do first: check that the extension
 * is built, and bundle the tests with esbuild — `test/integration/index.ts` (mocha inside) and each
 * `test/integration/*.test.ts` into `out/integration/`. `vscode` stays external: the extension
 * host provides it.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from '../harness/paths';

export const INTEGRATION_SOURCE_DIR = join(REPO_ROOT, 'test/integration');
export const INTEGRATION_OUT_DIR = join(REPO_ROOT, 'out/integration');
/** What `extensionTestsPath` points at. */
export const INTEGRATION_ENTRY = join(INTEGRATION_OUT_DIR, 'index.js');

/** Folders copied into the test workspace's `fixtures/` (besides `examples/` at its root). */
export const INTEGRATION_FIXTURES: readonly string[] = ['test/fixtures', 'test/integration/fixtures'];

/** Throws a clear message when the extension's `main` bundle is missing. */
export function assertExtensionBuilt(extensionPath: string): void {
  const manifest = JSON.parse(readFileSync(join(extensionPath, 'package.json'), 'utf8')) as { main?: string };
  const main = resolve(extensionPath, manifest.main ?? 'extension.js');
  if (!existsSync(main) && !existsSync(`${main}.js`)) throw new Error(`${main} does not exist: build the extension first (npm run build)`);
}

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
