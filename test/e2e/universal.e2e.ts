/**
 * UI scenario of the universal package (`lrlab-universal.vsix`: no native esbuild binary, it
 * bundles with esbuild-wasm): installed in code-server, Run Optimizer on rosenbrock.ts draws its
 * run in the panel, and LR Lab's output channel says it bundled with esbuild-wasm. This is the
 * fallback as the extension host meets it (esbuild-wasm's service started with VS Code's own
 * runtime as Node, src/core/loader/esbuildApi.ts). Skipped when the runner was given one .vsix.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeLenses, HANG_BOUND_MS, quickOpen, runCommand } from '../harness/browser';
import { LrLabPanel, waitUntil } from './lrlabPanel';
import { useWorkbench } from './workbench';

/** The text of LR Lab's output channel as code-server logs it (`<user data>/logs/…/LR Lab.log`), or ''. */
function outputLog(userDataDir: string): string {
  const logs = join(userDataDir, 'logs');
  let files: string[];
  try {
    files = (readdirSync(logs, { recursive: true }) as string[]).filter((file) => file.endsWith('LR Lab.log'));
  } catch {
    return '';
  }
  return files.map((file) => readFileSync(join(logs, file), 'utf8')).join('\n');
}

describe('e2e universal package: esbuild-wasm bundles the runs', () => {
  const workbench = useWorkbench({ universal: true });

  it('runs rosenbrock.ts from the palette: the panel draws the finished run, the output says esbuild-wasm bundled it', async () => {
    const page = workbench.page;
    await quickOpen(page, 'rosenbrock.ts');
    await codeLenses(page, '▶ Run ').first().waitFor({ state: 'visible', timeout: HANG_BOUND_MS });
    await runCommand(page, 'LR Lab: Run Optimizer');
    const panel = new LrLabPanel(page);
    await panel.ready();
    const [run] = await panel.waitForFinishedRuns(1);
    assert.equal(run!.status, 'finished', `run: ${JSON.stringify(run)}`);
    assert.equal((await panel.waitForChart('loss', 1)).points, 200);
    const log = await waitUntil(async () => outputLog(workbench.server.profile.userDataDir), (text) => /bundling with esbuild-wasm \d+\.\d+\.\d+/.test(text), "LR Lab's output to say it bundles with esbuild-wasm");
    assert.match(log, /whose binary could not start here \(.+\)/);
  });
});
