/**
 * `▶ Run optimizer | Compare…` above every objective in TypeScript files, the way test
 * runners show `Run | Debug`.
 */
import * as vscode from 'vscode';
import { Disposable } from './dispose';
import { discoverInDocument, isObjectiveDocument } from './objectives';

export class ObjectiveCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly enabled: () => boolean) {
    super();
    this.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('lrlab.codeLens') && this.changed.fire()));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.enabled() || !isObjectiveDocument(document)) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const objective of discoverInDocument(document)) {
      const line = Math.min(Math.max(0, objective.line - 1), document.lineCount - 1);
      const range = document.lineAt(line).range;
      lenses.push(
        new vscode.CodeLens(range, { title: '▶ Run optimizer', tooltip: `Run the optimizer on ${objective.name} and plot the curves`, command: 'lrlab.runOptimizer', arguments: [document.uri, objective.name] }),
        new vscode.CodeLens(range, { title: 'Compare…', tooltip: `Run several optimizers on ${objective.name} and overlay them`, command: 'lrlab.compare', arguments: [document.uri, objective.name] }),
      );
    }
    return lenses;
  }
}
