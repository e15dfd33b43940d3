import * as vscode from 'vscode';
import { discoverInDocument, isObjectiveDocument } from '../objectives';
import type { RunManager } from '../runs/RunManager';

/** `LR Lab: Open Playground` — the panel, aimed at the active file's first objective. */
export async function openPlayground(runs: RunManager): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (document && isObjectiveDocument(document)) {
    const first = discoverInDocument(document)[0];
    if (first && runs.panelTarget?.uri.toString() !== document.uri.toString()) runs.setTarget({ uri: document.uri, objective: first.name });
  }
  await runs.showPanel(false);
}
