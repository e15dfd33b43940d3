import * as vscode from 'vscode';
import type { RunLauncher } from '../runs/RunLauncher';

/** `LR Lab: Stop` — terminates running workers at once. */
export function stop(launcher: RunLauncher): number {
  const stopped = launcher.stop();
  if (stopped === 0) void vscode.window.setStatusBarMessage('LR Lab: nothing is running', 3000);
  return stopped;
}
