/**
 * The panel's Export: runs → CSV / JSON files, and the charts' PNG. The texts are written by
 * the same code as the CLI's output: the JSON file is `{ "runs": [ … ] }` where each run is the
 * document `lrlab run --format json` prints (core/minimize/runDocument.ts: objective, config,
 * stopReason, detail, summary, error?, records) followed by its panel `label`; the CSV is one
 * tidy long table — one row per run × step — with the run's config in columns in front of the
 * columns of `lrlab run --format csv`. The save dialog starts in the folder of the last export
 * (remembered per workspace); every export ends in a message with the file and "Open". The
 * dialog and the write come in through `ExportUi` (workbench.ts), so nothing here needs
 * `vscode` at run time.
 */
import { dirname } from 'node:path';
import * as l10n from '@vscode/l10n';
import type * as vscode from 'vscode';
import { csvHeader, csvRows, hasAveragedParams, hasEvaluations, hasFullLoss, metricNames } from '../../core/minimize/recordsCsv';
import { runDocument } from '../../core/minimize/runDocument';
import type { StopReason } from '../../core/minimize/records';
import { typedConfigText } from '../../shared/configText';
import type { PanelSink } from '../panel/pages';
import type { KeyValueStore } from './persistence';
import { toBatch, type RunStore, type StoredRun } from './runStore';

/** One run: `lrlab run --format json`'s document, then its `label` (a run still going reads as stopped "running"). */
export function runToJson(run: StoredRun): Record<string, unknown> {
  const { meta, outcome } = run;
  const info = meta.info;
  const document = runDocument({
    objective: info
      ? {
          loaded: true,
          info: { name: meta.objective.name, form: info.form, dim: meta.dim, hasGradient: info.hasGradient, stochastic: info.stochastic, hasMetrics: info.hasMetrics, ...(info.dataItems !== undefined ? { dataItems: info.dataItems } : {}), ...(info.batchSize !== undefined ? { batchSize: info.batchSize } : {}), ...(info.line !== undefined ? { line: info.line } : {}) },
          file: meta.objective.file,
          gradient: meta.gradient,
          ...(meta.gradientReason ? { gradientReason: meta.gradientReason } : {}),
          ...(meta.gradientLocation ? { gradientLocation: meta.gradientLocation } : {}),
          x0: info.x0.map((v) => (v === null ? NaN : v)),
        }
      : { loaded: false, name: meta.objective.name, file: meta.objective.file },
    config: meta.config,
    outcome: {
      stopReason: (outcome?.stopReason ?? 'running') as StopReason,
      detail: outcome?.detail ?? 'still running when it was exported',
      finalLoss: outcome?.finalLoss ?? NaN,
      bestLoss: outcome?.bestLoss ?? NaN,
      steps: outcome?.steps ?? run.lr.length,
      ...(outcome?.evaluations !== undefined ? { evaluations: outcome.evaluations } : {}),
      ...(run.finalAveragedParams !== null ? { finalAveragedParams: run.finalAveragedParams } : {}),
      wallTimeMs: outcome?.wallTimeMs ?? Date.now() - meta.startedAt,
      ...(outcome?.error ? { error: outcome.error as never } : {}),
    },
    batches: [toBatch(run)],
    ...(meta.gradientFallback ? { gradientFallbacks: [meta.gradientFallback] } : {}),
  });
  return { ...document, label: meta.label };
}

export function runsToJson(runs: readonly StoredRun[]): string {
  return `${JSON.stringify({ runs: runs.map(runToJson) }, null, 2)}\n`;
}

/** The config columns in front of each row of the runs CSV (one value per run). */
export const CSV_CONFIG_COLUMNS = ['run', 'label', 'objective', 'file', 'optimizer', 'baseLr', 'optimizerConfig', 'schedule', 'scheduleConfig', 'iterations', 'batchSize', 'seed'] as const;

type RunConfigShape = { optimizer: { type: string; lr?: unknown }; schedule: { type: string }; iterations?: unknown; batchSize?: unknown; seed?: unknown };

function configCells(run: StoredRun): string[] {
  const { meta } = run;
  const config = meta.config as unknown as RunConfigShape;
  const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
  return [
    meta.id,
    meta.label,
    meta.objective.name,
    meta.objective.label,
    config.optimizer.type,
    text(config.optimizer.lr),
    typedConfigText(config.optimizer as never),
    config.schedule.type,
    typedConfigText(config.schedule as never),
    text(config.iterations),
    text(config.batchSize),
    text(config.seed),
  ];
}

/**
 * All runs in one tidy long table: one row per run × step, the run's config in columns
 * (CSV_CONFIG_COLUMNS: objective, optimizer, its base lr, the resolved optimizer and schedule,
 * steps, batch size, seed), then the CLI's columns. Parameter columns only when every run has
 * the same number of parameters (runs of different objectives are not padded; the JSON export
 * has every run's parameters).
 */
export function runsToCsv(runs: readonly StoredRun[]): string {
  const batches = runs.map(toBatch);
  const withParams = batches.filter((b) => b.params);
  const dims = new Set(batches.map((b) => b.dim));
  const dim = withParams.length === batches.length && dims.size === 1 ? batches[0]!.dim : 0;
  const layout = { dim, fullLoss: hasFullLoss(batches), evaluations: hasEvaluations(batches), averagedParams: dim > 0 && hasAveragedParams(batches), metrics: metricNames(batches), prefixColumns: [...CSV_CONFIG_COLUMNS] };
  const lines = [csvHeader(layout), ...batches.flatMap((batch, i) => csvRows(batch, layout, configCells(runs[i]!)))];
  return `${lines.join('\n')}\n`;
}

/** The workbench as an export needs it. */
export interface ExportUi {
  /** Ask where to save (a save dialog starting in `folder` when given, else near the objective); undefined when the user cancels. */
  pickFile(request: { readonly name: string; readonly filter: readonly [label: string, extension: string]; readonly title: string; readonly folder?: string }): Promise<vscode.Uri | undefined>;
  write(file: vscode.Uri, bytes: Uint8Array): Promise<void>;
  /** Say where it went ("exported 2 run(s) to runs.csv"), with a way to open it. */
  saved(message: string, file: vscode.Uri): void;
}

/** Where the last export went (workspace state): the next save dialog starts there. */
export const EXPORT_FOLDER_KEY = 'lrlab.exportFolder';

export class RunExporter {
  constructor(
    private readonly store: RunStore,
    private readonly pages: PanelSink,
    private readonly ui: ExportUi,
    private readonly state: KeyValueStore,
  ) {}

  /** Ask where, write, remember the folder and say where it went. */
  private async save(request: { name: string; filter: readonly [string, string]; title: string }, bytes: () => Uint8Array, message: string): Promise<void> {
    const folder = this.state.get<string>(EXPORT_FOLDER_KEY);
    const file = await this.ui.pickFile(typeof folder === 'string' ? { ...request, folder } : request);
    if (!file) return;
    await this.ui.write(file, bytes());
    await this.state.update(EXPORT_FOLDER_KEY, dirname(file.fsPath));
    this.ui.saved(message, file);
  }

  /** The given runs (all when none are named) to a CSV or JSON file the user picks. */
  async exportRuns(format: 'csv' | 'json', runIds?: readonly string[]): Promise<void> {
    const runs = runIds ? runIds.map((id) => this.store.get(id)).filter((r) => r !== undefined) : this.store.list();
    if (runs.length === 0) {
      this.pages.post({ type: 'error', message: l10n.t('Nothing to export: no runs yet.') });
      return;
    }
    const request = { name: `lrlab-runs.${format}`, filter: format === 'csv' ? (['CSV', 'csv'] as const) : (['JSON', 'json'] as const), title: l10n.t('Export {0} run(s) as {1}', runs.length, format.toUpperCase()) };
    await this.save(request, () => Buffer.from(format === 'csv' ? runsToCsv(runs) : runsToJson(runs), 'utf8'), l10n.t('exported {0} run(s)', runs.length));
  }

  /** The page's PNG (a data URL) to a file the user picks. */
  async savePng(dataUrl: string): Promise<void> {
    await this.save({ name: 'lrlab-charts.png', filter: ['PNG', 'png'], title: l10n.t('Save the charts as PNG') }, () => Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'), l10n.t('saved the charts'));
  }
}
