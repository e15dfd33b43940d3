import type { RunManager } from '../runs/RunManager';
import { pickTarget } from './pickTarget';

/** `LR Lab: Run Optimizer` — also the CodeLens' ▶ (which passes the file and objective). */
export async function runOptimizer(runs: RunManager, uri?: unknown, objective?: unknown) {
  const target = await pickTarget(uri, objective);
  return target ? runs.run(target) : undefined;
}
