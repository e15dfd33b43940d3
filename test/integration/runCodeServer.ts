/**
 * Runs the extension-host suites offline, in code-server's extension host (`npm run test:integration`):
 * bundles the tests, copies a fresh workspace, starts code-server and chromium, loads the
 * workbench with the extension under development and the test entry in its `payload`, and exits
 * with the extension host's code. Everything started is stopped on every way out.
 *
 *   tsx test/integration/runCodeServer.ts [--extension DIR] [--grep PATTERN] [--timeout SECONDS] [--keep]
 *
 * `--extension` (or LRLAB_EXTENSION_PATH) defaults to the repository (needs `npm run build`).
 *
 * Two launches: every suite but `*.untrusted.test.ts` in a trusted workspace (workspace trust
 * off), then, when there are any, the `*.untrusted.test.ts` suites in a workbench with workspace
 * trust on and the folder not trusted (Restricted Mode), each on its own copy of the workspace.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runCleanups } from '../harness/cleanup';
import { runExtensionTests, type ExtensionTestsOptions } from '../harness/extensionHost';
import { harnessTools, REPO_ROOT } from '../harness/paths';
import { createTestWorkspace } from '../harness/workspace';
import { assertExtensionBuilt, buildIntegrationTests, INTEGRATION_ENTRY, INTEGRATION_FIXTURES, INTEGRATION_OUT_DIR } from './prepare';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      extension: { type: 'string' },
      grep: { type: 'string' },
      timeout: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const extensionPath = resolve(values.extension ?? process.env.LRLAB_EXTENSION_PATH ?? REPO_ROOT);
  assertExtensionBuilt(extensionPath);
  harnessTools(); // fails early, with the install command, when the harness is missing
  if (values.keep) process.env.LRLAB_HARNESS_KEEP = '1';

  const t0 = performance.now();
  await buildIntegrationTests();
  console.log(`[integration] extension ${extensionPath}`);
  const environment: Record<string, string> = {};
  if (values.grep) environment.LRLAB_TEST_GREP = values.grep;
  const timeout = values.timeout ? { timeoutMs: Number(values.timeout) * 1000 } : {};
  let code = await launch('trusted', {
    extensionDevelopmentPath: extensionPath,
    extensionTestsPath: INTEGRATION_ENTRY,
    extensionEnvironment: environment,
    ...timeout,
  });
  if (hasUntrustedSuites()) {
    // Workspace trust on and the folder never trusted: Restricted Mode (no startup prompt to answer).
    const untrusted = await launch('untrusted', {
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: INTEGRATION_ENTRY,
      extensionEnvironment: { ...environment, LRLAB_TEST_TRUST: 'untrusted' },
      workspaceTrust: true,
      settings: UNTRUSTED_SETTINGS,
      ...timeout,
    });
    code ||= untrusted;
  }
  console.log(`[integration] code-server extension host: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return code;
}

/** User settings of the second launch, for the `*.untrusted.test.ts` suites. */
const UNTRUSTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
};

function hasUntrustedSuites(): boolean {
  return readdirSync(INTEGRATION_OUT_DIR).some((file) => file.endsWith('.untrusted.test.js'));
}

/** One workbench on a fresh copy of the workspace; resolves with the extension host's exit code. */
async function launch(name: string, options: Omit<ExtensionTestsOptions, 'workspace'>): Promise<number> {
  const workspace = createTestWorkspace(INTEGRATION_FIXTURES);
  console.log(`[integration] ${name}: workspace ${workspace.path}`);
  let code = 1;
  let ran = false;
  try {
    const result = await runExtensionTests({ ...options, workspace: workspace.path });
    code = result.code;
    ran = true;
    console.log(`[integration] ${name}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${result.seconds.toFixed(1)} s`);
  } finally {
    // A failed test may need the workspace it saw; a run that never started does not.
    workspace.dispose({ keep: ran && code !== 0 });
  }
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  async (err: unknown) => {
    console.error(`[integration] ${err instanceof Error ? err.message : String(err)}`);
    await runCleanups();
    process.exitCode = 1;
  },
);
