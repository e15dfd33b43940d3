/**
 * The objectives of the whole workspace, for the side bar's Objectives tree: every TypeScript
 * file (not node_modules, not declarations) read and discovered statically (TypeScript's parser,
 * nothing runs — so it works in restricted mode too), then kept current by a file watcher (saved,
 * created, deleted files) and by the open documents' unsaved edits. The first scan starts when
 * the tree first asks, not at activation.
 */
import * as vscode from 'vscode';
import { discoverObjectives, type DiscoveredObjective } from '../../core/loader';
import { Emitter } from '../events';
import { discoverInDocument, isObjectiveDocument } from '../objectives';
import type { FoundObjective } from './objectiveTree';

const INCLUDE = '**/*.{ts,tsx,mts,cts}';
const EXCLUDE = '{**/node_modules/**,**/*.d.ts,**/.git/**}';
/** A bound on the files read, so a huge monorepo does not stall the tree (VS Code's own searches cap too). */
export const MAX_FILES = 5000;

export class WorkspaceObjectives implements vscode.Disposable {
  private readonly byFile = new Map<string, FoundObjective[]>();
  private scan: Promise<void> | undefined;
  private readonly changed = new Emitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  /** Fires when the objectives found changed. */
  readonly onDidChange = this.changed.event;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(INCLUDE);
    this.subscriptions.push(
      watcher,
      watcher.onDidCreate((uri) => void this.refreshFile(uri)),
      watcher.onDidChange((uri) => void this.refreshFile(uri)),
      watcher.onDidDelete((uri) => this.forget(uri.fsPath)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.scan && isObjectiveDocument(e.document) && e.document.uri.scheme === 'file') this.found(e.document.uri.fsPath, discoverInDocument(e.document));
      }),
      // Closed without saving: the text on disk is what the workspace has again.
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.scan && isObjectiveDocument(document) && document.uri.scheme === 'file') void this.refreshFile(document.uri);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()),
    );
  }

  /** Every objective found (scanning the workspace on the first call). */
  async all(): Promise<FoundObjective[]> {
    this.scan ??= this.scanAll();
    await this.scan;
    return [...this.byFile.values()].flat();
  }

  /** Scan the whole workspace again (the tree's Refresh). */
  async rescan(): Promise<void> {
    this.scan = this.scanAll();
    await this.scan;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  private async scanAll(): Promise<void> {
    const files = await vscode.workspace.findFiles(INCLUDE, EXCLUDE, MAX_FILES);
    const fresh = new Map<string, FoundObjective[]>();
    for (const uri of files) {
      const objectives = await this.discoverFile(uri);
      if (objectives.length > 0) fresh.set(uri.fsPath, objectives);
    }
    this.byFile.clear();
    for (const [file, objectives] of fresh) this.byFile.set(file, objectives);
    this.changed.fire();
  }

  private async refreshFile(uri: vscode.Uri): Promise<void> {
    if (!this.scan || /\.d\.ts$|[\\/]node_modules[\\/]/.test(uri.fsPath)) return;
    this.setFound(uri.fsPath, await this.discoverFile(uri));
  }

  /** The file's objectives: from its open document when there is one (unsaved edits count), else from disk. */
  private async discoverFile(uri: vscode.Uri): Promise<FoundObjective[]> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && !d.isClosed);
    if (open) return this.describe(uri.fsPath, discoverInDocument(open));
    let text: string;
    try {
      text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    } catch {
      return []; // gone, or unreadable: nothing to list
    }
    // Only exported functions can be objectives: most files are skipped without a parse.
    if (!/\bexport\b/.test(text)) return [];
    try {
      return this.describe(uri.fsPath, discoverObjectives(text, uri.fsPath));
    } catch {
      return []; // TypeScript cannot parse it: listed again once it parses
    }
  }

  private describe(file: string, discovered: readonly DiscoveredObjective[]): FoundObjective[] {
    const label = vscode.workspace.asRelativePath(file, false);
    return discovered.map((o) => ({ file, label, name: o.name, line: o.line }));
  }

  private found(file: string, discovered: readonly DiscoveredObjective[]): void {
    this.setFound(file, this.describe(file, discovered));
  }

  private setFound(file: string, objectives: FoundObjective[]): void {
    const before = this.byFile.get(file) ?? [];
    if (JSON.stringify(before) === JSON.stringify(objectives)) return;
    if (objectives.length > 0) this.byFile.set(file, objectives);
    else this.byFile.delete(file);
    this.changed.fire();
  }

  private forget(file: string): void {
    if (this.byFile.delete(file)) this.changed.fire();
  }
}
