import * as vscode from 'vscode';
import type { RunLauncher } from '../runs/RunLauncher';

/** `LR Lab: Stop` — stops what is running, each after its step under way (see RunHandle.cancel): runs, and the lr finder and sweep (`others`). */
export function stop(launcher: RunLauncher, others: ReadonlyArray<{ cancel(): boolean }> = []): number {
  let stopped = launcher.stop();
  for (const other of others) if (other.cancel()) stopped++;
  if (stopped === 0) void vscode.window.setStatusBarMessage(vscode.l10n.t('LR Lab: nothing is running'), 3000);
  return stopped;
}
