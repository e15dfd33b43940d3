/**
 * `lrlab.insertScheduleFromRun` and `lrlab.insertOptimizerFromRun` (the panel's "Insert
 * schedule" and "Insert optimizer" on a run): the schedule or the optimizer of that run, with
 * the exact values it ran with, inserted as a snippet at the cursor of the editor of the file
 * the run came from (opened when no editor shows it), at the top level: placement.ts says where.
 */
import * as vscode from 'vscode';
import type { GeneratedDeclarations } from '../../core/codegen/types';
import type { OptimizerConfig } from '../../core/optimizers';
import type { ScheduleConfig } from '../../core/schedules';
import type { RunMeta } from '../../shared/protocol';
import type { RunStore } from '../runs/runStore';
import { runOptimizerInsertion, runScheduleInsertion, type RunInsertion, type RunSource } from './fromRun';
import { insertionPlace } from './placement';
import { SourceAnalysis } from './source';
import { markWalkthrough, WALKTHROUGH_CONTEXT } from '../walkthrough/register';

const TS_FILE = /\.[cm]?tsx?$/i;

/** What happened, for callers and tests: inserted (and where, and the name to call), or the message shown. */
export type InsertFromRunResult = { readonly inserted: true; readonly uri: vscode.Uri; readonly line: number; readonly functionName: string } | { readonly inserted: false; readonly message: string };

async function refuse(message: string): Promise<InsertFromRunResult> {
  void vscode.window.showWarningMessage(`LR Lab: ${message}`);
  return { inserted: false, message };
}

/** What is inserted: its name, its messages (whole sentences, for translation), why a run cannot give it (null when it can), its code and the name to report. */
interface InsertionKind {
  readonly what: 'schedule' | 'optimizer';
  needsRunId(): string;
  notTypeScript(run: string, file: string): string;
  cannotOpen(file: string, run: string, why: string): string;
  cannotWrite(run: string, why: string): string;
  refusal(meta: RunMeta): string | null;
  code(source: SourceAnalysis, meta: RunMeta, run: RunSource, separate: boolean): { insertion: RunInsertion<GeneratedDeclarations>; name: string };
}

const baseLr = (meta: RunMeta): unknown => meta.config.optimizer.lr;

const SCHEDULE: InsertionKind = {
  what: 'schedule',
  needsRunId: () => vscode.l10n.t('Insert schedule into editor needs a run id.'),
  notTypeScript: (run, file) => vscode.l10n.t('the run "{0}" came from {1}, not a TypeScript file: there is no editor to insert its schedule into.', run, file),
  cannotOpen: (file, run, why) => vscode.l10n.t('cannot open {0} to insert the schedule of "{1}": {2}', file, run, why),
  cannotWrite: (run, why) => vscode.l10n.t('cannot write the schedule of "{0}" as code: {1}', run, why),
  refusal(meta) {
    const lr = baseLr(meta);
    return typeof lr === 'number' && Number.isFinite(lr) ? null : vscode.l10n.t('the run "{0}" has no base learning rate to write the schedule from.', meta.label);
  },
  code(source, meta, run, separate) {
    const insertion = runScheduleInsertion(source, { ...run, schedule: meta.config.schedule as ScheduleConfig, lr: baseLr(meta) as number }, separate);
    return { insertion, name: insertion.code.functionName };
  },
};

const OPTIMIZER: InsertionKind = {
  what: 'optimizer',
  needsRunId: () => vscode.l10n.t('Insert optimizer into editor needs a run id.'),
  notTypeScript: (run, file) => vscode.l10n.t('the run "{0}" came from {1}, not a TypeScript file: there is no editor to insert its optimizer into.', run, file),
  cannotOpen: (file, run, why) => vscode.l10n.t('cannot open {0} to insert the optimizer of "{1}": {2}', file, run, why),
  cannotWrite: (run, why) => vscode.l10n.t('cannot write the optimizer of "{0}" as code: {1}', run, why),
  refusal: () => null,
  code(source, meta, run, separate) {
    const insertion = runOptimizerInsertion(source, { ...run, optimizer: meta.config.optimizer as OptimizerConfig }, separate);
    return { insertion, name: insertion.code.stepName };
  },
};

export function insertScheduleFromRun(store: RunStore, runId: unknown): Promise<InsertFromRunResult> {
  return insertFromRun(store, runId, SCHEDULE);
}

export function insertOptimizerFromRun(store: RunStore, runId: unknown): Promise<InsertFromRunResult> {
  return insertFromRun(store, runId, OPTIMIZER);
}

async function insertFromRun(store: RunStore, runId: unknown, kind: InsertionKind): Promise<InsertFromRunResult> {
  if (typeof runId !== 'string') return refuse(kind.needsRunId());
  const run = store.get(runId);
  if (!run) return refuse(vscode.l10n.t('that run is no longer in the panel.'));
  const { meta } = run;
  const refusal = kind.refusal(meta);
  if (refusal !== null) return refuse(refusal);
  const file = meta.objective.file;
  if (!TS_FILE.test(file)) return refuse(kind.notTypeScript(meta.label, meta.objective.label));

  let editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === file);
  try {
    // Show (and focus) the editor: the snippet's tab stops need it.
    const document = editor?.document ?? (await vscode.workspace.openTextDocument(vscode.Uri.file(file)));
    editor = await vscode.window.showTextDocument(document, { viewColumn: editor?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
  } catch (e) {
    return refuse(kind.cannotOpen(meta.objective.label, meta.label, e instanceof Error ? e.message : String(e)));
  }
  const document = editor.document;
  const indent = typeof editor.options.tabSize === 'number' ? (editor.options.insertSpaces === false ? '\t' : ' '.repeat(editor.options.tabSize)) : '  ';
  const source = new SourceAnalysis(document.getText(), document.uri.fsPath, indent);
  const place = insertionPlace(source, document.offsetAt(editor.selection.active));
  const runSource: RunSource = { label: meta.label, objective: { name: meta.objective.name, label: meta.objective.label }, startedAt: meta.startedAt };
  let code;
  try {
    code = kind.code(source, meta, runSource, place.separate);
  } catch (e) {
    return refuse(kind.cannotWrite(meta.label, e instanceof Error ? e.message : String(e)));
  }
  const at = document.positionAt(place.offset);
  const ok = await editor.insertSnippet(new vscode.SnippetString(code.insertion.snippet), at, { undoStopBefore: true, undoStopAfter: true });
  if (!ok) return refuse(vscode.l10n.t('the editor of {0} did not take the snippet (is it read-only?).', meta.objective.label));
  if (kind.what === 'schedule') void markWalkthrough(WALKTHROUGH_CONTEXT.scheduleInserted);
  return { inserted: true, uri: document.uri, line: at.line + (place.separate ? 2 : 0), functionName: code.name };
}
