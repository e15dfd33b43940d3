/**
 * Run sets in the panel: "Save runs…" writes the shown runs to a `.lrlab.json` (each run's
 * objective file relative to its workspace folder, with the hash of the text it ran on, and its
 * resolved config); "Open runs…" reads one and runs every run again exactly (a file changed
 * since runs anyway, with a warning); "Copy as command" puts a run's `lrlab run` line on the
 * clipboard. The dialogs and the clipboard come in through `RunSetUi` (workbench.ts).
 */
import * as l10n from '@vscode/l10n';
import type * as vscode from 'vscode';
import { thrownWords } from '../../core/errors';
import { resolveRunConfig } from '../../core/minimize/config';
import { encodeRunSet, locateObjectiveFile, parseRunSet, relativeObjectivePath, runCommandLine, sha256, type RunSetEntry } from '../../core/runSet';
import type { PanelSink } from '../panel/pages';
import type { RunLauncher } from '../runs/RunLauncher';
import type { RunStore, StoredRun } from '../runs/runStore';
import type { RunCompletion, RunTarget } from '../runs/types';

/** The workbench as run sets need it. */
export interface RunSetUi {
  /** A file to save to (null: cancelled). */
  pickSaveFile(defaultName: string): Promise<vscode.Uri | null>;
  /** A run set to open (null: cancelled). */
  pickOpenFile(): Promise<vscode.Uri | null>;
  readFile(file: vscode.Uri): Promise<string>;
  writeFile(file: vscode.Uri, text: string): Promise<void>;
  /** The workspace folder holding `file` (its path), or undefined. */
  workspaceFolderOf(file: string): string | undefined;
  workspaceFolders(): readonly string[];
  /** The text of an open editor of `file` (unsaved edits count), else undefined. */
  openText(file: string): string | undefined;
  /** The file's text on disk (undefined when it cannot be read). */
  diskText(file: string): string | undefined;
  uriOf(file: string): vscode.Uri;
  copy(text: string): Promise<void>;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface RunSetRoomDeps {
  readonly store: RunStore;
  readonly pages: PanelSink;
  readonly launcher: Pick<RunLauncher, 'runConfig'>;
  readonly ui: RunSetUi;
}

export class RunSetRoom {
  constructor(private readonly deps: RunSetRoomDeps) {}

  /** The run-set entries of finished runs (all, or these). */
  entries(runIds?: readonly string[]): RunSetEntry[] {
    const { deps } = this;
    const runs = (runIds ? runIds.map((id) => deps.store.get(id)) : deps.store.list()).filter((run): run is StoredRun => run !== undefined && run.outcome !== null);
    return runs.map((run) => {
      const file = run.meta.objective.file;
      const root = deps.ui.workspaceFolderOf(file);
      const hash = run.sourceSha256 ?? sha256(deps.ui.diskText(file) ?? '');
      return { label: run.meta.label, objective: { file: root ? relativeObjectivePath(root, file) : file, sha256: hash, name: run.meta.objective.name }, config: resolveRunConfig(run.meta.config) };
    });
  }

  /** Save runs through a save dialog; the file written, or null. */
  async save(runIds?: readonly string[]): Promise<vscode.Uri | null> {
    const { ui, pages } = this.deps;
    const runs = this.entries(runIds);
    if (runs.length === 0) {
      pages.post({ type: 'error', message: l10n.t('Nothing to save: no finished runs yet.') });
      return null;
    }
    const file = await ui.pickSaveFile('runs.lrlab.json');
    if (!file) return null;
    await ui.writeFile(file, encodeRunSet({ runs }));
    ui.info(runs.length === 1 ? l10n.t('LR Lab: saved 1 run to {0}; run it again with "Open runs…" or lrlab run --runs', file.fsPath) : l10n.t('LR Lab: saved {0} runs to {1}; run them again with "Open runs…" or lrlab run --runs', runs.length, file.fsPath));
    return file;
  }

  /** Open a run set (through a dialog, or `file`) and run its runs again, one after another. */
  async open(file?: vscode.Uri): Promise<RunCompletion[]> {
    const { ui } = this.deps;
    const picked = file ?? (await ui.pickOpenFile());
    if (!picked) return [];
    let entries: readonly RunSetEntry[];
    try {
      entries = parseRunSet(await ui.readFile(picked), picked.fsPath).runs;
    } catch (e) {
      ui.error(`LR Lab: ${picked.fsPath}: ${thrownWords(e)}`);
      return [];
    }
    // Every objective file first: a missing one stops before anything runs.
    const targets: RunTarget[] = [];
    for (const entry of entries) {
      const path = locateObjectiveFile(picked.fsPath, entry.objective.file, ui.workspaceFolders());
      if (path === null) {
        ui.error(l10n.t('LR Lab: cannot find {0} of "{1}" (looked beside {2}, above it and in the workspace folders)', entry.objective.file, entry.label || entry.objective.name, picked.fsPath));
        return [];
      }
      targets.push({ uri: ui.uriOf(path), objective: entry.objective.name });
    }
    const changed = new Set<string>();
    entries.forEach((entry, i) => {
      const path = targets[i]!.uri.fsPath;
      const text = ui.openText(path) ?? ui.diskText(path);
      if (!changed.has(path) && text !== undefined && sha256(text) !== entry.objective.sha256) changed.add(path);
    });
    if (changed.size > 0) ui.warn(l10n.t('LR Lab: {0} changed since the runs were saved (the content hash differs): the results may differ', [...changed].join(', ')));
    const completions: RunCompletion[] = [];
    for (const [i, entry] of entries.entries()) completions.push(await this.deps.launcher.runConfig(targets[i]!, entry.config, { progress: false }));
    return completions;
  }

  /** The `lrlab run` line of a run (from its workspace folder), on the clipboard; the line, or null. */
  async copyCommand(runId: string): Promise<string | null> {
    const { store, ui } = this.deps;
    const run = store.get(runId);
    if (!run) return null;
    const file = run.meta.objective.file;
    const root = ui.workspaceFolderOf(file);
    const line = runCommandLine(root ? relativeObjectivePath(root, file) : file, run.meta.objective.name, resolveRunConfig(run.meta.config));
    await ui.copy(line);
    ui.info(l10n.t('LR Lab: copied {0}', line));
    return line;
  }
}
