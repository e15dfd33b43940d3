/**
 * What the syntax tree says around a node, without a type checker: the loops it runs in,
 * whether one of them is a plain counted `for` loop, and which names are declared before it
 * in the scopes that enclose it.
 */
import * as l10n from '@vscode/l10n';
import type * as TS from 'typescript';
import { ts } from './typescript';

/** A `for (let i = START; i < BOUND; i++)` loop a value can be rewritten to depend on. */
export interface CountedLoop {
  /** The counter's name (`i`, `step`, …). */
  readonly counter: string;
  /** START as written (`0`, `1`, `first`). */
  readonly startText: string;
  /** START's value when it is a number literal or a `const` with one; null otherwise. */
  readonly start: number | null;
  /** How many times the body runs (BOUND − START, +1 for `<=`) when both are known numbers; null otherwise. */
  readonly iterations: number | null;
}

/** The loops a node runs in (innermost first), up to the function it is in. */
export interface LoopContext {
  /** The innermost loop is a counted `for` and the node is in its body, with no other loop around it in the same function. */
  readonly counted: CountedLoop | null;
  /** Why there is no counted loop to use (null when there is one). */
  readonly reason: string | null;
  /** The node is in the body of at least one loop of its function. */
  readonly inLoop: boolean;
}

export function isScopeBoundary(node: TS.Node): boolean {
  const t = ts();
  return t.isFunctionLike(node) || t.isClassStaticBlockDeclaration(node) || t.isSourceFile(node);
}

export function isLoop(node: TS.Node): node is TS.IterationStatement {
  const t = ts();
  return t.isForStatement(node) || t.isForOfStatement(node) || t.isForInStatement(node) || t.isWhileStatement(node) || t.isDoStatement(node);
}

export function skipParens(e: TS.Expression): TS.Expression {
  const t = ts();
  while (t.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

function isIdentifierNamed(e: TS.Node, name: string): boolean {
  const t = ts();
  return t.isIdentifier(e) && e.text === name;
}

/** The loops around `node` in its own function, and the counted one when the case is clear. */
export function loopContext(node: TS.Node): LoopContext {
  const t = ts();
  const loops: TS.IterationStatement[] = [];
  let inHeader = false;
  for (let child: TS.Node = node, parent = node.parent; parent && !isScopeBoundary(parent); child = parent, parent = parent.parent) {
    if (!isLoop(parent)) continue;
    loops.push(parent);
    if (child !== parent.statement) inHeader = true;
  }
  const inLoop = loops.length > 0 && !inHeader;
  if (loops.length === 0) return { counted: null, reason: l10n.t('not in a loop'), inLoop: false };
  if (inHeader) return { counted: null, reason: l10n.t('in a loop header'), inLoop };
  if (loops.length > 1) return { counted: null, reason: l10n.t('in nested loops (which counter is the step?)'), inLoop };
  const loop = loops[0]!;
  if (!t.isForStatement(loop)) return { counted: null, reason: l10n.t('in a {0} loop, which has no step counter', t.isWhileStatement(loop) ? 'while' : t.isDoStatement(loop) ? 'do…while' : t.isForOfStatement(loop) ? 'for…of' : 'for…in'), inLoop };
  const counted = countedLoop(loop);
  return typeof counted === 'string' ? { counted: null, reason: counted, inLoop } : { counted, reason: null, inLoop };
}

/**
 * `loop` as a counted loop, or why it is not one: `for (let|var i = START; i < BOUND | i <= BOUND
 * | BOUND > i | BOUND >= i; i++ | ++i | i += 1 | i = i + 1)` with one counter, START a number
 * literal or a name, and a body that never assigns the counter.
 */
export function countedLoop(loop: TS.ForStatement): CountedLoop | string {
  const t = ts();
  const init = loop.initializer;
  if (!init || !t.isVariableDeclarationList(init)) return l10n.t('the for loop declares no counter');
  if (init.flags & t.NodeFlags.Const) return l10n.t('the for loop counter is const');
  if (init.declarations.length !== 1) return l10n.t('the for loop has more than one counter');
  const declaration = init.declarations[0]!;
  if (!t.isIdentifier(declaration.name) || !declaration.initializer) return l10n.t('the for loop counter has no start value');
  const counter = declaration.name.text;
  const startExpr = skipParens(declaration.initializer);
  let start: number | null;
  if (t.isNumericLiteral(startExpr)) {
    start = Number(startExpr.text);
    if (!Number.isInteger(start) || start < 0) return l10n.t('the for loop counter starts at {0}, not a whole number', startExpr.text);
  } else if (t.isIdentifier(startExpr)) {
    start = constNumber(startExpr.text, loop);
  } else {
    return l10n.t('the for loop counter starts at an expression');
  }

  const condition = loop.condition && skipParens(loop.condition);
  if (!condition || !t.isBinaryExpression(condition)) return l10n.t('the for loop has no `counter < bound` condition');
  const op = condition.operatorToken.kind;
  const left = skipParens(condition.left);
  const right = skipParens(condition.right);
  let bound: TS.Expression;
  let inclusive: boolean;
  if (isIdentifierNamed(left, counter) && (op === t.SyntaxKind.LessThanToken || op === t.SyntaxKind.LessThanEqualsToken)) {
    bound = right;
    inclusive = op === t.SyntaxKind.LessThanEqualsToken;
  } else if (isIdentifierNamed(right, counter) && (op === t.SyntaxKind.GreaterThanToken || op === t.SyntaxKind.GreaterThanEqualsToken)) {
    bound = left;
    inclusive = op === t.SyntaxKind.GreaterThanEqualsToken;
  } else {
    return l10n.t('the for loop condition is not `counter < bound`');
  }

  if (!loop.incrementor || !isIncrementByOne(skipParens(loop.incrementor), counter)) return l10n.t('the for loop does not count up by one');
  if (assigns(loop.statement, counter)) return l10n.t('the for loop body changes {0}', counter);

  let boundValue: number | null = null;
  if (t.isNumericLiteral(bound)) boundValue = Number(bound.text);
  else if (t.isIdentifier(bound)) boundValue = constNumber(bound.text, loop);
  const iterations = boundValue !== null && start !== null ? boundValue - start + (inclusive ? 1 : 0) : null;
  return {
    counter,
    startText: startExpr.getText(),
    start,
    iterations: iterations !== null && Number.isInteger(iterations) && iterations > 0 ? iterations : null,
  };
}

export function isIncrementByOne(e: TS.Expression, counter: string): boolean {
  const t = ts();
  if ((t.isPostfixUnaryExpression(e) || t.isPrefixUnaryExpression(e)) && e.operator === t.SyntaxKind.PlusPlusToken) return isIdentifierNamed(skipParens(e.operand), counter);
  if (!t.isBinaryExpression(e) || !isIdentifierNamed(skipParens(e.left), counter)) return false;
  const one = (x: TS.Expression): boolean => t.isNumericLiteral(x) && Number(x.text) === 1;
  if (e.operatorToken.kind === t.SyntaxKind.PlusEqualsToken) return one(skipParens(e.right));
  if (e.operatorToken.kind !== t.SyntaxKind.EqualsToken) return false;
  const sum = skipParens(e.right);
  if (!t.isBinaryExpression(sum) || sum.operatorToken.kind !== t.SyntaxKind.PlusToken) return false;
  const [a, b] = [skipParens(sum.left), skipParens(sum.right)];
  return (isIdentifierNamed(a, counter) && one(b)) || (one(a) && isIdentifierNamed(b, counter));
}

/** Whether `body` assigns `name` (`name = …`, `name += …`, `name++`, `--name`). */
export function assigns(body: TS.Node, name: string): boolean {
  const t = ts();
  let found = false;
  const visit = (node: TS.Node): void => {
    if (found) return;
    if (t.isBinaryExpression(node) && node.operatorToken.kind >= t.SyntaxKind.FirstAssignment && node.operatorToken.kind <= t.SyntaxKind.LastAssignment && isIdentifierNamed(skipParens(node.left), name)) found = true;
    else if ((t.isPostfixUnaryExpression(node) || t.isPrefixUnaryExpression(node)) && (node.operator === t.SyntaxKind.PlusPlusToken || node.operator === t.SyntaxKind.MinusMinusToken) && isIdentifierNamed(skipParens(node.operand), name)) found = true;
    else t.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/** Names a binding (`x`, `{ a, b: c }`, `[d, ...e]`) declares. */
function bindingNames(name: TS.BindingName, out: string[]): void {
  const t = ts();
  if (t.isIdentifier(name)) out.push(name.text);
  else for (const element of name.elements) if (!t.isOmittedExpression(element)) bindingNames(element.name, out);
}

/** Names a statement declares in its own scope (variables, functions, classes, enums). */
function statementNames(statement: TS.Statement, out: string[]): void {
  const t = ts();
  if (t.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) bindingNames(d.name, out);
  else if ((t.isFunctionDeclaration(statement) || t.isClassDeclaration(statement) || t.isEnumDeclaration(statement)) && statement.name) out.push(statement.name.text);
}

/**
 * Every name visible at `node` that is declared before it, innermost scope first: earlier
 * statements of each enclosing block, the enclosing functions' parameters, `for` / `for…of`
 * counters and `catch` variables. (Hoisted declarations after the node do not count: a value
 * read before its declaration is not the one the user means.)
 */
export function namesDeclaredBefore(node: TS.Node): string[] {
  const t = ts();
  const out: string[] = [];
  for (let child: TS.Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (t.isBlock(parent) || t.isSourceFile(parent) || t.isModuleBlock(parent) || t.isCaseClause(parent) || t.isDefaultClause(parent)) {
      for (const statement of parent.statements) {
        if (statement === child) break;
        statementNames(statement, out);
      }
    } else if (t.isFunctionLike(parent)) {
      for (const p of parent.parameters) if (p !== child) bindingNames(p.name, out);
    } else if ((t.isForStatement(parent) || t.isForOfStatement(parent) || t.isForInStatement(parent)) && parent.initializer && child !== parent.initializer && t.isVariableDeclarationList(parent.initializer)) {
      for (const d of parent.initializer.declarations) bindingNames(d.name, out);
    } else if (t.isCatchClause(parent) && parent.variableDeclaration && child === parent.block) {
      bindingNames(parent.variableDeclaration.name, out);
    }
  }
  return out;
}

/** Whether the binding (a name, or a destructuring pattern) declares `wanted`. */
function bindsName(name: TS.BindingName, wanted: string): boolean {
  const names: string[] = [];
  bindingNames(name, names);
  return names.includes(wanted);
}

/**
 * The `const` / `let` / `var` declaration `name` refers to at `from` (the nearest one in the
 * enclosing scopes), or null when the nearest thing the name means is anything else: a
 * parameter, a loop or catch variable, a function, class or enum, a destructured name.
 */
export function nearestDeclaration(name: string, from: TS.Node): { declaration: TS.VariableDeclaration; scope: TS.Node } | null {
  const t = ts();
  for (let child: TS.Node = from, parent = from.parent; parent; child = parent, parent = parent.parent) {
    if (t.isBlock(parent) || t.isSourceFile(parent) || t.isModuleBlock(parent) || t.isCaseClause(parent) || t.isDefaultClause(parent)) {
      for (const statement of parent.statements) {
        if (t.isVariableStatement(statement)) {
          for (const d of statement.declarationList.declarations) {
            if (t.isIdentifier(d.name) && d.name.text === name) return { declaration: d, scope: parent };
            if (bindsName(d.name, name)) return null;
          }
        } else if ((t.isFunctionDeclaration(statement) || t.isClassDeclaration(statement) || t.isEnumDeclaration(statement)) && statement.name?.text === name) {
          return null;
        }
      }
    } else if (t.isFunctionLike(parent)) {
      if (parent.parameters.some((p) => bindsName(p.name, name))) return null;
    } else if ((t.isForStatement(parent) || t.isForOfStatement(parent) || t.isForInStatement(parent)) && child !== parent.initializer && parent.initializer && t.isVariableDeclarationList(parent.initializer)) {
      if (parent.initializer.declarations.some((d) => bindsName(d.name, name))) return null;
    } else if (t.isCatchClause(parent) && parent.variableDeclaration && bindsName(parent.variableDeclaration.name, name)) {
      return null;
    }
  }
  return null;
}

/**
 * The value of `const name = <number literal>` as seen from `from` (the nearest declaration
 * of `name` in the enclosing scopes); null when the nearest one is anything else.
 */
export function constNumber(name: string, from: TS.Node): number | null {
  const t = ts();
  const found = nearestDeclaration(name, from);
  if (!found) return null;
  const init = found.declaration.initializer && skipParens(found.declaration.initializer);
  return found.declaration.parent.flags & t.NodeFlags.Const && init && t.isNumericLiteral(init) ? Number(init.text) : null;
}
