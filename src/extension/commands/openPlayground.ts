import * as vscode from 'vscode';
import { discoverInDocument, isObjectiveDocument } from '../objectives';
import type { PageShower } from '../panel/plotPlaces';
import type { Playground } from '../runs/persistence';
import type { RunTarget } from '../runs/types';

/** `LR Lab: Open Playground` — the page (beside the editor or in the LR Lab view: `lrlab.plotLocation`), aimed at the active file's first objective. */
export async function openPlayground(playground: Playground, aimAt: (target: RunTarget) => void, panel: PageShower): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (document && isObjectiveDocument(document)) {
    const first = discoverInDocument(document)[0];
    if (first && playground.target?.uri.toString() !== document.uri.toString()) aimAt({ uri: document.uri, objective: first.name });
  }
  await panel.show(false);
}
