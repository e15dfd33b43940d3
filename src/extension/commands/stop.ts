import * as vscode from 'vscode';
import type { RunManager } from '../runs/RunManager';

/** `LR Lab: Stop` — terminates running workers at once. */
export function stop(runs: RunManager): number {
  const stopped = runs.stop();
  if (stopped === 0) void vscode.window.setStatusBarMessage('LR Lab: nothing is running', 3000);
  return stopped;
}
