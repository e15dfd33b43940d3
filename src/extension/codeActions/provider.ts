/**
 * LR Lab's code actions (the lightbulb) in TypeScript files:
 *  - on a learning rate (lrSites.ts): "Replace with a learning-rate schedule: …", one per
 *    schedule kind (`refactor.rewrite.lrlab.schedule.<id>`), or "Add a learning-rate schedule
 *    (function only): …" when the use site cannot be rewritten;
 *  - on a use of a learning rate inside a loop with a counter (`x -= lr * g` below `const lr = 0.1`,
 *    lrUses.ts): one "Learning-rate schedule…" (`refactor.rewrite.lrlab.schedule`) that opens a
 *    quick pick of the schedules (schedulePick.ts: the same plans, previewed) and rewrites the use
 *    to `learningRate(epoch)`;
 *  - on an objective's first line: "Run optimizer on `name`" (runs `lrlab.runOptimizer`) and,
 *    when it has a `grad`, "Add a gradient check" (`refactor.rewrite.lrlab.gradientCheck`);
 *  - on LR Lab diagnostics: "Add a gradient check" as the preferred quick fix of a wrong-length
 *    or non-finite gradient, and "Add an @x0 tag" for an objective without a starting point.
 * Each edit is one WorkspaceEdit (one undo step). Code goes in as a snippet (tab stops on the
 * values to tune) when the document is the active editor's, as plain text otherwise. The
 * document is parsed once per version.
 */
import * as vscode from 'vscode';
import type { DiscoveredObjective } from '../../core/loader';
import { SCHEDULE_SNIPPET_KINDS } from '../../core/codegen';
import type { TextChange } from './fileStyle';
import { planGradientCheck, planSchedule, planX0Tag, scheduleActionTitle, type Insertion } from './editPlan';
import { sitesInRange, type LrSite } from './lrSites';
import { lrUseAt } from './lrUses';
import { schedulePickItems } from './schedulePick';
import { SourceAnalysis } from './source';
import { discoverInDocument, isObjectiveDocument } from '../objectives';
import { WALKTHROUGH_CONTEXT } from '../walkthrough/progress';

/** `refactor.rewrite.lrlab.schedule`: the schedule actions (`.step`, `.cosine`, …). */
export const SCHEDULE_KIND = vscode.CodeActionKind.RefactorRewrite.append('lrlab.schedule');
/** `refactor.rewrite.lrlab.gradientCheck`. */
export const GRADIENT_CHECK_KIND = vscode.CodeActionKind.RefactorRewrite.append('lrlab.gradientCheck');
/** `quickfix.lrlab`: fixes of LR Lab diagnostics. */
export const QUICK_FIX_KIND = vscode.CodeActionKind.QuickFix.append('lrlab');
/** `quickfix.lrlab.gradientCheck`, `quickfix.lrlab.x0`. */
export const GRADIENT_CHECK_FIX_KIND = QUICK_FIX_KIND.append('gradientCheck');
export const X0_FIX_KIND = QUICK_FIX_KIND.append('x0');
/** `lrlab.run`: run the optimizer (a command, no edit). */
export const RUN_KIND = vscode.CodeActionKind.Empty.append('lrlab.run');
/** The command of "Learning-rate schedule…": (uri, offset of the use[, schedule kind id to skip the pick]). */
export const PICK_LOOP_SCHEDULE_COMMAND = 'lrlab.pickLoopSchedule';

export const CODE_ACTION_METADATA: vscode.CodeActionProviderMetadata = {
  providedCodeActionKinds: [vscode.CodeActionKind.RefactorRewrite.append('lrlab'), QUICK_FIX_KIND, RUN_KIND],
};

const DIAGNOSTIC_SOURCE = 'LR Lab';
const GRADIENT_CODES = new Set(['gradientLength', 'nonFiniteGradient']);

function diagnosticCode(d: vscode.Diagnostic): string | undefined {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return code === undefined ? undefined : String(code);
}

export class LrLabCodeActionProvider implements vscode.CodeActionProvider {
  private readonly cache = new WeakMap<vscode.TextDocument, { version: number; analysis: SourceAnalysis }>();

  /** The parse of `document` at its current version (shared by every request until it changes). */
  analysis(document: vscode.TextDocument): SourceAnalysis {
    const hit = this.cache.get(document);
    if (hit && hit.version === document.version) return hit.analysis;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const indent = editor && typeof editor.options.tabSize === 'number' ? (editor.options.insertSpaces === false ? '\t' : ' '.repeat(editor.options.tabSize)) : '  ';
    const analysis = new SourceAnalysis(document.getText(), document.uri.fsPath, indent, () => discoverInDocument(document));
    this.cache.set(document, { version: document.version, analysis });
    return analysis;
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext, token: vscode.CancellationToken): vscode.CodeAction[] {
    if (!isObjectiveDocument(document)) return [];
    // `wants`: an action of this kind may be returned; `mayWant`: some action under this kind may be (`only` can be a parent or a child of it).
    const wants = (kind: vscode.CodeActionKind): boolean => !context.only || context.only.contains(kind);
    const mayWant = (kind: vscode.CodeActionKind): boolean => !context.only || context.only.intersects(kind);
    const analysis = this.analysis(document);
    const snippets = vscode.window.activeTextEditor?.document === document;
    const actions: vscode.CodeAction[] = [];

    if (mayWant(QUICK_FIX_KIND)) actions.push(...this.quickFixes(document, analysis, context.diagnostics, snippets, wants));
    if (token.isCancellationRequested) return actions;

    if (mayWant(SCHEDULE_KIND)) {
      const start = document.offsetAt(range.start);
      const site = pickSite(sitesInRange(analysis.scan.sites, start, document.offsetAt(range.end)), start);
      if (site) actions.push(...this.scheduleActions(document, analysis, site, snippets, wants));
      else if (wants(SCHEDULE_KIND) && lrUseAt(analysis, start)) {
        const pick = new vscode.CodeAction(vscode.l10n.t('Learning-rate schedule…'), SCHEDULE_KIND);
        pick.command = { command: PICK_LOOP_SCHEDULE_COMMAND, title: pick.title, arguments: [document.uri, start] };
        actions.push(pick);
      }
    }

    const objective = analysis.objectives.find((o) => o.line - 1 === range.start.line);
    if (objective) {
      if (wants(RUN_KIND)) {
        const run = new vscode.CodeAction(vscode.l10n.t('Run optimizer on `{0}`', objective.name), RUN_KIND);
        run.command = { command: 'lrlab.runOptimizer', title: run.title, arguments: [document.uri, objective.name] };
        actions.push(run);
      }
      if (wants(GRADIENT_CHECK_KIND)) {
        const check = this.gradientCheck(document, analysis, objective, GRADIENT_CHECK_KIND, snippets);
        if (check) actions.push(check);
      }
    }
    return actions;
  }

  /**
   * "Learning-rate schedule…": the schedules for the use at `offset` in a quick pick (or the
   * one `kindId` names), the pick applied as one WorkspaceEdit. False when nothing was applied.
   */
  async pickLoopSchedule(uri: vscode.Uri, offset: number, kindId?: string): Promise<boolean> {
    const document = await vscode.workspace.openTextDocument(uri);
    const analysis = this.analysis(document);
    const use = lrUseAt(analysis, offset);
    if (!use) return false;
    const items = schedulePickItems(analysis, use);
    const picked =
      kindId !== undefined
        ? items.find((item) => item.plan.kind.id === kindId)
        : await vscode.window.showQuickPick(items, {
            title: vscode.l10n.t('Replace `{0}` with a schedule of `{1}`', use.name, use.loop.counter),
            placeHolder: vscode.l10n.t('Learning-rate schedule'),
            matchOnDescription: false,
            matchOnDetail: true,
          });
    if (!picked) return false;
    const snippets = vscode.window.activeTextEditor?.document === document;
    const applied = await vscode.workspace.applyEdit(workspaceEdit(document, picked.plan.insertion, picked.plan.replacement, snippets));
    if (applied) await vscode.commands.executeCommand('setContext', WALKTHROUGH_CONTEXT.scheduleInserted, true);
    return applied;
  }

  private scheduleActions(document: vscode.TextDocument, analysis: SourceAnalysis, site: LrSite, snippets: boolean, wants: (kind: vscode.CodeActionKind) => boolean): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const kind of SCHEDULE_SNIPPET_KINDS) {
      const actionKind = SCHEDULE_KIND.append(kind.id);
      if (!wants(actionKind)) continue;
      let plan;
      try {
        plan = planSchedule(analysis, site, kind);
      } catch {
        continue; // a kind whose defaults cannot be resolved for this value (the generator names the problem; there is nothing to offer)
      }
      const action = new vscode.CodeAction(scheduleActionTitle(plan), actionKind);
      action.edit = workspaceEdit(document, plan.insertion, plan.replacement, snippets);
      // Runs after the edit: the walkthrough's "insert a schedule" step is done.
      action.command = { command: 'setContext', title: action.title, arguments: [WALKTHROUGH_CONTEXT.scheduleInserted, true] };
      actions.push(action);
    }
    return actions;
  }

  private gradientCheck(document: vscode.TextDocument, analysis: SourceAnalysis, objective: DiscoveredObjective, kind: vscode.CodeActionKind, snippets: boolean): vscode.CodeAction | null {
    const plan = planGradientCheck(analysis, objective.name);
    if (!plan) return null;
    const action = new vscode.CodeAction(vscode.l10n.t('Add a gradient check of `{0}`', `${objective.name}.grad`), kind);
    action.edit = workspaceEdit(document, plan.insertion, null, snippets);
    return action;
  }

  private quickFixes(document: vscode.TextDocument, analysis: SourceAnalysis, diagnostics: readonly vscode.Diagnostic[], snippets: boolean, wants: (kind: vscode.CodeActionKind) => boolean): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const code = diagnosticCode(diagnostic);
      if (code !== undefined && GRADIENT_CODES.has(code) && wants(GRADIENT_CHECK_FIX_KIND)) {
        const objective = objectiveOfDiagnostic(analysis, document, diagnostic);
        const fix = objective && this.gradientCheck(document, analysis, objective, GRADIENT_CHECK_FIX_KIND, snippets);
        if (fix) {
          fix.diagnostics = [diagnostic];
          fix.isPreferred = true;
          actions.push(fix);
        }
      } else if (code === 'invalidObjective' && wants(X0_FIX_KIND)) {
        const name = /^(\S+) has no starting point/.exec(diagnostic.message)?.[1];
        const plan = name === undefined ? null : planX0Tag(analysis, name);
        if (plan) {
          const fix = new vscode.CodeAction(vscode.l10n.t('Add an @x0 tag (starting point) to `{0}`', plan.objective), X0_FIX_KIND);
          fix.edit = workspaceEdit(document, plan.insertion, null, snippets);
          fix.diagnostics = [diagnostic];
          fix.isPreferred = true;
          actions.push(fix);
        }
      }
    }
    return actions;
  }
}

/** With several sites in a selection, the one at its start, else the first. */
function pickSite(sites: readonly LrSite[], start: number): LrSite | undefined {
  return sites.find((s) => s.span.start <= start && start <= s.span.end) ?? sites[0];
}

/** The objective a gradient diagnostic is about: the one whose statement holds it, else the one its message names (`name.grad returned …`). */
function objectiveOfDiagnostic(analysis: SourceAnalysis, document: vscode.TextDocument, diagnostic: vscode.Diagnostic): DiscoveredObjective | undefined {
  const at = document.offsetAt(diagnostic.range.start);
  const named = /^(\S+?)\.grad\b/.exec(diagnostic.message)?.[1];
  const withGrad = analysis.objectives.filter((o) => o.hasGrad);
  return withGrad.find((o) => o.start <= at && at <= o.end) ?? withGrad.find((o) => o.name === named) ?? (withGrad.length === 1 ? withGrad[0] : undefined);
}

/** One WorkspaceEdit: the insertion (a snippet when `snippet` and one exists) and the replacement. */
export function workspaceEdit(document: vscode.TextDocument, insertion: Insertion, replacement: TextChange | null, snippet: boolean): vscode.WorkspaceEdit {
  const position = document.positionAt(insertion.offset);
  const edits: (vscode.TextEdit | vscode.SnippetTextEdit)[] = [];
  if (snippet && insertion.snippet !== null) {
    const edit = vscode.SnippetTextEdit.insert(position, new vscode.SnippetString(insertion.snippet));
    edit.keepWhitespace = true; // already in the file's indentation
    edits.push(edit);
  } else {
    edits.push(vscode.TextEdit.insert(position, insertion.text));
  }
  if (replacement) edits.push(vscode.TextEdit.replace(new vscode.Range(document.positionAt(replacement.start), document.positionAt(replacement.end)), replacement.text));
  const edit = new vscode.WorkspaceEdit();
  edit.set(document.uri, edits);
  return edit;
}
