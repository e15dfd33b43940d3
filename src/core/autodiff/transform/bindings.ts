/**
 * A small binder for one file: which declaration each identifier refers to, who owns each
 * binding (the function whose call creates it, or the module), what is assigned to it and
 * whether a nested function sees it. The transform needs exactly this — to call same-file
 * functions directly, to keep provably plain numbers native, and to pin values stored where a
 * closure or a later call can read them — and TypeScript's checker would cost a full program
 * per file. Follows JavaScript's (strict, module) scoping: `var` to the function, `let`,
 * `const`, `class` and function declarations to the block, parameters and `catch` bindings
 * to their function and clause; type positions are skipped.
 */
import type * as TS from 'typescript';

export type BindingKind = 'var' | 'let' | 'const' | 'param' | 'function' | 'class' | 'import' | 'catch' | 'enum' | 'namespace' | 'forOf' | 'forIn';

/** What a write assigns: an expression, or something the binder cannot see (a pattern, a loop element). */
export type Write = { readonly kind: 'expression'; readonly expression: TS.Expression } | { readonly kind: 'compound'; readonly operator: TS.SyntaxKind; readonly expression: TS.Expression } | { readonly kind: 'step' } | { readonly kind: 'unknown' };

export interface Binding {
  readonly name: string;
  readonly kind: BindingKind;
  /** The function-like node whose invocation creates the binding, or the source file. */
  readonly owner: TS.Node;
  readonly declaration: TS.Node;
  /** The initializer and every later assignment, in source order. */
  readonly writes: Write[];
  /** Assigned after its declaration. */
  reassigned: boolean;
  /** Read or written from a function other than its owner. */
  captured: boolean;
}

export interface FileBindings {
  /** The binding an identifier (in a value position) refers to; undefined: a global. */
  resolve(id: TS.Identifier): Binding | undefined;
  /** Every binding of the file. */
  readonly all: readonly Binding[];
}

interface Scope {
  readonly parent: Scope | null;
  /** The function-like node or source file that owns bindings made in this scope. */
  readonly owner: TS.Node;
  readonly names: Map<string, Binding>;
}

export function bindFile(ts: typeof TS, file: TS.SourceFile): FileBindings {
  const resolved = new Map<TS.Identifier, Binding>();
  const all: Binding[] = [];
  const isFunctionLike = (n: TS.Node): n is TS.SignatureDeclaration =>
    ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n) || ts.isConstructorDeclaration(n) || ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n);

  function declare(scope: Scope, name: string, kind: BindingKind, declaration: TS.Node, owner: TS.Node = scope.owner): Binding {
    const existing = scope.names.get(name);
    if (existing !== undefined) return existing;
    const binding: Binding = { name, kind, owner, declaration, writes: [], reassigned: false, captured: false };
    scope.names.set(name, binding);
    all.push(binding);
    return binding;
  }

  /** Names bound by a binding pattern or identifier. */
  function patternNames(name: TS.BindingName, out: TS.Identifier[] = []): TS.Identifier[] {
    if (ts.isIdentifier(name)) out.push(name);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) patternNames(element.name, out);
    return out;
  }

  /** `var` declarations and function declarations hoisted into `scope` from `statements` (not into nested functions). */
  function hoistVars(node: TS.Node, scope: Scope): void {
    const visit = (n: TS.Node): void => {
      if (isFunctionLike(n) || ts.isClassLike(n)) return;
      if (ts.isVariableDeclarationList(n) && !(n.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) {
        for (const d of n.declarations) for (const id of patternNames(d.name)) declare(scope, id.text, 'var', d);
      }
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(node, visit);
  }

  /** let, const, class and function declarations directly in a block's statements. */
  function declareLexical(statements: readonly TS.Statement[], scope: Scope): void {
    for (const s of statements) {
      if (ts.isVariableStatement(s) && s.declarationList.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) {
        const kind: BindingKind = s.declarationList.flags & ts.NodeFlags.Const ? 'const' : 'let';
        for (const d of s.declarationList.declarations) for (const id of patternNames(d.name)) declare(scope, id.text, kind, d);
      } else if (ts.isFunctionDeclaration(s) && s.name) {
        declare(scope, s.name.text, 'function', s);
      } else if (ts.isClassDeclaration(s) && s.name) {
        declare(scope, s.name.text, 'class', s);
      } else if (ts.isEnumDeclaration(s)) {
        declare(scope, s.name.text, 'enum', s);
      } else if (ts.isModuleDeclaration(s) && ts.isIdentifier(s.name)) {
        declare(scope, s.name.text, 'namespace', s);
      } else if (ts.isImportDeclaration(s) && s.importClause && !s.importClause.isTypeOnly) {
        const clause = s.importClause;
        if (clause.name) declare(scope, clause.name.text, 'import', clause);
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) declare(scope, bindings.name.text, 'import', bindings);
        if (bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) if (!e.isTypeOnly) declare(scope, e.name.text, 'import', e);
      } else if (ts.isImportEqualsDeclaration(s)) {
        declare(scope, s.name.text, 'import', s);
      }
    }
  }

  function lookup(scope: Scope | null, name: string): Binding | undefined {
    for (let s = scope; s !== null; s = s.parent) {
      const b = s.names.get(name);
      if (b !== undefined) return b;
    }
    return undefined;
  }

  /** A new scope; `owner` is the function (or module) whose invocation creates its bindings. */
  function newScope(parent: Scope | null, owner: TS.Node): Scope {
    return { parent, owner, names: new Map() };
  }

  /** Record a write to identifier `id` in `scope`, made from function `from`. */
  function write(id: TS.Identifier, scope: Scope, w: Write, from: TS.Node, isDeclaration: boolean): void {
    const b = lookup(scope, id.text);
    if (b === undefined) return;
    resolved.set(id, b);
    b.writes.push(w);
    if (!isDeclaration) b.reassigned = true;
    if (b.owner !== from) b.captured = true;
  }

  function reference(id: TS.Identifier, scope: Scope, from: TS.Node): void {
    const b = lookup(scope, id.text);
    if (b === undefined) return;
    resolved.set(id, b);
    if (b.owner !== from) b.captured = true;
  }

  /** Writes of an assignment target (identifier, or destructuring pattern of them). */
  function assignTargets(target: TS.Expression, scope: Scope, from: TS.Node, w: Write): void {
    const t = skipParens(target);
    if (ts.isIdentifier(t)) {
      write(t, scope, w, from, false);
    } else if (ts.isArrayLiteralExpression(t)) {
      for (const e of t.elements) {
        if (ts.isOmittedExpression(e)) continue;
        const inner = ts.isSpreadElement(e) ? e.expression : e;
        if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
          assignTargets(inner.left, scope, from, { kind: 'unknown' });
          walk(inner.right, scope, from);
        } else assignTargets(inner, scope, from, { kind: 'unknown' });
      }
    } else if (ts.isObjectLiteralExpression(t)) {
      for (const p of t.properties) {
        if (ts.isShorthandPropertyAssignment(p)) {
          write(p.name, scope, { kind: 'unknown' }, from, false);
          if (p.objectAssignmentInitializer) walk(p.objectAssignmentInitializer, scope, from);
        } else if (ts.isPropertyAssignment(p)) {
          if (ts.isComputedPropertyName(p.name)) walk(p.name.expression, scope, from);
          const value = p.initializer;
          if (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
            assignTargets(value.left, scope, from, { kind: 'unknown' });
            walk(value.right, scope, from);
          } else assignTargets(value, scope, from, { kind: 'unknown' });
        } else if (ts.isSpreadAssignment(p)) assignTargets(p.expression, scope, from, { kind: 'unknown' });
      }
    } else {
      walk(t, scope, from);
    }
  }

  function skipParens(e: TS.Expression): TS.Expression {
    let x = e;
    while (ts.isParenthesizedExpression(x) || ts.isAsExpression(x) || ts.isNonNullExpression(x) || ts.isSatisfiesExpression(x) || ts.isTypeAssertionExpression(x)) x = x.expression;
    return x;
  }

  /** Declare and write the names of a binding pattern (parameters, catch, loop variables). */
  function bindPattern(name: TS.BindingName, scope: Scope, kind: BindingKind, declaration: TS.Node, w: Write, from: TS.Node): void {
    if (ts.isIdentifier(name)) {
      const b = declare(scope, name.text, kind, declaration);
      resolved.set(name, b);
      b.writes.push(w);
      return;
    }
    for (const element of name.elements) {
      if (ts.isOmittedExpression(element)) continue;
      if (element.propertyName && ts.isComputedPropertyName(element.propertyName)) walk(element.propertyName.expression, scope, from);
      if (element.initializer) walk(element.initializer, scope, from);
      bindPattern(element.name, scope, kind, declaration, { kind: 'unknown' }, from);
    }
  }

  /** Resolve a variable declaration list already declared in `scope` (var hoisted or lexical). */
  function visitDeclarationList(list: TS.VariableDeclarationList, scope: Scope, from: TS.Node, loopWrite: Write | null): void {
    for (const d of list.declarations) {
      if (d.initializer) walk(d.initializer, scope, from);
      const w: Write = loopWrite ?? (d.initializer ? (ts.isIdentifier(d.name) ? { kind: 'expression', expression: d.initializer } : { kind: 'unknown' }) : { kind: 'expression', expression: ts.factory.createIdentifier('undefined') });
      recordPattern(d.name, scope, w, from);
    }
  }

  function recordPattern(name: TS.BindingName, scope: Scope, w: Write, from: TS.Node): void {
    if (ts.isIdentifier(name)) {
      write(name, scope, w, from, true);
      return;
    }
    for (const element of name.elements) {
      if (ts.isOmittedExpression(element)) continue;
      if (element.propertyName && ts.isComputedPropertyName(element.propertyName)) walk(element.propertyName.expression, scope, from);
      if (element.initializer) walk(element.initializer, scope, from);
      recordPattern(element.name, scope, { kind: 'unknown' }, from);
    }
  }

  function visitFunction(fn: TS.SignatureDeclaration, scope: Scope): void {
    // A named function expression sees its own name.
    let outer = scope;
    if (ts.isFunctionExpression(fn) && fn.name) {
      outer = newScope(scope, scope.owner);
      declare(outer, fn.name.text, 'function', fn);
    }
    const inner = newScope(outer, fn);
    for (const p of fn.parameters) {
      if (p.initializer) walk(p.initializer, inner, fn);
      if (ts.isIdentifier(p.name) && p.name.text === 'this') continue;
      bindPattern(p.name, inner, 'param', p, { kind: 'unknown' }, fn);
    }
    const body = (fn as TS.FunctionLikeDeclaration).body;
    if (!body) return;
    if (ts.isBlock(body)) {
      hoistVars(body, inner);
      declareLexical(body.statements, inner);
      for (const s of body.statements) walk(s, inner, fn);
    } else {
      walk(body, inner, fn);
    }
  }

  function visitBlock(statements: readonly TS.Statement[], scope: Scope, from: TS.Node): void {
    const blockScope = newScope(scope, scope.owner);
    declareLexical(statements, blockScope);
    for (const s of statements) walk(s, blockScope, from);
  }

  function walk(node: TS.Node, scope: Scope, from: TS.Node): void {
    if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
    if (ts.isIdentifier(node)) {
      reference(node, scope, from);
      return;
    }
    if (isFunctionLike(node)) {
      visitFunction(node, scope);
      return;
    }
    if (ts.isClassLike(node)) {
      let classScope = scope;
      if (ts.isClassExpression(node) && node.name) {
        classScope = newScope(scope, scope.owner);
        declare(classScope, node.name.text, 'class', node);
      }
      for (const clause of node.heritageClauses ?? []) for (const t of clause.types) walk(t.expression, classScope, from);
      for (const member of node.members) {
        if (member.name && ts.isComputedPropertyName(member.name)) walk(member.name.expression, classScope, from);
        if (isFunctionLike(member)) visitFunction(member, classScope);
        else if (ts.isPropertyDeclaration(member) && member.initializer) walk(member.initializer, newScope(classScope, member), member);
        else if (ts.isClassStaticBlockDeclaration(member)) visitBlock(member.body.statements, newScope(classScope, member), member);
      }
      return;
    }
    if (ts.isBlock(node) || ts.isModuleBlock(node)) {
      visitBlock(node.statements, scope, from);
      return;
    }
    if (ts.isCaseBlock(node)) {
      const blockScope = newScope(scope, scope.owner);
      for (const clause of node.clauses) declareLexical(clause.statements, blockScope);
      for (const clause of node.clauses) {
        if (ts.isCaseClause(clause)) walk(clause.expression, blockScope, from);
        for (const s of clause.statements) walk(s, blockScope, from);
      }
      return;
    }
    if (ts.isCatchClause(node)) {
      const catchScope = newScope(scope, scope.owner);
      if (node.variableDeclaration) bindPattern(node.variableDeclaration.name, catchScope, 'catch', node.variableDeclaration, { kind: 'unknown' }, from);
      visitBlock(node.block.statements, catchScope, from);
      return;
    }
    if (ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      const loopScope = newScope(scope, scope.owner);
      const init = node.initializer;
      const loopWrite: Write | null = ts.isForOfStatement(node) ? { kind: 'unknown' } : ts.isForInStatement(node) ? { kind: 'expression', expression: ts.factory.createStringLiteral('') } : null;
      if (!ts.isForStatement(node)) walk(node.expression, loopScope, from);
      if (init && ts.isVariableDeclarationList(init)) {
        if (init.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) {
          const kind: BindingKind = ts.isForOfStatement(node) ? 'forOf' : ts.isForInStatement(node) ? 'forIn' : init.flags & ts.NodeFlags.Const ? 'const' : 'let';
          for (const d of init.declarations) for (const id of patternNames(d.name)) declare(loopScope, id.text, kind, d);
        }
        visitDeclarationList(init, loopScope, from, loopWrite);
      } else if (init) {
        if (loopWrite) assignTargets(init as TS.Expression, loopScope, from, loopWrite);
        else walk(init, loopScope, from);
      }
      if (ts.isForStatement(node)) {
        if (node.condition) walk(node.condition, loopScope, from);
        if (node.incrementor) walk(node.incrementor, loopScope, from);
      }
      walk(node.statement, loopScope, from);
      return;
    }
    if (ts.isVariableStatement(node)) {
      visitDeclarationList(node.declarationList, scope, from, null);
      return;
    }
    if (ts.isVariableDeclarationList(node)) {
      visitDeclarationList(node, scope, from, null);
      return;
    }
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op === ts.SyntaxKind.EqualsToken) {
        walk(node.right, scope, from);
        const target = skipParens(node.left);
        assignTargets(node.left, scope, from, ts.isIdentifier(target) ? { kind: 'expression', expression: node.right } : { kind: 'unknown' });
        return;
      }
      if (op >= ts.SyntaxKind.FirstCompoundAssignment && op <= ts.SyntaxKind.LastCompoundAssignment) {
        walk(node.right, scope, from);
        const target = skipParens(node.left);
        if (ts.isIdentifier(target)) {
          reference(target, scope, from);
          write(target, scope, { kind: 'compound', operator: op, expression: node.right }, from, false);
        } else walk(node.left, scope, from);
        return;
      }
    }
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
      const target = skipParens(node.operand);
      if (ts.isIdentifier(target)) {
        reference(target, scope, from);
        write(target, scope, { kind: 'step' }, from, false);
      } else walk(node.operand, scope, from);
      return;
    }
    // Positions that hold names, not references.
    if (ts.isPropertyAccessExpression(node)) {
      walk(node.expression, scope, from);
      return;
    }
    if (ts.isPropertyAssignment(node)) {
      if (ts.isComputedPropertyName(node.name)) walk(node.name.expression, scope, from);
      walk(node.initializer, scope, from);
      return;
    }
    if (ts.isShorthandPropertyAssignment(node)) {
      reference(node.name, scope, from);
      if (node.objectAssignmentInitializer) walk(node.objectAssignmentInitializer, scope, from);
      return;
    }
    if (ts.isLabeledStatement(node)) {
      walk(node.statement, scope, from);
      return;
    }
    if (ts.isBreakOrContinueStatement(node) || ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node) || ts.isMetaProperty(node)) return;
    if (ts.isFunctionDeclaration(node) || ts.isEnumDeclaration(node)) return;
    if (ts.isExportSpecifier(node)) {
      const local = node.propertyName ?? node.name;
      if (ts.isIdentifier(local) && !(node.parent.parent as TS.ExportDeclaration).moduleSpecifier) reference(local, scope, from);
      return;
    }
    if (ts.isJsxAttribute(node)) {
      if (node.initializer) walk(node.initializer, scope, from);
      return;
    }
    ts.forEachChild(node, (child) => walk(child, scope, from));
  }

  const moduleScope = newScope(null, file);
  hoistVars(file, moduleScope);
  declareLexical(file.statements, moduleScope);
  for (const s of file.statements) walk(s, moduleScope, file);

  return {
    resolve: (id) => resolved.get(id),
    all,
  };
}
