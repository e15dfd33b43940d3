import type { RunLauncher } from '../runs/RunLauncher';
import { runOptimizer } from './runOptimizer';

/** `LR Lab: Run Optimizer Again` — the last run's objective and controls, re-reading the file. */
export async function runAgain(launcher: RunLauncher) {
  return (await launcher.runAgain()) ?? runOptimizer(launcher);
}
