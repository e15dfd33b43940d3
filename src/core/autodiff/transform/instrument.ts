/**
 * The recording body of a function: every operation on a value that may depend on the
 * parameters becomes a call to the runtime (`a * b` → `__lrad.mul(a, b)`, `z += a * b` →
 * `z = __lrad.fma(z, a, b)`, `if (x)` → `if (__lrad.t(x))`, `o[k]` → `__lrad.get(o, k)`,
 * calls the transform cannot resolve → `__lrad.call1(f, self, a)`), while expressions the
 * activity analysis proves passive stay plain JavaScript. Values stored where they may outlive
 * the call (properties, elements, variables a closure sees) are pinned. Evaluation order
 * and side effects are those of the original code (temporaries hold what is read twice).
 */
import type * as TS from 'typescript';
import type { Binding } from './bindings';
import { FunctionState, isSimple, runtimeCall, skipOuter, type TransformContext } from './context';
import { dotLoop } from './dotProduct';

/** How an expression's value is used. */
export const enum Mode {
  Value,
  /** Only its truth matters (if, while, for, ?:, !, && and || inside conditions). */
  Condition,
  /** Not used at all (an expression statement, a for-loop's update). */
  Discard,
}

/** What the instrumenter asks of the transform for code it does not instrument itself. */
export interface NestedCode {
  /** A function or class expression met inside the body, transformed and marked. */
  nested(node: TS.FunctionExpression | TS.ArrowFunction | TS.ClassExpression, depth: number): TS.Expression;
  /** An object literal: methods transformed and marked, values through `visitValue`. */
  object(node: TS.ObjectLiteralExpression, depth: number, visitValue: (e: TS.Expression) => TS.Expression, recording: boolean): TS.Expression;
  /** Statements of a block, function declarations hoisted and marked, each statement through `visit`. */
  block(statements: readonly TS.Statement[], visit: (s: TS.Statement) => TS.Statement | TS.Statement[], depth: number): TS.Statement[];
  /** A function or class declaration met inside a body (not in a block list). */
  declaration(node: TS.FunctionDeclaration | TS.ClassDeclaration, depth: number): TS.Statement[];
}

const MATH_TWO = new Set(['max', 'min']);
/** Math functions that may rewrite their argument's node in place (runtime/activation.ts). */
const ACTIVATIONS = new Set(['tanh', 'exp', 'log', 'sqrt']);
/** Math functions whose runtime always records a new node for a node argument (so their value is a temporary). */
const FRESH_MATH = new Set(['exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'sqrt', 'cbrt', 'sin', 'cos', 'tan', 'tanh', 'sinh', 'cosh', 'asin', 'acos', 'atan', 'asinh', 'acosh', 'atanh']);
const NUMBER_PREDICATES: Record<string, string> = { isFinite: 'isFinite', isNaN: 'isNaN', isInteger: 'isInteger', isSafeInteger: 'isSafeInteger' };
const GLOBAL_FUNCTIONS: Record<string, string> = { Number: 'toNumber', Boolean: 'toBoolean', isNaN: 'globalIsNaN', isFinite: 'globalIsFinite' };
const CONSTRUCTED_BY_RUNTIME = new Set(['Float64Array', 'Float32Array', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Array', 'Map', 'Set']);

export class Instrumenter {
  private readonly ts: typeof TS;
  private readonly f: TS.NodeFactory;
  private readonly K: typeof TS.SyntaxKind;
  /** Accumulations (`z += a * b` in a loop) and the temporary holding their loop's session. */
  private readonly accumulations = new Map<TS.Node, TS.Identifier>();
  /** Last uses of accumulation targets that may rewrite the sum's node (activationAfter), and the session. */
  private readonly activations = new Map<TS.Identifier, TS.Identifier>();
  /** Loops (and their labels) whose accumulations were looked for. */
  private readonly loopsSeen = new Set<TS.Node>();

  constructor(
    private readonly c: TransformContext,
    private readonly state: FunctionState,
    private readonly nested: NestedCode,
    private readonly mathFunctions: ReadonlySet<string>,
  ) {
    this.ts = c.ts;
    this.f = c.f;
    this.K = c.ts.SyntaxKind;
  }

  private rt(name: string, args: readonly TS.Expression[], at?: TS.Node): TS.CallExpression {
    return runtimeCall(this.c, name, args, at);
  }

  private passive(e: TS.Expression): boolean {
    return this.c.activity.passive(e);
  }

  private isGlobal(id: TS.Expression, name?: string): id is TS.Identifier {
    return this.ts.isIdentifier(id) && (name === undefined || id.text === name) && this.c.bindings.resolve(id) === undefined;
  }

  // ---------------------------------------------------------------------------------------
  // Statements

  statement = (s: TS.Statement): TS.Statement | TS.Statement[] => {
    const { ts, f } = this;
    if (!this.loopsSeen.has(s)) {
      const prelude = this.accumulationPrelude(s);
      if (prelude !== null) {
        const out = this.statement(s);
        return [prelude, ...(Array.isArray(out) ? out : [out])];
      }
    }
    if (ts.isExpressionStatement(s)) {
      const session = this.accumulations.get(s);
      if (session !== undefined) return f.updateExpressionStatement(s, this.accumulation(s.expression, session));
      return f.updateExpressionStatement(s, this.expression(s.expression, Mode.Discard));
    }
    if (ts.isVariableStatement(s)) return f.updateVariableStatement(s, s.modifiers, this.declarationList(s.declarationList));
    if (ts.isReturnStatement(s)) return f.updateReturnStatement(s, s.expression && this.value(s.expression));
    if (ts.isIfStatement(s)) return f.updateIfStatement(s, this.condition(s.expression), this.inner(s.thenStatement), s.elseStatement && this.inner(s.elseStatement));
    if (ts.isBlock(s)) return f.updateBlock(s, this.nested.block(s.statements, this.statement, this.state.depth));
    if (ts.isForStatement(s)) {
      const init = s.initializer === undefined ? undefined : ts.isVariableDeclarationList(s.initializer) ? this.declarationList(s.initializer) : this.expression(s.initializer, Mode.Discard);
      const loop = f.updateForStatement(s, init, s.condition && this.condition(s.condition), s.incrementor && this.expression(s.incrementor, Mode.Discard), this.inner(s.statement));
      return this.dotProduct(s, loop);
    }
    if (ts.isForOfStatement(s)) {
      const init = ts.isVariableDeclarationList(s.initializer) ? f.updateVariableDeclarationList(s.initializer, s.initializer.declarations.map((d) => f.updateVariableDeclaration(d, this.bindingPattern(d.name), d.exclamationToken, d.type, d.initializer))) : s.initializer;
      let body = this.inner(s.statement);
      const captured = this.capturedLoopNames(s.initializer);
      if (captured.length > 0) body = f.createBlock([...captured.map((id) => f.createExpressionStatement(this.rt('pin', [id]))), ...(ts.isBlock(body) ? body.statements : [body])], true);
      const iterable = this.rt('iter', [this.value(s.expression)], s.expression);
      return f.updateForOfStatement(s, s.awaitModifier, init, !ts.isVariableDeclarationList(s.initializer) && this.writesNatively(s.initializer, true) ? this.touched(iterable) : iterable, body);
    }
    if (ts.isForInStatement(s)) {
      const object = this.value(s.expression);
      return f.updateForInStatement(s, s.initializer, !ts.isVariableDeclarationList(s.initializer) && this.writesNatively(s.initializer, true) ? this.touched(object) : object, this.inner(s.statement));
    }
    if (ts.isWhileStatement(s)) return f.updateWhileStatement(s, this.condition(s.expression), this.inner(s.statement));
    if (ts.isDoStatement(s)) return f.updateDoStatement(s, this.inner(s.statement), this.condition(s.expression));
    if (ts.isSwitchStatement(s)) return this.switchStatement(s);
    if (ts.isThrowStatement(s)) return f.updateThrowStatement(s, this.value(s.expression));
    if (ts.isTryStatement(s)) {
      const block = (b: TS.Block): TS.Block => f.updateBlock(b, this.nested.block(b.statements, this.statement, this.state.depth));
      const clause = s.catchClause && f.updateCatchClause(s.catchClause, s.catchClause.variableDeclaration, block(s.catchClause.block));
      return f.updateTryStatement(s, block(s.tryBlock), clause, s.finallyBlock && block(s.finallyBlock));
    }
    if (ts.isLabeledStatement(s)) return f.updateLabeledStatement(s, s.label, this.inner(s.statement));
    if (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) return this.nested.declaration(s, this.state.depth + 1);
    return s;
  };

  // Accumulations --------------------------------------------------------------------------

  /**
   * For a loop (or a labeled loop) whose body accumulates `z += a * b`, `z -= a * b` or
   * `z = z ± a * b` into a variable z of this function that nothing else in the loop reads
   * (and no closure sees): `session = __lrad.session();` to put before it, and the sites are
   * remembered, so that each becomes `z = __lrad.acc(z, a, b, session)` — the whole sum is
   * one tape node with an edge per term instead of a chain of nodes. Null: nothing to do.
   */
  private accumulationPrelude(s: TS.Statement): TS.Statement | null {
    const ts = this.ts;
    let loop: TS.Node = s;
    while (ts.isLabeledStatement(loop)) {
      this.loopsSeen.add(loop);
      loop = loop.statement;
    }
    if (!ts.isIterationStatement(loop, false)) return null;
    this.loopsSeen.add(loop);
    if (ts.isSourceFile(this.state.owner)) return null;
    const sites = this.accumulationSites(loop);
    if (sites.length === 0) return null;
    const session = this.state.temp();
    for (const site of sites) {
      this.accumulations.set(site, session);
      const target = this.c.bindings.resolve(this.accumulationParts(site.expression)!.target)!;
      const use = this.activationAfter(s, target);
      if (use !== null) this.activations.set(use, session);
    }
    return this.f.createExpressionStatement(this.f.createAssignment(session, this.rt('session', [])));
  }

  /**
   * The one use of accumulation target `z` after `loop` when it is an activation whose node may
   * be rewritten in place (runtime/activation.ts): z is a `let` declared in the block that
   * holds the loop, the first later statement of that block that mentions z mentions it once,
   * as the only argument of Math.tanh/exp/log/sqrt, not inside a loop or function there, and
   * no statement after it mentions z. Null otherwise.
   */
  private activationAfter(loop: TS.Statement, z: Binding): TS.Identifier | null {
    const ts = this.ts;
    const block = loop.parent;
    const declaration = z.declaration;
    if (z.kind !== 'let' || z.captured || !ts.isBlock(block) || !ts.isVariableDeclaration(declaration) || declaration.parent.parent.parent !== block) return null;
    const uses = (n: TS.Node): TS.Identifier[] => {
      const found: TS.Identifier[] = [];
      const visit = (x: TS.Node): void => {
        if (ts.isIdentifier(x) && this.c.bindings.resolve(x) === z) found.push(x);
        ts.forEachChild(x, visit);
      };
      visit(n);
      return found;
    };
    const after = block.statements.slice(block.statements.indexOf(loop) + 1);
    const first = after.findIndex((st) => uses(st).length > 0);
    if (first < 0) return null;
    const found = uses(after[first]!);
    if (found.length !== 1 || after.slice(first + 1).some((st) => uses(st).length > 0)) return null;
    const use = found[0]!;
    const call = use.parent;
    if (!ts.isCallExpression(call) || call.arguments.length !== 1 || call.arguments[0] !== use) return null;
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee) || !this.isGlobal(callee.expression, 'Math') || !ACTIVATIONS.has(callee.name.text)) return null;
    for (let n: TS.Node = call; n !== after[first]; n = n.parent) {
      if (ts.isIterationStatement(n, false) || ts.isFunctionLike(n) || ts.isClassLike(n)) return null;
    }
    return ts.isIterationStatement(after[first]!, false) ? null : use;
  }

  /**
   * The target, the term and the sign of an accumulation statement, or null: `z += a * b`,
   * `z -= a * b`, `z = z ± a * b` (product set), or `z += e`, `z = z + e` for any other term.
   */
  private accumulationParts(e: TS.Expression): { target: TS.Identifier; reads: TS.Identifier[]; product: TS.BinaryExpression | null; term: TS.Expression; subtract: boolean } | null {
    const { ts, K } = this;
    const x = skipOuter(ts, e);
    if (!ts.isBinaryExpression(x) || !ts.isIdentifier(x.left)) return null;
    const target = x.left;
    const op = x.operatorToken.kind;
    const product = (p: TS.Expression): TS.BinaryExpression | null => {
      const y = skipOuter(ts, p);
      return ts.isBinaryExpression(y) && y.operatorToken.kind === K.AsteriskToken ? y : null;
    };
    const parts = (term: TS.Expression, reads: TS.Identifier[], subtract: boolean) => {
      const p = product(term);
      return p === null && subtract ? null : { target, reads, product: p, term, subtract };
    };
    if (op === K.PlusEqualsToken || op === K.MinusEqualsToken) return parts(x.right, [], op === K.MinusEqualsToken);
    if (op !== K.EqualsToken) return null;
    const r = skipOuter(ts, x.right);
    if (!ts.isBinaryExpression(r) || (r.operatorToken.kind !== K.PlusToken && r.operatorToken.kind !== K.MinusToken)) return null;
    const first = skipOuter(ts, r.left);
    if (!ts.isIdentifier(first) || first.text !== target.text) return null;
    return parts(r.right, [first], r.operatorToken.kind === K.MinusToken);
  }

  /**
   * Whether `e` is a temporary: the value of an operation the runtime records as a node of its
   * own, right there (arithmetic, or a Math function in FRESH_MATH), so that when it is a node
   * nothing else can hold it and the runtime may rewrite it in place.
   */
  private temporary(e: TS.Expression): boolean {
    const { ts, K } = this;
    const x = skipOuter(ts, e);
    if (this.passive(x)) return false;
    if (ts.isBinaryExpression(x)) return [K.PlusToken, K.MinusToken, K.AsteriskToken, K.SlashToken, K.PercentToken, K.AsteriskAsteriskToken].includes(x.operatorToken.kind);
    if (ts.isPrefixUnaryExpression(x)) return x.operator === K.MinusToken;
    if (!ts.isCallExpression(x) || x.arguments.length !== 1 || ts.isSpreadElement(x.arguments[0]!)) return false;
    const callee = x.expression;
    return ts.isPropertyAccessExpression(callee) && this.isGlobal(callee.expression, 'Math') && FRESH_MATH.has(callee.name.text);
  }

  /** The accumulation statements directly in `loop` (not in a nested loop or function) that may be fused. */
  private accumulationSites(loop: TS.IterationStatement): TS.ExpressionStatement[] {
    const ts = this.ts;
    const bindings = this.c.bindings;
    const candidates = new Map<Binding, { sites: TS.ExpressionStatement[]; allowed: Set<TS.Identifier> }>();
    const references = new Map<Binding, TS.Identifier[]>();
    const isFunction = (n: TS.Node): boolean => ts.isFunctionLike(n) || ts.isClassLike(n);
    const find = (n: TS.Node, direct: boolean): void => {
      if (ts.isIdentifier(n)) {
        const b = bindings.resolve(n);
        if (b !== undefined) {
          const list = references.get(b);
          if (list === undefined) references.set(b, [n]);
          else list.push(n);
        }
        return;
      }
      if (direct && ts.isExpressionStatement(n) && !this.passive(n.expression)) {
        const parts = this.accumulationParts(n.expression);
        const b = parts === null ? undefined : bindings.resolve(parts.target);
        if (parts !== null && b !== undefined && (b.kind === 'let' || b.kind === 'var') && b.owner === this.state.owner && !b.captured) {
          let entry = candidates.get(b);
          if (entry === undefined) candidates.set(b, (entry = { sites: [], allowed: new Set() }));
          entry.sites.push(n);
          entry.allowed.add(parts.target);
          for (const r of parts.reads) entry.allowed.add(r);
        }
      }
      const inner = direct && !isFunction(n) && !ts.isIterationStatement(n, false);
      ts.forEachChild(n, (child) => find(child, inner));
    };
    ts.forEachChild(loop, (child) => find(child, child === loop.statement));
    const sites: TS.ExpressionStatement[] = [];
    for (const [b, entry] of candidates) {
      if ((references.get(b) ?? []).every((id) => entry.allowed.has(id))) sites.push(...entry.sites);
    }
    return sites;
  }

  /**
   * `z = __lrad.acc(z, a, b, session)` (accSub for a difference); for a term that is not a
   * product `z = __lrad.accTemp(z, e, session)` when e is a temporary, else accTerm.
   */
  private accumulation(e: TS.Expression, session: TS.Identifier): TS.Expression {
    const parts = this.accumulationParts(e)!;
    const f = this.f;
    const target = f.createIdentifier(parts.target.text);
    const call =
      parts.product === null
        ? this.rt(this.temporary(parts.term) ? 'accTemp' : 'accTerm', [f.createIdentifier(parts.target.text), this.value(parts.term), session], e)
        : this.rt(parts.subtract ? 'accSub' : 'acc', [f.createIdentifier(parts.target.text), this.value(parts.product.left), this.value(parts.product.right), session], e);
    return f.createAssignment(target, call);
  }

  /**
   * A fused dot-product loop (dotProduct.ts) as `if (int(v) && …) z = __lrad.dot(…); else loop`;
   * any other loop as it is.
   */
  private dotProduct(s: TS.ForStatement, loop: TS.ForStatement): TS.Statement {
    const { ts, f } = this;
    const body = ts.isBlock(s.statement) ? (s.statement.statements.length === 1 ? s.statement.statements[0]! : null) : s.statement;
    const session = body === null ? undefined : this.accumulations.get(body);
    if (session === undefined || !ts.isExpressionStatement(body!)) return loop;
    const parts = this.accumulationParts(body.expression);
    const d = parts === null || parts.product === null ? null : dotLoop(ts, this.c.bindings, s, { ...parts, product: parts.product });
    if (d === null) return loop;
    const call = this.rt('dot', [f.createIdentifier(d.target), d.a, d.a0, d.a1, d.b, d.b0, d.b1, d.init, d.bound, session, d.subtract ? f.createTrue() : f.createFalse()], s);
    const fused = f.createExpressionStatement(f.createAssignment(f.createIdentifier(d.target), call));
    if (d.variables.length === 0) return fused;
    const guard = d.variables.map((v) => this.rt('int', [f.createIdentifier(v)]) as TS.Expression).reduce((l, r) => f.createLogicalAnd(l, r));
    return f.createIfStatement(guard, fused, loop);
  }

  /** A statement in a position that takes one statement (if/for bodies). */
  private inner(s: TS.Statement): TS.Statement {
    const out = this.statement(s);
    return Array.isArray(out) ? this.f.createBlock(out, true) : out;
  }

  private capturedLoopNames(init: TS.ForInitializer): TS.Identifier[] {
    const ts = this.ts;
    if (!ts.isVariableDeclarationList(init)) return [];
    const names: TS.Identifier[] = [];
    const collect = (n: TS.BindingName): void => {
      if (ts.isIdentifier(n)) {
        if (this.c.bindings.resolve(n)?.captured) names.push(this.f.createIdentifier(n.text));
      } else for (const e of n.elements) if (!ts.isOmittedExpression(e)) collect(e.name);
    };
    for (const d of init.declarations) collect(d.name);
    return names;
  }

  private declarationList(list: TS.VariableDeclarationList): TS.VariableDeclarationList {
    const { ts, f } = this;
    return f.updateVariableDeclarationList(
      list,
      list.declarations.map((d) => {
        if (!d.initializer) return d;
        let init = this.value(d.initializer);
        if (ts.isArrayBindingPattern(d.name)) init = this.rt('iter', [init], d.initializer);
        const name = ts.isIdentifier(d.name) ? d.name : this.bindingPattern(d.name);
        if (!this.passive(d.initializer) && this.patternCaptured(d.name)) init = this.rt('pin', [init], d.initializer);
        return f.updateVariableDeclaration(d, name, d.exclamationToken, d.type, init);
      }),
    );
  }

  private patternCaptured(name: TS.BindingName): boolean {
    const ts = this.ts;
    if (ts.isIdentifier(name)) return this.c.bindings.resolve(name)?.captured === true;
    return name.elements.some((e) => !ts.isOmittedExpression(e) && this.patternCaptured(e.name));
  }

  /** A binding pattern with its default values instrumented. */
  bindingPattern<P extends TS.BindingName>(name: P): P {
    const { ts, f } = this;
    if (ts.isIdentifier(name)) return name;
    if (ts.isObjectBindingPattern(name)) {
      return f.updateObjectBindingPattern(
        name,
        name.elements.map((e) => f.updateBindingElement(e, e.dotDotDotToken, e.propertyName && ts.isComputedPropertyName(e.propertyName) ? f.updateComputedPropertyName(e.propertyName, this.value(e.propertyName.expression)) : e.propertyName, this.bindingPattern(e.name), e.initializer && this.value(e.initializer))),
      ) as P;
    }
    return f.updateArrayBindingPattern(
      name as TS.ArrayBindingPattern,
      (name as TS.ArrayBindingPattern).elements.map((e) => (ts.isOmittedExpression(e) ? e : f.updateBindingElement(e, e.dotDotDotToken, e.propertyName, this.bindingPattern(e.name), e.initializer && this.value(e.initializer)))),
    ) as P;
  }

  private switchStatement(s: TS.SwitchStatement): TS.Statement {
    const { ts, f } = this;
    const passive = this.passive(s.expression) && s.caseBlock.clauses.every((c) => !ts.isCaseClause(c) || this.passive(c.expression));
    const key = (e: TS.Expression): TS.Expression => (passive ? this.value(e) : this.rt('v', [this.value(e)], e));
    const clauses = s.caseBlock.clauses.map((c) => {
      const statements = this.nested.block(c.statements, this.statement, this.state.depth);
      return ts.isCaseClause(c) ? f.updateCaseClause(c, key(c.expression), statements) : f.updateDefaultClause(c, statements);
    });
    return f.updateSwitchStatement(s, key(s.expression), f.updateCaseBlock(s.caseBlock, clauses));
  }

  // ---------------------------------------------------------------------------------------
  // Expressions

  value = (e: TS.Expression): TS.Expression => this.expression(e, Mode.Value);

  /** The expression as a boolean for if/while/?:. */
  condition(e: TS.Expression): TS.Expression {
    return this.expression(e, Mode.Condition);
  }

  /** True when `e` is a boolean by construction (after instrumentation). */
  private isBoolean(e: TS.Expression): boolean {
    const { ts, K } = this;
    const x = skipOuter(ts, e);
    if (x.kind === K.TrueKeyword || x.kind === K.FalseKeyword) return true;
    if (ts.isPrefixUnaryExpression(x) && x.operator === K.ExclamationToken) return true;
    if (ts.isBinaryExpression(x)) {
      const op = x.operatorToken.kind;
      if (op === K.LessThanToken || op === K.GreaterThanToken || op === K.LessThanEqualsToken || op === K.GreaterThanEqualsToken || op === K.EqualsEqualsToken || op === K.EqualsEqualsEqualsToken || op === K.ExclamationEqualsToken || op === K.ExclamationEqualsEqualsToken || op === K.InstanceOfKeyword || op === K.InKeyword) return true;
      if (op === K.AmpersandAmpersandToken || op === K.BarBarToken) return this.isBoolean(x.left) && this.isBoolean(x.right);
    }
    return false;
  }

  expression(e: TS.Expression, mode: Mode): TS.Expression {
    const { ts, f, K } = this;
    if (mode === Mode.Condition) {
      const x = skipOuter(ts, e);
      if (ts.isBinaryExpression(x) && (x.operatorToken.kind === K.AmpersandAmpersandToken || x.operatorToken.kind === K.BarBarToken)) {
        return f.createBinaryExpression(this.condition(x.left), x.operatorToken.kind, this.condition(x.right));
      }
      if (ts.isPrefixUnaryExpression(x) && x.operator === K.ExclamationToken) return f.createLogicalNot(this.condition(x.operand));
      const out = this.expression(e, Mode.Value);
      return this.isBoolean(e) || this.passive(e) ? out : this.rt('t', [out], e);
    }
    switch (e.kind) {
      case K.ParenthesizedExpression:
        return f.updateParenthesizedExpression(e as TS.ParenthesizedExpression, this.expression((e as TS.ParenthesizedExpression).expression, mode));
      case K.AsExpression:
      case K.SatisfiesExpression:
      case K.NonNullExpression:
      case K.TypeAssertionExpression:
        return this.expression((e as TS.AsExpression).expression, mode);
      case K.BinaryExpression:
        return this.binary(e as TS.BinaryExpression, mode);
      case K.PrefixUnaryExpression:
        return this.prefix(e as TS.PrefixUnaryExpression);
      case K.PostfixUnaryExpression:
        return this.postfix(e as TS.PostfixUnaryExpression, mode);
      case K.ConditionalExpression: {
        const c = e as TS.ConditionalExpression;
        return f.updateConditionalExpression(c, this.condition(c.condition), c.questionToken, this.value(c.whenTrue), c.colonToken, this.value(c.whenFalse));
      }
      case K.CallExpression:
        return this.call(e as TS.CallExpression);
      case K.NewExpression:
        return this.newExpression(e as TS.NewExpression);
      case K.ElementAccessExpression:
        return this.elementRead(e as TS.ElementAccessExpression);
      case K.PropertyAccessExpression: {
        const p = e as TS.PropertyAccessExpression;
        return ts.isPropertyAccessChain(p) ? f.updatePropertyAccessChain(p, this.value(p.expression), p.questionDotToken, p.name) : f.updatePropertyAccessExpression(p, this.value(p.expression), p.name);
      }
      case K.TemplateExpression:
        return this.template(e as TS.TemplateExpression, false);
      case K.TypeOfExpression:
        return this.typeOf(e as TS.TypeOfExpression);
      case K.ArrayLiteralExpression: {
        const a = e as TS.ArrayLiteralExpression;
        return f.updateArrayLiteralExpression(a, a.elements.map((x) => this.element(x)));
      }
      case K.ObjectLiteralExpression:
        return this.nested.object(e as TS.ObjectLiteralExpression, this.state.depth, this.value, true);
      case K.FunctionExpression:
      case K.ArrowFunction:
      case K.ClassExpression:
        return this.nested.nested(e as TS.FunctionExpression, this.state.depth + 1);
      case K.DeleteExpression: {
        const d = e as TS.DeleteExpression;
        const target = skipOuter(ts, d.expression);
        if (ts.isElementAccessExpression(target)) return this.touched(f.updateDeleteExpression(d, f.updateElementAccessExpression(target, this.value(target.expression), this.value(target.argumentExpression))));
        if (ts.isPropertyAccessExpression(target)) return this.touched(f.updateDeleteExpression(d, f.updatePropertyAccessExpression(target, this.value(target.expression), target.name)));
        return d;
      }
      case K.Identifier:
      case K.NumericLiteral:
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral:
      case K.ThisKeyword:
      case K.SuperKeyword:
      case K.TrueKeyword:
      case K.FalseKeyword:
      case K.NullKeyword:
        return e;
      default:
        return ts.visitEachChild(e, (n) => (ts.isExpression(n) ? this.value(n) : n), undefined);
    }
  }

  private element(x: TS.Expression): TS.Expression {
    const { ts, f } = this;
    if (ts.isSpreadElement(x)) return f.updateSpreadElement(x, this.rt('iter', [this.value(x.expression)], x.expression));
    if (ts.isOmittedExpression(x)) return x;
    return this.value(x);
  }

  private typeOf(e: TS.TypeOfExpression): TS.Expression {
    const { ts, f } = this;
    const operand = skipOuter(ts, e.expression);
    if (this.passive(operand)) return f.updateTypeOfExpression(e, this.value(e.expression));
    if (ts.isIdentifier(operand)) {
      // `typeof undeclared` must not throw: look at the identifier only when it is an object.
      const id = (): TS.Identifier => f.createIdentifier(operand.text);
      return f.createConditionalExpression(f.createStrictEquality(f.createTypeOfExpression(id()), f.createStringLiteral('object')), undefined, this.rt('typeOf', [id()], e), undefined, f.createTypeOfExpression(id()));
    }
    return this.rt('typeOf', [this.value(e.expression)], e);
  }

  template(e: TS.TemplateExpression, quiet: boolean): TS.Expression {
    const f = this.f;
    return f.updateTemplateExpression(
      e,
      e.head,
      e.templateSpans.map((span) => f.updateTemplateSpan(span, this.passive(span.expression) ? this.value(span.expression) : this.rt(quiet ? 'strQuiet' : 'str', [this.value(span.expression)], span.expression), span.literal)),
    );
  }

  // Binary operators ---------------------------------------------------------------------

  private arithmeticName(op: TS.SyntaxKind): string | null {
    const K = this.K;
    switch (op) {
      case K.PlusToken:
      case K.PlusEqualsToken:
        return 'add';
      case K.MinusToken:
      case K.MinusEqualsToken:
        return 'sub';
      case K.AsteriskToken:
      case K.AsteriskEqualsToken:
        return 'mul';
      case K.SlashToken:
      case K.SlashEqualsToken:
        return 'div';
      case K.PercentToken:
      case K.PercentEqualsToken:
        return 'mod';
      case K.AsteriskAsteriskToken:
      case K.AsteriskAsteriskEqualsToken:
        return 'pow';
      default:
        return null;
    }
  }

  /** The bitwise operator of `op` (or of its compound form), or null. */
  private bitwise(op: TS.SyntaxKind): TS.BinaryOperator | null {
    const K = this.K;
    switch (op) {
      case K.AmpersandToken:
      case K.AmpersandEqualsToken:
        return K.AmpersandToken;
      case K.BarToken:
      case K.BarEqualsToken:
        return K.BarToken;
      case K.CaretToken:
      case K.CaretEqualsToken:
        return K.CaretToken;
      case K.LessThanLessThanToken:
      case K.LessThanLessThanEqualsToken:
        return K.LessThanLessThanToken;
      case K.GreaterThanGreaterThanToken:
      case K.GreaterThanGreaterThanEqualsToken:
        return K.GreaterThanGreaterThanToken;
      case K.GreaterThanGreaterThanGreaterThanToken:
      case K.GreaterThanGreaterThanGreaterThanEqualsToken:
        return K.GreaterThanGreaterThanGreaterThanToken;
      default:
        return null;
    }
  }

  /** left op right for an arithmetic or bitwise operator, with left already instrumented. */
  private combine(op: TS.SyntaxKind, left: TS.Expression, leftPassive: boolean, right: TS.Expression, at: TS.Node): TS.Expression {
    const { ts, f, K } = this;
    const rightPassive = this.passive(right);
    const name = this.arithmeticName(op);
    if (name !== null) {
      const r = skipOuter(ts, right);
      if (leftPassive && rightPassive) return f.createBinaryExpression(left, this.plainOperator(op), this.value(right));
      // z + a·b and z − a·b as one node.
      if ((name === 'add' || name === 'sub') && ts.isBinaryExpression(r) && r.operatorToken.kind === K.AsteriskToken && !this.passive(r)) {
        return this.rt(name === 'add' ? 'fma' : 'fms', [left, this.value(r.left), this.value(r.right)], at);
      }
      return this.rt(name, [left, this.value(right)], at);
    }
    const bit = this.bitwise(op)!;
    const l = leftPassive ? left : this.rt('v', [left], at);
    const rr = rightPassive ? this.value(right) : this.rt('v', [this.value(right)], right);
    return f.createBinaryExpression(l, bit, rr);
  }

  /** The plain operator of an arithmetic or bitwise operator or its compound form. */
  private plainOperator(op: TS.SyntaxKind): TS.BinaryOperator {
    const K = this.K;
    const map: Partial<Record<number, TS.BinaryOperator>> = {
      [K.PlusEqualsToken]: K.PlusToken,
      [K.MinusEqualsToken]: K.MinusToken,
      [K.AsteriskEqualsToken]: K.AsteriskToken,
      [K.SlashEqualsToken]: K.SlashToken,
      [K.PercentEqualsToken]: K.PercentToken,
      [K.AsteriskAsteriskEqualsToken]: K.AsteriskAsteriskToken,
    };
    return map[op] ?? (this.bitwise(op) as TS.BinaryOperator | null) ?? (op as TS.BinaryOperator);
  }

  private binary(e: TS.BinaryExpression, mode: Mode): TS.Expression {
    const { ts, f, K } = this;
    const op = e.operatorToken.kind;
    const left = e.left;
    const right = e.right;
    if (op === K.EqualsToken) return this.touching(left, this.assign(e));
    if (op >= K.FirstCompoundAssignment && op <= K.LastCompoundAssignment) return this.touching(left, this.compound(e));
    if (op === K.CommaToken) return f.updateBinaryExpression(e, this.expression(left, Mode.Discard), e.operatorToken, this.expression(right, mode));
    if (this.arithmeticName(op) !== null || this.bitwise(op) !== null) {
      const l = skipOuter(ts, left);
      // a·b + z: operands in source order.
      if (op === K.PlusToken && ts.isBinaryExpression(l) && l.operatorToken.kind === K.AsteriskToken && !this.passive(l)) {
        return this.rt('mulAdd', [this.value(l.left), this.value(l.right), this.value(right)], e);
      }
      return this.combine(op, this.value(left), this.passive(left), right, e);
    }
    const passive = this.passive(left) && this.passive(right);
    const compare = (name: string): TS.Expression => (passive ? f.updateBinaryExpression(e, this.value(left), e.operatorToken, this.value(right)) : this.rt(name, [this.value(left), this.value(right)], e));
    switch (op) {
      case K.LessThanToken:
        return compare('lt');
      case K.GreaterThanToken:
        return compare('gt');
      case K.LessThanEqualsToken:
        return compare('le');
      case K.GreaterThanEqualsToken:
        return compare('ge');
      case K.EqualsEqualsEqualsToken:
        return this.nonNumericLiteral(left) || this.nonNumericLiteral(right) ? f.updateBinaryExpression(e, this.value(left), e.operatorToken, this.value(right)) : compare('seq');
      case K.ExclamationEqualsEqualsToken:
        return this.nonNumericLiteral(left) || this.nonNumericLiteral(right) ? f.updateBinaryExpression(e, this.value(left), e.operatorToken, this.value(right)) : compare('sne');
      case K.EqualsEqualsToken:
        return compare('leq');
      case K.ExclamationEqualsToken:
        return compare('lne');
      case K.AmpersandAmpersandToken:
      case K.BarBarToken: {
        if (this.isBoolean(left) || this.passive(left)) return f.updateBinaryExpression(e, this.value(left), e.operatorToken, this.value(right));
        // Truth of a Dual is the truth of its value; the result is the operand itself.
        const t = this.state.temp();
        const test = this.rt('t', [f.createAssignment(t, this.value(left))], left);
        return op === K.AmpersandAmpersandToken ? f.createConditionalExpression(test, undefined, this.value(right), undefined, t) : f.createConditionalExpression(test, undefined, t, undefined, this.value(right));
      }
      default:
        // ??, in, instanceof: Duals are never nullish; the others use the objects as they are.
        return f.updateBinaryExpression(e, this.value(left), e.operatorToken, this.value(right));
    }
  }

  /** A literal that is not a number (null, undefined, a string, a boolean): never equal to a Dual. */
  private nonNumericLiteral(e: TS.Expression): boolean {
    const { ts, K } = this;
    const x = skipOuter(ts, e);
    return x.kind === K.NullKeyword || x.kind === K.TrueKeyword || x.kind === K.FalseKeyword || ts.isStringLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x) || (ts.isIdentifier(x) && x.text === 'undefined' && this.c.bindings.resolve(x) === undefined);
  }

  // Assignments ---------------------------------------------------------------------------

  /** `value`, pinned when it is stored where it may outlive the call. */
  private pinned(value: TS.Expression, original: TS.Expression): TS.Expression {
    return this.passive(original) ? value : this.rt('pin', [value], original);
  }

  private assign(e: TS.BinaryExpression): TS.Expression {
    const { ts, f } = this;
    const target = skipOuter(ts, e.left);
    if (ts.isIdentifier(target)) {
      const binding = this.c.bindings.resolve(target);
      const value = this.value(e.right);
      return f.updateBinaryExpression(e, e.left, e.operatorToken, this.state.needsPin(binding) ? this.pinned(value, e.right) : value);
    }
    if (ts.isElementAccessExpression(target) && !this.isPropertyKey(target.argumentExpression)) {
      return this.rt('set', [this.value(target.expression), this.value(target.argumentExpression), this.value(e.right)], e);
    }
    if (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) {
      const object = this.value(target.expression);
      const lhs = ts.isPropertyAccessExpression(target) ? f.updatePropertyAccessExpression(target, object, target.name) : f.updateElementAccessExpression(target, object, target.argumentExpression);
      return f.updateBinaryExpression(e, lhs, e.operatorToken, this.pinned(this.value(e.right), e.right));
    }
    // A destructuring assignment: its targets get what the (pinned) value holds.
    const pattern = this.assignmentPattern(e.left);
    return f.updateBinaryExpression(e, pattern, e.operatorToken, this.rt('pin', [this.rt('iter', [this.value(e.right)], e.right)], e.right));
  }

  /** Default values inside a destructuring assignment's pattern. */
  private assignmentPattern(e: TS.Expression): TS.Expression {
    const { ts, f } = this;
    const x = skipOuter(ts, e);
    if (ts.isArrayLiteralExpression(x)) {
      return f.updateArrayLiteralExpression(
        x,
        x.elements.map((el) => {
          if (ts.isBinaryExpression(el) && el.operatorToken.kind === this.K.EqualsToken) return f.updateBinaryExpression(el, this.assignmentPattern(el.left), el.operatorToken, this.value(el.right));
          if (ts.isSpreadElement(el)) return f.updateSpreadElement(el, this.assignmentPattern(el.expression));
          return this.assignmentPattern(el);
        }),
      );
    }
    if (ts.isObjectLiteralExpression(x)) {
      return f.updateObjectLiteralExpression(
        x,
        x.properties.map((p) => {
          if (ts.isShorthandPropertyAssignment(p)) return f.updateShorthandPropertyAssignment(p, p.name, p.objectAssignmentInitializer && this.value(p.objectAssignmentInitializer));
          if (ts.isPropertyAssignment(p)) {
            const v = p.initializer;
            const inner = ts.isBinaryExpression(v) && v.operatorToken.kind === this.K.EqualsToken ? f.updateBinaryExpression(v, this.assignmentPattern(v.left), v.operatorToken, this.value(v.right)) : this.assignmentPattern(v);
            return f.updatePropertyAssignment(p, p.name, inner);
          }
          return p;
        }),
      );
    }
    if (ts.isPropertyAccessExpression(x)) return f.updatePropertyAccessExpression(x, this.value(x.expression), x.name);
    if (ts.isElementAccessExpression(x)) return f.updateElementAccessExpression(x, this.value(x.expression), this.value(x.argumentExpression));
    return e;
  }

  /**
   * Whether assigning to `target` writes an array element or length in plain JavaScript, where
   * the runtime does not see it (a destructuring pattern with such targets, `o.length`, `o['0']`):
   * the recording then stops trusting the objective's x without looking (see runtime/dot.ts).
   */
  private writesNatively(target: TS.Expression, pattern = false): boolean {
    const { ts } = this;
    const x = skipOuter(ts, target);
    // In a destructuring pattern (or a for…of/for…in head) every element and property target is written natively.
    if (ts.isPropertyAccessExpression(x)) return pattern || x.name.text === 'length';
    if (ts.isElementAccessExpression(x)) return pattern || this.isPropertyKey(x.argumentExpression);
    if (ts.isArrayLiteralExpression(x)) return x.elements.some((el) => this.writesNatively(ts.isSpreadElement(el) ? el.expression : ts.isBinaryExpression(el) ? el.left : el, true));
    if (ts.isObjectLiteralExpression(x)) {
      return x.properties.some((p) => {
        if (ts.isPropertyAssignment(p)) return this.writesNatively(ts.isBinaryExpression(p.initializer) && p.initializer.operatorToken.kind === this.K.EqualsToken ? p.initializer.left : p.initializer, true);
        return ts.isSpreadAssignment(p) && this.writesNatively(p.expression, true);
      });
    }
    return false;
  }

  /** `out`, the instrumented write to `target`, preceded by `touch()` when the write is native (writesNatively). */
  private touching(target: TS.Expression, out: TS.Expression): TS.Expression {
    return this.writesNatively(target) ? this.touched(out) : out;
  }

  /** `(touch(), out)`. */
  private touched(out: TS.Expression): TS.Expression {
    return this.f.createParenthesizedExpression(this.f.createCommaListExpression([this.rt('touch', []), out]));
  }

  private isPropertyKey(e: TS.Expression): boolean {
    const x = skipOuter(this.ts, e);
    return this.ts.isStringLiteral(x) || this.ts.isNoSubstitutionTemplateLiteral(x);
  }

  /** `target op= right`. */
  private compound(e: TS.BinaryExpression): TS.Expression {
    const { ts, f, K } = this;
    const op = e.operatorToken.kind;
    const target = skipOuter(ts, e.left);
    if (op === K.AmpersandAmpersandEqualsToken || op === K.BarBarEqualsToken || op === K.QuestionQuestionEqualsToken) return this.logicalAssign(e, target);
    if (ts.isIdentifier(target)) {
      const binding = this.c.bindings.resolve(target);
      const targetPassive = this.c.activity.isPassiveBinding(binding);
      const value = this.combine(op, target, targetPassive, e.right, e);
      if (targetPassive && this.passive(e.right)) return f.updateBinaryExpression(e, e.left, e.operatorToken, this.value(e.right));
      return f.createAssignment(target, this.state.needsPin(binding) ? this.rt('pin', [value], e) : value);
    }
    if (ts.isElementAccessExpression(target) && !this.isPropertyKey(target.argumentExpression)) {
      const [object, objectRef] = this.once(target.expression);
      const [key, keyRef] = this.once(target.argumentExpression);
      const current = this.rt('get', [objectRef, keyRef], target);
      return this.rt('set', [object, key, this.combine(op, current, false, e.right, e)], e);
    }
    if (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) {
      const [object, objectRef] = this.once(target.expression);
      const read = ts.isPropertyAccessExpression(target) ? f.createPropertyAccessExpression(objectRef, target.name) : f.createElementAccessExpression(objectRef, target.argumentExpression);
      const write = ts.isPropertyAccessExpression(target) ? f.createPropertyAccessExpression(object, target.name) : f.createElementAccessExpression(object, target.argumentExpression);
      return f.createAssignment(write, this.rt('pin', [this.combine(op, read, false, e.right, e)], e));
    }
    return ts.visitEachChild(e, (n) => (ts.isExpression(n) ? this.value(n) : n), undefined);
  }

  /** `a &&= b`, `a ||= b`, `a ??= b` with the truth of a Dual being that of its value. */
  private logicalAssign(e: TS.BinaryExpression, target: TS.Expression): TS.Expression {
    const { ts, f, K } = this;
    const op = e.operatorToken.kind;
    let read: TS.Expression;
    let writeTo: (value: TS.Expression) => TS.Expression;
    if (ts.isIdentifier(target)) {
      read = target;
      const pin = this.state.needsPin(this.c.bindings.resolve(target));
      writeTo = (v) => f.createAssignment(target, pin ? this.rt('pin', [v], e) : v);
    } else if (ts.isElementAccessExpression(target) && !this.isPropertyKey(target.argumentExpression)) {
      const [object, objectRef] = this.once(target.expression);
      const [key, keyRef] = this.once(target.argumentExpression);
      read = this.rt('get', [object, key], target);
      writeTo = (v) => this.rt('set', [objectRef, keyRef, v], e);
    } else if (ts.isPropertyAccessExpression(target)) {
      const [object, objectRef] = this.once(target.expression);
      read = f.createPropertyAccessExpression(object, target.name);
      writeTo = (v) => f.createAssignment(f.createPropertyAccessExpression(objectRef, target.name), this.rt('pin', [v], e));
    } else {
      return ts.visitEachChild(e, (n) => (ts.isExpression(n) ? this.value(n) : n), undefined);
    }
    const t = this.state.temp();
    const current = f.createAssignment(t, read);
    const assignment = writeTo(this.value(e.right));
    if (op === K.QuestionQuestionEqualsToken) return f.createConditionalExpression(f.createBinaryExpression(current, K.EqualsEqualsToken, f.createNull()), undefined, assignment, undefined, t);
    const truth = this.rt('t', [current], target);
    return op === K.AmpersandAmpersandEqualsToken ? f.createConditionalExpression(truth, undefined, assignment, undefined, t) : f.createConditionalExpression(truth, undefined, t, undefined, assignment);
  }

  /**
   * An operand read twice: [first use (evaluates it, into a temporary when it is not simple),
   * later uses].
   */
  private once(e: TS.Expression): [TS.Expression, TS.Expression] {
    const v = this.value(e);
    if (isSimple(this.ts, e)) return [v, v];
    const t = this.state.temp();
    return [this.f.createAssignment(t, v), t];
  }

  // ++ and -- -----------------------------------------------------------------------------

  private prefix(e: TS.PrefixUnaryExpression): TS.Expression {
    const { f, K } = this;
    const op = e.operator;
    if (op === K.PlusPlusToken || op === K.MinusMinusToken) return this.touching(e.operand, this.step(e, e.operand, op === K.PlusPlusToken ? 'inc' : 'dec', false));
    if (op === K.ExclamationToken) return f.createLogicalNot(this.condition(e.operand));
    if (this.passive(e.operand)) return f.updatePrefixUnaryExpression(e, this.value(e.operand));
    if (op === K.MinusToken) return this.rt('neg', [this.value(e.operand)], e);
    if (op === K.PlusToken) return this.rt('pos', [this.value(e.operand)], e);
    if (op === K.TildeToken) return f.updatePrefixUnaryExpression(e, this.rt('v', [this.value(e.operand)], e.operand));
    return f.updatePrefixUnaryExpression(e, this.value(e.operand));
  }

  private postfix(e: TS.PostfixUnaryExpression, mode: Mode): TS.Expression {
    return this.touching(e.operand, this.step(e, e.operand, e.operator === this.K.PlusPlusToken ? 'inc' : 'dec', mode !== Mode.Discard));
  }

  /** ++x / x++ (and --): `old` when the old value is the expression's value. */
  private step(e: TS.UnaryExpression, operand: TS.Expression, name: 'inc' | 'dec', old: boolean): TS.Expression {
    const { ts, f } = this;
    const target = skipOuter(ts, operand);
    if (ts.isIdentifier(target)) {
      const binding = this.c.bindings.resolve(target);
      if (this.c.activity.isPassiveBinding(binding)) return e;
      const pin = this.state.needsPin(binding);
      const store = (v: TS.Expression): TS.Expression => f.createAssignment(target, pin ? this.rt('pin', [v], e) : v);
      if (!old) return store(this.rt(name, [target], e));
      const t = this.state.temp();
      return f.createCommaListExpression([f.createAssignment(t, this.rt('pos', [target], e)), store(this.rt(name, [t], e)), t]);
    }
    if (ts.isElementAccessExpression(target) && !this.isPropertyKey(target.argumentExpression)) {
      const [object, objectRef] = this.once(target.expression);
      const [key, keyRef] = this.once(target.argumentExpression);
      if (!old) return this.rt('set', [object, key, this.rt(name, [this.rt('get', [objectRef, keyRef], target)], e)], e);
      const t = this.state.temp();
      return f.createCommaListExpression([f.createAssignment(t, this.rt('pos', [this.rt('get', [object, key], target)], e)), this.rt('set', [objectRef, keyRef, this.rt(name, [t], e)], e), t]);
    }
    if (ts.isPropertyAccessExpression(target)) {
      const [object, objectRef] = this.once(target.expression);
      if (!old) return f.createAssignment(f.createPropertyAccessExpression(object, target.name), this.rt('pin', [this.rt(name, [f.createPropertyAccessExpression(objectRef, target.name)], e)], e));
      const t = this.state.temp();
      return f.createCommaListExpression([f.createAssignment(t, this.rt('pos', [f.createPropertyAccessExpression(object, target.name)], e)), f.createAssignment(f.createPropertyAccessExpression(objectRef, target.name), this.rt('pin', [this.rt(name, [t], e)], e)), t]);
    }
    return ts.visitEachChild(e, (n) => (ts.isExpression(n) ? this.value(n) : n), undefined);
  }

  // Element reads -------------------------------------------------------------------------

  private elementRead(e: TS.ElementAccessExpression): TS.Expression {
    const { ts, f } = this;
    if (this.isPropertyKey(e.argumentExpression) || e.questionDotToken !== undefined || ts.isOptionalChain(e)) {
      // A property by name, or a link of an optional chain (kept as it is: `?.` short-circuits the rest).
      return ts.isElementAccessChain(e) ? f.updateElementAccessChain(e, this.value(e.expression), e.questionDotToken, this.value(e.argumentExpression)) : f.updateElementAccessExpression(e, this.value(e.expression), this.value(e.argumentExpression));
    }
    return this.rt('get', [this.value(e.expression), this.value(e.argumentExpression)], e);
  }

  // Calls ---------------------------------------------------------------------------------

  private args(args: readonly TS.Expression[], quiet = false): TS.Expression[] {
    const { ts, f } = this;
    return args.map((a) => {
      if (ts.isSpreadElement(a)) return f.createSpreadElement(this.rt('iter', [this.value(a.expression)], a.expression));
      if (quiet && ts.isTemplateExpression(a)) return this.template(a, true);
      return this.value(a);
    });
  }

  private call(e: TS.CallExpression): TS.Expression {
    const { ts, f } = this;
    const callee = skipOuter(ts, e.expression);
    if (e.questionDotToken !== undefined || ts.isOptionalChain(e) || callee.kind === this.K.SuperKeyword || callee.kind === this.K.ImportKeyword) {
      return ts.isCallChain(e) ? f.updateCallChain(e, this.value(e.expression), e.questionDotToken, e.typeArguments, this.args(e.arguments)) : f.updateCallExpression(e, this.value(e.expression), e.typeArguments, this.args(e.arguments));
    }
    if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === this.K.SuperKeyword) {
      // super.method(…): a method of a class of this file.
      return f.updateCallExpression(e, e.expression, e.typeArguments, this.args(e.arguments));
    }
    if (ts.isPropertyAccessExpression(callee)) {
      const object = callee.expression;
      const name = callee.name.text;
      if (this.isGlobal(object, 'Math') && this.mathFunctions.has(name)) return this.mathCall(e, name);
      if (this.isGlobal(object, 'Number') && NUMBER_PREDICATES[name] !== undefined) return this.rt(NUMBER_PREDICATES[name]!, this.args(e.arguments), e);
      if (this.isGlobal(object, 'Object') && name === 'is') return this.rt('objectIs', this.args(e.arguments), e);
      if (this.isGlobal(object, 'console')) return f.updateCallExpression(e, e.expression, e.typeArguments, this.args(e.arguments, true));
      const [self, selfRef] = this.once(object);
      return this.runtimeInvoke(f.createPropertyAccessExpression(self, callee.name), selfRef, e);
    }
    if (ts.isElementAccessExpression(callee)) {
      const [self, selfRef] = this.once(callee.expression);
      return this.runtimeInvoke(f.createElementAccessExpression(self, this.value(callee.argumentExpression)), selfRef, e);
    }
    if (ts.isIdentifier(callee)) {
      const binding = this.c.bindings.resolve(callee);
      if (binding === undefined) {
        const replacement = GLOBAL_FUNCTIONS[callee.text];
        if (replacement !== undefined) return this.rt(replacement, this.args(e.arguments), e);
        // Other globals (String, parseFloat, require, …) are JavaScript's own: a Dual they convert is noted by the Dual.
        return f.updateCallExpression(e, e.expression, e.typeArguments, this.args(e.arguments));
      }
      if (this.isDirect(binding)) return f.updateCallExpression(e, e.expression, e.typeArguments, this.args(e.arguments));
      return this.runtimeInvoke(callee, f.createVoidZero(), e);
    }
    if (ts.isFunctionExpression(callee) || ts.isArrowFunction(callee)) {
      return f.updateCallExpression(e, this.value(e.expression), e.typeArguments, this.args(e.arguments));
    }
    return this.runtimeInvoke(this.value(e.expression), f.createVoidZero(), e);
  }

  /** Calls of a binding that is a function or class of this file (never reassigned) go straight. */
  private isDirect(binding: import('./bindings').Binding): boolean {
    const ts = this.ts;
    if (binding.reassigned) return false;
    if (binding.kind === 'function') {
      const d = binding.declaration;
      return (ts.isFunctionDeclaration(d) || ts.isFunctionExpression(d)) && !d.asteriskToken && !ts.getModifiers(d)?.some((m) => m.kind === this.K.AsyncKeyword);
    }
    if (binding.kind === 'const' && ts.isVariableDeclaration(binding.declaration) && binding.declaration.initializer) {
      const init = skipOuter(ts, binding.declaration.initializer);
      return (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && !(init as TS.FunctionExpression).asteriskToken && !ts.getModifiers(init)?.some((m) => m.kind === this.K.AsyncKeyword);
    }
    return false;
  }

  /** `__lrad.callK(fn, self, …args)`. */
  private runtimeInvoke(fn: TS.Expression, self: TS.Expression, e: TS.CallExpression): TS.Expression {
    const args = this.args(e.arguments);
    const spread = e.arguments.some((a) => this.ts.isSpreadElement(a));
    const name = spread || args.length > 3 ? 'callN' : `call${args.length}`;
    return this.rt(name, [fn, self, ...args], e);
  }

  private mathCall(e: TS.CallExpression, name: string): TS.Expression {
    // An activation rewriting its argument's node in place: the last use of a finished sum, or a temporary.
    const only = e.arguments.length === 1 ? e.arguments[0]! : undefined;
    const session = only !== undefined && this.ts.isIdentifier(only) ? this.activations.get(only) : undefined;
    if (session !== undefined) return this.rt(`${name}InPlace`, [this.f.createIdentifier((only as TS.Identifier).text), session], e);
    // Math.exp(a - b), the softmax idiom: one node with both partials.
    const difference = only && skipOuter(this.ts, only);
    if (name === 'exp' && difference && this.ts.isBinaryExpression(difference) && difference.operatorToken.kind === this.K.MinusToken && !this.passive(difference)) {
      return this.rt('expDiff', [this.value(difference.left), this.value(difference.right)], e);
    }
    if (only !== undefined && ACTIVATIONS.has(name) && this.temporary(only)) return this.rt(`${name}InPlace`, [this.value(only), this.f.createNumericLiteral(0)], e);
    const args = this.args(e.arguments);
    const spread = e.arguments.some((a) => this.ts.isSpreadElement(a));
    if (MATH_TWO.has(name) && !spread && args.length === 2) return this.rt(`${name}2`, args, e);
    return this.rt(name, args, e);
  }

  private newExpression(e: TS.NewExpression): TS.Expression {
    const { ts, f } = this;
    const callee = skipOuter(ts, e.expression);
    const args = this.args(e.arguments ?? []);
    if (ts.isIdentifier(callee)) {
      const binding = this.c.bindings.resolve(callee);
      if (binding === undefined) {
        if (CONSTRUCTED_BY_RUNTIME.has(callee.text)) return this.rt('construct', [callee, ...args], e);
        return f.updateNewExpression(e, e.expression, e.typeArguments, args);
      }
      if (binding.kind === 'class' && !binding.reassigned) return f.updateNewExpression(e, e.expression, e.typeArguments, args);
    }
    if (ts.isClassExpression(callee)) return f.updateNewExpression(e, this.value(e.expression), e.typeArguments, args);
    return this.rt('construct', [this.value(e.expression), ...args], e);
  }
}
