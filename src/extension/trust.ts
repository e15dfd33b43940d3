/**
 * Workspace trust: running an objective executes code from the workspace, so LR Lab runs
 * nothing in Restricted Mode and says why, with a way to change it.
 */
import * as vscode from 'vscode';

import { RESTRICTED_NOTICE } from './panel/context';

export { RESTRICTED_NOTICE };

export function isTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

/** Explain the refusal; offers to open the trust editor. */
export async function explainRestricted(): Promise<void> {
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showWarningMessage(RESTRICTED_NOTICE, manage);
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
}
