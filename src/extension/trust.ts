/**
 * Workspace trust: running an objective executes code from the workspace, so LR Lab runs
 * nothing in Restricted Mode and says why, with a way to change it.
 */
import * as vscode from 'vscode';

import { restrictedNotice } from './panel/context';

export { restrictedNotice };

export function isTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

/** Explain the refusal; offers to open the trust editor. */
export async function explainRestricted(): Promise<void> {
  const manage = vscode.l10n.t('Manage Workspace Trust');
  const choice = await vscode.window.showWarningMessage(restrictedNotice(), manage);
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
}
