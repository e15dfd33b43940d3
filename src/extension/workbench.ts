/**
 * The VS Code side of the rooms' interfaces: progress notifications, dialogs, open documents,
 * trust, files in the workspace storage. The rooms (runs/, panel/) take these as arguments
 * and never import `vscode` at run time, so their unit tests hand them fakes instead.
 */
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { discoverObjectives, type DiscoveredObjective } from '../core/loader';
import { discoverInDocument } from './objectives';
import { panelContext } from './panel/context';
import type { EditorActions } from './panel/room';
import type { ExportUi } from './runs/export';
import type { RunSetUi } from './runSets/runSetRoom';
import type { TextFile } from './runs/persistence';
import { controlsToSettings } from './settings';
import type { ControlValues } from '../shared/protocol';
import type { RunUi } from './runs/RunLauncher';
import { sameFile, type RunTarget } from './runs/types';
import { explainRestricted, isTrusted } from './trust';

function openDocument(target: RunTarget): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => sameFile(target, d));
}

const objectiveRef = (target: RunTarget) => ({ file: target.uri.fsPath, label: vscode.workspace.asRelativePath(target.uri, false), name: target.objective });

export const runUi: RunUi = {
  isTrusted,
  objectiveHasData: (target) => describeContext(target).batched,
  explainRestricted: () => void explainRestricted(),
  openText: (target) => openDocument(target)?.getText(),
  objectiveRef,
  describeLocation: (location) => `${vscode.workspace.asRelativePath(location.file)}:${location.line}`,
  showError: (message) => void vscode.window.showErrorMessage(message),
  withProgress: (title, onCancel, work) =>
    Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
        token.onCancellationRequested(onCancel);
        let reported = 0;
        return work((fraction, message) => {
          const pct = 100 * fraction;
          progress.report({ increment: pct - reported, message });
          reported = pct;
        });
      }),
    ),
};

/** The page's context: the playground's objective, the objectives of its file when it is open, trust. */
export function describeContext(target: RunTarget | undefined) {
  const document = target ? openDocument(target) : undefined;
  const discovered = document ? discoverInDocument(document) : target ? discoverOnDisk(target.uri.fsPath) : [];
  return panelContext({
    trusted: isTrusted(),
    objective: target ? objectiveRef(target) : null,
    objectivesInFile: document ? discovered.map((o) => o.name) : [],
    batched: target !== undefined && (discovered.find((o) => o.name === target.objective)?.hasData ?? false),
  });
}

/** The objectives of a file no editor has open (its text on disk; none when it cannot be read or parsed). */
function discoverOnDisk(file: string): DiscoveredObjective[] {
  try {
    return discoverObjectives(readFileSync(file, 'utf8'), file);
  } catch {
    return [];
  }
}

/**
 * "Save as default": the controls as `lrlab.*` settings (controlsToSettings), in the workspace's
 * settings when it sets any of them already (else they would hide the user's), in the user's
 * otherwise; then a message saying where, with a way to open them.
 */
export async function saveDefaults(controls: ControlValues): Promise<void> {
  const values = controlsToSettings(controls);
  const configuration = vscode.workspace.getConfiguration('lrlab');
  const inWorkspace = Object.keys(values).some((key) => configuration.inspect(key)?.workspaceValue !== undefined);
  const target = inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  for (const [key, value] of Object.entries(values)) await configuration.update(key, value, target);
  const open = vscode.l10n.t('Open Settings');
  const saved = inWorkspace ? vscode.l10n.t("LR Lab: saved the panel's controls as the defaults in your workspace settings.") : vscode.l10n.t("LR Lab: saved the panel's controls as the defaults in your user settings.");
  const choice = await vscode.window.showInformationMessage(saved, open);
  if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', '@ext:lrlab.lrlab');
}

/** Save dialogs in the last export's folder, else beside the playground's file (or in the first workspace folder). */
export function exportUi(near: () => RunTarget | undefined): ExportUi {
  const folder = (): vscode.Uri | undefined => {
    const target = near();
    return target ? vscode.workspace.getWorkspaceFolder(target.uri)?.uri : vscode.workspace.workspaceFolders?.[0]?.uri;
  };
  return {
    pickFile: async ({ name, filter, title, folder: last }) => {
      const dir = last !== undefined ? vscode.Uri.file(last) : folder();
      return vscode.window.showSaveDialog({ defaultUri: dir ? vscode.Uri.joinPath(dir, name) : undefined, filters: { [filter[0]]: [filter[1]] }, title });
    },
    write: async (file, bytes) => vscode.workspace.fs.writeFile(file, bytes),
    saved: (message, file) => {
      const open = vscode.l10n.t('Open');
      const reveal = vscode.l10n.t('Show in Folder');
      void vscode.window.showInformationMessage(`LR Lab: ${vscode.l10n.t('{0} to {1}', message, vscode.workspace.asRelativePath(file))}`, open, reveal).then((choice) => {
        if (choice === open) void vscode.commands.executeCommand('vscode.open', file);
        else if (choice === reveal) void vscode.commands.executeCommand('revealFileInOS', file);
      });
    },
  };
}

export const editorActions: EditorActions = {
  reveal: async (file, line, column) => {
    const position = new vscode.Position(line - 1, (column ?? 1) - 1);
    await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
  },
  insertSchedule: async (runId) => {
    await vscode.commands.executeCommand('lrlab.insertScheduleFromRun', runId);
  },
  insertOptimizer: async (runId) => {
    await vscode.commands.executeCommand('lrlab.insertOptimizerFromRun', runId);
  },
};

/** A file in the extension's workspace storage (global storage without a workspace). */
export function storageFile(context: vscode.ExtensionContext, name: string): TextFile {
  const file = vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, name);
  return {
    read: async () => {
      try {
        return Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
      } catch (e) {
        if (e instanceof vscode.FileSystemError) return undefined; // none yet
        throw e;
      }
    },
    write: async (text) => {
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(file, '..'));
      await vscode.workspace.fs.writeFile(file, Buffer.from(text, 'utf8'));
    },
  };
}

/** Dialogs, files and the clipboard for run sets; dialogs open in the playground's workspace folder. */
export function runSetUi(near: () => RunTarget | undefined): RunSetUi {
  const folder = (): vscode.Uri | undefined => {
    const target = near();
    return target ? vscode.workspace.getWorkspaceFolder(target.uri)?.uri : vscode.workspace.workspaceFolders?.[0]?.uri;
  };
  const filters = { [vscode.l10n.t('LR Lab run sets')]: ['lrlab.json'], JSON: ['json'] };
  return {
    pickSaveFile: async (name) => {
      const dir = folder();
      return (await vscode.window.showSaveDialog({ defaultUri: dir ? vscode.Uri.joinPath(dir, name) : undefined, filters, title: vscode.l10n.t('Save runs') })) ?? null;
    },
    pickOpenFile: async () => {
      const dir = folder();
      const picked = await vscode.window.showOpenDialog({ defaultUri: dir, filters, canSelectMany: false, title: vscode.l10n.t('Open runs') });
      return picked?.[0] ?? null;
    },
    readFile: async (file) => Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8'),
    writeFile: async (file, text) => vscode.workspace.fs.writeFile(file, Buffer.from(text, 'utf8')),
    workspaceFolderOf: (file) => vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath,
    workspaceFolders: () => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    openText: (file) => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file)?.getText(),
    diskText: (file) => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
    uriOf: (file) => vscode.Uri.file(file),
    copy: async (text) => vscode.env.clipboard.writeText(text),
    info: (message) => void vscode.window.showInformationMessage(message),
    warn: (message) => void vscode.window.showWarningMessage(message),
    error: (message) => void vscode.window.showErrorMessage(message),
  };
}
