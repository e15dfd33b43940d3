/**
 * Restricted Mode (run by `runCodeServer.ts` in a second workbench: workspace trust on, the
 * folder not trusted). Running an objective executes the workspace's code, so LR Lab refuses
 * every run there and says why — the run completion carries the explanation (the user also
 * sees it in a warning with "Manage Workspace Trust" and in the panel) — while the CodeLens
 * stays (the manifest declares limited support for untrusted workspaces).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, lrlab, lrlabDiagnostics, lrlabLenses, nextCompletion, open, type LrLabApi, type RunCompletion } from './support';

function assertRefused(completion: RunCompletion | undefined, objective: string): void {
  assert.ok(completion, 'no completion');
  assert.equal(completion.status, 'refused');
  assert.equal(completion.runId, null);
  assert.equal(completion.outcome, null);
  assert.equal(completion.meta, null);
  assert.equal(completion.target.objective, objective);
  // The explanation: why nothing runs, and what to do about it.
  assert.match(completion.reason ?? '', /runs the objective code in your files/);
  assert.match(completion.reason ?? '', /Restricted Mode/);
  assert.match(completion.reason ?? '', /Trust this workspace to run optimizers/);
}

describe('untrusted workspace: nothing runs in Restricted Mode, and LR Lab says why', () => {
  let api: LrLabApi;

  before(async () => {
    await open('rosenbrock.ts');
    api = await lrlab();
  });

  it('the workspace is not trusted, and LR Lab is active all the same (limited support)', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    assert.deepEqual(api.runs(), []);
  });

  it('lrlab.runOptimizer is refused: no run, no records, a completion with the explanation', async () => {
    const { document } = await open('rosenbrock.ts');
    const announced = nextCompletion(api);
    const returned = await vscode.commands.executeCommand<RunCompletion>('lrlab.runOptimizer', document.uri, 'rosenbrock');
    const completion = await announced;
    assertRefused(completion, 'rosenbrock');
    assertRefused(returned, 'rosenbrock');
    assert.equal(api.lastCompletion(), completion);
    assert.deepEqual(api.runs(), []);
    assert.doesNotMatch(api.statusText(), /loss/, 'no final loss in the status bar');
    // The panel opens beside the editor to show the notice in place of the controls.
    assert.equal(api.panel().open, true);
  });

  it('the CodeLens stays, and its ▶ command is refused the same way', async () => {
    const { document } = await open('quadratic.ts');
    const lenses = await lrlabLenses(document.uri);
    // The ▶ lens says which config it would run (the panel's controls: Adam at its default lr), as in a trusted workspace.
    assert.deepEqual(
      lenses.map((l) => [l.command?.title, l.command?.arguments?.[1]]),
      [
        ['▶ Run adam lr=0.001', 'quadratic'],
        ['Compare…', 'quadratic'],
        ['Find lr', 'quadratic'],
        ['▶ Run adam lr=0.001', 'sphere'],
        ['Compare…', 'sphere'],
        ['Find lr', 'sphere'],
      ],
    );
    const run = lenses[3]!.command!;
    const announced = nextCompletion(api);
    await vscode.commands.executeCommand(run.command, ...(run.arguments ?? []));
    assertRefused(await announced, 'sphere');
    assert.deepEqual(api.runs(), []);
  });

  it('lrlab.runAgain and the API are refused too; a broken file is not even compiled (no diagnostic)', async () => {
    const { document } = await open('fixtures/syntaxError.ts');
    const direct = await api.run({ uri: document.uri, objective: 'broken' }, { optimizer: { type: 'sgd', lr: 0.1 }, schedule: { type: 'constant' }, iterations: 5 }, { progress: false, showPanel: false });
    assertRefused(direct, 'broken');
    assert.deepEqual(lrlabDiagnostics(document.uri), []);

    const announced = nextCompletion(api);
    await vscode.commands.executeCommand('lrlab.runAgain');
    assertRefused(await announced, 'broken');
    assert.deepEqual(api.runs(), []);
  });
});
