/**
 * What the Objectives tree of the LR Lab side bar shows: every objective discovery finds in the
 * workspace, each with the runs made on it (newest first; objectives with runs at the top), plus
 * objectives that are no longer
 * found but still have runs (a renamed export, a deleted file), so those runs stay reachable
 * and removable. Pure: the tree view (objectivesView.ts) turns the nodes into tree items.
 */
import { LABEL_NUMBER } from '../../shared/format';
import type { ObjectiveRef, RunMeta, RunOutcomeMessage } from '../../shared/protocol';
import { runNumbers, runNumbersText, type LastPoint } from '../../shared/runSummary';

/** An objective discovery found: its file, the file's workspace-relative name, the export, its line (1-based). */
export interface FoundObjective {
  readonly file: string;
  readonly label: string;
  readonly name: string;
  readonly line: number;
}

/** What the tree needs of a run. */
export interface RunFacts {
  readonly meta: Pick<RunMeta, 'id' | 'label' | 'objective' | 'startedAt'>;
  readonly outcome: RunOutcomeMessage | null;
  readonly last: LastPoint | null;
}

export type RunStatus = 'running' | 'finished' | 'failed';

export interface RunNode {
  readonly kind: 'run';
  readonly runId: string;
  readonly label: string;
  readonly status: RunStatus;
  /** The run's numbers in one line ("final 0.0123 · best 0.0101", "loss 3.2 at step 40"); '' before its first record or for a failed run. */
  readonly numbers: string;
  readonly objective: ObjectiveRef;
}

export interface ObjectiveNode {
  readonly kind: 'objective';
  /** `file` + `name`: one node per objective. */
  readonly key: string;
  readonly file: string;
  readonly label: string;
  readonly name: string;
  /** 1-based; null when discovery no longer finds it. */
  readonly line: number | null;
  readonly runs: readonly RunNode[];
}

export type TreeNode = ObjectiveNode | RunNode;

export const objectiveKey = (file: string, name: string): string => `${file}\u0000${name}`;

function statusOf(outcome: RunOutcomeMessage | null): RunStatus {
  if (!outcome) return 'running';
  return outcome.stopReason === 'error' ? 'failed' : 'finished';
}

function runNode(run: RunFacts): RunNode {
  const numbers = runNumbersText(runNumbers(run.outcome, run.last), LABEL_NUMBER);
  return { kind: 'run', runId: run.meta.id, label: run.meta.label, status: statusOf(run.outcome), numbers, objective: run.meta.objective };
}

/**
 * The objectives with runs, then those without, each group in file-then-line order (lost ones
 * after the found ones of their file); each objective's runs newest first.
 */
export function objectiveTree(found: readonly FoundObjective[], runs: readonly RunFacts[]): ObjectiveNode[] {
  const byObjective = new Map<string, RunFacts[]>();
  for (const run of runs) {
    const key = objectiveKey(run.meta.objective.file, run.meta.objective.name);
    const list = byObjective.get(key) ?? [];
    list.push(run);
    byObjective.set(key, list);
  }
  const nodes: ObjectiveNode[] = [];
  const seen = new Set<string>();
  const add = (file: string, label: string, name: string, line: number | null): void => {
    const key = objectiveKey(file, name);
    if (seen.has(key)) return;
    seen.add(key);
    const own = (byObjective.get(key) ?? []).slice().sort((a, b) => b.meta.startedAt - a.meta.startedAt);
    nodes.push({ kind: 'objective', key, file, label, name, line, runs: own.map(runNode) });
  };
  for (const o of found) add(o.file, o.label, o.name, o.line);
  for (const list of byObjective.values()) {
    const { file, label, name } = list[0]!.meta.objective;
    add(file, label, name, null);
  }
  const order = (n: ObjectiveNode): number => (n.line === null ? Number.MAX_SAFE_INTEGER : n.line);
  // The objectives with runs first (what the user came back for), then the rest as a catalog.
  const ran = (n: ObjectiveNode): number => (n.runs.length > 0 ? 0 : 1);
  return nodes.sort((a, b) => ran(a) - ran(b) || a.label.localeCompare(b.label) || a.file.localeCompare(b.file) || order(a) - order(b) || a.name.localeCompare(b.name));
}
