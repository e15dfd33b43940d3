/**
 * The Objectives tree of the LR Lab side bar (`lrlab.objectives`): the workspace's objectives
 * (workspaceObjectives.ts) with their runs (the run store), and inline actions — ▶ Run on an
 * objective, ■ Stop on a running run (or an objective with one), ✕ Remove on a finished run (the
 * pages drop it and offer Undo, as their Clear does). A click on an objective opens it at its
 * line; on a run, shows the page where `lrlab.plotLocation` says.
 */
import * as vscode from 'vscode';
import { clear } from '../panel/handlers/clear';
import type { PanelRoom } from '../panel/room';
import { lastPointOf, type RunStore } from '../runs/runStore';
import type { RunCompletion, RunTarget } from '../runs/types';
import { objectiveTree, type ObjectiveNode, type RunNode, type TreeNode } from './objectiveTree';
import type { WorkspaceObjectives } from './workspaceObjectives';

export const OBJECTIVES_VIEW_ID = 'lrlab.objectives';

/** What the tree's actions need of the rest of the extension. */
export interface ObjectivesViewDeps {
  readonly objectives: WorkspaceObjectives;
  readonly store: RunStore;
  readonly room: PanelRoom;
  readonly launcher: { run(target: RunTarget): Promise<RunCompletion>; stopRun(runId: string): boolean };
  /** Show the page (where `lrlab.plotLocation` says). */
  showPage(): Promise<unknown>;
}

const ICONS: Record<RunNode['status'], vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon('loading~spin'),
  finished: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
};

/** A run's status in words (read when shown, so the display language applies). */
const STATUS_TEXT: Record<RunNode['status'], () => string> = {
  running: () => vscode.l10n.t('running'),
  finished: () => vscode.l10n.t('finished'),
  failed: () => vscode.l10n.t('failed'),
};

export class ObjectivesView implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private pending = false;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];

  constructor(private readonly deps: ObjectivesViewDeps) {
    this.subscriptions.push(deps.objectives.onDidChange(() => this.refresh()), deps.store.onDidChange(() => this.refresh()));
  }

  /** The tree as it is shown: objectives with their runs. */
  async nodes(): Promise<ObjectiveNode[]> {
    const runs = this.deps.store.list().map((run) => ({ meta: run.meta, outcome: run.outcome, last: lastPointOf(run) }));
    return objectiveTree(await this.deps.objectives.all(), runs);
  }

  async getChildren(element?: TreeNode): Promise<TreeNode[]> {
    if (!element) return this.nodes();
    return element.kind === 'objective' ? [...element.runs] : [];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.kind === 'objective' ? this.objectiveItem(node) : this.runItem(node);
  }

  /** ▶ Run: the objective with the playground's controls, as the CodeLens does. */
  run(node: ObjectiveNode): Promise<RunCompletion> {
    return this.deps.launcher.run({ uri: vscode.Uri.file(node.file), objective: node.name });
  }

  /** ■ Stop: the run, or every running run of the objective; how many were stopped. */
  stop(node: TreeNode): number {
    const runs = node.kind === 'run' ? [node] : node.runs.filter((r) => r.status === 'running');
    return runs.filter((r) => this.deps.launcher.stopRun(r.runId)).length;
  }

  /** ✕ Remove: the finished run leaves the store and the pages (which offer Undo). */
  remove(node: RunNode): void {
    if (node.status === 'running') return;
    void clear({ type: 'clear', runIds: [node.runId] }, this.deps.room);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  private objectiveItem(node: ObjectiveNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.name, node.runs.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = node.key;
    item.description = node.line === null ? vscode.l10n.t('{0} — not found any more', node.label) : `${node.label}:${node.line}`;
    item.tooltip =
      node.line === null
        ? vscode.l10n.t('{0} in {1} is no longer found there; its runs are kept until you remove them.', node.name, node.label)
        : vscode.l10n.t('{0} — {1}, line {2}', node.name, node.label, node.line);
    item.iconPath = new vscode.ThemeIcon(node.line === null ? 'question' : 'symbol-function');
    item.contextValue = node.runs.some((r) => r.status === 'running') ? 'objective.running' : node.line === null ? 'objective.lost' : 'objective';
    if (node.line !== null) {
      const at = new vscode.Position(node.line - 1, 0);
      item.command = { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [vscode.Uri.file(node.file), { selection: new vscode.Range(at, at) }] };
    }
    return item;
  }

  private runItem(node: RunNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.id = `run:${node.runId}`;
    const status = STATUS_TEXT[node.status]();
    item.description = node.numbers || status;
    item.tooltip = node.numbers ? vscode.l10n.t('{0} on {1} — {2}: {3}', node.label, node.objective.name, status, node.numbers) : vscode.l10n.t('{0} on {1} — {2}', node.label, node.objective.name, status);
    item.iconPath = ICONS[node.status];
    item.contextValue = node.status === 'running' ? 'run.running' : 'run.done';
    item.command = { command: 'lrlab.objectives.showRun', title: vscode.l10n.t('Show the Curves') };
    return item;
  }

  /** Store and discovery changes come in bursts (a restore adds every run): one refresh per turn. */
  private refresh(): void {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      this.changed.fire(undefined);
    });
  }
}

/** Registers the tree and its actions' commands. */
export function registerObjectivesView(deps: ObjectivesViewDeps): { view: ObjectivesView; disposable: vscode.Disposable } {
  const view = new ObjectivesView(deps);
  const tree = vscode.window.createTreeView(OBJECTIVES_VIEW_ID, { treeDataProvider: view, showCollapseAll: true });
  const command = (id: string, fn: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, fn);
  const disposable = vscode.Disposable.from(
    view,
    tree,
    command('lrlab.objectives.run', (node: ObjectiveNode) => view.run(node)),
    command('lrlab.objectives.stop', (node: TreeNode) => view.stop(node)),
    command('lrlab.objectives.remove', (node: RunNode) => view.remove(node)),
    command('lrlab.objectives.refresh', () => deps.objectives.rescan()),
    command('lrlab.objectives.showRun', () => deps.showPage()),
  );
  return { view, disposable };
}
