/**
 * Runs the same extension-host suites in VS Code desktop through `@vscode/test-electron`
 * (`npm run test:vscode`). That downloads VS Code, so it is for machines that can reach VS Code's
 * update server (or that have VS Code installed: set LRLAB_VSCODE_EXECUTABLE to its binary). On
 * Linux without a display, run it under `xvfb-run -a`. Offline machines (this project's CI) use
 * `npm run test:integration`, which runs the same suites in code-server.
 *
 *   tsx test/integration/runTestElectron.ts [--extension DIR] [--grep PATTERN] [--version stable|1.99.3]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { REPO_ROOT } from '../harness/paths';
import { createTestWorkspace } from '../harness/workspace';
import { assertExtensionBuilt, buildIntegrationTests, INTEGRATION_ENTRY, INTEGRATION_FIXTURES } from './prepare';

/** Idle limit of the download: no byte for this long means no route to VS Code's servers. */
const DOWNLOAD_IDLE_TIMEOUT_MS = 20_000;

async function vscodeExecutable(version: string): Promise<string> {
  if (process.env.LRLAB_VSCODE_EXECUTABLE) return process.env.LRLAB_VSCODE_EXECUTABLE;
  try {
    return await downloadAndUnzipVSCode({ version, timeout: DOWNLOAD_IDLE_TIMEOUT_MS, cachePath: resolve(REPO_ROOT, '.vscode-test') });
  } catch (err) {
    throw new Error(
      [
        `could not download VS Code ${version} (${err instanceof Error ? err.message : String(err)}).`,
        'npm run test:vscode needs a machine that can download VS Code, or LRLAB_VSCODE_EXECUTABLE set to an installed VS Code binary.',
        'Offline, run the same suites in code-server: npm run test:integration',
      ].join('\n'),
    );
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      extension: { type: 'string' },
      grep: { type: 'string' },
      version: { type: 'string', default: process.env.LRLAB_VSCODE_VERSION ?? 'stable' },
    },
  });
  const extensionPath = resolve(values.extension ?? process.env.LRLAB_EXTENSION_PATH ?? REPO_ROOT);
  assertExtensionBuilt(extensionPath);
  const executable = await vscodeExecutable(values.version);
  await buildIntegrationTests();
  const workspace = createTestWorkspace(INTEGRATION_FIXTURES);
  try {
    return await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: INTEGRATION_ENTRY,
      extensionTestsEnv: values.grep ? { LRLAB_TEST_GREP: values.grep } : {},
      launchArgs: [workspace.path, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--disable-gpu'],
    });
  } finally {
    workspace.dispose();
  }
}

main().then(
  (code) => {
    console.log(`[test:vscode] ${code === 0 ? 'passed' : `FAILED (exit ${code})`}`);
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`[test:vscode] ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
