/**
 * The LR Lab view (`lrlab.plots`, a webview view in LR Lab's side-bar container) in a real
 * extension host: with `lrlab.plotLocation` "view" a run shows its page there and not beside the
 * editor; moved to the bottom panel (as a user drags it), the view's new webview holds the page
 * and the next run shows there; with "beside" the editor panel opens again. The Objectives tree:
 * the workspace's objectives from discovery (kept current as files come and go), each with its
 * runs, and its inline Run / Stop / Remove. What the page draws inside the view is the e2e
 * scenario's (test/e2e/sidebar.e2e.ts).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ObjectiveNode } from '../../src/extension/sidebar/objectiveTree';
import { assertStopReason, closePanel, lrlab, nextCompletion, panelTab, runCommand, SettingsScope, waitFor, workspaceUri, HANG_BOUND_MS, type LrLabApi, type RunCompletion } from './support';

const SGD_SETTINGS = { optimizer: 'sgd', learningRate: 0.001, schedule: 'constant', iterations: 30 };
const sgdControls = { optimizer: { type: 'sgd', lr: 0.001 }, schedule: { type: 'constant' }, iterations: 30 };

/** The size of the PNG the page answers with (`api.capturePanel()`), after checking it is one. */
function pngSize(dataUrl: string): { width: number; height: number } {
  const prefix = 'data:image/png;base64,';
  assert.ok(dataUrl.startsWith(prefix), dataUrl.slice(0, 40));
  const png = Buffer.from(dataUrl.slice(prefix.length), 'base64');
  assert.equal(png.toString('latin1', 12, 16), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('side bar: the LR Lab view holds the page, lrlab.plotLocation says where runs show', () => {
  let api: LrLabApi;
  const suiteSettings = new SettingsScope();
  const rosenbrock = () => workspaceUri('rosenbrock.ts');

  before(async () => {
    api = await lrlab();
    await suiteSettings.set(SGD_SETTINGS, api, sgdControls);
    await closePanel(api);
  });

  after(async () => {
    await vscode.commands.executeCommand('lrlab.plots.resetViewLocation');
    await suiteSettings.restore();
  });

  it('with plotLocation "view", Run Optimizer shows the page in the LR Lab view and opens no editor panel', async () => {
    await suiteSettings.set({ plotLocation: 'view' });
    const completion = await runCommand(api, rosenbrock(), 'rosenbrock');
    assertStopReason(completion, 'maxIterations');
    await waitFor(() => api.plotsView().ready && api.plotsView().visible, () => `the LR Lab view to show a ready page: ${JSON.stringify(api.plotsView())}`);
    assert.equal(api.panel().open, false, 'no editor panel');
    assert.equal(panelTab(), undefined, 'no lrlab.panel tab');
    // The page at the configured place is the view's: it answers with its charts.
    const { width, height } = pngSize(await api.capturePanel());
    assert.ok(width >= 100 && height >= 100, `${width}×${height}`);
    assert.ok(api.runs().some((run) => run.meta.id === completion.runId));
  });

  it('moved to the bottom panel, the view gets a new webview with the page, and the next run shows there', async () => {
    const before = api.plotsView().resolved;
    await vscode.commands.executeCommand('vscode.moveViews', { viewIds: ['lrlab.plots'], destinationId: 'workbench.panel.output' });
    await waitFor(() => api.plotsView().resolved > before && api.plotsView().ready, () => `the moved view to be resolved again with a ready page: ${JSON.stringify(api.plotsView())} (resolved ${before} before)`);
    const completion = await runCommand(api, rosenbrock(), 'rosenbrock');
    assertStopReason(completion, 'maxIterations');
    assert.equal(api.plotsView().visible, true);
    assert.equal(api.panel().open, false, 'still no editor panel');
    const { width } = pngSize(await api.capturePanel());
    assert.ok(width >= 100, `${width} px wide`);
  });

  it('with plotLocation "beside", the next run opens the editor panel beside the file again', async () => {
    await suiteSettings.set({ plotLocation: 'beside' });
    const completion = await runCommand(api, rosenbrock(), 'rosenbrock');
    assertStopReason(completion, 'maxIterations');
    await waitFor(panelTab, 'a tab of the lrlab.panel webview');
    assert.equal(api.panel().open, true);
    await closePanel(api);
  });

  describe('the Objectives tree', () => {
    /** Polls the tree until `probe` finds what it looks for. */
    async function treeUntil<T>(probe: (nodes: ObjectiveNode[]) => T | undefined, what: string): Promise<T> {
      let last: ObjectiveNode[] = [];
      for (const deadline = Date.now() + HANG_BOUND_MS; ; ) {
        last = await api.objectivesTree();
        const found = probe(last);
        if (found !== undefined) return found;
        assert.ok(Date.now() < deadline, `timed out waiting for ${what}; the tree: ${JSON.stringify(last.map((n) => [n.label, n.name, n.line, n.runs.map((r) => r.status)]))}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    /** The tree's node of `name` in `file` (workspace-relative), once `ok` holds for it. */
    const objectiveNode = (file: string, name: string, ok: (node: ObjectiveNode) => boolean = () => true, what = `${name} of ${file} in the tree`) =>
      treeUntil((nodes) => nodes.find((n) => n.label === file && n.name === name && ok(n)), what);

    before(async () => {
      await suiteSettings.set({ plotLocation: 'view' });
    });

    it('lists the objectives discovery finds in the workspace files, at their lines, with their runs', async () => {
      const nodes = await api.objectivesTree();
      const rosenbrockNode = nodes.find((n) => n.label === 'rosenbrock.ts' && n.name === 'rosenbrock');
      assert.ok(rosenbrockNode, `no rosenbrock in ${JSON.stringify(nodes.map((n) => `${n.label}:${n.name}`))}`);
      const document = await vscode.workspace.openTextDocument(rosenbrock());
      assert.deepEqual(api.discover(document).map((o) => [o.name, o.line]), nodes.filter((n) => n.label === 'rosenbrock.ts').map((n) => [n.name, n.line]));
      // Both objectives of a file with two; none from a file without one.
      assert.deepEqual(nodes.filter((n) => n.label === 'fixtures/twoObjectives.ts').map((n) => n.name).length, 2);
      assert.ok(!nodes.some((n) => n.label === 'fixtures/noObjective.ts'));
      // The runs made above are under it, newest first.
      const ids = api.runs().filter((r) => r.meta.objective.name === 'rosenbrock' && r.meta.objective.file === rosenbrock().fsPath).sort((a, b) => b.meta.startedAt - a.meta.startedAt).map((r) => r.meta.id);
      assert.deepEqual(rosenbrockNode.runs.map((r) => r.runId), ids);
    });

    it('a file saved with a new objective appears in the tree, and goes when the file is deleted', async () => {
      const uri = workspaceUri('scratch/treeAdded.ts');
      await vscode.workspace.fs.writeFile(uri, Buffer.from('export function addedLater(x: number[]): number {\n  return x[0]! * x[0]!;\n}\n'));
      const node = await objectiveNode('scratch/treeAdded.ts', 'addedLater');
      assert.equal(node.line, 1);
      await vscode.workspace.fs.delete(uri);
      await treeUntil((nodes) => (nodes.some((n) => n.name === 'addedLater') ? undefined : true), 'addedLater to leave the tree');
    });

    it('▶ Run on an objective runs it with the playground controls; the run is listed under it, finished', async () => {
      const node = await objectiveNode('quadratic.ts', 'quadratic');
      const completion = await vscode.commands.executeCommand<RunCompletion>('lrlab.objectives.run', node);
      assertStopReason(completion, 'maxIterations');
      const after = await objectiveNode('quadratic.ts', 'quadratic', (n) => n.runs.some((r) => r.runId === completion.runId));
      assert.deepEqual([after.runs[0]!.runId, after.runs[0]!.status], [completion.runId, 'finished']);
      assert.match(after.runs[0]!.numbers, /^final /);
      assert.equal(api.plotsView().ready, true, 'the view shows the run (plotLocation "view")');
    });

    it('■ Stop on a running run ends it (cancelled); ✕ Remove takes a finished run out of the store and the tree', async () => {
      await suiteSettings.set({ iterations: 1_000_000 }, api, { ...sgdControls, iterations: 1_000_000 });
      const stuck = await objectiveNode('fixtures/infiniteLoop.ts', 'stuck');
      const announced = nextCompletion(api);
      const started = Promise.resolve(vscode.commands.executeCommand<RunCompletion>('lrlab.objectives.run', stuck));
      const running = await objectiveNode('fixtures/infiniteLoop.ts', 'stuck', (n) => n.runs.some((r) => r.status === 'running'), 'a running run of stuck');
      const runNode = running.runs.find((r) => r.status === 'running')!;
      assert.equal(await vscode.commands.executeCommand('lrlab.objectives.stop', runNode), 1, 'one run stopped');
      const completion = await announced;
      await started;
      assertStopReason(completion, 'cancelled');
      await suiteSettings.set(SGD_SETTINGS, api, sgdControls);

      const stopped = await objectiveNode('fixtures/infiniteLoop.ts', 'stuck', (n) => n.runs.some((r) => r.runId === completion.runId && r.status === 'finished'), 'the stopped run listed as finished');
      await vscode.commands.executeCommand('lrlab.objectives.remove', stopped.runs.find((r) => r.runId === completion.runId));
      assert.ok(!api.runs().some((r) => r.meta.id === completion.runId), 'the run left the store');
      await objectiveNode('fixtures/infiniteLoop.ts', 'stuck', (n) => !n.runs.some((r) => r.runId === completion.runId), 'the removed run to leave the tree');
    });
  });
});
