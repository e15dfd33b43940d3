/**
 * `lrlab.insertScheduleFromRun` (the panel's "Insert schedule into editor" on a run): the
 * schedule of that run, with the exact values it ran with, inserted as a snippet at the cursor
 * of the editor of the file the run came from (opened when no editor shows it). On a line with
 * text the code goes below that line, after a blank line.
 */
import * as vscode from 'vscode';
import type { ScheduleConfig } from '../../core/schedules';
import type { RunStore } from '../runs/runStore';
import { runScheduleInsertion, type RunScheduleSource } from './fromRun';
import { SourceAnalysis } from './source';

const TS_FILE = /\.[cm]?tsx?$/i;

/** What happened, for callers and tests: inserted (and where), or the message shown. */
export type InsertFromRunResult = { readonly inserted: true; readonly uri: vscode.Uri; readonly line: number; readonly functionName: string } | { readonly inserted: false; readonly message: string };

async function refuse(message: string): Promise<InsertFromRunResult> {
  void vscode.window.showWarningMessage(`LR Lab: ${message}`);
  return { inserted: false, message };
}

export async function insertScheduleFromRun(store: RunStore, runId: unknown): Promise<InsertFromRunResult> {
  if (typeof runId !== 'string') return refuse('Insert schedule into editor needs a run id.');
  const run = store.get(runId);
  if (!run) return refuse('that run is no longer in the panel.');
  const { meta } = run;
  const lr = meta.config.optimizer.lr;
  if (typeof lr !== 'number' || !Number.isFinite(lr)) return refuse(`the run "${meta.label}" has no base learning rate to write the schedule from.`);
  const file = meta.objective.file;
  if (!TS_FILE.test(file)) return refuse(`the run "${meta.label}" came from ${meta.objective.label}, not a TypeScript file: there is no editor to insert its schedule into.`);

  let editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === file);
  try {
    // Show (and focus) the editor: the snippet's tab stops need it.
    const document = editor?.document ?? (await vscode.workspace.openTextDocument(vscode.Uri.file(file)));
    editor = await vscode.window.showTextDocument(document, { viewColumn: editor?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
  } catch (e) {
    return refuse(`cannot open ${meta.objective.label} to insert the schedule of "${meta.label}": ${e instanceof Error ? e.message : String(e)}`);
  }
  const document = editor.document;
  const cursor = editor.selection.active;
  const line = document.lineAt(cursor.line);
  const blank = line.isEmptyOrWhitespace;
  const indent = typeof editor.options.tabSize === 'number' ? (editor.options.insertSpaces === false ? '\t' : ' '.repeat(editor.options.tabSize)) : '  ';
  const source = new SourceAnalysis(document.getText(), document.uri.fsPath, indent);
  const runSource: RunScheduleSource = {
    label: meta.label,
    objective: { name: meta.objective.name, label: meta.objective.label },
    startedAt: meta.startedAt,
    schedule: meta.config.schedule as ScheduleConfig,
    lr,
  };
  let insertion;
  try {
    insertion = runScheduleInsertion(source, runSource, !blank);
  } catch (e) {
    return refuse(`cannot write the schedule of "${meta.label}" as code: ${e instanceof Error ? e.message : String(e)}`);
  }
  const at = blank ? cursor : line.range.end;
  const ok = await editor.insertSnippet(new vscode.SnippetString(insertion.snippet), at, { undoStopBefore: true, undoStopAfter: true });
  if (!ok) return refuse(`the editor of ${meta.objective.label} did not take the snippet (is it read-only?).`);
  return { inserted: true, uri: document.uri, line: at.line + (blank ? 0 : 2), functionName: insertion.code.functionName };
}
