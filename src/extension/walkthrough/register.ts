/**
 * The "Get started with LR Lab" walkthrough (contributes.walkthroughs): the example it opens
 * (`lrlab.openExample`) and the context keys of the steps that runs complete.
 */
import * as vscode from 'vscode';
import type { RunLauncher } from '../runs/RunLauncher';
import { WALKTHROUGH_CONTEXT, WalkthroughProgress, type WalkthroughContextKey } from './progress';

/** The example the walkthrough uses: quadratic bowls, where SGD diverges past lr ≈ 0.553 (shipped in the .vsix). */
export const WALKTHROUGH_EXAMPLE = 'quadratic.ts';

export const markWalkthrough = (key: WalkthroughContextKey): Thenable<unknown> => vscode.commands.executeCommand('setContext', key, true);

/**
 * Copies the example into the first workspace folder (or the extension's storage when no folder
 * is open) unless a file of that name is there, and opens it beside the walkthrough: a file of
 * the user's, which runs and takes an inserted schedule like any other.
 */
export async function openExample(extensionUri: vscode.Uri, storageUri: vscode.Uri): Promise<vscode.Uri> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? storageUri;
  const target = vscode.Uri.joinPath(folder, WALKTHROUGH_EXAMPLE);
  const exists = await vscode.workspace.fs.stat(target).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await vscode.workspace.fs.createDirectory(folder);
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(extensionUri, 'examples', WALKTHROUGH_EXAMPLE), target);
  }
  await vscode.window.showTextDocument(target, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  return target;
}

export function registerWalkthrough(context: vscode.ExtensionContext, launcher: RunLauncher): void {
  const progress = new WalkthroughProgress();
  context.subscriptions.push(
    vscode.commands.registerCommand('lrlab.openExample', () => openExample(context.extensionUri, context.globalStorageUri)),
    launcher.onDidFinishRun((completion) => {
      for (const key of progress.finished(completion)) void markWalkthrough(key);
    }),
  );
}

export { WALKTHROUGH_CONTEXT };
