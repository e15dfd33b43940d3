/**
 * LR Lab's entry point: wires commands, CodeLens, code actions, diagnostics, the panel
 * serializer and the status bar, and returns the API object tests (and other extensions) use. Logic lives in
 * the modules this file wires together.
 */
import * as vscode from 'vscode';
import { keepSpareWorker, type DiscoveredObjective } from '../core/loader';
import type { RunSnapshot } from '../shared/protocol';
import { ObjectiveCodeLensProvider } from './codeLens';
import { insertScheduleFromRun } from './codeActions/insertFromRun';
import { CODE_ACTION_METADATA, LrLabCodeActionProvider } from './codeActions/provider';
import { compare } from './commands/compare';
import { openPlayground } from './commands/openPlayground';
import { previewSchedule } from './commands/previewSchedule';
import { runAgain } from './commands/runAgain';
import { runOptimizer } from './commands/runOptimizer';
import { stop } from './commands/stop';
import { DiagnosticsManager } from './diagnostics';
import { discoverInDocument } from './objectives';
import { PANEL_VIEW_TYPE, RunPanel } from './panel/RunPanel';
import { RunManager, type RunCompletion, type RunTarget } from './runs/RunManager';
import type { ControlValues } from '../shared/protocol';
import { RunStatusBar } from './statusBar';

/** What `activate` returns: the seams the integration tests drive. */
export interface LrLabApi {
  /** Objectives found statically in a document. */
  discover(document: vscode.TextDocument): DiscoveredObjective[];
  /** Run an objective (as the command does, without the quick pick). */
  run(target: RunTarget, controls?: ControlValues, options?: { progress?: boolean; showPanel?: boolean }): Promise<RunCompletion>;
  /** Fires after every run request ends. */
  readonly onDidFinishRun: vscode.Event<RunCompletion>;
  /** The last run request's completion. */
  lastCompletion(): RunCompletion | undefined;
  /** Runs held by the host (what the panel shows). */
  runs(): RunSnapshot[];
  /** The current control values (settings, then the panel's edits). */
  controls(): ControlValues;
  /** Panel state. */
  panel(): { open: boolean; visible: boolean; ready: boolean };
  /** Resolves when the panel's page is ready (opening it if needed). */
  whenPanelReady(): Promise<void>;
  /** A PNG data URL of the panel's charts. */
  capturePanel(): Promise<string>;
  /** LR Lab diagnostics for a file. */
  diagnostics(uri: vscode.Uri): readonly vscode.Diagnostic[];
  /** The status bar text. */
  statusText(): string;
}

const TS_SELECTOR: vscode.DocumentSelector = [
  { language: 'typescript', scheme: 'file' },
  { language: 'typescript', scheme: 'untitled' },
  { language: 'typescriptreact', scheme: 'file' },
];

export function activate(context: vscode.ExtensionContext): LrLabApi {
  const log = vscode.window.createOutputChannel('LR Lab', { log: true });
  const diagnostics = new DiagnosticsManager();
  const statusBar = new RunStatusBar();
  const runs = new RunManager(context, diagnostics, statusBar, log);
  const codeLens = new ObjectiveCodeLensProvider(() => runs.settings().codeLensEnabled);
  context.subscriptions.push(log, diagnostics, statusBar, runs, codeLens);
  // Runs start on a worker thread booted ahead (after the previous run), not one booted on demand.
  keepSpareWorker(true);
  context.subscriptions.push({ dispose: () => keepSpareWorker(false) });

  const command = (id: string, fn: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  command('lrlab.runOptimizer', (uri, objective) => runOptimizer(runs, uri, objective));
  command('lrlab.runAgain', () => runAgain(runs));
  command('lrlab.stop', () => stop(runs));
  command('lrlab.openPlayground', () => openPlayground(runs));
  command('lrlab.previewSchedule', (type) => previewSchedule(runs, type));
  command('lrlab.compare', (uri, objective, types) => compare(runs, uri, objective, types));
  // The panel's "Insert schedule into editor" (hidden from the palette: it needs a run id).
  command('lrlab.insertScheduleFromRun', (runId) => insertScheduleFromRun(runs.store, runId));

  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider(TS_SELECTOR, codeLens),
    vscode.languages.registerCodeActionsProvider(TS_SELECTOR, new LrLabCodeActionProvider(), CODE_ACTION_METADATA),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: (panel) => runs.revivePanel(panel),
    }),
  );

  return {
    discover: (document) => discoverInDocument(document),
    run: (target, controls, options) => runs.run(target, controls, options),
    onDidFinishRun: runs.onDidFinishRun,
    lastCompletion: () => runs.lastResult,
    runs: () => runs.store.snapshot(),
    controls: () => runs.currentControls,
    panel: () => ({ open: RunPanel.instance !== undefined, visible: RunPanel.instance?.visible ?? false, ready: RunPanel.instance?.isReady ?? false }),
    whenPanelReady: async () => (await runs.showPanel()).whenReady(),
    capturePanel: async () => {
      const panel = await runs.showPanel();
      await panel.whenReady();
      return panel.requestPng();
    },
    diagnostics: (uri) => diagnostics.get(uri),
    statusText: () => statusBar.text,
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; running workers are terminated by RunManager.dispose.
}
