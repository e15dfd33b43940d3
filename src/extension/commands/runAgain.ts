import type { RunManager } from '../runs/RunManager';
import { runOptimizer } from './runOptimizer';

/** `LR Lab: Run Optimizer Again` — the last run's objective and controls, re-reading the file. */
export async function runAgain(runs: RunManager) {
  return (await runs.runAgain()) ?? runOptimizer(runs);
}
