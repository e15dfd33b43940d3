/**
 * LR Lab's entry point: wires commands, CodeLens, code actions, diagnostics, the panel
 * serializer, the LR Lab view and the status bar, and returns the API object tests (and other extensions) use. Logic lives in
 * the modules this file wires together.
 */
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { keepSpareWorker, onBundlerFallback, type DiscoveredObjective } from '../core/loader';
import { parseWebviewMessage, type ControlValues, type PausedRunMessage, type RunSnapshot } from '../shared/protocol';
import { buildCatalog } from './catalog';
import { ObjectiveCodeLensProvider } from './codeLens';
import { runLensText } from './runLens';
import { insertOptimizerFromRun, insertScheduleFromRun } from './codeActions/insertFromRun';
import { CODE_ACTION_METADATA, LrLabCodeActionProvider, PICK_SCHEDULE_COMMAND } from './codeActions/provider';
import { compare } from './commands/compare';
import { findLr } from './commands/findLr';
import { sweep } from './commands/sweep';
import { FinderRoom, type FinderCompletion } from './finder/finderRoom';
import { LandscapeRoom } from './landscape/landscapeRoom';
import { RunSetRoom } from './runSets/runSetRoom';
import { SweepRoom, type SweepCompletion, type SweepRequest } from './sweep/sweepRoom';
import { openPlayground } from './commands/openPlayground';
import { previewSchedule } from './commands/previewSchedule';
import { runAgain } from './commands/runAgain';
import { runOptimizer, stepThrough } from './commands/runOptimizer';
import { stop } from './commands/stop';
import { DiagnosticsManager } from './diagnostics';
import { discoverInDocument } from './objectives';
import { PanelController } from './panel/controller';
import { EditorPanel } from './panel/editorPanel';
import { aimAt } from './panel/handlers/types';
import { Pages } from './panel/pages';
import { PlotPlaces } from './panel/plotPlaces';
import { PLOTS_VIEW_ID, PlotsView } from './panel/plotsView';
import { PANEL_VIEW_TYPE } from './panel/RunPanel';
import type { PanelRoom } from './panel/room';
import { ClearedRuns } from './runs/clearedRuns';
import { RunExporter } from './runs/export';
import { Playground, RunArchive } from './runs/persistence';
import { RunLauncher } from './runs/RunLauncher';
import { RunStore } from './runs/runStore';
import type { RunCompletion, RunTarget } from './runs/types';
import { readSettings, settingsToControls } from './settings';
import { reactToSettings } from './settingsReactions';
import type { ObjectiveNode } from './sidebar/objectiveTree';
import { registerObjectivesView } from './sidebar/objectivesView';
import { WorkspaceObjectives } from './sidebar/workspaceObjectives';
import { RecentLog } from './recentLog';
import { RunStatusBar } from './statusBar';
import { describeContext, editorActions, exportUi, runSetUi, runUi, saveDefaults, storageFile } from './workbench';
import { registerWalkthrough } from './walkthrough/register';

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
  /** The editor panel's state. */
  panel(): { open: boolean; visible: boolean; ready: boolean };
  /** The LR Lab view's state: its page (once VS Code has resolved the view) and how many webviews VS Code resolved for it (one more after each move). */
  plotsView(): { resolved: number; open: boolean; visible: boolean; ready: boolean };
  /** Resolves when the page at `lrlab.plotLocation` is ready (showing it if needed). */
  whenPanelReady(): Promise<void>;
  /** A PNG data URL of the charts of the page at `lrlab.plotLocation`. */
  capturePanel(): Promise<string>;
  /** The side bar's Objectives tree as shown (the workspace's objectives, each with its runs). */
  objectivesTree(): Promise<ObjectiveNode[]>;
  /** LR Lab diagnostics for a file. */
  diagnostics(uri: vscode.Uri): readonly vscode.Diagnostic[];
  /** The status bar text. */
  statusText(): string;
  /** Find the lr of an objective (as the CodeLens does), with the panel's optimizer unless given. */
  findLr(target: RunTarget, optimizer?: ControlValues['optimizer']): Promise<FinderCompletion>;
  /** Run a sweep on an objective. */
  sweep(target: RunTarget, request: SweepRequest): Promise<SweepCompletion>;
  /** Overlay a sweep cell as a run (as a click on the heat map does); its run id. */
  showSweepCell(index: number): Promise<string | null>;
  /** The last landscape the host drew (scene and grid) for the pages. */
  landscape(): LandscapeRoom['lastDrawn'];
  /** The `lrlab run` line of a run (also put on the clipboard). */
  copyCommand(runId: string): Promise<string | null>;
  /** Run every run of a run set again. */
  openRuns(file: vscode.Uri): Promise<RunCompletion[]>;
  /** A message as the panel's page posts it (a click there), checked and handled as the page's are; resolves when handled. */
  fromPanel(message: unknown): Promise<void>;
  /** The runs paused now (stepping through), each with the inspection of its step. */
  paused(): PausedRunMessage[];
  /** The last lines of the LR Lab output channel (what runs' code printed, among them), oldest first. */
  logLines(): readonly string[];
}

const TS_SELECTOR: vscode.DocumentSelector = [
  { language: 'typescript', scheme: 'file' },
  { language: 'typescript', scheme: 'untitled' },
  { language: 'typescriptreact', scheme: 'file' },
];

export function activate(context: vscode.ExtensionContext): LrLabApi {
  // The modules without `vscode` (rooms, shared code) look their strings up through @vscode/l10n: the same bundle.
  l10n.config({ contents: vscode.l10n.bundle ?? {} });
  const channel = vscode.window.createOutputChannel('LR Lab', { log: true });
  const log = new RecentLog(channel);
  const diagnostics = new DiagnosticsManager();
  const statusBar = new RunStatusBar();
  const settings = () => readSettings(vscode.workspace.getConfiguration('lrlab'));
  // Printed lines still waiting are written before the channel goes.
  context.subscriptions.push({ dispose: () => (log.dispose(), channel.dispose()) }, diagnostics, statusBar);
  // Runs start on a worker thread booted ahead (after the previous run), not one booted on demand.
  keepSpareWorker(true);
  context.subscriptions.push({ dispose: () => keepSpareWorker(false) });
  // A package without this machine's esbuild binary (the universal one) bundles with esbuild-wasm: said once.
  context.subscriptions.push(onBundlerFallback((b) => log.info(vscode.l10n.t('bundling with esbuild-wasm {0}, slower to start than the native esbuild, whose binary could not start here ({1})', b.version, b.fallbackReason ?? ''))));

  // The rooms: what survives reloads, the pages, the panel's controller, runs, export.
  const store = new RunStore();
  const pages = new Pages();
  const playground = new Playground(context.workspaceState, () => settingsToControls(settings()), (file) => vscode.Uri.file(file));
  const archive = new RunArchive(store, storageFile(context, 'runs.json'), log);
  const exporter = new RunExporter(store, pages, exportUi(() => playground.target), context.workspaceState);
  const panelContext = () => describeContext(playground.target);
  const postContext = () => pages.post({ type: 'context', context: panelContext() });
  // The launcher reveals the panel, the panel's controller runs through the launcher: the closure closes the loop.
  const launcher = new RunLauncher({ store, pages, playground, archive, ui: runUi, diagnostics, statusBar, log, settings, showPanel: () => places.show(), postContext, locale: vscode.env.language });
  // The playground: the lr finder, sweeps, the landscape and run sets.
  const showPanel = () => places.show();
  const finder = new FinderRoom({ pages, ui: runUi, diagnostics, log, settings, showPanel });
  const sweeps = new SweepRoom({ pages, store, archive, launcher, ui: runUi, log, settings, showPanel });
  const landscape = new LandscapeRoom({ pages, store, ui: runUi, log, settings, target: () => playground.target, targetOf: (objective) => ({ uri: vscode.Uri.file(objective.file), objective: objective.name }) });
  const runSets = new RunSetRoom({ store, pages, launcher, ui: runSetUi(() => playground.target) });
  const room: PanelRoom = { pages, store, playground, launcher, archive, cleared: new ClearedRuns(), status: statusBar, exporter, editor: editorActions, landscape, finder, sweep: sweeps, runSets, context: panelContext, saveDefaults };
  // ▶ above each objective says what it runs: the panel's controls, as a run would resolve them.
  const codeLens = new ObjectiveCodeLensProvider(() => settings().codeLensEnabled, (target) => runLensText(launcher.plan(target), target.objective, playground.problem), playground.onDidChange);
  context.subscriptions.push(codeLens);
  const controller = new PanelController(room, buildCatalog, () => settings().refreshIntervalMs, log);
  const panel = new EditorPanel(context.extensionUri, pages, controller, () => settings().refreshIntervalMs, () => archive.restore());
  const plotsView = new PlotsView(context.extensionUri, pages, controller, () => settings().refreshIntervalMs, () => archive.restore());
  const places = new PlotPlaces({ beside: panel, view: plotsView }, () => settings().plotLocation);
  context.subscriptions.push(launcher, archive, finder, sweeps, landscape, reactToSettings(settings, pages, playground, postContext));
  const workspaceObjectives = new WorkspaceObjectives();
  const objectivesTree = registerObjectivesView({ objectives: workspaceObjectives, store, room, launcher, showPage: () => places.show(false) });
  context.subscriptions.push(workspaceObjectives, objectivesTree.disposable);
  const aim = (target: RunTarget) => aimAt(room, target);

  const command = (id: string, fn: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  command('lrlab.runOptimizer', (uri, objective) => runOptimizer(launcher, uri, objective));
  command('lrlab.stepThrough', (uri, objective) => stepThrough(launcher, uri, objective));
  command('lrlab.runAgain', () => runAgain(launcher));
  command('lrlab.stop', () => stop(launcher, [finder, sweeps]));
  command('lrlab.openPlayground', () => openPlayground(playground, (target) => aimAt(room, target), places));
  command('lrlab.previewSchedule', (type) => previewSchedule(playground, places, pages, type));
  command('lrlab.compare', (uri, objective, types) => compare(launcher, playground, { ui: runUi, settings, log }, uri, objective, types));
  command('lrlab.findLr', (uri, objective) => findLr(finder, playground, aim, uri, objective));
  command('lrlab.sweep', (uri, objective, request) => sweep(sweeps, playground, aim, uri, objective, request));
  command('lrlab.saveRuns', () => runSets.save());
  command('lrlab.openRuns', (file) => runSets.open(file instanceof vscode.Uri ? file : undefined));
  // The panel's "Insert schedule" and "Insert optimizer" on a run (hidden from the palette: they need a run id).
  command('lrlab.insertScheduleFromRun', (runId) => insertScheduleFromRun(store, runId));
  command('lrlab.insertOptimizerFromRun', (runId) => insertOptimizerFromRun(store, runId));
  // The lightbulb's "Learning-rate schedule…" on a learning rate (hidden from the palette: it needs a place in a file).
  const codeActions = new LrLabCodeActionProvider();
  command(PICK_SCHEDULE_COMMAND, (uri, offset, kindId, functionOnly) => codeActions.pickSchedule(uri as vscode.Uri, offset as number, kindId as string | undefined, functionOnly === 'functionOnly' ? 'functionOnly' : undefined));
  registerWalkthrough(context, launcher);

  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider(TS_SELECTOR, codeLens),
    vscode.languages.registerCodeActionsProvider(TS_SELECTOR, codeActions, CODE_ACTION_METADATA),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: (webviewPanel) => panel.revive(webviewPanel),
    }),
    vscode.window.registerWebviewViewProvider(PLOTS_VIEW_ID, plotsView),
  );

  return {
    discover: (document) => discoverInDocument(document),
    run: (target, controls, options) => launcher.run(target, controls, options),
    onDidFinishRun: launcher.onDidFinishRun,
    lastCompletion: () => launcher.lastResult,
    runs: () => store.snapshot(),
    controls: () => playground.controls,
    panel: () => ({ open: panel.panel !== undefined, visible: panel.panel?.visible ?? false, ready: panel.panel?.isReady ?? false }),
    plotsView: () => ({ resolved: plotsView.resolved, open: plotsView.page !== undefined, visible: plotsView.page?.visible ?? false, ready: plotsView.page?.isReady ?? false }),
    whenPanelReady: async () => (await places.show()).whenReady(),
    capturePanel: async () => {
      const shown = await places.show();
      await shown.whenReady();
      return shown.requestPng();
    },
    objectivesTree: () => objectivesTree.view.nodes(),
    diagnostics: (uri) => diagnostics.get(uri),
    statusText: () => statusBar.text,
    findLr: (target, optimizer) => {
      aim(target);
      return finder.find(target, { optimizer: optimizer ?? playground.controls.optimizer });
    },
    sweep: (target, request) => {
      aim(target);
      return sweeps.sweep(target, request);
    },
    showSweepCell: (index) => sweeps.showCell(sweeps.state?.sweepId ?? '', index),
    landscape: () => landscape.lastDrawn,
    copyCommand: (runId) => runSets.copyCommand(runId),
    openRuns: (file) => runSets.open(file),
    paused: () => launcher.paused(),
    logLines: () => log.recent(),
    fromPanel: async (raw) => {
      const parsed = parseWebviewMessage(raw);
      if (!parsed.ok) throw new Error(parsed.error);
      await controller.handle(parsed.message);
    },
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; running workers are terminated by RunLauncher.dispose.
}
