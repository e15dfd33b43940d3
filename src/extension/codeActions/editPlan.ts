/**
 * The text edits of LR Lab's code actions, planned on plain text (no `vscode`): where
 * generated code goes, in the file's style, and how a use site is rewritten. The provider
 * turns a plan into one WorkspaceEdit.
 *
 * Schedules go before the top-level statement that holds the learning rate, above the
 * comments attached to it (its JSDoc stays with it; a comment separated by a blank line, like
 * a file header, stays above), separated by one blank line. Gradient checks go after the
 * objective's statement. Nothing else in the file changes.
 */
import * as l10n from '@vscode/l10n';
import type * as TS from 'typescript';
import { gradientCheckCode, scheduleCode, type GeneratedCode, type ScheduleCodeOptions, type ScheduleSnippetKind } from '../../core/codegen';
import { RUN_DEFAULTS } from '../../core/minimize/config';
import { resolveScheduleConfig, type ScheduleConfig } from '../../core/schedules';
import { escapeSnippet, restyleCode, type TextChange } from './fileStyle';
import { camelName } from './lrNames';
import type { LrSite } from './lrSites';
import type { SourceAnalysis } from './source';
import { ts } from './typescript';

/** Schedule code for a resolved config (the code generator's `scheduleCode`; tests may pass another). */
export type ScheduleGenerator = (config: ScheduleConfig, baseLr: number, options: ScheduleCodeOptions) => GeneratedCode;

/** Steps a schedule is planned for when no loop bound says otherwise: an LR Lab run's default length, as for the snippets, the CLI and the panel. */
export const DEFAULT_HORIZON = RUN_DEFAULTS.iterations;

/** Text to insert at one offset, and the same as a snippet (null when it cannot be one). */
export interface Insertion {
  readonly offset: number;
  readonly text: string;
  readonly snippet: string | null;
}

export interface ScheduleEditPlan {
  readonly kind: ScheduleSnippetKind;
  readonly functionName: string;
  /** The schedule's resolved config and the base lr it starts from (the site's value). */
  readonly config: ScheduleConfig;
  readonly baseLr: number;
  /** Steps the defaults were resolved for: the loop's iterations, else DEFAULT_HORIZON. */
  readonly horizon: number;
  readonly insertion: Insertion;
  /** The literal replaced by a call, or null when the use site is left alone ("function only"). */
  readonly replacement: TextChange | null;
  /** Why the use site is left alone (null when it is rewritten). */
  readonly functionOnlyReason: string | null;
}

/** The name a schedule function gets: `learningRate`, else one from the site (`lrSchedule`) when the file uses `learningRate` (the generator suffixes it when both are taken). */
export function scheduleFunctionName(site: LrSite, reserved: ReadonlySet<string>): string {
  if (!reserved.has('learningRate')) return 'learningRate';
  const derived = `${camelName(site.name)}Schedule`;
  return reserved.has(derived) ? 'learningRate' : derived;
}

/** The arguments a call of the generated function takes at the site, or why it cannot be called there. */
function callArguments(site: LrSite, code: GeneratedCode): string[] | string {
  if (code.kind !== 'function') return l10n.t('the schedule keeps state');
  const args: string[] = [];
  for (const parameter of code.parameters) {
    if (parameter === 'step') {
      if (!site.loop) return l10n.t('the value is {0}', site.noLoopReason ?? l10n.t('not in a counted loop'));
      args.push(site.loop.start === 0 ? site.loop.counter : `${site.loop.counter} - ${site.loop.startText}`);
    } else {
      const variable = parameter === 'loss' ? site.lossVariable : site.gradNormVariable;
      if (!site.inLoop) return l10n.t('the value is not in a loop');
      if (!variable) return parameter === 'loss' ? l10n.t('there is no {0} variable declared before it', '`loss`') : l10n.t('there is no {0} (or {1}, {2}) variable declared before it', '`gradNorm`', '`gradientNorm`', '`gnorm`');
      args.push(variable);
    }
  }
  return args;
}

/**
 * Where code goes before the top-level statement `statement`: the start of the line of the
 * first comment attached to it (no blank line between them), or of the statement.
 */
export function insertionBefore(source: SourceAnalysis, statement: TS.Statement): { offset: number; atLineStart: boolean } {
  const text = source.text;
  let anchor = statement.getStart(source.sf);
  const comments = ts().getLeadingCommentRanges(text, statement.pos) ?? [];
  for (let i = comments.length - 1; i >= 0; i--) {
    const between = text.slice(comments[i]!.end, anchor);
    if ((between.match(/\n/g) ?? []).length > 1) break;
    anchor = comments[i]!.pos;
  }
  const lineStart = source.lineStart(anchor);
  const index = source.sf.statements.indexOf(statement);
  const previous = index > 0 ? source.sf.statements[index - 1]! : null;
  // The line may start inside the statement before (`};` then this statement on the same line).
  const onOwnLine = /^[ \t]*$/.test(text.slice(lineStart, anchor)) && (!previous || previous.getEnd() <= lineStart);
  return onOwnLine ? { offset: lineStart, atLineStart: true } : { offset: anchor, atLineStart: false };
}

/** Code (and its snippet) to put before `statement`, in the file's style, with one blank line around it. */
export function insertBefore(source: SourceAnalysis, statement: TS.Statement, code: { text: string; snippet: string | null }): Insertion {
  const { eol } = source.style;
  const styled = restyleCode(code.text, code.snippet, source.style);
  const { offset, atLineStart } = insertionBefore(source, statement);
  const blankBefore = atLineStart ? offset === 0 || source.isBlankLine(offset - 1) : false;
  const prefix = atLineStart ? (blankBefore ? '' : eol) : eol + eol;
  return {
    offset,
    text: prefix + styled.text + eol,
    snippet: styled.snippet === null ? null : escapeSnippet(prefix) + styled.snippet + escapeSnippet(eol),
  };
}

/** Code to put after `statement` (at the end of its last line), in the file's style, with one blank line around it. */
export function insertAfter(source: SourceAnalysis, statement: TS.Statement, code: { text: string; snippet: string | null }): Insertion {
  const { eol } = source.style;
  const styled = restyleCode(code.text, code.snippet, source.style);
  const offset = source.lineEnd(statement.getEnd());
  const trim = (s: string): string => (s.endsWith(eol) ? s.slice(0, -eol.length) : s);
  const nextLine = offset + (source.text.startsWith('\r\n', offset) ? 2 : 1);
  const suffix = offset < source.text.length && !source.isBlankLine(nextLine) ? eol : '';
  const snippet = styled.snippet === null ? null : styled.snippet.replace(/\$0$/, '');
  return {
    offset,
    text: eol + eol + trim(styled.text) + suffix,
    snippet: snippet === null ? null : escapeSnippet(eol + eol) + trim(snippet) + '$0' + escapeSnippet(suffix),
  };
}

/**
 * The plan for replacing `site` with the schedule `kind`: its defaults resolved for the loop's
 * iterations (else DEFAULT_HORIZON steps) from the site's value as base lr, the code before the
 * site's top-level statement, and the literal replaced by `learningRate(step)` (or
 * `learningRate(step - START)`, `learningRate(loss)`, `learningRate(gradNorm)`) when the call's
 * arguments are clear (see lrSites.ts: a counted loop, a `loss` / `gradNorm` variable).
 * Throws an LrLabError when the kind cannot be resolved for this value (e.g. a base lr the
 * schedule refuses).
 */
export function planSchedule(source: SourceAnalysis, site: LrSite, kind: ScheduleSnippetKind, generate: ScheduleGenerator = scheduleCode): ScheduleEditPlan {
  const horizon = site.loop?.iterations ?? DEFAULT_HORIZON;
  const config = resolveScheduleConfig(kind.config, { baseLr: site.value, totalSteps: horizon });
  const reservedNames = source.reservedNames;
  const code = generate(config, site.value, {
    functionName: scheduleFunctionName(site, reservedNames),
    reservedNames,
    exported: false,
    existingDeclarations: source.topLevelFunctions,
  });
  const statement = source.sf.statements[site.statement.index]!;
  const insertion = insertBefore(source, statement, code);
  const args = callArguments(site, code);
  const replacement = typeof args === 'string' ? null : { start: site.literal.start, end: site.literal.end, text: `${code.functionName}(${args.join(', ')})` };
  return { kind, functionName: code.functionName, config, baseLr: site.value, horizon, insertion, replacement, functionOnlyReason: typeof args === 'string' ? args : null };
}

/** The menu title of a schedule action. */
export function scheduleActionTitle(plan: Pick<ScheduleEditPlan, 'kind' | 'replacement'>): string {
  return plan.replacement ? l10n.t('Replace with a learning-rate schedule: {0}', plan.kind.title) : l10n.t('Add a learning-rate schedule (function only): {0}', plan.kind.title);
}

/** The plan's edits as [start, end) → text changes, in order. */
export function planChanges(plan: { insertion: Insertion; replacement?: TextChange | null }): TextChange[] {
  const changes: TextChange[] = [{ start: plan.insertion.offset, end: plan.insertion.offset, text: plan.insertion.text }];
  if (plan.replacement) changes.push(plan.replacement);
  return changes.sort((a, b) => a.start - b.start);
}

// ------------------------------------------------------------------ objectives

/** The top-level statement an objective is declared in. */
function objectiveStatement(source: SourceAnalysis, start: number): TS.Statement | null {
  return source.statementAt(start);
}

/** The object literal an object-form objective is written as, when it is one in its statement. */
function objectiveLiteral(statement: TS.Statement, name: string): TS.ObjectLiteralExpression | null {
  const t = ts();
  const unwrap = (e: TS.Expression): TS.Expression => {
    while (t.isParenthesizedExpression(e) || t.isAsExpression(e) || t.isSatisfiesExpression(e) || t.isTypeAssertionExpression(e)) e = e.expression;
    return e;
  };
  const candidates: [string | null, TS.Expression][] = [];
  if (t.isVariableStatement(statement)) {
    for (const d of statement.declarationList.declarations) if (d.initializer) candidates.push([t.isIdentifier(d.name) ? d.name.text : null, unwrap(d.initializer)]);
  } else if (t.isExportAssignment(statement)) {
    candidates.push(['default', unwrap(statement.expression)]);
  }
  const objects = candidates.filter((c): c is [string | null, TS.ObjectLiteralExpression] => t.isObjectLiteralExpression(c[1]));
  return (objects.find((c) => c[0] === name) ?? (objects.length === 1 ? objects[0] : undefined))?.[1] ?? null;
}

/** The name the file's code calls an export by: `a` for `export { a as b }`, else the export's own name. */
function localName(source: SourceAnalysis, exported: string): string {
  const t = ts();
  for (const statement of source.sf.statements) {
    if (!t.isExportDeclaration(statement) || statement.moduleSpecifier || !statement.exportClause || !t.isNamedExports(statement.exportClause)) continue;
    const specifier = statement.exportClause.elements.find((e) => e.name.text === exported && e.propertyName && t.isIdentifier(e.propertyName));
    if (specifier) return (specifier.propertyName as TS.Identifier).text;
  }
  return exported;
}

export interface GradientCheckPlan {
  readonly objective: string;
  readonly functionName: string;
  readonly insertion: Insertion;
}

/**
 * A gradient check for the objective `name` (object form with `grad`), after its statement;
 * null when there is nothing to check (no such objective, no `grad`, a default export).
 */
export function planGradientCheck(source: SourceAnalysis, name: string): GradientCheckPlan | null {
  const objective = source.objectives.find((o) => o.name === name);
  if (!objective || objective.form !== 'object' || !objective.hasGrad) return null;
  const statement = objectiveStatement(source, objective.start);
  if (!statement) return null;
  const local = localName(source, name);
  const literal = objectiveLiteral(statement, local);
  const hasX0 = literal ? literal.properties.some((p) => p.name !== undefined && ts().isIdentifier(p.name) && p.name.text === 'x0') : objective.x0 !== null;
  const code = gradientCheckCode({ name: local, form: objective.form, hasGrad: objective.hasGrad, stochastic: objective.hasData, hasX0 }, { reservedNames: source.reservedNames });
  if (!code) return null;
  return { objective: name, functionName: code.functionName, insertion: insertAfter(source, statement, code) };
}

export interface X0TagPlan {
  readonly objective: string;
  /** Entries written (zeros): the dimension read from the function's `x[i]` uses, else 1. */
  readonly dimension: number;
  /** Whether the dimension was read from the code (false: a one-entry placeholder). */
  readonly dimensionKnown: boolean;
  readonly insertion: Insertion;
}

/** The function an objective's statement declares (for `@x0`: the function and its first parameter). */
function objectiveFunction(statement: TS.Statement): TS.SignatureDeclaration | null {
  const t = ts();
  if (t.isFunctionDeclaration(statement)) return statement;
  let e: TS.Expression | undefined;
  if (t.isVariableStatement(statement)) e = statement.declarationList.declarations.find((d) => d.initializer)?.initializer;
  else if (t.isExportAssignment(statement)) e = statement.expression;
  while (e && (t.isParenthesizedExpression(e) || t.isAsExpression(e) || t.isSatisfiesExpression(e))) e = e.expression;
  return e && (t.isArrowFunction(e) || t.isFunctionExpression(e)) ? e : null;
}

/** 1 + the largest literal index the function reads its first parameter at (`x[0] … x[2]` → 3), or the length of its destructuring; null when neither says. */
export function dimensionOf(fn: TS.SignatureDeclaration): number | null {
  const t = ts();
  const first = fn.parameters[0];
  if (!first) return null;
  if (t.isArrayBindingPattern(first.name)) return first.name.elements.length || null;
  if (!t.isIdentifier(first.name)) return null;
  const param = first.name.text;
  let max = -1;
  const visit = (node: TS.Node): void => {
    if (t.isElementAccessExpression(node) && t.isIdentifier(node.expression) && node.expression.text === param && t.isNumericLiteral(node.argumentExpression)) {
      const i = Number(node.argumentExpression.text);
      if (Number.isInteger(i) && i < 10_000) max = Math.max(max, i);
    } else if (t.isVariableDeclaration(node) && t.isArrayBindingPattern(node.name) && node.initializer && t.isIdentifier(node.initializer) && node.initializer.text === param) {
      max = Math.max(max, node.name.elements.length - 1);
    }
    t.forEachChild(node, visit);
  };
  if ('body' in fn && fn.body) visit(fn.body as TS.Node);
  return max >= 0 ? max + 1 : null;
}

/**
 * An `@x0` tag for the plain-function objective `name`: added to its JSDoc (inline before `*∕`
 * in a one-line JSDoc, as its own line before the closing line otherwise), or a new
 * `/** @x0 [0, 0] *∕` above the statement. The entries are zeros, as many as the function's
 * `x[i]` reads say (one when they do not), and the snippet makes them a tab stop.
 */
export function planX0Tag(source: SourceAnalysis, name: string): X0TagPlan | null {
  const t = ts();
  const objective = source.objectives.find((o) => o.name === name);
  if (!objective || objective.form !== 'function') return null;
  const statement = objectiveStatement(source, objective.start);
  if (!statement) return null;
  const fn = objectiveFunction(statement);
  const known = fn ? dimensionOf(fn) : null;
  const dimension = known ?? 1;
  const values = Array.from({ length: dimension }, () => '0').join(', ');
  const tag = (snippet: boolean): string => (snippet ? `@x0 [\${1:${values}}]` : `@x0 [${values}]`);
  const { eol } = source.style;
  const text = source.text;
  const docs = t.getJSDocCommentsAndTags(statement).filter((d): d is TS.JSDoc => t.isJSDoc(d));
  const doc = docs[docs.length - 1];
  const make = (offset: number, before: string, after: string): Insertion => ({
    offset,
    text: before + tag(false) + after,
    snippet: escapeSnippet(before) + tag(true) + escapeSnippet(after),
  });
  let insertion: Insertion;
  if (doc) {
    const close = doc.getEnd() - 2;
    const comment = text.slice(doc.getStart(source.sf), doc.getEnd());
    if (!/\n/.test(comment)) {
      insertion = text[close - 1] === ' ' ? make(close, '', ' ') : make(close, ' ', ' ');
    } else {
      const lineStart = source.lineStart(close);
      const lead = text.slice(lineStart, close);
      const ws = /^[ \t]*/.exec(lead)![0];
      insertion = /^[ \t]*$/.test(lead) ? make(lineStart, `${ws}* `, eol) : make(close, `${eol}${ws}* `, `${eol}${ws}`);
    }
  } else {
    const start = statement.getStart(source.sf);
    const ws = text.slice(source.lineStart(start), start);
    insertion = make(start, '/** ', ` */${eol}${/^[ \t]*$/.test(ws) ? ws : ''}`);
  }
  return { objective: name, dimension, dimensionKnown: known !== null, insertion };
}
