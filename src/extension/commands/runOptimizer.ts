import type { RunLauncher } from '../runs/RunLauncher';
import { pickTarget } from './pickTarget';

/** `LR Lab: Run Optimizer` — also the CodeLens' ▶ (which passes the file and objective). */
export async function runOptimizer(launcher: RunLauncher, uri?: unknown, objective?: unknown) {
  const target = await pickTarget(uri, objective);
  return target ? launcher.run(target) : undefined;
}
