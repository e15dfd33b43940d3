/** What a run acts on and how a run request ended: the words the launcher, the commands and the API share. */
import type * as vscode from 'vscode';
import type { RunOutcome } from '../../core/minimize/records';
import type { RunMeta } from '../../shared/protocol';

/** The objective a run acts on. */
export interface RunTarget {
  readonly uri: vscode.Uri;
  readonly objective: string;
}

/** How a request to run ended. `refused`: nothing ran (restricted mode, bad config). */
export interface RunCompletion {
  readonly status: 'finished' | 'refused';
  readonly runId: string | null;
  readonly target: RunTarget;
  readonly meta: RunMeta | null;
  readonly outcome: RunOutcome | null;
  /** Why nothing ran, when refused. */
  readonly reason?: string;
}

export interface RunOptions {
  /** Show a progress notification (default true). */
  readonly progress?: boolean;
  /** Reveal the panel beside the editor (default true). */
  readonly showPanel?: boolean;
  /** Make the run's controls the panel's (default true); Compare's runs leave the panel's form as it is. */
  readonly adoptControls?: boolean;
  /** Start the run paused before its first step, to step through it (Pause / Step / Resume; default false). */
  readonly stepThrough?: boolean;
}

/** Two targets are the same objective of the same file. */
export const sameFile = (a: RunTarget, b: { readonly uri: vscode.Uri }): boolean => a.uri.toString() === b.uri.toString();
