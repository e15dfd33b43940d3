/**
 * Runs the extension-host suites offline, in code-server's extension host (`npm run test:integration`):
 * bundles the tests, copies a fresh workspace, starts code-server and chromium, loads the
 * workbench with the extension under development and the test entry in its `payload`, and exits
 * with the extension host's code. Everything started is stopped on every way out.
 *
 *   tsx test/integration/runCodeServer.ts [--extension DIR] [--grep PATTERN] [--timeout SECONDS] [--keep]
 *
 * `--extension` (or LRLAB_EXTENSION_PATH) defaults to the repository (needs `npm run build`).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runCleanups } from '../harness/cleanup';
import { runExtensionTests } from '../harness/extensionHost';
import { harnessTools, REPO_ROOT } from '../harness/paths';
import { createTestWorkspace } from '../harness/workspace';
import { assertExtensionBuilt, buildIntegrationTests, INTEGRATION_ENTRY, INTEGRATION_FIXTURES } from './prepare';

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
  const workspace = createTestWorkspace(INTEGRATION_FIXTURES);
  console.log(`[integration] extension ${extensionPath}\n[integration] workspace ${workspace.path}`);
  let code = 1;
  let ran = false;
  try {
    const environment: Record<string, string> = {};
    if (values.grep) environment.LRLAB_TEST_GREP = values.grep;
    const result = await runExtensionTests({
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: INTEGRATION_ENTRY,
      workspace: workspace.path,
      extensionEnvironment: environment,
      ...(values.timeout ? { timeoutMs: Number(values.timeout) * 1000 } : {}),
    });
    code = result.code;
    ran = true;
  } finally {
    // A failed test may need the workspace it saw; a run that never started does not.
    workspace.dispose({ keep: ran && code !== 0 });
  }
  console.log(`[integration] code-server extension host: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
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
