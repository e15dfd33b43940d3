/**
 * The panel's Export: runs → CSV / JSON files, and the charts' PNG. The texts are written by
 * the same code as the CLI's output: the JSON file is `{ "runs": [ … ] }` where each run is the
 * document `lrlab run --format json` prints (core/minimize/runDocument.ts: objective, config,
 * stopReason, detail, summary, error?, records) followed by its panel `label`; the CSV has the
 * columns of `lrlab run --format csv`, with the run's id and label in front. The save dialog
 * and the write come in through `ExportUi` (workbench.ts), so nothing here needs `vscode` at
 * run time.
 */
import * as l10n from '@vscode/l10n';
import type * as vscode from 'vscode';
import { csvHeader, csvRows, hasAveragedParams, hasEvaluations, hasFullLoss, metricNames } from '../../core/minimize/recordsCsv';
import { runDocument } from '../../core/minimize/runDocument';
import type { StopReason } from '../../core/minimize/records';
import type { PanelSink } from '../panel/pages';
import { toBatch, type RunStore, type StoredRun } from './runStore';

/** One run: `lrlab run --format json`'s document, then its `label` (a run still going reads as stopped "running"). */
export function runToJson(run: StoredRun): Record<string, unknown> {
  const { meta, outcome } = run;
  const info = meta.info;
  const document = runDocument({
    objective: info
      ? {
          loaded: true,
          info: { name: meta.objective.name, form: info.form, dim: meta.dim, hasGradient: info.hasGradient, stochastic: info.stochastic, hasMetrics: info.hasMetrics, ...(info.line !== undefined ? { line: info.line } : {}) },
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

/** All runs in one long table: run, label, then the CLI's columns (parameters up to the largest dimension). */
export function runsToCsv(runs: readonly StoredRun[]): string {
  const batches = runs.map(toBatch);
  const dim = Math.max(0, ...batches.filter((b) => b.params).map((b) => b.dim));
  const layout = { dim, fullLoss: hasFullLoss(batches), evaluations: hasEvaluations(batches), averagedParams: dim > 0 && hasAveragedParams(batches), metrics: metricNames(batches), prefixColumns: ['run', 'label'] };
  const lines = [csvHeader(layout), ...batches.flatMap((batch, i) => csvRows(batch, layout, [runs[i]!.meta.id, runs[i]!.meta.label]))];
  return `${lines.join('\n')}\n`;
}

/** The workbench as an export needs it. */
export interface ExportUi {
  /** Ask where to save (a save dialog); undefined when the user cancels. */
  pickFile(request: { readonly name: string; readonly filter: readonly [label: string, extension: string]; readonly title: string }): Promise<vscode.Uri | undefined>;
  write(file: vscode.Uri, bytes: Uint8Array): Promise<void>;
  /** Say where it went ("exported 2 run(s) to runs.csv"). */
  saved(message: string, file: vscode.Uri): void;
}

export class RunExporter {
  constructor(
    private readonly store: RunStore,
    private readonly pages: PanelSink,
    private readonly ui: ExportUi,
  ) {}

  /** The given runs (all when none are named) to a CSV or JSON file the user picks. */
  async exportRuns(format: 'csv' | 'json', runIds?: readonly string[]): Promise<void> {
    const runs = runIds ? runIds.map((id) => this.store.get(id)).filter((r) => r !== undefined) : this.store.list();
    if (runs.length === 0) {
      this.pages.post({ type: 'error', message: l10n.t('Nothing to export: no runs yet.') });
      return;
    }
    const file = await this.ui.pickFile({ name: `lrlab-runs.${format}`, filter: format === 'csv' ? ['CSV', 'csv'] : ['JSON', 'json'], title: l10n.t('Export {0} run(s) as {1}', runs.length, format.toUpperCase()) });
    if (!file) return;
    const text = format === 'csv' ? runsToCsv(runs) : runsToJson(runs);
    await this.ui.write(file, Buffer.from(text, 'utf8'));
    this.ui.saved(l10n.t('exported {0} run(s)', runs.length), file);
  }

  /** The page's PNG (a data URL) to a file the user picks. */
  async savePng(dataUrl: string): Promise<void> {
    const file = await this.ui.pickFile({ name: 'lrlab-charts.png', filter: ['PNG', 'png'], title: l10n.t('Save the charts as PNG') });
    if (!file) return;
    await this.ui.write(file, Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
  }
}
