import * as vscode from 'vscode';
import type { Playground } from '../runs/persistence';
import type { SweepCompletion, SweepRequest, SweepRoom } from '../sweep/sweepRoom';
import { pickTarget } from './pickTarget';

/** What `LR Lab: Sweep Learning Rates` runs without the panel's form: 9 lrs from 1e-4 to 1 with the panel's optimizer and schedule. */
export function defaultSweep(playground: Playground): SweepRequest {
  const { optimizer, schedule, iterations } = playground.controls;
  return { lrMin: 1e-4, lrMax: 1, lrCount: 9, optimizers: [optimizer], schedules: [schedule], seeds: [0], iterations, targetLoss: null };
}

/**
 * `LR Lab: Sweep Learning Rates` — a sweep on an objective (the panel's Sweep form sets more:
 * optimizers, schedules, seeds). With `request` (the API, tests) it runs that sweep.
 */
export async function sweep(room: SweepRoom, playground: Playground, aim: (target: NonNullable<Playground['target']>) => void, uri?: unknown, objective?: unknown, request?: unknown): Promise<SweepCompletion | undefined> {
  const target = await pickTarget(uri, objective, vscode.l10n.t('Choose the objective to sweep learning rates on'));
  if (!target) return undefined;
  aim(target);
  const given = request !== null && typeof request === 'object' ? (request as SweepRequest) : undefined;
  if (!given) void vscode.window.setStatusBarMessage(vscode.l10n.t('LR Lab: sweeping 9 learning rates from 1e-4 to 1 (the panel’s Sweep form sets more)'), 4000);
  return room.sweep(target, given ?? defaultSweep(playground));
}
