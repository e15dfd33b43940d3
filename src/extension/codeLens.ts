/**
 * `▶ Run adam lr=0.001 · cosine | Compare… | Find lr` above every objective in TypeScript files, the way
 * test runners show `Run | Debug`. The ▶ lens runs with the panel's controls, so it says which
 * config that is (title: the run's label; tooltip: the resolved config, and the panel form's
 * problem when it has one, since the lens then uses its last valid values), and follows the
 * panel's edits and the settings.
 */
import * as vscode from 'vscode';
import { Disposable } from './dispose';
import { discoverInDocument, isObjectiveDocument } from './objectives';
import type { RunLensText } from './runLens';
import type { RunTarget } from './runs/types';

export class ObjectiveCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly enabled: () => boolean,
    /** What ▶ would run on `target` now. */
    private readonly describe: (target: RunTarget) => RunLensText,
    /** The controls (or anything else `describe` reads) changed. */
    describeChanged: vscode.Event<void>,
  ) {
    super();
    this.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('lrlab') && this.changed.fire()));
    this.register(describeChanged(() => this.changed.fire()));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.enabled() || !isObjectiveDocument(document)) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const objective of discoverInDocument(document)) {
      const line = Math.min(Math.max(0, objective.line - 1), document.lineCount - 1);
      const range = document.lineAt(line).range;
      const run = this.describe({ uri: document.uri, objective: objective.name });
      lenses.push(
        new vscode.CodeLens(range, { title: run.title, tooltip: run.tooltip, command: 'lrlab.runOptimizer', arguments: [document.uri, objective.name] }),
        new vscode.CodeLens(range, { title: vscode.l10n.t('Compare…'), tooltip: vscode.l10n.t('Run several optimizers on {0} and overlay them', objective.name), command: 'lrlab.compare', arguments: [document.uri, objective.name] }),
        new vscode.CodeLens(range, { title: vscode.l10n.t('Find lr'), tooltip: vscode.l10n.t("Learning-rate range test on {0} (fastai's lr_find) with the panel's optimizer", objective.name), command: 'lrlab.findLr', arguments: [document.uri, objective.name] }),
      );
    }
    return lenses;
  }
}
