/**
 * Smoke suite, run inside a real extension host (code-server here, VS Code desktop through
 * @vscode/test-electron elsewhere): the extension is there, activates when a TypeScript file
 * opens, registers its commands and hands back its API.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'lrlab.lrlab';
/** A fixture copied into the workspace's `fixtures/` folder by the runner. */
const FIXTURE = 'fixtures/smokeObjective.ts';

/** A bound only a hang reaches (a busy machine must not). */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `extension ${EXTENSION_ID} is not installed; installed: ${vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.')).join(', ')}`);
  return found;
}

describe('smoke: LR Lab in the extension host', () => {
  it('is installed and not yet active before a TypeScript file opens', () => {
    assert.equal(extension().isActive, false);
  });

  it('activates when a TypeScript file is opened', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workspace is not open');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, FIXTURE));
    assert.equal(document.languageId, 'typescript');
    await vscode.window.showTextDocument(document);
    await waitFor(() => extension().isActive, `${EXTENSION_ID} to activate`);
    // isActive turns true even when activate() threw; asking again hands back the failure.
    const outcome = await extension().activate().then(
      (exports: unknown) => ({ exports }),
      (error: unknown) => ({ error }),
    );
    if ('error' in outcome) {
      const { error } = outcome;
      assert.fail(`activate() failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    assert.notEqual(outcome.exports, undefined, 'activate() returned nothing (did it throw? see the extension host log above)');
  });

  it('registers every command its manifest contributes, lrlab.runOptimizer among them', async () => {
    const contributed = ((extension().packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? []).map((c) => c.command);
    assert.ok(contributed.includes('lrlab.runOptimizer'), `the manifest contributes ${contributed.join(', ')}`);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((command) => !registered.has(command));
    assert.deepEqual(missing, [], 'contributed commands that activate() did not register');
  });

  it('returns an API object with a run function from activate()', () => {
    const api = extension().exports as { run?: unknown } | undefined;
    assert.equal(typeof api, 'object');
    assert.equal(typeof api?.run, 'function');
  });
});
