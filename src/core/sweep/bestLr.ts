/**
 * Compare's "best lr of a quick sweep": the lrs tried around an optimizer's default, and which
 * of them did best. A run counts only when it ended cleanly (all its steps, or converged) with
 * a finite final loss — a diverged, failed or stopped run is never "best", however low its
 * last loss. Pure, so the rule is unit-tested; the extension runs the cells (core/sweep/pool).
 */
import type { StopReason } from '../minimize/records';
import { logSpaced } from './grid';

/** Half-decades from 1000× below `center` to 100× above it: 11 lrs, `center` among them. */
export const QUICK_SWEEP_DECADES_BELOW = 3;
export const QUICK_SWEEP_DECADES_ABOVE = 2;
export const QUICK_SWEEP_COUNT = 2 * (QUICK_SWEEP_DECADES_BELOW + QUICK_SWEEP_DECADES_ABOVE) + 1;

/** The lrs of a quick sweep around `center` (an optimizer's PyTorch default), to 12 significant digits. */
export function quickSweepLrs(center: number): number[] {
  const at = (decades: number) => Number((center * 10 ** decades).toPrecision(12));
  return logSpaced(at(-QUICK_SWEEP_DECADES_BELOW), at(QUICK_SWEEP_DECADES_ABOVE), QUICK_SWEEP_COUNT);
}

/** What a tried lr gave. */
export interface LrTrial {
  readonly lr: number;
  readonly stopReason: StopReason;
  /** null (or not finite) when the run gave none. */
  readonly finalLoss: number | null;
}

const CLEAN: ReadonlySet<StopReason> = new Set(['maxIterations', 'converged']);

/** Whether a run that stopped for `reason` ended cleanly: all its steps, or converged. */
export const endedCleanly = (reason: StopReason): boolean => CLEAN.has(reason);

/**
 * The trial with the lowest final loss among those that ended cleanly; on a tie the smaller lr
 * (the safer one). null when none ended cleanly.
 */
export function bestLr(trials: readonly LrTrial[]): (LrTrial & { readonly finalLoss: number }) | null {
  let best: (LrTrial & { finalLoss: number }) | null = null;
  for (const t of trials) {
    if (!endedCleanly(t.stopReason) || t.finalLoss === null || !Number.isFinite(t.finalLoss)) continue;
    if (best === null || t.finalLoss < best.finalLoss || (t.finalLoss === best.finalLoss && t.lr < best.lr)) best = { ...t, finalLoss: t.finalLoss };
  }
  return best;
}
