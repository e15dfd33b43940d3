import * as vscode from 'vscode';
import { optimizerDefinitions } from '../../core/optimizers';
import type { Playground } from '../runs/persistence';
import type { RunLauncher } from '../runs/RunLauncher';
import type { RunCompletion } from '../runs/types';
import { pickTarget } from './pickTarget';

/**
 * `Compare…` — run several optimizers on the same objective, starting point and schedule,
 * overlaid in the panel. Each runs with the panel's lr when one is set, else its own PyTorch default.
 */
export async function compare(launcher: RunLauncher, playground: Playground, uri?: unknown, objective?: unknown, types?: unknown): Promise<RunCompletion[] | undefined> {
  const target = await pickTarget(uri, objective, vscode.l10n.t('Choose the objective to compare optimizers on'));
  if (!target) return undefined;
  let chosen = Array.isArray(types) ? types.filter((t): t is string => typeof t === 'string') : undefined;
  if (!chosen) {
    const current = playground.controls.optimizer.type;
    const picks = await vscode.window.showQuickPick(
      Object.values(optimizerDefinitions).map((d) => ({ label: d.type, description: d.title, detail: d.summary, picked: d.type === current || d.type === 'sgd' || d.type === 'adam' })),
      { canPickMany: true, placeHolder: vscode.l10n.t('Optimizers to compare on {0}', target.objective) },
    );
    if (!picks || picks.length === 0) return undefined;
    chosen = picks.map((p) => p.label);
  }
  const base = playground.controls;
  return Promise.all(chosen.map((type) => launcher.run(target, { ...base, optimizer: { type, ...(typeof base.optimizer.lr === 'number' ? { lr: base.optimizer.lr } : {}) } })));
}
