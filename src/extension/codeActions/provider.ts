/**
 * LR Lab's code actions (the lightbulb) in TypeScript files:
 *  - on a learning rate (a site, lrSites.ts: `const lr = 0.1`, `{ lr: 0.01 }`, …) or on a read
 *    of a declared lr inside a loop with a counter (lrUses.ts): ONE "Learning-rate schedule…"
 *    (`refactor.rewrite.lrlab.schedule`) whose command opens a quick pick of the schedules
 *    (schedulePick.ts: each kind's plan with a sparkline of its lr; an item's button inserts the
 *    function only). On a declaration whose reads are in a counted loop, and on such a read, the
 *    pick rewrites the loop's reads (`lr` → `learningRate(epoch)`); a site in a counted loop has
 *    its literal rewritten; anywhere else only the function goes in. A request for one kind
 *    (`only: refactor.rewrite.lrlab.schedule.<id>`, e.g. a keybinding) gets that kind's action
 *    with its edit, so no menu lists thirteen titles;
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
import type { TextChange } from './fileStyle';
import { NO_STARTING_POINT_CODE, objectiveWithoutStartingPoint } from './diagnosticFix';
import { planGradientCheck, planX0Tag, scheduleActionTitle, type Insertion } from './editPlan';
import { scheduleTargetAt, schedulePickItems, targetLoop, targetPlans, type SchedulePickItem, type ScheduleTarget, type TargetPlan } from './schedulePick';
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
/** The command of "Learning-rate schedule…": (uri, offset[, schedule kind id to skip the pick[, 'functionOnly']]). */
export const PICK_SCHEDULE_COMMAND = 'lrlab.pickSchedule';

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
      const target = scheduleTargetAt(analysis, start, document.offsetAt(range.end));
      if (target && context.only && SCHEDULE_KIND.contains(context.only) && context.only.value !== SCHEDULE_KIND.value) {
        actions.push(...this.scheduleActions(document, targetPlans(analysis, target), snippets, wants));
      } else if (target && wants(SCHEDULE_KIND)) {
        const pick = new vscode.CodeAction(vscode.l10n.t('Learning-rate schedule…'), SCHEDULE_KIND);
        pick.command = { command: PICK_SCHEDULE_COMMAND, title: pick.title, arguments: [document.uri, start] };
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
   * "Learning-rate schedule…": the schedules for the target at `offset` in a quick pick (or the
   * one `kindId` names), the pick applied as one WorkspaceEdit; `functionOnly` (or an item's
   * button) inserts the function and leaves the code that reads the lr as it is. False when
   * nothing was applied.
   */
  async pickSchedule(uri: vscode.Uri, offset: number, kindId?: string, functionOnly?: 'functionOnly'): Promise<boolean> {
    const document = await vscode.workspace.openTextDocument(uri);
    const analysis = this.analysis(document);
    const target = scheduleTargetAt(analysis, offset);
    if (!target) return false;
    const items = schedulePickItems(analysis, target);
    const picked = kindId !== undefined ? { item: items.find((item) => item.target.plan.kind.id === kindId), functionOnly: functionOnly === 'functionOnly' } : await showSchedulePick(items, target);
    if (!picked?.item) return false;
    const { plan, replacements } = picked.item.target;
    const snippets = vscode.window.activeTextEditor?.document === document;
    const applied = await vscode.workspace.applyEdit(workspaceEdit(document, plan.insertion, picked.functionOnly ? [] : replacements, snippets));
    if (applied) await vscode.commands.executeCommand('setContext', WALKTHROUGH_CONTEXT.scheduleInserted, true);
    return applied;
  }

  private scheduleActions(document: vscode.TextDocument, plans: readonly TargetPlan[], snippets: boolean, wants: (kind: vscode.CodeActionKind) => boolean): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const { plan, replacements } of plans) {
      const actionKind = SCHEDULE_KIND.append(plan.kind.id);
      if (!wants(actionKind)) continue;
      const action = new vscode.CodeAction(scheduleActionTitle({ kind: plan.kind, replacement: replacements[0] ?? null }), actionKind);
      action.edit = workspaceEdit(document, plan.insertion, replacements, snippets);
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
    action.edit = workspaceEdit(document, plan.insertion, [], snippets);
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
      } else if (code === NO_STARTING_POINT_CODE && wants(X0_FIX_KIND)) {
        const objective = objectiveWithoutStartingPoint(analysis.objectives, diagnostic.range.start.line + 1);
        const plan = objective === undefined ? null : planX0Tag(analysis, objective.name);
        if (plan) {
          const fix = new vscode.CodeAction(vscode.l10n.t('Add an @x0 tag (starting point) to `{0}`', plan.objective), X0_FIX_KIND);
          fix.edit = workspaceEdit(document, plan.insertion, [], snippets);
          fix.diagnostics = [diagnostic];
          fix.isPreferred = true;
          actions.push(fix);
        }
      }
    }
    return actions;
  }
}

type PickItem = vscode.QuickPickItem & { readonly schedule: SchedulePickItem };

/** The quick pick of schedules; resolves with the accepted item (and whether its "function only" button was used), or undefined when dismissed. */
function showSchedulePick(items: readonly SchedulePickItem[], target: ScheduleTarget): Promise<{ item: SchedulePickItem; functionOnly: boolean } | undefined> {
  const loop = targetLoop(target);
  const functionOnly: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('symbol-function'), tooltip: vscode.l10n.t('Insert the function only (`{0}` stays as it is)', target.name) };
  const quickPick = vscode.window.createQuickPick<PickItem>();
  quickPick.title = loop ? vscode.l10n.t('Replace `{0}` with a schedule of `{1}`', target.name, loop.counter) : vscode.l10n.t('Add a learning-rate schedule for `{0}`', target.name);
  quickPick.placeholder = vscode.l10n.t('Learning-rate schedule');
  quickPick.matchOnDetail = true;
  quickPick.items = items.map((schedule) => ({ label: schedule.label, description: schedule.description, detail: schedule.detail, buttons: schedule.target.replacements.length > 0 ? [functionOnly] : [], schedule }));
  return new Promise((resolve) => {
    let result: { item: SchedulePickItem; functionOnly: boolean } | undefined;
    quickPick.onDidAccept(() => {
      const [active] = quickPick.selectedItems.length > 0 ? quickPick.selectedItems : quickPick.activeItems;
      if (active) result = { item: active.schedule, functionOnly: false };
      quickPick.hide();
    });
    quickPick.onDidTriggerItemButton((event) => {
      result = { item: event.item.schedule, functionOnly: true };
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      quickPick.dispose();
      resolve(result);
    });
    quickPick.show();
  });
}

/** The objective a gradient diagnostic is about: the one whose statement holds it, else the one its message names (`name.grad returned …`). */
function objectiveOfDiagnostic(analysis: SourceAnalysis, document: vscode.TextDocument, diagnostic: vscode.Diagnostic): DiscoveredObjective | undefined {
  const at = document.offsetAt(diagnostic.range.start);
  const named = /^(\S+?)\.grad\b/.exec(diagnostic.message)?.[1];
  const withGrad = analysis.objectives.filter((o) => o.hasGrad);
  return withGrad.find((o) => o.start <= at && at <= o.end) ?? withGrad.find((o) => o.name === named) ?? (withGrad.length === 1 ? withGrad[0] : undefined);
}

/** One WorkspaceEdit: the insertion (a snippet when `snippet` and one exists) and the replacements. */
export function workspaceEdit(document: vscode.TextDocument, insertion: Insertion, replacements: readonly TextChange[], snippet: boolean): vscode.WorkspaceEdit {
  const position = document.positionAt(insertion.offset);
  const edits: (vscode.TextEdit | vscode.SnippetTextEdit)[] = [];
  if (snippet && insertion.snippet !== null) {
    const edit = vscode.SnippetTextEdit.insert(position, new vscode.SnippetString(insertion.snippet));
    edit.keepWhitespace = true; // already in the file's indentation
    edits.push(edit);
  } else {
    edits.push(vscode.TextEdit.insert(position, insertion.text));
  }
  for (const replacement of replacements) edits.push(vscode.TextEdit.replace(new vscode.Range(document.positionAt(replacement.start), document.positionAt(replacement.end)), replacement.text));
  const edit = new vscode.WorkspaceEdit();
  edit.set(document.uri, edits);
  return edit;
}
