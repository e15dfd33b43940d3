/**
 * Functions, classes and object literals: where the two bodies come from and how transformed
 * code is marked.
 *
 * Every function gets two bodies: `if (__lrad.s.on) { recording body } else { original body }`. So the
 * objective costs nothing extra when no gradient is recorded (its value, metrics, finite
 * differences), and a recording evaluation runs the instrumented code in every function it
 * calls. Nested functions are twinned inside both bodies, which doubles their code per level;
 * past MAX_TWIN_DEPTH (and for constructors, whose `super()` must stay a top-level statement)
 * a function has only the instrumented body, which works in both modes (the runtime's
 * operations take plain numbers too). Async functions and generators are left as they are:
 * the runtime treats them as code it cannot see into.
 *
 * Marks let the runtime recognize transformed functions when a call goes through it: hoisted
 * `__lrad.fn(name)` for function declarations, `__lrad.fn(...)` around function expressions,
 * a statement after `const f = () => …` (which keeps the name JavaScript infers), and
 * `markClass` / `markObject` with the names of the members written in the class or literal.
 */
import type * as TS from 'typescript';
import { FunctionState, recordingFlag, runtimeCall, skipOuter, type TransformContext } from './context';
import { Instrumenter, type NestedCode } from './instrument';

/** Function nesting depth up to which functions get two bodies (module-level functions are depth 1). */
export const MAX_TWIN_DEPTH = 4;

type FunctionLike = TS.FunctionDeclaration | TS.FunctionExpression | TS.ArrowFunction | TS.MethodDeclaration | TS.ConstructorDeclaration | TS.GetAccessorDeclaration | TS.SetAccessorDeclaration;

export class FunctionTransformer implements NestedCode {
  private readonly ts: typeof TS;
  private readonly f: TS.NodeFactory;
  /** Function and class expressions that are marked by the statement after their declaration or by their object literal. */
  private readonly markedElsewhere = new WeakSet<TS.Node>();

  constructor(
    private readonly c: TransformContext,
    private readonly mathFunctions: ReadonlySet<string>,
  ) {
    this.ts = c.ts;
    this.f = c.f;
  }

  private rt(name: string, args: readonly TS.Expression[], at?: TS.Node): TS.CallExpression {
    return runtimeCall(this.c, name, args, at);
  }

  /** The module: its top-level code runs at load time, passively; its functions are twinned. */
  sourceFile(file: TS.SourceFile): TS.SourceFile {
    return this.f.updateSourceFile(file, this.block(file.statements, (s) => this.passiveStatement(s, 0), 0));
  }

  // ---------------------------------------------------------------------------------------
  // Blocks and declarations (both modes)

  block(statements: readonly TS.Statement[], visit: (s: TS.Statement) => TS.Statement | TS.Statement[], depth: number): TS.Statement[] {
    const { ts, f } = this;
    const hoisted: TS.Statement[] = [];
    const out: TS.Statement[] = [];
    for (const s of statements) {
      if (ts.isFunctionDeclaration(s)) {
        if (!s.body) {
          out.push(s);
          continue;
        }
        const transformed = this.functionLike(s, depth + 1);
        if (s.name) {
          hoisted.push(f.createExpressionStatement(this.rt('fn', [f.createIdentifier(s.name.text)])));
          out.push(transformed as TS.Statement);
        } else {
          // `export default function (…) {…}`: the only declaration without a name.
          out.push(f.createExportAssignment(undefined, false, this.rt('fn', [this.asExpression(transformed as TS.FunctionDeclaration)], s)));
        }
        continue;
      }
      if (ts.isClassDeclaration(s)) {
        out.push(...this.declaration(s, depth + 1));
        continue;
      }
      if (ts.isVariableStatement(s)) {
        const marks: TS.Statement[] = [];
        for (const d of s.declarationList.declarations) {
          const init = d.initializer && skipOuter(ts, d.initializer);
          if (!init || !ts.isIdentifier(d.name)) continue;
          if (ts.isFunctionExpression(init) || ts.isArrowFunction(init)) {
            if (this.transformable(init)) {
              this.markedElsewhere.add(init);
              marks.push(f.createExpressionStatement(this.rt('fn', [f.createIdentifier(d.name.text)])));
            }
          } else if (ts.isClassExpression(init)) {
            this.markedElsewhere.add(init);
            marks.push(f.createExpressionStatement(this.rt('markClass', [f.createIdentifier(d.name.text), ...this.memberKeys(init)])));
          }
        }
        const visited = visit(s);
        out.push(...(Array.isArray(visited) ? visited : [visited]), ...marks);
        continue;
      }
      const visited = visit(s);
      if (Array.isArray(visited)) out.push(...visited);
      else out.push(visited);
    }
    return [...hoisted, ...out];
  }

  /** A function or class declaration outside a statement list, and a class declaration with its mark. */
  declaration(node: TS.FunctionDeclaration | TS.ClassDeclaration, depth: number): TS.Statement[] {
    const { ts, f } = this;
    if (ts.isFunctionDeclaration(node)) {
      const transformed = node.body ? (this.functionLike(node, depth) as TS.Statement) : node;
      return node.name && node.body ? [transformed, f.createExpressionStatement(this.rt('fn', [f.createIdentifier(node.name.text)]))] : [transformed];
    }
    const transformed = this.classLike(node, depth) as TS.ClassDeclaration;
    if (!node.name) return [transformed];
    return [transformed, f.createExpressionStatement(this.rt('markClass', [f.createIdentifier(node.name.text), ...this.memberKeys(node)]))];
  }

  private asExpression(fn: TS.FunctionDeclaration): TS.FunctionExpression {
    return this.f.createFunctionExpression(fn.modifiers?.filter((m) => m.kind === this.ts.SyntaxKind.AsyncKeyword) as TS.Modifier[] | undefined, fn.asteriskToken, fn.name, fn.typeParameters, fn.parameters, fn.type, fn.body!);
  }

  // ---------------------------------------------------------------------------------------
  // Expressions that define code (both modes)

  nested(node: TS.FunctionExpression | TS.ArrowFunction | TS.ClassExpression, depth: number): TS.Expression {
    const ts = this.ts;
    if (ts.isClassExpression(node)) {
      const transformed = this.classLike(node, depth) as TS.ClassExpression;
      return this.markedElsewhere.has(node) ? transformed : this.rt('markClass', [transformed, ...this.memberKeys(node)], node);
    }
    const transformed = this.functionLike(node, depth) as TS.FunctionExpression | TS.ArrowFunction;
    if (!this.transformable(node) || this.markedElsewhere.has(node)) return transformed;
    return this.rt('fn', [transformed], node);
  }

  object(node: TS.ObjectLiteralExpression, depth: number, visitValue: (e: TS.Expression) => TS.Expression, recording: boolean): TS.Expression {
    const { ts, f } = this;
    const keys: string[] = [];
    const properties = node.properties.map((p): TS.ObjectLiteralElementLike => {
      const key = this.staticName(p.name);
      if (ts.isPropertyAssignment(p)) {
        const init = skipOuter(ts, p.initializer);
        if (key !== null && (ts.isFunctionExpression(init) || ts.isArrowFunction(init)) && this.transformable(init)) {
          this.markedElsewhere.add(init);
          keys.push(key);
        }
        return f.updatePropertyAssignment(p, this.propertyName(p.name, visitValue), visitValue(p.initializer));
      }
      if (ts.isMethodDeclaration(p) || ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p)) {
        if (key !== null && this.transformable(p)) keys.push(key);
        return this.functionLike(p, depth + 1) as TS.ObjectLiteralElementLike;
      }
      if (ts.isSpreadAssignment(p)) return f.updateSpreadAssignment(p, recording ? this.rt('iter', [visitValue(p.expression)], p.expression) : visitValue(p.expression));
      return p;
    });
    const literal = f.updateObjectLiteralExpression(node, properties);
    if (keys.length === 0) return literal;
    return this.rt('markObject', [literal, f.createArrayLiteralExpression([...new Set(keys)].map((k) => f.createStringLiteral(k)))], node);
  }

  private propertyName(name: TS.PropertyName, visitValue: (e: TS.Expression) => TS.Expression): TS.PropertyName {
    return this.ts.isComputedPropertyName(name) ? this.f.updateComputedPropertyName(name, visitValue(name.expression)) : name;
  }

  /** The name of a member when it is written as a plain name, string or number. */
  private staticName(name: TS.PropertyName | undefined): string | null {
    const ts = this.ts;
    if (name === undefined) return null;
    if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return ts.isPrivateIdentifier(name) ? null : name.text;
    return null;
  }

  /** markClass's extra arguments: the names of prototype members and of static members written in the class. */
  private memberKeys(node: TS.ClassLikeDeclaration): TS.Expression[] {
    const { ts, f } = this;
    const proto: string[] = [];
    const statics: string[] = [];
    for (const m of node.members) {
      if (!(ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m) || ts.isSetAccessorDeclaration(m)) || !m.body || !this.transformable(m)) continue;
      const key = this.staticName(m.name);
      if (key === null) continue;
      const isStatic = ts.getModifiers(m)?.some((mod) => mod.kind === ts.SyntaxKind.StaticKeyword) ?? false;
      (isStatic ? statics : proto).push(key);
    }
    const list = (names: string[]): TS.Expression => f.createArrayLiteralExpression([...new Set(names)].map((n) => f.createStringLiteral(n)));
    return [list(proto), list(statics)];
  }

  // ---------------------------------------------------------------------------------------
  // Functions

  /** Not async, not a generator: a function the transform instruments. */
  private transformable(node: TS.Node): boolean {
    const ts = this.ts;
    if ((node as TS.FunctionLikeDeclaration).asteriskToken) return false;
    return !(ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword));
  }

  functionLike(node: FunctionLike, depth: number): FunctionLike {
    const { ts, f } = this;
    const body = node.body;
    if (body === undefined) return node;
    if (!this.transformable(node)) {
      const passive = (n: TS.Node): TS.Node => this.passiveNode(n, depth);
      return ts.visitEachChild(node, passive, undefined);
    }
    const instrumentedOnly = depth > MAX_TWIN_DEPTH || ts.isConstructorDeclaration(node);
    const state = new FunctionState(this.c, node, depth);
    const ins = new Instrumenter(this.c, state, this, this.mathFunctions);
    const parameters = node.parameters.map((p) => this.parameter(p, node, depth, instrumentedOnly));
    const pins = this.capturedParameterPins(node);

    let newBody: TS.Block;
    if (ts.isBlock(body)) {
      const { directives, rest } = this.splitDirectives(body.statements);
      const recording = this.block(rest, ins.statement, depth);
      const prologue = [...state.tempDeclarations(), ...pins];
      if (instrumentedOnly) {
        newBody = f.updateBlock(body, [...directives, ...prologue, ...recording]);
      } else {
        const passive = this.block(rest, (s) => this.passiveStatement(s, depth), depth);
        newBody = f.updateBlock(body, [...directives, f.createIfStatement(recordingFlag(this.c), f.createBlock([...prologue, ...recording], true), f.createBlock(passive, true))]);
      }
    } else {
      const recording = f.createReturnStatement(ins.value(body));
      const prologue = [...state.tempDeclarations(), ...pins];
      if (instrumentedOnly) {
        newBody = f.createBlock([...prologue, recording], true);
      } else {
        const passive = f.createReturnStatement(this.passiveNode(body, depth) as TS.Expression);
        newBody = f.createBlock([f.createIfStatement(recordingFlag(this.c), f.createBlock([...prologue, recording], true)), passive], true);
      }
      newBody = ts.setTextRange(newBody, body);
    }
    return this.withBody(node, parameters, newBody);
  }

  private withBody(node: FunctionLike, parameters: TS.ParameterDeclaration[], body: TS.Block): FunctionLike {
    const { ts, f } = this;
    if (ts.isFunctionDeclaration(node)) return f.updateFunctionDeclaration(node, node.modifiers, node.asteriskToken, node.name, node.typeParameters, parameters, node.type, body);
    if (ts.isFunctionExpression(node)) return f.updateFunctionExpression(node, node.modifiers, node.asteriskToken, node.name, node.typeParameters, parameters, node.type, body);
    if (ts.isArrowFunction(node)) return f.updateArrowFunction(node, node.modifiers, node.typeParameters, parameters, node.type, node.equalsGreaterThanToken, body);
    if (ts.isMethodDeclaration(node)) return f.updateMethodDeclaration(node, node.modifiers, node.asteriskToken, node.name, node.questionToken, node.typeParameters, parameters, node.type, body);
    if (ts.isConstructorDeclaration(node)) return f.updateConstructorDeclaration(node, node.modifiers, parameters, body);
    if (ts.isGetAccessorDeclaration(node)) return f.updateGetAccessorDeclaration(node, node.modifiers, node.name, parameters, node.type, body);
    return f.updateSetAccessorDeclaration(node, node.modifiers, node.name, parameters, body);
  }

  private splitDirectives(statements: readonly TS.Statement[]): { directives: TS.Statement[]; rest: TS.Statement[] } {
    const ts = this.ts;
    let i = 0;
    while (i < statements.length && ts.isExpressionStatement(statements[i]!) && ts.isStringLiteral((statements[i] as TS.ExpressionStatement).expression)) i++;
    return { directives: statements.slice(0, i), rest: statements.slice(i) };
  }

  /** A parameter whose default value (and pattern defaults) are twinned. */
  private parameter(p: TS.ParameterDeclaration, owner: TS.Node, depth: number, instrumentedOnly: boolean): TS.ParameterDeclaration {
    const f = this.f;
    const twin = (e: TS.Expression): TS.Expression => this.twinExpression(e, owner, depth, instrumentedOnly);
    const name = this.patternDefaults(p.name, twin);
    return f.updateParameterDeclaration(p, p.modifiers, p.dotDotDotToken, name, p.questionToken, p.type, p.initializer && twin(p.initializer));
  }

  private patternDefaults<P extends TS.BindingName>(name: P, twin: (e: TS.Expression) => TS.Expression): P {
    const { ts, f } = this;
    if (ts.isIdentifier(name)) return name;
    if (ts.isObjectBindingPattern(name)) return f.updateObjectBindingPattern(name, name.elements.map((e) => f.updateBindingElement(e, e.dotDotDotToken, e.propertyName, this.patternDefaults(e.name, twin), e.initializer && twin(e.initializer)))) as P;
    const array = name as TS.ArrayBindingPattern;
    return f.updateArrayBindingPattern(array, array.elements.map((e) => (ts.isOmittedExpression(e) ? e : f.updateBindingElement(e, e.dotDotDotToken, e.propertyName, this.patternDefaults(e.name, twin), e.initializer && twin(e.initializer))))) as P;
  }

  /**
   * `on ? recording : original` for an expression outside a body (a parameter's default, a
   * class field's initializer); the recording side runs in an arrow of its own when it needs
   * temporaries.
   */
  private twinExpression(e: TS.Expression, owner: TS.Node, depth: number, instrumentedOnly: boolean): TS.Expression {
    const f = this.f;
    const state = new FunctionState(this.c, owner, depth);
    const ins = new Instrumenter(this.c, state, this, this.mathFunctions);
    let recording = ins.value(e);
    if (state.temps.length > 0) {
      recording = f.createCallExpression(f.createParenthesizedExpression(f.createArrowFunction(undefined, undefined, [], undefined, undefined, f.createBlock([...state.tempDeclarations(), f.createReturnStatement(recording)], true))), undefined, []);
    }
    if (instrumentedOnly) return recording;
    return f.createConditionalExpression(recordingFlag(this.c), undefined, recording, undefined, this.passiveNode(e, depth) as TS.Expression);
  }

  /** `__lrad.pin(p)` for parameters a nested function sees (a closure may keep them past the call). */
  private capturedParameterPins(node: FunctionLike): TS.Statement[] {
    const { ts, f } = this;
    const out: TS.Statement[] = [];
    const visit = (name: TS.BindingName): void => {
      if (ts.isIdentifier(name)) {
        if (this.c.bindings.resolve(name)?.captured) out.push(f.createExpressionStatement(this.rt('pin', [f.createIdentifier(name.text)])));
      } else for (const e of name.elements) if (!ts.isOmittedExpression(e)) visit(e.name);
    };
    for (const p of node.parameters) if (!(ts.isIdentifier(p.name) && p.name.text === 'this')) visit(p.name);
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // Classes

  classLike(node: TS.ClassDeclaration | TS.ClassExpression, depth: number): TS.ClassDeclaration | TS.ClassExpression {
    const { ts, f } = this;
    const heritage = node.heritageClauses?.map((h) => f.updateHeritageClause(h, h.types.map((t) => f.updateExpressionWithTypeArguments(t, this.passiveNode(t.expression, depth) as TS.Expression, t.typeArguments))));
    const members = node.members.map((m): TS.ClassElement => {
      if (ts.isMethodDeclaration(m) || ts.isConstructorDeclaration(m) || ts.isGetAccessorDeclaration(m) || ts.isSetAccessorDeclaration(m)) return this.functionLike(m, depth) as TS.ClassElement;
      if (ts.isPropertyDeclaration(m) && m.initializer) {
        const name = ts.isComputedPropertyName(m.name) ? f.updateComputedPropertyName(m.name, this.passiveNode(m.name.expression, depth) as TS.Expression) : m.name;
        return f.updatePropertyDeclaration(m, m.modifiers, name, m.questionToken ?? m.exclamationToken, m.type, this.twinExpression(m.initializer, m, depth, depth > MAX_TWIN_DEPTH));
      }
      if (ts.isClassStaticBlockDeclaration(m)) return f.updateClassStaticBlockDeclaration(m, f.updateBlock(m.body, this.block(m.body.statements, (s) => this.passiveStatement(s, depth), depth)));
      return m;
    });
    if (ts.isClassDeclaration(node)) return f.updateClassDeclaration(node, node.modifiers, node.name, node.typeParameters, heritage, members);
    return f.updateClassExpression(node, node.modifiers, node.name, node.typeParameters, heritage, members);
  }

  // ---------------------------------------------------------------------------------------
  // The original (passive) code: unchanged except for nested code and typed-array views

  passiveStatement(s: TS.Statement, depth: number): TS.Statement | TS.Statement[] {
    const ts = this.ts;
    if (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) return this.declaration(s, depth + 1);
    return this.passiveNode(s, depth) as TS.Statement;
  }

  passiveNode(n: TS.Node, depth: number): TS.Node {
    const { ts, f } = this;
    if (ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isClassExpression(n)) return this.nested(n, depth + 1);
    if (ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n)) {
      const out = this.declaration(n, depth + 1);
      return out.length === 1 ? out[0]! : f.createBlock(out);
    }
    if (ts.isObjectLiteralExpression(n)) return this.object(n, depth, (e) => this.passiveNode(e, depth) as TS.Expression, false);
    if (ts.isBlock(n)) return f.updateBlock(n, this.block(n.statements, (s) => this.passiveStatement(s, depth), depth));
    if (ts.isCaseClause(n)) return f.updateCaseClause(n, this.passiveNode(n.expression, depth) as TS.Expression, this.block(n.statements, (s) => this.passiveStatement(s, depth), depth));
    if (ts.isDefaultClause(n)) return f.updateDefaultClause(n, this.block(n.statements, (s) => this.passiveStatement(s, depth), depth));
    if (ts.isNewExpression(n) && this.isGlobalFloatArray(n.expression) && (n.arguments?.length ?? 0) > 0) {
      // A view of a buffer (or a copy) made by the original code: made by the runtime, so views share their shadow.
      return this.rt('construct', [n.expression, ...n.arguments!.map((a) => this.passiveNode(a, depth) as TS.Expression)], n);
    }
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'subarray' && ts.isIdentifier(skipOuter(ts, n.expression.expression)) && !n.questionDotToken) {
      const self = skipOuter(ts, n.expression.expression);
      const args = n.arguments.map((a) => this.passiveNode(a, depth) as TS.Expression);
      return this.rt('callN', [f.createPropertyAccessExpression(self, 'subarray'), self, ...args], n);
    }
    return ts.visitEachChild(n, (child) => this.passiveNode(child, depth), undefined);
  }

  private isGlobalFloatArray(e: TS.Expression): boolean {
    const x = skipOuter(this.ts, e);
    return this.ts.isIdentifier(x) && (x.text === 'Float64Array' || x.text === 'Float32Array') && this.c.bindings.resolve(x) === undefined;
  }
}
