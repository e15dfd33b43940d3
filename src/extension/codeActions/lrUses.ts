/**
 * A learning rate read inside a loop: the `lr` in `x -= lr * g` when `const lr = 0.1` (a site,
 * lrSites.ts) is declared before the loop. Such a use can become `learningRate(epoch)`, a
 * schedule of the loop's counter, while the declaration stays the base lr.
 *
 * The loop is the innermost one around the use (in its own function, the use in its body, the
 * declaration outside it) that has a counter:
 *  - `for (let i = START; i < BOUND; i++)` (scopes.ts `countedLoop`);
 *  - `for (const [i, x] of xs.entries())`, `for (const i of Array(N).keys())` (counting from 0);
 *  - `while (i < BOUND) { …; i++; }` / `do { …; i++; } while (i < BOUND)` with `let i = START`
 *    declared before it and one `i++` (or `i += 1`) among the body's statements and no other
 *    change of `i`; a use after that increment reads one more, so its step is `i - (START + 1)`.
 * Names that shadow the declaration (a parameter, a loop variable, an inner declaration) and
 * declarations that change (`let lr` assigned somewhere) leave the use alone.
 */
import type * as TS from 'typescript';
import type { LrSite, TextRange } from './lrSites';
import { assigns, constNumber, isIncrementByOne, isLoop, isScopeBoundary, namesDeclaredBefore, nearestDeclaration, skipParens, type CountedLoop, countedLoop } from './scopes';
import type { SourceAnalysis } from './source';
import { ts } from './typescript';

export interface LrUse {
  /** The identifier as read (`lr`), and where. */
  readonly name: string;
  readonly range: TextRange & { readonly text: string };
  /** The declaration's site (`const lr = 0.1`): its value is the schedule's base lr. */
  readonly declaration: LrSite;
  /** The loop whose counter is the step, and where the loop starts (uses in one loop share it). */
  readonly loop: CountedLoop;
  readonly loopStart: number;
  readonly lossVariable: string | null;
  readonly gradNormVariable: string | null;
}

const LOSS_NAMES = new Set(['loss']);
const GRAD_NORM_NAMES = new Set(['gradnorm', 'gradientnorm', 'gnorm']);

/** The identifier whose text holds `offset` (either end counts). */
function identifierAt(sf: TS.SourceFile, offset: number): TS.Identifier | null {
  const t = ts();
  let found: TS.Identifier | null = null;
  const visit = (node: TS.Node): void => {
    if (found || offset < node.getStart(sf) || offset > node.getEnd()) return;
    if (t.isIdentifier(node)) found = node;
    else t.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Whether `node` is a plain read of a variable (not a name being declared, a member, an assignment target or `{ lr }` shorthand). */
function isRead(node: TS.Identifier): boolean {
  const t = ts();
  const p = node.parent;
  if ((t.isPropertyAccessExpression(p) || t.isQualifiedName(p)) && (t.isPropertyAccessExpression(p) ? p.name : p.right) === node) return false;
  if ((t.isVariableDeclaration(p) || t.isParameter(p) || t.isBindingElement(p) || t.isFunctionDeclaration(p) || t.isClassDeclaration(p) || t.isPropertyAssignment(p) || t.isPropertyDeclaration(p) || t.isMethodDeclaration(p)) && p.name === node) return false;
  if (t.isShorthandPropertyAssignment(p) || t.isTypeReferenceNode(p) || t.isImportSpecifier(p) || t.isExportSpecifier(p) || t.isJsxAttribute(p)) return false;
  if (t.isBinaryExpression(p) && p.left === node && p.operatorToken.kind >= t.SyntaxKind.FirstAssignment && p.operatorToken.kind <= t.SyntaxKind.LastAssignment) return false;
  if ((t.isPrefixUnaryExpression(p) || t.isPostfixUnaryExpression(p)) && (p.operator === t.SyntaxKind.PlusPlusToken || p.operator === t.SyntaxKind.MinusMinusToken)) return false;
  return true;
}

/** N of `Array(N)`, `new Array(N)`, `Array.from({ length: N })` (a number or a `const` with one), else null. */
function arrayLength(e: TS.Expression): number | null {
  const t = ts();
  e = skipParens(e);
  let n: TS.Expression | undefined;
  if ((t.isCallExpression(e) || t.isNewExpression(e)) && t.isIdentifier(e.expression) && e.expression.text === 'Array' && e.arguments?.length === 1) n = e.arguments[0];
  else if (t.isCallExpression(e) && t.isPropertyAccessExpression(e.expression) && e.expression.getText() === 'Array.from' && e.arguments[0] && t.isObjectLiteralExpression(e.arguments[0])) {
    const length = e.arguments[0].properties.find((p) => p.name && t.isIdentifier(p.name) && p.name.text === 'length');
    if (length && t.isPropertyAssignment(length)) n = length.initializer;
  }
  if (!n) return null;
  n = skipParens(n);
  const value = t.isNumericLiteral(n) ? Number(n.text) : t.isIdentifier(n) ? constNumber(n.text, e) : null;
  return value !== null && Number.isInteger(value) && value > 0 ? value : null;
}

/** `for (const [i, x] of xs.entries())` / `for (const i of xs.keys())`: `i` counts from 0. */
function forOfCounter(loop: TS.ForOfStatement): CountedLoop | null {
  const t = ts();
  const init = loop.initializer;
  if (!t.isVariableDeclarationList(init) || init.declarations.length !== 1) return null;
  const binding = init.declarations[0]!.name;
  const iterable = skipParens(loop.expression);
  if (!t.isCallExpression(iterable) || !t.isPropertyAccessExpression(iterable.expression) || iterable.arguments.length !== 0) return null;
  const method = iterable.expression.name.text;
  let counter: string | null = null;
  if (method === 'entries' && t.isArrayBindingPattern(binding)) {
    const first = binding.elements[0];
    if (first && t.isBindingElement(first) && t.isIdentifier(first.name) && !first.dotDotDotToken) counter = first.name.text;
  } else if (method === 'keys' && t.isIdentifier(binding)) {
    counter = binding.text;
  }
  if (counter === null || assigns(loop.statement, counter)) return null;
  return { counter, startText: '0', start: 0, iterations: arrayLength(iterable.expression.expression) };
}

/** How many expressions in `body` change `name` (`name = …`, `name += …`, `name++`, `--name`). */
function changeCount(body: TS.Node, name: string): number {
  const t = ts();
  let count = 0;
  const visit = (node: TS.Node): void => {
    const changes =
      (t.isBinaryExpression(node) && node.operatorToken.kind >= t.SyntaxKind.FirstAssignment && node.operatorToken.kind <= t.SyntaxKind.LastAssignment && t.isIdentifier(skipParens(node.left)) && (skipParens(node.left) as TS.Identifier).text === name) ||
      ((t.isPostfixUnaryExpression(node) || t.isPrefixUnaryExpression(node)) && (node.operator === t.SyntaxKind.PlusPlusToken || node.operator === t.SyntaxKind.MinusMinusToken) && t.isIdentifier(skipParens(node.operand)) && (skipParens(node.operand) as TS.Identifier).text === name);
    if (changes) count++;
    t.forEachChild(node, visit);
  };
  visit(body);
  return count;
}

/** `let i = START` (a whole number ≥ 0) declared before `loop` in an enclosing block, or null. */
function letStart(name: string, loop: TS.Node): number | null {
  const t = ts();
  for (let parent: TS.Node | undefined = loop.parent; parent; parent = isScopeBoundary(parent) ? undefined : parent.parent) {
    if (!t.isBlock(parent) && !t.isSourceFile(parent)) continue;
    for (const statement of parent.statements) {
      if (statement.pos >= loop.pos) break;
      if (!t.isVariableStatement(statement)) continue;
      const d = statement.declarationList.declarations.find((x) => t.isIdentifier(x.name) && x.name.text === name);
      if (!d) continue;
      const init = d.initializer && skipParens(d.initializer);
      const value = init && t.isNumericLiteral(init) ? Number(init.text) : null;
      return value !== null && Number.isInteger(value) && value >= 0 && !(statement.declarationList.flags & t.NodeFlags.Const) ? value : null;
    }
  }
  return null;
}

/** A `while` / `do` loop counted by `let i = START; … i++` (see the file's comment), as read at `use`. */
function whileCounter(loop: TS.WhileStatement | TS.DoStatement, use: TS.Node): CountedLoop | null {
  const t = ts();
  const condition = skipParens(loop.expression);
  if (!t.isBinaryExpression(condition) || !t.isBlock(loop.statement)) return null;
  const op = condition.operatorToken.kind;
  const [left, right] = [skipParens(condition.left), skipParens(condition.right)];
  let counter: string;
  let bound: TS.Expression;
  let inclusive: boolean;
  if (t.isIdentifier(left) && (op === t.SyntaxKind.LessThanToken || op === t.SyntaxKind.LessThanEqualsToken)) [counter, bound, inclusive] = [left.text, right, op === t.SyntaxKind.LessThanEqualsToken];
  else if (t.isIdentifier(right) && (op === t.SyntaxKind.GreaterThanToken || op === t.SyntaxKind.GreaterThanEqualsToken)) [counter, bound, inclusive] = [right.text, left, op === t.SyntaxKind.GreaterThanEqualsToken];
  else return null;
  const start = letStart(counter, loop);
  if (start === null) return null;
  const increments = loop.statement.statements.filter((s) => t.isExpressionStatement(s) && isIncrementByOne(skipParens(s.expression), counter));
  if (increments.length !== 1 || changeCount(loop.statement, counter) !== 1) return null;
  const boundValue = t.isNumericLiteral(bound) ? Number(bound.text) : t.isIdentifier(bound) ? constNumber(bound.text, loop) : null;
  const iterations = boundValue === null ? null : boundValue - start + (inclusive ? 1 : 0);
  const after = use.getStart() >= increments[0]!.getEnd() ? 1 : 0;
  return { counter, startText: String(start + after), start: start + after, iterations: iterations !== null && Number.isInteger(iterations) && iterations > 0 ? iterations : null };
}

/** The innermost loop around `use` (in its function, `use` in its body, `declaration` outside it) that has a counter, and the loop's node. */
function counterLoopOf(use: TS.Node, declaration: TS.Node): { counted: CountedLoop; node: TS.IterationStatement } | null {
  const t = ts();
  for (let child: TS.Node = use, parent = use.parent; parent && !isScopeBoundary(parent); child = parent, parent = parent.parent) {
    if (!isLoop(parent) || child !== parent.statement) continue;
    if (declaration.pos >= parent.pos && declaration.end <= parent.end) return null; // declared in the loop: the declaration's own actions apply
    let counted: CountedLoop | null = null;
    if (t.isForStatement(parent)) {
      const c = countedLoop(parent);
      counted = typeof c === 'string' ? null : c;
    } else if (t.isForOfStatement(parent)) {
      counted = forOfCounter(parent);
    } else if (t.isWhileStatement(parent) || t.isDoStatement(parent)) {
      counted = whileCounter(parent, use);
    }
    if (counted) return { counted, node: parent };
  }
  return null;
}

/** The learning-rate use at `offset` and the loop whose counter can drive it, or null. */
export function lrUseAt(source: SourceAnalysis, offset: number): LrUse | null {
  const t = ts();
  const node = identifierAt(source.sf, offset);
  if (!node || !isRead(node)) return null;
  const found = nearestDeclaration(node.text, node);
  if (!found) return null;
  const { declaration } = found;
  const start = declaration.name.getStart(source.sf);
  const site = source.scan.sites.find((s) => s.kind === 'variable' && s.span.start === start);
  if (!site || declaration.getEnd() > node.getStart(source.sf)) return null;
  const list = declaration.parent;
  if (!t.isVariableDeclarationList(list) || (!(list.flags & t.NodeFlags.Const) && assigns(found.scope, node.text))) return null;
  const loop = counterLoopOf(node, declaration);
  if (!loop) return null;
  const before = namesDeclaredBefore(node);
  const pick = (names: ReadonlySet<string>): string | null => before.find((n) => names.has(n.toLowerCase().replace(/_/g, ''))) ?? null;
  return {
    name: node.text,
    range: { start: node.getStart(source.sf), end: node.getEnd(), text: node.text },
    declaration: site,
    loop: loop.counted,
    loopStart: loop.node.getStart(source.sf),
    lossVariable: pick(LOSS_NAMES),
    gradNormVariable: pick(GRAD_NORM_NAMES),
  };
}

/**
 * The reads of the variable a `variable` site declares (`const lr = 0.1`) that a schedule of a
 * loop counter can replace: those in the first loop with a counter that uses it (every read in
 * that loop, each with the counter of its own innermost counted loop). Reads outside it (a log
 * of the base lr, a second loop) keep the constant. Empty when no read is in such a loop.
 */
export function loopUsesOf(source: SourceAnalysis, site: LrSite): LrUse[] {
  if (site.kind !== 'variable') return [];
  const t = ts();
  const uses: LrUse[] = [];
  const visit = (node: TS.Node): void => {
    if (t.isIdentifier(node) && node.text === site.name && node.getStart(source.sf) > site.span.end) {
      const use = lrUseAt(source, node.getStart(source.sf));
      if (use && use.declaration.span.start === site.span.start) uses.push(use);
    }
    t.forEachChild(node, visit);
  };
  visit(source.sf);
  const first = uses[0];
  return first ? uses.filter((u) => u.loopStart === first.loopStart) : [];
}

/** The site a schedule plan rewrites for `use`: the declaration's value and statement, the use's text and loop. */
export function siteOfUse(use: LrUse): LrSite {
  return { ...use.declaration, literal: use.range, loop: use.loop, noLoopReason: null, inLoop: true, lossVariable: use.lossVariable, gradNormVariable: use.gradNormVariable };
}
