/**
 * Problems in the user's code as VS Code diagnostics: compile errors and exceptions at the
 * line where they happen. Compile errors are re-checked as the user edits (a fast esbuild
 * syntax pass), so they clear when fixed; runtime errors go stale on the first edit and
 * are cleared then (the next run reports them again if they remain).
 */
import * as vscode from 'vscode';
import type { SerializedError } from '../core/errors';
import { Disposable } from './dispose';
import { syntaxErrors } from './syntaxCheck';
import { localizedDetail } from '../shared/engineText';
import { diagnosticCodeOf } from './codeActions/diagnosticFix';

const SOURCE = 'LR Lab';
const RECHECK_DELAY_MS = 250;

type Kind = 'compile' | 'runtime';

interface Entry {
  kind: Kind;
  diagnostics: vscode.Diagnostic[];
}

export function toRange(error: SerializedError, document?: vscode.TextDocument): vscode.Range {
  const line = Math.max(0, (error.location?.line ?? 1) - 1);
  const column = Math.max(0, (error.location?.column ?? 1) - 1);
  if (document && line < document.lineCount) {
    const text = document.lineAt(line);
    // Underline the rest of the token/line from the column (at least one character).
    const word = document.getWordRangeAtPosition(new vscode.Position(line, column));
    if (word) return word;
    const end = Math.max(column + 1, text.range.end.character);
    return new vscode.Range(line, column, line, end);
  }
  return new vscode.Range(line, column, line, column + 1);
}

export class DiagnosticsManager extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('lrlab'));
  private readonly entries = new Map<string, Entry>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor() {
    super();
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e.document)));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.clearTimer(d.uri.toString())));
    this.register({ dispose: () => this.timers.forEach((t) => clearTimeout(t)) });
  }

  /** Diagnostics currently shown for a file (for tests and the API). */
  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  /**
   * Show the errors of a run of `runFile`: each located error goes to the file it points at
   * (the user's file or one it imports). Clears LR Lab diagnostics of `runFile` when there is none.
   */
  report(runFile: vscode.Uri, errors: readonly SerializedError[]): void {
    const byFile = new Map<string, { uri: vscode.Uri; kind: Kind; diagnostics: vscode.Diagnostic[] }>();
    for (const error of errors) {
      const uri = error.location ? vscode.Uri.file(error.location.file) : runFile;
      const key = uri.toString();
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
      const diagnostic = new vscode.Diagnostic(toRange(error, document), localizedDetail(error.message, error.text), vscode.DiagnosticSeverity.Error);
      diagnostic.source = SOURCE;
      diagnostic.code = diagnosticCodeOf(error);
      const kind: Kind = error.code === 'compileError' ? 'compile' : 'runtime';
      const entry = byFile.get(key) ?? { uri, kind, diagnostics: [] };
      entry.diagnostics.push(diagnostic);
      byFile.set(key, entry);
    }
    if (!byFile.has(runFile.toString())) this.clear(runFile);
    for (const [key, entry] of byFile) {
      this.entries.set(key, { kind: entry.kind, diagnostics: entry.diagnostics });
      this.collection.set(entry.uri, entry.diagnostics);
    }
  }

  clear(uri: vscode.Uri): void {
    this.entries.delete(uri.toString());
    this.collection.delete(uri);
  }

  private clearTimer(key: string): void {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  private onChange(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const entry = this.entries.get(key);
    if (!entry) return;
    if (entry.kind === 'runtime') {
      this.clear(document.uri);
      return;
    }
    this.clearTimer(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.recheckSyntax(document);
      }, RECHECK_DELAY_MS),
    );
  }

  /** Re-run esbuild's parser on the edited text: clear when it parses, else show the new errors. */
  private async recheckSyntax(document: vscode.TextDocument): Promise<void> {
    if (this.isDisposed || !this.entries.has(document.uri.toString())) return;
    const errors = await syntaxErrors(document.getText(), document.uri.fsPath);
    if (this.isDisposed || !this.entries.has(document.uri.toString())) return;
    if (errors.length === 0) this.clear(document.uri);
    else this.report(document.uri, errors);
  }
}
