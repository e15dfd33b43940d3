/**
 * `▶ Run optimizer | Compare… | Find lr` above every objective in TypeScript files, the way test
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
        new vscode.CodeLens(range, { title: vscode.l10n.t('▶ Run optimizer'), tooltip: vscode.l10n.t('Run the optimizer on {0} and plot the curves', objective.name), command: 'lrlab.runOptimizer', arguments: [document.uri, objective.name] }),
        new vscode.CodeLens(range, { title: vscode.l10n.t('Compare…'), tooltip: vscode.l10n.t('Run several optimizers on {0} and overlay them', objective.name), command: 'lrlab.compare', arguments: [document.uri, objective.name] }),
        new vscode.CodeLens(range, { title: vscode.l10n.t('Find lr'), tooltip: vscode.l10n.t("Learning-rate range test on {0} (fastai's lr_find) with the panel's optimizer", objective.name), command: 'lrlab.findLr', arguments: [document.uri, objective.name] }),
      );
    }
    return lenses;
  }
}
