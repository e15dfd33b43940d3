import type { RunLauncher } from '../runs/RunLauncher';
import { pickTarget } from './pickTarget';

/** `LR Lab: Run Optimizer` — also the CodeLens' ▶ (which passes the file and objective). */
export async function runOptimizer(launcher: RunLauncher, uri?: unknown, objective?: unknown) {
  const target = await pickTarget(uri, objective);
  return target ? launcher.run(target) : undefined;
}

/** `LR Lab: Step Through Optimizer` — a run of the panel's controls paused before its first step (Step / Resume in the panel). */
export async function stepThrough(launcher: RunLauncher, uri?: unknown, objective?: unknown) {
  const target = await pickTarget(uri, objective);
  return target ? launcher.run(target, undefined, { stepThrough: true }) : undefined;
}
