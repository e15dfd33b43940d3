/**
 * Learning-rate sites in a TypeScript file: number literals that give a learning rate its
 * value. Found on the syntax tree (TypeScript's parser only), so numbers in strings, template
 * literals, comments and JSX text are never candidates.
 *
 * A site is a positive number literal (`0.01`, `1e-3`; parentheses, `as` and `satisfies`
 * around it are looked through) that is
 *  - `variable`: the initializer of a variable, or a destructuring default (`const { lr = 0.01 } = options`);
 *  - `property`: the value of an object literal's property (`{ lr: 0.01 }`, `{ 'learning_rate': 0.01 }`);
 *  - `parameter`: a parameter's default (`function train(lr = 0.01)`, `({ lr = 0.01 }) => …`);
 *  - `assignment`: the right side of `=` (`lr = 0.01`, `options.lr = 0.01`, `config['lr'] = 0.01`);
 *  - `field`: a class field's initializer (`class Trainer { lr = 0.01 }`);
 * whose name is a learning rate's (see lrNames.ts: `lr`, `learningRate`, `learning_rate`,
 * `eta`, `alpha`, `stepSize`, `baseLr`, `LR`, `LEARNING_RATE`, …) and whose surroundings do not
 * say otherwise (lrNames.ts `whyNotLr`: colours, RMSprop's `alpha` next to its `lr`, StepLR's
 * `stepSize`, values ≤ 0 or > 10).
 */
import type * as TS from 'typescript';
import { classifyName, whyNotLr, type LrNameClass, type SiteContext } from './lrNames';
import { loopContext, namesDeclaredBefore, type CountedLoop } from './scopes';
import { ts } from './typescript';

export type LrSiteKind = 'variable' | 'property' | 'parameter' | 'assignment' | 'field';

/** Offsets into the file's text: `start` inclusive, `end` exclusive. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

export interface LrSite {
  /** The name as written (a property key's text for `'learning_rate': …`). */
  readonly name: string;
  readonly nameClass: LrNameClass;
  readonly value: number;
  readonly kind: LrSiteKind;
  /** The number literal and its text. */
  readonly literal: TextRange & { readonly text: string };
  /** From the name to the end of the literal (`lr = 0.01`, `lr: 0.01`): a cursor anywhere in it is on the site. */
  readonly span: TextRange;
  /** The top-level statement the site is in (where schedule code goes before), with its index in the file's statements. */
  readonly statement: TextRange & { readonly index: number };
  /** The counted `for` loop whose step the value can follow, when that is clear. */
  readonly loop: CountedLoop | null;
  /** Why there is no such loop (null when there is one). */
  readonly noLoopReason: string | null;
  /** The literal is in the body of a loop of its function. */
  readonly inLoop: boolean;
  /** A variable named `loss` declared before the site in an enclosing scope (its name), or null. */
  readonly lossVariable: string | null;
  /** A variable named `gradNorm` / `gradientNorm` / `gnorm` declared before the site in an enclosing scope, or null. */
  readonly gradNormVariable: string | null;
}

/** A literal with a learning-rate name that is not a learning rate, and why (for tests and logs). */
export interface RejectedSite {
  readonly name: string;
  readonly value: number;
  readonly literal: TextRange;
  readonly reason: string;
}

export interface LrSiteScan {
  readonly sites: readonly LrSite[];
  readonly rejected: readonly RejectedSite[];
  /** Every name the file declares or refers to, locals included (generated names must avoid them all); member names like `options.lr`'s `lr` are not among them. */
  readonly identifiers: ReadonlySet<string>;
}

const LOSS_NAMES = new Set(['loss']);
const GRAD_NORM_NAMES = new Set(['gradnorm', 'gradientnorm', 'gnorm']);
const MAX_NAME_TEXT = 80;

/** Sites and rejected candidates of a parsed file, in source order. */
export function scanLrSites(sf: TS.SourceFile): LrSiteScan {
  const t = ts();
  const sites: LrSite[] = [];
  const rejected: RejectedSite[] = [];
  const identifiers = new Set<string>();
  const visit = (node: TS.Node): void => {
    if (t.isIdentifier(node)) {
      if (!isMemberName(node)) identifiers.add(node.text);
    }
    else if (t.isNumericLiteral(node)) {
      const found = siteOf(node, sf);
      if (found && 'reason' in found) rejected.push(found);
      else if (found) sites.push(found);
    }
    t.forEachChild(node, visit);
  };
  visit(sf);
  return { sites, rejected, identifiers };
}

/**
 * Whether an identifier names a member, not a binding: `o.name`, `{ name: … }`, a class or
 * interface member, an enum member, a JSX attribute, `{ name: local }` in a destructuring,
 * `import { name as local }`. A top-level function with that name would not collide with it.
 */
function isMemberName(node: TS.Identifier): boolean {
  const t = ts();
  const p = node.parent;
  return (
    ((t.isPropertyAccessExpression(p) || t.isPropertyAssignment(p) || t.isPropertyDeclaration(p) || t.isPropertySignature(p) || t.isMethodDeclaration(p) || t.isMethodSignature(p) || t.isGetAccessor(p) || t.isSetAccessor(p) || t.isEnumMember(p) || t.isJsxAttribute(p)) &&
      p.name === node) ||
    ((t.isBindingElement(p) || t.isImportSpecifier(p)) && p.propertyName === node) ||
    (t.isQualifiedName(p) && p.right === node)
  );
}

/** The sites whose span meets the range [start, end] (a cursor touching either end counts). */
export function sitesInRange(sites: readonly LrSite[], start: number, end: number): LrSite[] {
  return sites.filter((s) => s.span.start <= end && start <= s.span.end);
}

/** What names the value, and its surroundings. */
interface Named {
  readonly kind: LrSiteKind;
  readonly name: string;
  /** The node the span starts at (the name, or an assignment's left side). */
  readonly from: TS.Node;
  readonly siblings: string[];
  /** Names at the site itself (a variable's type, an assignment target's object). */
  readonly own: string[];
}

function siteOf(literal: TS.NumericLiteral, sf: TS.SourceFile): LrSite | RejectedSite | null {
  const t = ts();
  let expr: TS.Node = literal;
  while (
    (t.isParenthesizedExpression(expr.parent) || t.isAsExpression(expr.parent) || t.isSatisfiesExpression(expr.parent) || t.isTypeAssertionExpression(expr.parent)) &&
    expr.parent.expression === expr
  ) {
    expr = expr.parent;
  }
  const named = nameOf(expr, sf);
  if (!named) return null;
  const nameClass = classifyName(named.name);
  if (!nameClass) return null;
  const value = Number(literal.text);
  const literalRange = { start: literal.getStart(sf), end: literal.getEnd() };
  const context: SiteContext = { siblings: named.siblings, enclosingNames: [...named.own, ...enclosingNames(named.from, sf)] };
  const reason = whyNotLr(named.name, nameClass, value, context);
  if (reason) return { name: named.name, value, literal: literalRange, reason };

  let statement: TS.Node = literal;
  while (!t.isSourceFile(statement.parent)) statement = statement.parent;
  const loops = loopContext(literal);
  const before = namesDeclaredBefore(literal);
  const pick = (names: ReadonlySet<string>): string | null => before.find((n) => names.has(n.toLowerCase().replace(/_/g, ''))) ?? null;
  return {
    name: named.name,
    nameClass,
    value,
    kind: named.kind,
    literal: { ...literalRange, text: literal.getText(sf) },
    span: { start: named.from.getStart(sf), end: literalRange.end },
    statement: { start: statement.getStart(sf), end: statement.getEnd(), index: sf.statements.indexOf(statement as TS.Statement) },
    loop: loops.counted,
    noLoopReason: loops.reason,
    inLoop: loops.inLoop,
    lossVariable: pick(LOSS_NAMES),
    gradNormVariable: pick(GRAD_NORM_NAMES),
  };
}

/** A property or binding name as text: identifiers, string literals, `['computed']` strings; null for anything else. */
export function propertyNameText(name: TS.PropertyName | TS.BindingName | undefined): string | null {
  const t = ts();
  if (!name) return null;
  if (t.isIdentifier(name) || t.isPrivateIdentifier(name) || t.isStringLiteral(name) || t.isNoSubstitutionTemplateLiteral(name)) return name.text.replace(/^#/, '');
  if (t.isComputedPropertyName(name) && t.isStringLiteralLike(name.expression)) return name.expression.text;
  return null;
}

function memberNames(members: readonly (TS.ObjectLiteralElementLike | TS.ClassElement | TS.BindingElement)[], except: TS.Node): string[] {
  const t = ts();
  const out: string[] = [];
  for (const m of members) {
    if (m === except) continue;
    const name = t.isBindingElement(m) ? propertyNameText(m.propertyName ?? m.name) : propertyNameText(m.name);
    if (name !== null) out.push(name);
  }
  return out;
}

function capped(text: string): string {
  return text.length > MAX_NAME_TEXT ? text.slice(0, MAX_NAME_TEXT) : text;
}

function nameOf(expr: TS.Node, sf: TS.SourceFile): Named | null {
  const t = ts();
  const p = expr.parent;
  if (t.isVariableDeclaration(p) && p.initializer === expr && t.isIdentifier(p.name)) {
    return { kind: 'variable', name: p.name.text, from: p.name, siblings: [], own: p.type ? [capped(p.type.getText(sf))] : [] };
  }
  if (t.isPropertyAssignment(p) && p.initializer === expr) {
    const name = propertyNameText(p.name);
    return name === null ? null : { kind: 'property', name, from: p.name, siblings: memberNames(p.parent.properties, p), own: [] };
  }
  if (t.isParameter(p) && p.initializer === expr && t.isIdentifier(p.name)) {
    return { kind: 'parameter', name: p.name.text, from: p.name, siblings: [], own: p.type ? [capped(p.type.getText(sf))] : [] };
  }
  if (t.isBindingElement(p) && p.initializer === expr && t.isIdentifier(p.name)) {
    let root: TS.Node = p.parent;
    while (t.isBindingElement(root) || t.isObjectBindingPattern(root) || t.isArrayBindingPattern(root)) root = root.parent;
    const siblings = t.isObjectBindingPattern(p.parent) ? memberNames(p.parent.elements, p) : [];
    return { kind: t.isParameter(root) ? 'parameter' : 'variable', name: p.name.text, from: p.name, siblings, own: [] };
  }
  if (t.isPropertyDeclaration(p) && p.initializer === expr) {
    const name = propertyNameText(p.name);
    return name === null ? null : { kind: 'field', name, from: p.name, siblings: memberNames(p.parent.members, p), own: p.type ? [capped(p.type.getText(sf))] : [] };
  }
  if (t.isBinaryExpression(p) && p.operatorToken.kind === t.SyntaxKind.EqualsToken && p.right === expr) {
    const left = p.left;
    if (t.isIdentifier(left)) return { kind: 'assignment', name: left.text, from: left, siblings: [], own: [] };
    if (t.isPropertyAccessExpression(left) && t.isIdentifier(left.name)) {
      return { kind: 'assignment', name: left.name.text, from: left, siblings: [], own: [capped(left.expression.getText(sf))] };
    }
    if (t.isElementAccessExpression(left) && t.isStringLiteralLike(left.argumentExpression)) {
      return { kind: 'assignment', name: left.argumentExpression.text, from: left, siblings: [], own: [capped(left.expression.getText(sf))] };
    }
  }
  return null;
}

/**
 * Names around `from`, innermost first: the variables, properties, parameters, class members,
 * functions and classes it is inside, their type annotations, the callees whose arguments it
 * is in, `as` / `satisfies` types, assignment targets and JSX attribute names.
 */
function enclosingNames(from: TS.Node, sf: TS.SourceFile): string[] {
  const t = ts();
  const out: string[] = [];
  const add = (node: TS.Node | undefined): void => {
    if (node) out.push(capped(node.getText(sf)));
  };
  for (let child: TS.Node = from, node = from.parent; node && !t.isSourceFile(node); child = node, node = node.parent) {
    if (t.isVariableDeclaration(node) || t.isParameter(node) || t.isPropertyDeclaration(node) || t.isPropertySignature(node)) {
      add(node.name);
      add(node.type);
    } else if (t.isPropertyAssignment(node) || t.isShorthandPropertyAssignment(node) || t.isJsxAttribute(node)) {
      add(node.name);
    } else if (t.isFunctionLike(node) || t.isClassLike(node)) {
      add(node.name);
      if (t.isFunctionLike(node)) add(node.type);
    } else if ((t.isCallExpression(node) || t.isNewExpression(node)) && child !== node.expression) {
      add(node.expression);
    } else if (t.isAsExpression(node) || t.isSatisfiesExpression(node) || t.isTypeAssertionExpression(node)) {
      add(node.type);
    } else if (t.isBinaryExpression(node) && node.operatorToken.kind === t.SyntaxKind.EqualsToken && child === node.right) {
      add(node.left);
    }
  }
  return out;
}
