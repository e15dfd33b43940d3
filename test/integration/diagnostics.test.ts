/**
 * LR Lab's diagnostics in a real extension host, as `vscode.languages.getDiagnostics` reports
 * them (source "LR Lab"): a compile error at its line and column after a run, moved and then
 * cleared as the user edits and saves; every compile error of a run; one in an imported file, in that file; an exception thrown in f at
 * the throw's line, cleared by the first edit. Each test edits its own copy of a fixture.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { assertStopReason, DIAGNOSTIC_SOURCE, lrlab, lrlabDiagnostics, markedLine, open, runCommand, runOf, scratchCopy, SettingsScope, waitFor, workspaceUri, type LrLabApi } from './support';

const ITERATIONS = 10;

/** Replaces the first occurrence of `text` in the document with `by`, as one WorkspaceEdit. */
async function replace(document: vscode.TextDocument, text: string, by: string): Promise<void> {
  const at = document.getText().indexOf(text);
  assert.ok(at >= 0, `${JSON.stringify(text)} is not in ${document.uri.path}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + text.length)), by);
  assert.equal(await vscode.workspace.applyEdit(edit), true);
}

const describeDiagnostics = (uri: vscode.Uri): string => JSON.stringify(lrlabDiagnostics(uri).map((d) => ({ line: d.range.start.line, message: d.message })));

describe('diagnostics: problems in the user’s file at their line', () => {
  let api: LrLabApi;
  const settings = new SettingsScope();

  before(async () => {
    api = await lrlab();
    await settings.set({ optimizer: 'sgd', learningRate: 0.1, schedule: 'constant', iterations: ITERATIONS }, api, {
      optimizer: { type: 'sgd', lr: 0.1 },
      schedule: { type: 'constant' },
      iterations: ITERATIONS,
    });
  });

  after(async () => {
    await settings.restore();
  });

  it('a syntax error: an error diagnostic at its line and column after a run; it follows edits and clears once fixed and saved', async () => {
    const uri = await scratchCopy('fixtures/syntaxError.ts');
    const editor = await open(uri);
    const { document } = editor;
    assert.deepEqual(lrlabDiagnostics(uri), [], 'nothing before a run');

    const completion = await runCommand(api, uri, 'broken');
    assertStopReason(completion, 'error');
    assert.equal(completion.outcome?.error?.code, 'compileError');
    assert.equal(completion.runId, null, 'a file that does not compile starts no run');

    const line = markedLine(document, 'syntax');
    const [diagnostic, ...others] = lrlabDiagnostics(uri);
    assert.deepEqual(others, []);
    assert.ok(diagnostic, 'no LR Lab diagnostic');
    assert.equal(diagnostic.source, DIAGNOSTIC_SOURCE);
    assert.equal(diagnostic.code, 'compileError');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.message, 'Unexpected "*"');
    assert.equal(diagnostic.range.start.line, line);
    assert.equal(diagnostic.range.start.character, document.lineAt(line).text.indexOf('+*') + 1, 'at the *');

    // Still broken, one line lower: the diagnostic moves with it (re-checked as the user types).
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), '// a line above\n');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    await waitFor(() => lrlabDiagnostics(uri).length === 1 && lrlabDiagnostics(uri)[0]!.range.start.line === line + 1, () => `the diagnostic to move to line ${line + 1}: ${describeDiagnostics(uri)}`);

    // Fixed and saved: cleared, with no run.
    await replace(document, '+* 2', '* 2');
    assert.equal(await document.save(), true);
    await waitFor(() => lrlabDiagnostics(uri).length === 0, () => `the diagnostic to clear: ${describeDiagnostics(uri)}`);
    assert.deepEqual(api.diagnostics(uri), []);

    // And the fixed file runs.
    const fixed = await runCommand(api, uri, 'broken');
    assertStopReason(fixed, 'maxIterations');
    assert.equal(runOf(api, fixed).data.loss.length, ITERATIONS);
    assert.deepEqual(lrlabDiagnostics(uri), []);
  });

  it('every compile error of a run gets its diagnostic (two missing imports, two lines)', async () => {
    const editor = await open('fixtures/twoBadImports.ts');
    const { uri } = editor.document;
    const completion = await runCommand(api, uri, 'broken');
    assertStopReason(completion, 'error');
    const diagnostics = lrlabDiagnostics(uri);
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start.line, d.code]),
      [
        [markedLine(editor.document, 'firstImport'), 'compileError'],
        [markedLine(editor.document, 'secondImport'), 'compileError'],
      ],
    );
    assert.match(diagnostics[0]!.message, /notThere/);
    assert.match(diagnostics[1]!.message, /notThereEither/);
  });

  it('a syntax error in a file the objective imports: its diagnostic is in that file, at its line; the objective\'s file has none', async () => {
    const editor = await open('fixtures/importsSyntaxError.ts');
    const { uri } = editor.document;
    const lib = await vscode.workspace.openTextDocument(workspaceUri('fixtures/lib/syntaxError.ts'));
    const completion = await runCommand(api, uri, 'shifted');
    assertStopReason(completion, 'error');
    assert.equal(completion.runId, null, 'no run: the file did not compile');
    assert.deepEqual(lrlabDiagnostics(uri), []);
    const diagnostics = lrlabDiagnostics(lib.uri);
    assert.deepEqual(diagnostics.map((d) => [d.range.start.line, d.code, d.message]), [[markedLine(lib, 'libSyntax'), 'compileError', 'Unexpected "*"']]);
  });

  it('an exception thrown in f: a diagnostic at the throw after the run, with the steps before it kept; the first edit clears it', async () => {
    const uri = await scratchCopy('fixtures/throwsInF.ts');
    const { document } = await open(uri);
    const completion = await runCommand(api, uri, 'flaky');
    assertStopReason(completion, 'error');
    assert.equal(completion.outcome?.steps, 3, 'f throws on its 4th call');
    assert.equal(runOf(api, completion).data.loss.length, 3);

    const line = markedLine(document, 'fThrow');
    const [diagnostic, ...others] = lrlabDiagnostics(uri);
    assert.deepEqual(others, []);
    assert.ok(diagnostic, 'no LR Lab diagnostic');
    assert.equal(diagnostic.code, 'objectiveError');
    assert.equal(diagnostic.message, 'RangeError: call 4 went wrong');
    assert.equal(diagnostic.range.start.line, line);
    const text = document.lineAt(line).text;
    assert.ok(diagnostic.range.start.character > text.indexOf('throw'), `at ${diagnostic.range.start.character} of ${JSON.stringify(text)}`);
    assert.equal(document.getText(diagnostic.range), 'new', 'under the `new RangeError(…)` that threw');

    // A runtime error goes stale as soon as the code changes: the next run says whether it remains.
    await replace(document, 'calls === 4', 'calls === 400');
    await waitFor(() => lrlabDiagnostics(uri).length === 0, () => `the diagnostic to clear: ${describeDiagnostics(uri)}`);
    await document.save();
  });
});
