/**
 * Which objective a command acts on: the one a CodeLens passed, else the active
 * TypeScript editor's (a quick pick when the file has several).
 */
import * as vscode from 'vscode';
import { discoverInDocument, isObjectiveDocument } from '../objectives';
import type { RunTarget } from '../runs/types';

export const NO_OBJECTIVE_HINT =
  'Export a function `f(x: number[]): number` (with a `@x0 [..]` JSDoc tag) or an object `{ x0, f, grad? }`.';

export async function pickTarget(uri?: unknown, objective?: unknown, placeHolder = 'Choose the objective to optimize'): Promise<RunTarget | undefined> {
  if (uri instanceof vscode.Uri && typeof objective === 'string') return { uri, objective };
  const editor = vscode.window.activeTextEditor;
  const document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
  if (!document || !isObjectiveDocument(document)) {
    void vscode.window.showWarningMessage('LR Lab: open a TypeScript file that defines an objective first. ' + NO_OBJECTIVE_HINT);
    return undefined;
  }
  const objectives = discoverInDocument(document);
  if (objectives.length === 0) {
    void vscode.window.showWarningMessage(`LR Lab: no objective found in ${vscode.workspace.asRelativePath(document.uri)}. ${NO_OBJECTIVE_HINT}`);
    return undefined;
  }
  if (objectives.length === 1) return { uri: document.uri, objective: objectives[0]!.name };
  const picked = await vscode.window.showQuickPick(
    objectives.map((o) => ({ label: o.name, description: o.form === 'object' ? 'object form' : 'function', detail: `line ${o.line}`, name: o.name })),
    { placeHolder, matchOnDescription: true },
  );
  return picked ? { uri: document.uri, objective: picked.name } : undefined;
}
