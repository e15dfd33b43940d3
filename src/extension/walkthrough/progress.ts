/**
 * The walkthrough's steps that no command marks done ("change the lr and see it diverge", "find
 * the lr"): the runs' outcomes tell. Pure; ./register.ts sets the context keys the steps'
 * `completionEvents` wait for (`onContext:<key>`).
 */
import type { RunCompletion } from '../runs/types';

export const WALKTHROUGH_CONTEXT = {
  /** A run diverged (too large an lr). */
  diverged: 'lrlab.walkthrough.diverged',
  /** After a diverged run, a run of the same objective ended well (an lr that works was found). */
  foundLr: 'lrlab.walkthrough.foundLr',
  /** A schedule was inserted into the editor. */
  scheduleInserted: 'lrlab.walkthrough.scheduleInserted',
} as const;

export type WalkthroughContextKey = (typeof WALKTHROUGH_CONTEXT)[keyof typeof WALKTHROUGH_CONTEXT];

const ENDED_WELL = new Set(['converged', 'maxIterations']);

export class WalkthroughProgress {
  /** Objectives (file#name) that have diverged. */
  private readonly diverged = new Set<string>();

  /** The context keys this finished run completes (none for a refused run). */
  finished(completion: RunCompletion): WalkthroughContextKey[] {
    const reason = completion.outcome?.stopReason;
    if (completion.status !== 'finished' || reason === undefined) return [];
    const objective = `${completion.target.uri.toString()}#${completion.target.objective}`;
    if (reason === 'diverged') {
      this.diverged.add(objective);
      return [WALKTHROUGH_CONTEXT.diverged];
    }
    return ENDED_WELL.has(reason) && this.diverged.has(objective) ? [WALKTHROUGH_CONTEXT.foundLr] : [];
  }
}
