/**
 * LR Lab's code actions in a real extension host: the schedule actions on a learning rate
 * (kinds, `only` filtering, one WorkspaceEdit applied as a snippet, one undo step), the
 * objective actions, the quick fixes on LR Lab diagnostics, and "Insert schedule into editor"
 * from a run.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'lrlab.lrlab';
const SCHEDULE_IDS = ['step', 'multiStep', 'exponential', 'inverseTime', 'linear', 'polynomial', 'cosine', 'cosineWarmRestarts', 'oneCycle', 'cyclic', 'warmupCosine', 'lossBased', 'gradientBased'];

interface Api {
  run(target: { uri: vscode.Uri; objective: string }, controls?: unknown, options?: { progress?: boolean; showPanel?: boolean }): Promise<{ runId: string | null; status: string }>;
  diagnostics(uri: vscode.Uri): readonly vscode.Diagnostic[];
}

/** A bound only a hang reaches (a busy machine must not). */
async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function api(): Promise<Api> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  return (await extension.activate()) as Api;
}

async function open(path: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is not open');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, path));
  return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
}

/** `vscode.executeCodeActionProvider`, retried while the TypeScript server is starting (it cancels early requests). */
async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
    } catch (e) {
      if (attempt < 3 && /Canceled/i.test(String(e))) continue;
      throw e;
    }
  }
}

const ours = (actions: readonly vscode.CodeAction[], prefix: string): vscode.CodeAction[] => actions.filter((a) => a.kind !== undefined && (a.kind.value === prefix || a.kind.value.startsWith(`${prefix}.`)));

function rangeOf(document: vscode.TextDocument, text: string, occurrence = 0): vscode.Range {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = document.getText().indexOf(text, at + 1);
  assert.ok(at >= 0, `${text} is not in ${document.uri.path}`);
  return new vscode.Range(document.positionAt(at), document.positionAt(at + text.length));
}

/** Undo once, with the editor focused, and wait for the text to change. */
async function undoOnce(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
  const version = editor.document.version;
  await vscode.commands.executeCommand('undo');
  await waitFor(() => editor.document.version !== version, 'undo to change the document');
}

async function leaveSnippet(): Promise<void> {
  await vscode.commands.executeCommand('leaveSnippet');
}

describe('codeActions: LR Lab code actions in the extension host', () => {
  let lrlab: Api;
  before(async () => {
    lrlab = await api();
  });

  it('offers ONE "Learning-rate schedule…" on `const lr = 0.01` in a counted loop; the 13 kinds only to a request for one kind', async () => {
    const editor = await open('fixtures/codeActions/loop.ts');
    const grouped = [['Learning-rate schedule…', 'refactor.rewrite.lrlab.schedule', 'lrlab.pickSchedule']];
    const summary = (actions: readonly vscode.CodeAction[]) => ours(actions, 'refactor.rewrite.lrlab').map((a) => [a.title, a.kind!.value, a.command?.command]);
    assert.deepEqual(summary(await codeActions(editor.document.uri, rangeOf(editor.document, '0.01'))), grouped);
    // The cursor on the name works too; elsewhere on the line nothing.
    assert.deepEqual(summary(await codeActions(editor.document.uri, rangeOf(editor.document, 'lr = 0.01'))), grouped);
    assert.equal(ours(await codeActions(editor.document.uri, rangeOf(editor.document, 'x -= ')), 'refactor.rewrite.lrlab').length, 0);
    // A request for each kind (a keybinding's `kind`) gets that kind, with its edit.
    for (const id of SCHEDULE_IDS) {
      const actions = ours(await codeActions(editor.document.uri, rangeOf(editor.document, '0.01'), `refactor.rewrite.lrlab.schedule.${id}`), 'refactor.rewrite.lrlab');
      assert.deepEqual(actions.map((a) => a.kind!.value), [`refactor.rewrite.lrlab.schedule.${id}`]);
      const [action] = actions;
      // An edit each; the only command is the walkthrough's mark that a schedule was inserted
      // (VS Code hands `setContext` back under its internal id `_setContext`).
      assert.ok(action!.edit && /^_?setContext$/.test(action!.command?.command ?? '') && action!.command?.arguments?.[0] === 'lrlab.walkthrough.scheduleInserted', JSON.stringify([id, action!.command]));
      if (id === 'cosine') assert.equal(action!.title, 'Replace with a learning-rate schedule: Cosine annealing (CosineAnnealingLR)');
      if (id === 'lossBased') assert.match(action!.title, /^Add a learning-rate schedule \(function only\): Loss-based/);
    }
  });

  it('respects `only`: quick fixes or extract asked, no schedule action; refactor asked, the one grouped entry', async () => {
    const editor = await open('fixtures/codeActions/loop.ts');
    const range = rangeOf(editor.document, '0.01');
    assert.deepEqual(ours(await codeActions(editor.document.uri, range, 'quickfix'), 'refactor.rewrite.lrlab'), []);
    assert.deepEqual(ours(await codeActions(editor.document.uri, range, 'refactor.extract'), 'refactor.rewrite.lrlab'), []);
    assert.deepEqual(ours(await codeActions(editor.document.uri, range, 'refactor'), 'refactor.rewrite.lrlab.schedule').map((a) => a.title), ['Learning-rate schedule…']);
    assert.deepEqual(ours(await codeActions(editor.document.uri, range, 'refactor.rewrite.lrlab.schedule'), 'refactor.rewrite.lrlab.schedule').map((a) => a.title), ['Learning-rate schedule…']);
  });

  it('applies a schedule action as one WorkspaceEdit (a snippet in the active editor) and undoes it in one step', async () => {
    const editor = await open('fixtures/codeActions/loop.ts');
    const original = editor.document.getText();
    const [cosine] = await codeActions(editor.document.uri, rangeOf(editor.document, '0.01'), 'refactor.rewrite.lrlab.schedule.cosine');
    assert.ok(cosine?.edit);
    assert.equal(await vscode.workspace.applyEdit(cosine.edit), true);
    const text = editor.document.getText();
    assert.ok(text.includes('    const lr = learningRate(step);\n'), 'the use site calls the schedule');
    assert.ok(text.includes('  return cosineLr(step, 0.01, 200, 0);\n}\n\n/** Returns the lr of each step. */\nexport function descend('), 'the function sits above the JSDoc of the statement');
    const head = '// Gradient descent on x² with a hand-written loop.\n\n';
    assert.ok(text.startsWith(`${head}/**\n`));
    assert.ok(text.endsWith(original.slice(original.indexOf('/** Returns the lr')).replace('const lr = 0.01;', 'const lr = learningRate(step);')), 'the rest of the file is unchanged');
    // Applied as a snippet: the first tab stop (the base lr) is selected.
    assert.equal(editor.document.getText(editor.selection), '0.01', `selection ${JSON.stringify(editor.selection)}`);
    // Ctrl+Z straight away, still in the snippet's tab stops.
    await undoOnce(editor);
    assert.equal(editor.document.getText(), original, 'one undo restores the file');
  });

  it('function only where the site cannot be rewritten (a top-level lr): the site stays, undo restores', async () => {
    const editor = await open('fixtures/codeActions/topLevel.ts');
    const original = editor.document.getText();
    const [exponential] = await codeActions(editor.document.uri, rangeOf(editor.document, '0.01'), 'refactor.rewrite.lrlab.schedule.exponential');
    assert.ok(exponential?.edit);
    assert.match(exponential.title, /function only/);
    assert.equal(await vscode.workspace.applyEdit(exponential.edit), true);
    const text = editor.document.getText();
    assert.ok(text.includes('  return exponentialLr(step, 0.01, 0.99);\n}\n\n// The base learning rate.\nconst lr = 0.01;\n'));
    await leaveSnippet();
    await undoOnce(editor);
    assert.equal(editor.document.getText(), original);
  });

  it('an editor that is not active gets plain text (no snippet), still one undo step', async () => {
    const background = await open('fixtures/codeActions/objectInLoop.ts');
    const original = background.document.getText();
    await open('fixtures/codeActions/loop.ts'); // another editor becomes active
    const [linear] = await codeActions(background.document.uri, rangeOf(background.document, '0.001'), 'refactor.rewrite.lrlab.schedule.linear');
    assert.ok(linear?.edit);
    assert.equal(await vscode.workspace.applyEdit(linear.edit), true);
    assert.ok(background.document.getText().includes('const options = { lr: learningRate(i - 1), momentum: 0.9 };'));
    const editor = await vscode.window.showTextDocument(background.document, { viewColumn: vscode.ViewColumn.One });
    await undoOnce(editor);
    assert.equal(editor.document.getText(), original);
  });

  /** Runs the pick's command and accepts the quick pick's first item once it shows (accepting before it is shown does nothing). */
  async function acceptFirst(pick: vscode.Command): Promise<boolean> {
    const picked = Promise.resolve(vscode.commands.executeCommand<boolean>(pick.command, ...(pick.arguments ?? [])));
    let settled = false;
    void picked.then(() => (settled = true), () => (settled = true));
    for (const deadline = Date.now() + 90_000; !settled; ) {
      if (Date.now() > deadline) assert.fail('timed out waiting for the quick pick to be shown and accepted');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return picked;
  }

  it('on `lr` used in a loop below `const lr = 0.1`: one "Learning-rate schedule…" whose pick rewrites the use to `learningRate(epoch)`', async () => {
    const editor = await open('fixtures/codeActions/loopUse.ts');
    const original = editor.document.getText();
    const use = rangeOf(editor.document, 'lr * 2');
    const cursor = new vscode.Range(use.start.translate(0, 1), use.start.translate(0, 1));
    const actions = ours(await codeActions(editor.document.uri, cursor), 'refactor.rewrite.lrlab');
    assert.deepEqual(actions.map((a) => [a.title, a.kind!.value, a.command?.command]), [['Learning-rate schedule…', 'refactor.rewrite.lrlab.schedule', 'lrlab.pickSchedule']]);
    // A request for one kind gets that kind's edit, which rewrites the use too.
    const [cosineAction] = ours(await codeActions(editor.document.uri, cursor, 'refactor.rewrite.lrlab.schedule.cosine'), 'refactor.rewrite.lrlab');
    assert.equal(cosineAction?.title, 'Replace with a learning-rate schedule: Cosine annealing (CosineAnnealingLR)');
    const pick = actions[0]!.command!;

    // The quick pick, accepted on its first item (StepLR).
    assert.equal(await acceptFirst(pick), true);
    let text = editor.document.getText();
    assert.ok(text.includes('    x -= learningRate(epoch) * 2 * x;\n'), text);
    assert.ok(text.includes('  return stepLr(step, 0.1, 33, 0.1);\n}\n\n/** x after 100 steps. */\nexport function descend('), text);
    assert.ok(text.includes('  const lr = 0.1;\n'), 'the declaration stays');
    await leaveSnippet();
    await undoOnce(editor);
    assert.equal(editor.document.getText(), original, 'one undo restores the file');

    // A kind named: no pick; cosine over the loop's 100 steps.
    assert.equal(await vscode.commands.executeCommand<boolean>(pick.command, ...(pick.arguments ?? []), 'cosine'), true);
    text = editor.document.getText();
    assert.ok(text.includes('    x -= learningRate(epoch) * 2 * x;\n'));
    assert.ok(text.includes('  return cosineLr(step, 0.1, 100, 0);\n'), text);
    await leaveSnippet();
    await undoOnce(editor);
    assert.equal(editor.document.getText(), original);
  });

  it('on the declaration `const lr = 0.1` before the loop: the same one entry, whose pick rewrites the loop\'s reads (not "function only")', async () => {
    const editor = await open('fixtures/codeActions/loopUse.ts');
    const original = editor.document.getText();
    for (const on of ['lr = 0.1', '0.1']) {
      const actions = ours(await codeActions(editor.document.uri, rangeOf(editor.document, on)), 'refactor.rewrite.lrlab');
      assert.deepEqual(actions.map((a) => [a.title, a.kind!.value, a.command?.command]), [['Learning-rate schedule…', 'refactor.rewrite.lrlab.schedule', 'lrlab.pickSchedule']], on);
    }
    const pick = ours(await codeActions(editor.document.uri, rangeOf(editor.document, 'lr = 0.1')), 'refactor.rewrite.lrlab')[0]!.command!;
    assert.equal(await acceptFirst(pick), true);
    let text = editor.document.getText();
    assert.ok(text.includes('  const lr = 0.1;\n  for (let epoch = 0; epoch < 100; epoch++) {\n    x -= learningRate(epoch) * 2 * x;\n'), text);
    assert.ok(text.includes('  return stepLr(step, 0.1, 33, 0.1);\n'), text);
    await leaveSnippet();
    await undoOnce(editor);
    assert.equal(editor.document.getText(), original);

    // The per-kind request from the declaration rewrites the read as well.
    const [cosine] = ours(await codeActions(editor.document.uri, rangeOf(editor.document, '0.1'), 'refactor.rewrite.lrlab.schedule.cosine'), 'refactor.rewrite.lrlab');
    assert.ok(cosine?.edit);
    assert.equal(await vscode.workspace.applyEdit(cosine.edit), true);
    assert.ok(editor.document.getText().includes('    x -= learningRate(epoch) * 2 * x;\n'));
    await leaveSnippet();
    await undoOnce(editor);
    assert.equal(editor.document.getText(), original);

    // "Function only" (the item's button): the function goes in, the loop keeps `lr`.
    assert.equal(await vscode.commands.executeCommand<boolean>(pick.command, ...(pick.arguments ?? []), 'cosine', 'functionOnly'), true);
    text = editor.document.getText();
    assert.ok(text.includes('  return cosineLr(step, 0.1, 100, 0);\n'), text);
    assert.ok(text.includes('    x -= lr * 2 * x;\n'), text);
    await leaveSnippet();
    await undoOnce(editor);
    assert.equal(editor.document.getText(), original);
  });

  it('on an objective: "Run optimizer on `name`" (a command) and "Add a gradient check" (refactor.rewrite.lrlab.gradientCheck)', async () => {
    const editor = await open('fixtures/quadraticBowl.ts');
    const original = editor.document.getText();
    const range = rangeOf(editor.document, 'quadraticBowl');
    const all = await codeActions(editor.document.uri, range);
    const [run] = ours(all, 'lrlab.run');
    assert.ok(run, `actions: ${all.map((a) => `${a.kind?.value}: ${a.title}`).join('; ')}`);
    assert.equal(run.title, 'Run optimizer on `quadraticBowl`');
    assert.equal(run.command?.command, 'lrlab.runOptimizer');
    assert.equal(String(run.command?.arguments?.[0]), String(editor.document.uri));
    assert.equal(run.command?.arguments?.[1], 'quadraticBowl');
    const [check] = ours(all, 'refactor.rewrite.lrlab.gradientCheck');
    assert.ok(check?.edit);
    assert.equal(check.title, 'Add a gradient check of `quadraticBowl.grad`');
    assert.equal(await vscode.workspace.applyEdit(check.edit), true);
    const text = editor.document.getText();
    assert.ok(text.startsWith(`${original.trimEnd()}\n\n/**\n`), 'the check goes after the objective');
    assert.ok(text.includes('export function checkQuadraticBowlGradient(\n  x: ArrayLike<number> = quadraticBowl.x0,'));
    await leaveSnippet();
    await undoOnce(editor);
    assert.equal(editor.document.getText(), original);
    // Not on the objective's line: no objective actions.
    assert.deepEqual(ours(await codeActions(editor.document.uri, rangeOf(editor.document, 'metrics')), 'lrlab.run'), []);
  });

  it('quick fix on a gradientLength diagnostic: "Add a gradient check", preferred, tied to the diagnostic', async () => {
    const editor = await open('fixtures/wrongGradLength.ts');
    const original = editor.document.getText();
    const done = await lrlab.run({ uri: editor.document.uri, objective: 'lopsided' }, undefined, { progress: false, showPanel: false });
    assert.equal(done.status, 'finished');
    const diagnostic = await waitFor(() => lrlab.diagnostics(editor.document.uri).find((d) => d.code === 'gradientLength'), 'a gradientLength diagnostic');
    assert.equal(diagnostic.source, 'LR Lab');
    const fixes = ours(await codeActions(editor.document.uri, diagnostic.range), 'quickfix.lrlab');
    assert.equal(fixes.length, 1, fixes.map((f) => f.title).join('; '));
    const fix = fixes[0]!;
    assert.equal(fix.kind?.value, 'quickfix.lrlab.gradientCheck');
    assert.equal(fix.isPreferred, true);
    // (vscode.executeCodeActionProvider hands back kind, title, edit and isPreferred, not the action's diagnostics.)
    assert.equal(await vscode.workspace.applyEdit(fix.edit!), true);
    assert.ok(editor.document.getText().includes('export function checkLopsidedGradient('));
    await leaveSnippet();
    await undoOnce(editor);
    assert.equal(editor.document.getText(), original);
  });

  it('quick fix on "has no starting point": adds an @x0 tag the objective discovery then reads', async () => {
    const editor = await open('fixtures/noStartingPoint.ts');
    const original = editor.document.getText();
    await lrlab.run({ uri: editor.document.uri, objective: 'untagged' }, undefined, { progress: false, showPanel: false });
    const diagnostic = await waitFor(() => lrlab.diagnostics(editor.document.uri).find((d) => d.code === 'noStartingPoint'), 'a noStartingPoint diagnostic');
    assert.match(diagnostic.message, /has no starting point/);
    const [fix] = ours(await codeActions(editor.document.uri, diagnostic.range), 'quickfix.lrlab');
    assert.ok(fix?.edit);
    assert.equal(fix.kind?.value, 'quickfix.lrlab.x0');
    assert.equal(fix.isPreferred, true);
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    const text = editor.document.getText();
    assert.ok(text.startsWith('/** Σ xᵢ², but nothing says where to start. @x0 [0] */\n'), text.split('\n')[0]);
    await leaveSnippet();
    await undoOnce(editor);
    assert.equal(editor.document.getText(), original);
  });

  it('lrlab.insertScheduleFromRun: the run’s schedule with its exact values at the cursor, as a snippet; one undo step', async () => {
    const editor = await open('fixtures/quadraticBowl.ts');
    const original = editor.document.getText();
    const controls = { optimizer: { type: 'sgd', lr: 0.05 }, schedule: { type: 'cosine', tMax: 40, etaMin: 0.001 }, iterations: 50 };
    const done = await lrlab.run({ uri: editor.document.uri, objective: 'quadraticBowl' }, controls, { progress: false, showPanel: false });
    assert.ok(done.runId, `the run did not start: ${JSON.stringify(done)}`);
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end, end);
    const result = await vscode.commands.executeCommand<{ inserted: boolean; functionName?: string }>('lrlab.insertScheduleFromRun', done.runId);
    assert.equal(result?.inserted, true, JSON.stringify(result));
    const text = editor.document.getText();
    assert.ok(text.startsWith(original), 'inserted at the end, nothing before it changes');
    const added = text.slice(original.length);
    assert.match(added, /^\/\/ Learning-rate schedule of the LR Lab run "[^"]+" on quadraticBowl \(fixtures\/quadraticBowl\.ts\), \d{4}-\d\d-\d\d \d\d:\d\d\.\n/);
    assert.ok(added.includes('  return cosineLr(step, 0.05, 40, 1e-3);\n}'), added.slice(-300));
    assert.equal(editor.document.getText(editor.selection), '0.05', 'the first tab stop is the run’s base lr');
    await leaveSnippet();
    await undoOnce(editor);
    assert.equal(editor.document.getText(), original);

    const refused = await vscode.commands.executeCommand<{ inserted: boolean; message?: string }>('lrlab.insertScheduleFromRun', 'no-such-run');
    assert.deepEqual(refused, { inserted: false, message: 'that run is no longer in the panel.' });
  });

  it('lrlab.insertOptimizerFromRun: the run’s optimizer (the engine’s kernels, its resolved options) at the cursor, as a snippet; one undo step', async () => {
    const editor = await open('fixtures/quadraticBowl.ts');
    const original = editor.document.getText();
    const controls = { optimizer: { type: 'prodigy', d0: 0.001, weightDecay: 0.01 }, schedule: { type: 'constant' }, iterations: 20 };
    const done = await lrlab.run({ uri: editor.document.uri, objective: 'quadraticBowl' }, controls, { progress: false, showPanel: false });
    assert.ok(done.runId, `the run did not start: ${JSON.stringify(done)}`);
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end, end);
    const result = await vscode.commands.executeCommand<{ inserted: boolean; functionName?: string }>('lrlab.insertOptimizerFromRun', done.runId);
    assert.deepEqual({ inserted: result?.inserted, functionName: result?.functionName }, { inserted: true, functionName: 'prodigyStep' }, JSON.stringify(result));
    const text = editor.document.getText();
    assert.ok(text.startsWith(original), 'inserted at the end, nothing before it changes');
    const added = text.slice(original.length);
    assert.match(added, /^\/\/ Optimizer of the LR Lab run "[^"]+" on quadraticBowl \(fixtures\/quadraticBowl\.ts\), \d{4}-\d\d-\d\d \d\d:\d\d\.\n/);
    assert.match(added, /\nfunction prodigyStep\(params: Float64Array, grad: Float64Array, state: ProdigyState, lr: number, options: ProdigyOptions\): void \{\n/);
    assert.match(added, /\nconst prodigyOptions: ProdigyOptions = \{\n {2}lr: 1,\n[^]*\n {2}weightDecay: 0\.01,\n[^]*\n {2}d0: 1e-3,\n/);
    assert.equal(editor.document.getText(editor.selection), '1', 'the first tab stop is the run’s lr (Prodigy’s multiplier of d)');
    await leaveSnippet();
    await undoOnce(editor);
    assert.equal(editor.document.getText(), original);
  });
});
