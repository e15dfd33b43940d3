/**
 * Runs optimizers for the extension: resolves settings and panel controls into a run
 * config, starts the run in a worker (through the core loader), streams its records into
 * the store and the panel, shows progress and the final loss, and reports problems as
 * diagnostics. It is also the panel's controller: the panel's Run/Stop/Clear/Export…
 * messages land here, already validated.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { isLrLabError, type SerializedError } from '../../core/errors';
import { startRun, type RunHandle, type RunHeader } from '../../core/loader';
import { resolveRunConfig, type RunConfig } from '../../core/minimize/config';
import type { RunOutcome } from '../../core/minimize/records';
import { resolveOptimizerConfig } from '../../core/optimizers';
import { previewSchedule, resolveScheduleConfig } from '../../core/schedules';
import { assertNever, PROTOCOL_VERSION, type ControlValues, type HostToWebview, type ObjectiveRef, type PanelContext, type RunMeta, type RunOutcomeMessage, type WebviewToHost } from '../../shared/protocol';
import { buildCatalog } from '../catalog';
import type { DiagnosticsManager } from '../diagnostics';
import { Disposable } from '../dispose';
import { discoverInDocument } from '../objectives';
import { RunPanel, type PanelController } from '../panel/RunPanel';
import { controlsToRawRunConfig, readSettings, settingsToControls, settingsToLimits, type LrLabSettings } from '../settings';
import type { RunStatusBar } from '../statusBar';
import { isTrusted, RESTRICTED_NOTICE, explainRestricted } from '../trust';
import { runsToCsv, runsToJson } from './export';
import { runLabel } from './label';
import { batchToChunk, RunStore, type PersistedRun } from './runStore';

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
}

const PERSIST_FILE = 'runs.json';
const STATE_KEY = 'lrlab.playground';
const MAX_PERSISTED_RUNS = 30;

function toOutcomeMessage(o: RunOutcome): RunOutcomeMessage {
  return {
    stopReason: o.stopReason,
    detail: o.detail,
    steps: o.steps,
    finalLoss: Number.isFinite(o.finalLoss) ? o.finalLoss : null,
    bestLoss: Number.isFinite(o.bestLoss) ? o.bestLoss : null,
    wallTimeMs: o.wallTimeMs,
    ...(o.error ? { error: { code: o.error.code, message: o.error.message, ...(o.error.location ? { location: o.error.location } : {}) } } : {}),
  };
}

export class RunManager extends Disposable implements PanelController {
  readonly store = new RunStore();
  private controls: ControlValues;
  private target: RunTarget | undefined;
  private lastRequest: { target: RunTarget; controls: ControlValues } | undefined;
  private readonly active = new Map<string, RunHandle>();
  private readonly finishedEmitter = this.register(new vscode.EventEmitter<RunCompletion>());
  /** Fires after every run request has ended (finished or refused). */
  readonly onDidFinishRun = this.finishedEmitter.event;
  private lastCompletion: RunCompletion | undefined;
  private persistTimer: NodeJS.Timeout | undefined;
  private restored: Promise<void> | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly diagnostics: DiagnosticsManager,
    private readonly statusBar: RunStatusBar,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    // The playground comes back as it was left: objective and controls live in the workspace state.
    const saved = context.workspaceState.get<{ target?: { file: string; objective: string }; controls?: ControlValues }>(STATE_KEY);
    this.controls = saved?.controls ?? settingsToControls(this.settings());
    if (saved?.target) this.target = { uri: vscode.Uri.file(saved.target.file), objective: saved.target.objective };
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('lrlab')) return;
        const s = this.settings();
        RunPanel.instance?.setRefreshMs(s.refreshIntervalMs);
        if (['optimizer', 'learningRate', 'optimizerOptions', 'schedule', 'scheduleOptions', 'iterations'].some((k) => e.affectsConfiguration(`lrlab.${k}`))) {
          this.rememberControls(settingsToControls(s));
          RunPanel.instance?.post({ type: 'controls', controls: this.controls });
        }
      }),
    );
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.postContext()));
    this.register({ dispose: () => this.stop() });
    this.register({ dispose: () => this.persistTimer && clearTimeout(this.persistTimer) });
  }

  settings(): LrLabSettings {
    return readSettings(vscode.workspace.getConfiguration('lrlab'));
  }

  get lastResult(): RunCompletion | undefined {
    return this.lastCompletion;
  }

  get currentControls(): ControlValues {
    return this.controls;
  }

  get isRunning(): boolean {
    return this.active.size > 0;
  }

  get panelTarget(): RunTarget | undefined {
    return this.target;
  }

  /** Set the objective the panel's controls act on. */
  setTarget(target: RunTarget | undefined): void {
    this.rememberTarget(target);
    this.postContext();
  }

  /** Open (or reveal) the panel beside the editor. */
  async showPanel(preserveFocus = true): Promise<RunPanel> {
    await this.restoreRuns();
    return RunPanel.createOrShow(this.context.extensionUri, this, this.settings().refreshIntervalMs, preserveFocus);
  }

  /** Adopt a panel restored by VS Code after a reload (its objective and controls come back from the workspace state). */
  async revivePanel(panel: vscode.WebviewPanel): Promise<void> {
    await this.restoreRuns();
    RunPanel.revive(panel, this.context.extensionUri, this, this.settings().refreshIntervalMs);
  }

  /** Run an objective with the given (or the current) controls. */
  async run(target: RunTarget, controls: ControlValues = this.controls, options: RunOptions = {}): Promise<RunCompletion> {
    this.rememberTarget(target);
    this.lastRequest = { target, controls };
    const showPanel = options.showPanel ?? true;
    if (!isTrusted()) {
      if (showPanel) await this.showPanel();
      this.postContext();
      void explainRestricted();
      return this.complete({ status: 'refused', runId: null, target, meta: null, outcome: null, reason: RESTRICTED_NOTICE });
    }
    const settings = this.settings();
    let config: RunConfig;
    try {
      config = resolveRunConfig(controlsToRawRunConfig(controls, settings));
    } catch (e) {
      const message = isLrLabError(e) ? e.message : String(e);
      if (showPanel) await this.showPanel();
      this.postToPanel({ type: 'error', message: `Invalid run settings: ${message}` });
      void vscode.window.showErrorMessage(`LR Lab: ${message}`);
      return this.complete({ status: 'refused', runId: null, target, meta: null, outcome: null, reason: message });
    }
    this.rememberControls(controls);
    if (showPanel) await this.showPanel();
    this.postContext();
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.uri.toString());
    const runId = randomUUID();
    let meta: RunMeta | null = null;
    const label = runLabel(config.optimizer, config.schedule, { optimizer: resolveOptimizerConfig({ type: config.optimizer.type }) });
    this.statusBar.running(target.objective);
    const onHeader = (header: RunHeader): void => {
      meta = {
        id: runId,
        label,
        colorIndex: this.store.takeColorIndex(),
        objective: this.objectiveRef(target),
        config: { ...config, optimizer: config.optimizer, schedule: config.schedule, iterations: config.iterations } as RunMeta['config'],
        gradient: header.gradient,
        dim: header.objective.dim ?? header.x0.length,
        startedAt: Date.now(),
      };
      this.store.add(meta, config.recordParams);
      this.postToPanel({ type: 'runStarted', run: meta });
    };
    let handle: RunHandle;
    let reportProgress: (steps: number) => void = () => undefined;
    let steps = 0;
    try {
      handle = startRun(
        { file: target.uri.fsPath, objective: target.objective, config, limits: settingsToLimits(settings), source: document?.getText() },
        {
          onHeader,
          // What the objective prints goes to the LR Lab output channel.
          onOutput: (text) => this.log.info(`[${target.objective}] ${text.trimEnd()}`),
          onBatch: (batch) => {
            if (!meta) return;
            this.store.append(runId, batch);
            RunPanel.instance?.postRunData(runId, batchToChunk(batch));
            steps += batch.count;
            reportProgress(steps);
          },
        },
      );
    } catch (e) {
      this.log.error(`could not start a run: ${String(e)}`);
      throw e;
    }
    this.active.set(runId, handle);
    const title = `LR Lab: ${label} on ${target.objective}`;
    const outcome =
      options.progress === false
        ? await handle.done
        : await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
            token.onCancellationRequested(() => handle.cancel());
            let reported = 0;
            reportProgress = (n) => {
              const pct = Math.min(100, (100 * n) / config.iterations);
              progress.report({ increment: pct - reported, message: `step ${n} / ${config.iterations}` });
              reported = pct;
            };
            return handle.done;
          });
    this.active.delete(runId);
    return this.finishRun(target, runId, meta, label, outcome);
  }

  /** Run the last request again (re-reading the file). */
  async runAgain(): Promise<RunCompletion | undefined> {
    if (!this.lastRequest) return undefined;
    return this.run(this.lastRequest.target, this.lastRequest.controls);
  }

  /** Stop every running run at once (their workers are terminated). */
  stop(): number {
    const n = this.active.size;
    for (const handle of this.active.values()) handle.cancel();
    return n;
  }

  // ------------------------------------------------------------------ PanelController

  snapshot(): Extract<HostToWebview, { type: 'init' }> {
    return {
      type: 'init',
      protocolVersion: PROTOCOL_VERSION,
      runs: this.store.snapshot(),
      catalog: buildCatalog(),
      controls: this.controls,
      context: this.panelContext(),
      refreshMs: this.settings().refreshIntervalMs,
    };
  }

  async handle(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
      case 'png':
        if (message.type === 'png') await this.savePng(message.dataUrl);
        return;
      case 'run':
        if (!this.target) {
          this.postToPanel({ type: 'error', message: 'No objective yet: open a TypeScript file with an objective and use "LR Lab: Run Optimizer" or its CodeLens.' });
          return;
        }
        await this.run(this.target, message.controls);
        return;
      case 'stop':
        this.stop();
        return;
      case 'clear': {
        const removed = message.runIds ? this.store.remove(message.runIds) : this.store.clear();
        this.postToPanel({ type: 'runsCleared', runIds: removed });
        this.schedulePersist();
        return;
      }
      case 'controlsChanged':
        this.rememberControls(message.controls);
        return;
      case 'selectObjective':
        if (this.target) this.setTarget({ uri: this.target.uri, objective: message.name });
        return;
      case 'export':
        await this.exportRuns(message.format, message.runIds);
        return;
      case 'previewSchedule':
        this.preview(message.requestId, message.schedule, message.lr, message.steps);
        return;
      case 'insertSchedule':
        await vscode.commands.executeCommand('lrlab.insertScheduleFromRun', message.runId);
        return;
      case 'reveal': {
        const position = new vscode.Position(message.line - 1, (message.column ?? 1) - 1);
        await vscode.window.showTextDocument(vscode.Uri.file(message.file), { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
        return;
      }
      default:
        assertNever(message);
    }
  }

  rejected(error: string): void {
    this.log.warn(error);
    this.postToPanel({ type: 'error', message: error });
  }

  /** The schedule preview: the lr curve of a schedule without running anything. */
  preview(requestId: number, rawSchedule: Record<string, unknown>, lr: number, steps: number): number[] | undefined {
    try {
      const config = resolveScheduleConfig(rawSchedule, { baseLr: lr, totalSteps: steps });
      const lrs = previewSchedule(config, lr, steps);
      this.postToPanel({ type: 'schedulePreview', requestId, label: `${config.type} preview`, lrs });
      return lrs;
    } catch (e) {
      this.postToPanel({ type: 'error', message: `Schedule preview: ${isLrLabError(e) ? e.message : String(e)}` });
      return undefined;
    }
  }

  // ------------------------------------------------------------------ internals

  private rememberTarget(target: RunTarget | undefined): void {
    this.target = target;
    void this.saveState();
  }

  private rememberControls(controls: ControlValues): void {
    this.controls = controls;
    void this.saveState();
  }

  private saveState(): Thenable<void> {
    const target = this.target ? { file: this.target.uri.fsPath, objective: this.target.objective } : undefined;
    return this.context.workspaceState.update(STATE_KEY, { target, controls: this.controls });
  }

  private objectiveRef(target: RunTarget): ObjectiveRef {
    return { file: target.uri.fsPath, label: vscode.workspace.asRelativePath(target.uri, false), name: target.objective };
  }

  private panelContext(): PanelContext {
    const trusted = isTrusted();
    let objectives: string[] = [];
    if (this.target) {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.target!.uri.toString());
      if (document) objectives = discoverInDocument(document).map((o) => o.name);
      if (!objectives.includes(this.target.objective)) objectives.unshift(this.target.objective);
    }
    const notice = !trusted ? RESTRICTED_NOTICE : this.target ? null : 'Open a TypeScript file with an objective and run "LR Lab: Run Optimizer" (or press ▶ Run optimizer above an objective).';
    return { objective: this.target ? this.objectiveRef(this.target) : null, objectives, trusted, notice };
  }

  private postContext(): void {
    this.postToPanel({ type: 'context', context: this.panelContext() });
  }

  private postToPanel(message: HostToWebview): void {
    RunPanel.instance?.post(message);
  }

  private finishRun(target: RunTarget, runId: string, meta: RunMeta | null, label: string, outcome: RunOutcome): RunCompletion {
    const message = toOutcomeMessage(outcome);
    if (meta) {
      this.store.finish(runId, message);
      this.postToPanel({ type: 'runFinished', runId, outcome: message });
      this.schedulePersist();
    } else if (outcome.error) {
      // The run never started (compile error, missing objective, …): say so in the panel.
      this.postToPanel({ type: 'error', message: outcome.error.message, ...(outcome.error.location ? { location: outcome.error.location } : {}) });
    }
    const errors = outcome.error ? [...((outcome as { errors?: SerializedError[] }).errors ?? [outcome.error])] : [];
    this.diagnostics.report(target.uri, errors.filter((e) => e.location || e.code === 'compileError'));
    this.statusBar.finished({ label, objective: target.objective, stopReason: outcome.stopReason, detail: outcome.detail, finalLoss: message.finalLoss, steps: outcome.steps });
    this.log.info(`${target.objective} · ${label}: ${outcome.stopReason} after ${outcome.steps} steps — ${outcome.detail}`);
    if (outcome.stopReason === 'error' && outcome.error) {
      const where = outcome.error.location ? ` (${vscode.workspace.asRelativePath(outcome.error.location.file)}:${outcome.error.location.line})` : '';
      void vscode.window.showErrorMessage(`LR Lab: ${outcome.error.message}${where}`);
    }
    return this.complete({ status: 'finished', runId: meta ? runId : null, target, meta, outcome });
  }

  private complete(c: RunCompletion): RunCompletion {
    this.lastCompletion = c;
    this.finishedEmitter.fire(c);
    return c;
  }

  private async exportRuns(format: 'csv' | 'json', runIds?: readonly string[]): Promise<void> {
    const runs = runIds ? runIds.map((id) => this.store.get(id)).filter((r) => r !== undefined) : this.store.list();
    if (runs.length === 0) {
      this.postToPanel({ type: 'error', message: 'Nothing to export: no runs yet.' });
      return;
    }
    const uri = await vscode.window.showSaveDialog({
      defaultUri: this.defaultExportUri(`lrlab-runs.${format}`),
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      title: `Export ${runs.length} run(s) as ${format.toUpperCase()}`,
    });
    if (!uri) return;
    const text = format === 'csv' ? runsToCsv(runs) : runsToJson(runs);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    void vscode.window.showInformationMessage(`LR Lab: exported ${runs.length} run(s) to ${vscode.workspace.asRelativePath(uri)}`);
  }

  private async savePng(dataUrl: string): Promise<void> {
    const uri = await vscode.window.showSaveDialog({ defaultUri: this.defaultExportUri('lrlab-charts.png'), filters: { PNG: ['png'] }, title: 'Save the charts as PNG' });
    if (!uri) return;
    await vscode.workspace.fs.writeFile(uri, Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
  }

  private defaultExportUri(name: string): vscode.Uri | undefined {
    const folder = this.target ? vscode.workspace.getWorkspaceFolder(this.target.uri)?.uri : vscode.workspace.workspaceFolders?.[0]?.uri;
    return folder ? vscode.Uri.joinPath(folder, name) : undefined;
  }

  // Runs survive reloads: finished runs are saved in the workspace storage and restored
  // into the store before the panel's first snapshot.
  private storageFile(): vscode.Uri {
    return vscode.Uri.joinPath(this.context.storageUri ?? this.context.globalStorageUri, PERSIST_FILE);
  }

  private restoreRuns(): Promise<void> {
    this.restored ??= (async () => {
      try {
        const bytes = await vscode.workspace.fs.readFile(this.storageFile());
        const parsed = JSON.parse(Buffer.from(bytes).toString('utf8')) as { runs?: PersistedRun[] };
        if (Array.isArray(parsed.runs)) this.store.restore(parsed.runs);
      } catch (e) {
        if (!(e instanceof vscode.FileSystemError)) this.log.warn(`could not restore runs: ${String(e)}`);
      }
    })();
    return this.restored;
  }

  private schedulePersist(): void {
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => void this.persist(), 500);
  }

  /** Write the finished runs now (also used before a reload in tests). */
  async persist(): Promise<void> {
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    const runs = this.store.toPersisted().slice(-MAX_PERSISTED_RUNS);
    const file = this.storageFile();
    try {
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(file, '..'));
      await vscode.workspace.fs.writeFile(file, Buffer.from(JSON.stringify({ version: 1, runs }), 'utf8'));
    } catch (e) {
      this.log.warn(`could not save runs: ${String(e)}`);
    }
  }

}
