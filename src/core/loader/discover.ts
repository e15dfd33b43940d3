/**
 * Find the objectives a TypeScript file exports without running it, from its syntax tree
 * (TypeScript's parser; no type checking, so it is fast and works on unsaved, broken-typed
 * text). Used for CodeLens, pickers, `lrlab list`'s lines and a plain function's `@x0` tag.
 *
 * An objective is an export (`export function`, `export const`, `export { name }` of a
 * top-level declaration, or `export default`) that is either
 *  - a plain function: a function declaration, arrow function or function expression whose
 *    only required parameter is the first, annotated as a number array (`number[]`,
 *    `readonly number[]`, `ReadonlyArray<number>`, `Array<number>`, `Float64Array`,
 *    `ArrayLike<number>`), and whose return annotation is `number` or absent; or
 *  - an object literal with an `f` property (the object form).
 * `export default …` is an objective named `default` (that is the name to run it by).
 * `as` / `satisfies` / parentheses around the initializer are looked through. Re-exports
 * from other modules (`export … from`) are not followed.
 */
import type * as TS from 'typescript';
import type { ObjectiveForm } from '../objective';
import { parseX0Tag } from './x0Tag';

export interface DiscoveredObjective {
  /** Export name (`default` for a default export). */
  readonly name: string;
  readonly form: ObjectiveForm;
  /** 1-based line of the export (its `export` keyword, or the declaration it exports). */
  readonly line: number;
  /** 1-based column of the same position. */
  readonly column: number;
  /** Offsets of the exported statement or declaration in the source (JSDoc excluded). */
  readonly start: number;
  readonly end: number;
  /** Starting point: a function's `@x0` tag, or the object's literal `x0` array; null when not known statically. */
  readonly x0: number[] | null;
  /** Why an `@x0` tag that is there could not be read; null otherwise. */
  readonly x0Problem: string | null;
  /** The object has a `grad` property (always false for plain functions). */
  readonly hasGrad: boolean;
  /** The object has a `data` property (mini-batch form). */
  readonly hasData: boolean;
  readonly hasMetrics: boolean;
}

let typescript: typeof TS | undefined;

/** TypeScript's compiler API, loaded on first use (it is large; runs that do not need it never load it). */
function ts(): typeof TS {
  typescript ??= require('typescript') as typeof TS;
  return typescript;
}

/** The objectives `source` (the text of `fileName`) exports, in source order. */
export function discoverObjectives(source: string, fileName: string): DiscoveredObjective[] {
  const t = ts();
  const kind = /\.[cm]?tsx$/i.test(fileName) ? t.ScriptKind.TSX : /\.[cm]?jsx?$/i.test(fileName) ? t.ScriptKind.JS : t.ScriptKind.TS;
  const sf = t.createSourceFile(fileName, source, t.ScriptTarget.Latest, true, kind);
  const found: DiscoveredObjective[] = [];
  const locals = new Map<string, TS.FunctionDeclaration | TS.VariableDeclaration>();

  for (const statement of sf.statements) {
    if (t.isFunctionDeclaration(statement)) {
      if (statement.name) locals.set(statement.name.text, statement);
      if (!isExported(statement) || !statement.body) continue;
      const name = hasModifier(statement, t.SyntaxKind.DefaultKeyword) ? 'default' : statement.name?.text;
      if (name !== undefined && isPlainObjective(statement)) found.push(plainFunction(name, statement, statement, sf));
    } else if (t.isVariableStatement(statement)) {
      const exported = isExported(statement) && !hasModifier(statement, t.SyntaxKind.DeclareKeyword);
      for (const declaration of statement.declarationList.declarations) {
        if (!t.isIdentifier(declaration.name)) continue;
        locals.set(declaration.name.text, declaration);
        if (exported) {
          const objective = fromVariable(declaration.name.text, declaration, statement, sf);
          if (objective) found.push(objective);
        }
      }
    } else if (t.isExportAssignment(statement) && !statement.isExportEquals) {
      const objective = fromExpression('default', statement.expression, statement, statement, sf);
      if (objective) found.push(objective);
    }
  }

  // `export { sphere, rosenbrock as banana }` of top-level declarations.
  for (const statement of sf.statements) {
    if (!t.isExportDeclaration(statement) || statement.moduleSpecifier || statement.isTypeOnly || !statement.exportClause || !t.isNamedExports(statement.exportClause)) continue;
    for (const specifier of statement.exportClause.elements) {
      if (specifier.isTypeOnly) continue;
      const local = (specifier.propertyName ?? specifier.name).getText(sf);
      const exportedName = specifier.name.getText(sf);
      const declaration = locals.get(local);
      if (!declaration || found.some((o) => o.name === exportedName)) continue;
      if (t.isFunctionDeclaration(declaration)) {
        if (declaration.body && isPlainObjective(declaration)) found.push(plainFunction(exportedName, declaration, declaration, sf));
      } else {
        const objective = fromVariable(exportedName, declaration, declaration.parent.parent as TS.VariableStatement, sf);
        if (objective) found.push(objective);
      }
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function hasModifier(node: TS.Node, kind: TS.SyntaxKind): boolean {
  const t = ts();
  return t.canHaveModifiers(node) && (t.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

function isExported(node: TS.Node): boolean {
  return hasModifier(node, ts().SyntaxKind.ExportKeyword);
}

function fromVariable(name: string, declaration: TS.VariableDeclaration, statement: TS.VariableStatement, sf: TS.SourceFile): DiscoveredObjective | null {
  const t = ts();
  if (!declaration.initializer || !(statement.declarationList.flags & t.NodeFlags.Const)) return null;
  return fromExpression(name, declaration.initializer, statement, declaration, sf);
}

/** An objective from an exported expression; `docHost` carries the JSDoc. */
function fromExpression(name: string, expression: TS.Expression, statement: TS.Node, docHost: TS.Node, sf: TS.SourceFile): DiscoveredObjective | null {
  const t = ts();
  const value = unwrap(expression);
  if ((t.isArrowFunction(value) || t.isFunctionExpression(value)) && isPlainObjective(value)) return plainFunction(name, value, statement, sf, docHost);
  if (t.isObjectLiteralExpression(value)) {
    const props = new Map<string, TS.ObjectLiteralElementLike>();
    for (const p of value.properties) {
      const key = propertyName(p, sf);
      if (key !== null) props.set(key, p);
    }
    if (!props.has('f')) return null;
    const x0 = props.get('x0');
    return {
      ...position(name, statement, sf),
      form: 'object',
      x0: x0 && t.isPropertyAssignment(x0) ? numberArrayLiteral(x0.initializer) : null,
      x0Problem: null,
      hasGrad: props.has('grad'),
      hasData: props.has('data'),
      hasMetrics: props.has('metrics'),
    };
  }
  return null;
}

function unwrap(expression: TS.Expression): TS.Expression {
  const t = ts();
  let e = expression;
  while (t.isParenthesizedExpression(e) || t.isAsExpression(e) || t.isSatisfiesExpression(e) || t.isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

function propertyName(p: TS.ObjectLiteralElementLike, sf: TS.SourceFile): string | null {
  const t = ts();
  if (t.isSpreadAssignment(p) || !p.name) return null;
  if (t.isIdentifier(p.name) || t.isStringLiteral(p.name) || t.isNumericLiteral(p.name)) return p.name.text;
  if (t.isComputedPropertyName(p.name) && t.isStringLiteralLike(p.name.expression)) return p.name.expression.text;
  return p.name.getText(sf);
}

/** `[1, -2, 3.5]` → numbers; anything that is not a literal array of number literals → null. */
function numberArrayLiteral(expression: TS.Expression): number[] | null {
  const t = ts();
  const e = unwrap(expression);
  if (!t.isArrayLiteralExpression(e) || e.elements.length === 0) return null;
  const out: number[] = [];
  for (const element of e.elements) {
    let sign = 1;
    let item: TS.Expression = unwrap(element);
    if (t.isPrefixUnaryExpression(item) && (item.operator === t.SyntaxKind.MinusToken || item.operator === t.SyntaxKind.PlusToken)) {
      if (item.operator === t.SyntaxKind.MinusToken) sign = -1;
      item = item.operand;
    }
    if (!t.isNumericLiteral(item)) return null;
    out.push(sign * Number(item.text));
  }
  return out;
}

type FunctionLike = TS.FunctionDeclaration | TS.ArrowFunction | TS.FunctionExpression;

/** One required parameter, first, typed as a number array; return type number or absent. */
function isPlainObjective(fn: FunctionLike): boolean {
  const t = ts();
  const params = fn.parameters;
  if (params.length === 0) return false;
  const [first, ...rest] = params;
  if (first!.questionToken || first!.initializer || first!.dotDotDotToken || !first!.type || !isNumberArrayType(first!.type)) return false;
  if (rest.some((p) => !p.questionToken && !p.initializer && !p.dotDotDotToken)) return false;
  return !fn.type || fn.type.kind === t.SyntaxKind.NumberKeyword;
}

function isNumberArrayType(type: TS.TypeNode): boolean {
  const t = ts();
  if (t.isParenthesizedTypeNode(type)) return isNumberArrayType(type.type);
  if (t.isTypeOperatorNode(type) && type.operator === t.SyntaxKind.ReadonlyKeyword) return isNumberArrayType(type.type);
  if (t.isArrayTypeNode(type)) return type.elementType.kind === t.SyntaxKind.NumberKeyword;
  if (t.isTypeReferenceNode(type) && t.isIdentifier(type.typeName)) {
    const name = type.typeName.text;
    const args = type.typeArguments ?? [];
    if (name === 'Float64Array') return args.length === 0;
    if (name === 'Array' || name === 'ReadonlyArray' || name === 'ArrayLike') return args.length === 1 && args[0]!.kind === t.SyntaxKind.NumberKeyword;
  }
  return false;
}

function plainFunction(name: string, fn: FunctionLike, statement: TS.Node, sf: TS.SourceFile, docHost: TS.Node = fn): DiscoveredObjective {
  const tag = x0TagText(fn, docHost, statement);
  const parsed = tag === null ? null : parseX0Tag(tag, name);
  return {
    ...position(name, statement, sf),
    form: 'function',
    x0: parsed?.x0 ?? null,
    x0Problem: parsed?.problem ?? null,
    hasGrad: false,
    hasData: false,
    hasMetrics: false,
  };
}

/** The text of the first `@x0` tag on the function, its declaration or its statement. */
function x0TagText(...nodes: TS.Node[]): string | null {
  const t = ts();
  for (const node of nodes) {
    for (const tag of t.getJSDocTags(node)) {
      if (tag.tagName.text === 'x0') return t.getTextOfJSDocComment(tag.comment) ?? '';
    }
  }
  return null;
}

function position(name: string, node: TS.Node, sf: TS.SourceFile): Pick<DiscoveredObjective, 'name' | 'line' | 'column' | 'start' | 'end'> {
  const start = node.getStart(sf);
  const { line, character } = sf.getLineAndCharacterOfPosition(start);
  return { name, line: line + 1, column: character + 1, start, end: node.getEnd() };
}

export interface X0Tag {
  readonly x0: number[] | null;
  readonly problem: string | null;
  /** 1-based line of the export. */
  readonly line: number;
}

/**
 * The `@x0` tag of the exported function `name` (whatever its parameter types), with the
 * export's line; null when there is no such export. x0 and problem are null when the
 * export has no tag.
 */
export function readX0Tag(source: string, fileName: string, name: string): X0Tag | null {
  const discovered = discoverObjectives(source, fileName).find((o) => o.name === name);
  if (discovered) return { x0: discovered.x0, problem: discovered.x0Problem, line: discovered.line };
  const t = ts();
  const sf = t.createSourceFile(fileName, source, t.ScriptTarget.Latest, true);
  for (const statement of sf.statements) {
    let nodes: TS.Node[] | null = null;
    if (t.isFunctionDeclaration(statement) && isExported(statement)) {
      const exportedAs = hasModifier(statement, t.SyntaxKind.DefaultKeyword) ? 'default' : statement.name?.text;
      if (exportedAs === name) nodes = [statement];
    } else if (t.isVariableStatement(statement) && isExported(statement)) {
      const declaration = statement.declarationList.declarations.find((d) => t.isIdentifier(d.name) && d.name.text === name);
      if (declaration) nodes = [...(declaration.initializer ? [unwrap(declaration.initializer)] : []), declaration, statement];
    } else if (t.isExportAssignment(statement) && name === 'default') {
      nodes = [unwrap(statement.expression), statement];
    }
    if (nodes === null) continue;
    const text = x0TagText(...nodes);
    const parsed = text === null ? null : parseX0Tag(text, name);
    return { x0: parsed?.x0 ?? null, problem: parsed?.problem ?? null, line: position(name, statement, sf).line };
  }
  return null;
}
