/**
 * Which functions of a file get a generated adjoint, and what the generator needs to know
 * about them: the subset of TypeScript whose reverse sweep can be written as code (see
 * ../../../../../docs/ARCHITECTURE.md, "Generated adjoints"), which local values may depend on
 * the parameters (active), which can be recomputed in the reverse sweep (available), and the
 * module-level arrays the forward pass writes. A function outside the subset simply has no
 * generated adjoint: the tape records it as before.
 *
 * The subset: functions at module level (declarations, and methods or function-valued
 * properties of a module-level `const o = {…}`). A first parameter read only by index is the
 * parameter array x; the other parameters are numbers or data, never written. Their bodies hold
 * `let` and `const` declarations, assignments (`=`, `+=`, `-=`, `*=`, `/=`) to locals, to
 * elements of module-level scratch arrays and of arrays the function makes (`push` too), `for`,
 * `while` and `do…while` loops, `for…of` over data and over x, `if`/`else`, guard clauses and a
 * final `return`, and calls of other such functions (x passed on only as their x). Expressions
 * are arithmetic, comparisons, `?:`, `&&`/`||` in conditions, and `Math` functions. Everything
 * the subset refuses (objects built at run time, other calls, `break`, a `return` in a loop,
 * closures, `this`, …) keeps the tape.
 */
import type * as TS from 'typescript';
import type { Binding, FileBindings } from '../bindings';
import { skipOuter } from '../context';

/** Thrown while checking a function that is outside the subset (never leaves this folder). */
export class OutsideSubset extends Error {}

export function outside(node: TS.Node, why: string): never {
  throw new OutsideSubset(`${why} (at ${node.pos})`);
}

/** Math functions with a derivative, and how to write it from the argument x and the value r. */
export const UNARY_PARTIALS: Readonly<Record<string, string>> = {
  exp: 'r',
  expm1: 'r + 1',
  log: '1 / x',
  log1p: '1 / (1 + x)',
  log2: '1 / (x * Math.LN2)',
  log10: '1 / (x * Math.LN10)',
  sqrt: '0.5 / r',
  cbrt: '1 / (3 * r * r)',
  sin: 'Math.cos(x)',
  cos: '-Math.sin(x)',
  tan: '1 + r * r',
  tanh: '1 - r * r',
  sinh: 'Math.cosh(x)',
  cosh: 'Math.sinh(x)',
  asin: '1 / Math.sqrt(1 - x * x)',
  acos: '-1 / Math.sqrt(1 - x * x)',
  atan: '1 / (1 + x * x)',
  asinh: '1 / Math.sqrt(x * x + 1)',
  acosh: '1 / Math.sqrt(x * x - 1)',
  atanh: '1 / (1 - x * x)',
  abs: 'x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN',
  fround: '1',
};

/** Math functions that are piecewise constant: a value without derivative. */
export const PIECEWISE_CONSTANT: ReadonlySet<string> = new Set(['sign', 'floor', 'ceil', 'round', 'trunc', 'clz32']);

/** Math functions of two arguments with a derivative. */
export const BINARY_MATH: ReadonlySet<string> = new Set(['pow', 'atan2', 'max', 'min', 'hypot']);

/** Module-level constructors a scratch array the forward pass writes may be made by. */
const SCRATCH_CONSTRUCTORS: ReadonlySet<string> = new Set(['Float64Array', 'Float32Array', 'Array']);

/** A function the generator may write an adjoint for. */
export interface Candidate {
  /** Unique stem for the generated names. */
  readonly stem: string;
  readonly node: TS.FunctionLikeDeclaration;
  readonly params: readonly TS.Identifier[];
  /** The body's statements (an arrow's expression body is its return). */
  readonly body: readonly TS.Statement[];
  /** The final `return`'s expression, if any. */
  readonly returned: TS.Expression | undefined;
  /** Code reaching the function object at module level, to hand it its adjoint. */
  readonly reach: string;
  /** The binding of a function declaration (calls resolve to it). */
  readonly binding: Binding | undefined;
}

/** What the generator knows about one candidate inside the subset. */
export interface FunctionFacts {
  readonly candidate: Candidate;
  /** The parameter array x, when the first parameter is read only by index (else every parameter is a number or data). */
  readonly x: Binding | undefined;
  /** Arguments this function passes to same-file functions that may depend on x: callee and parameter index. */
  readonly activeArguments: readonly { callee: Candidate; index: number }[];
  /** Locals (and parameters) that may hold values depending on x. */
  readonly active: Set<Binding>;
  /** Locals whose value in the reverse sweep is what it was in the forward pass. */
  readonly available: Set<Binding>;
  /** Loop counters of canonical `for` loops, by their loop. */
  readonly canonicalLoops: Map<TS.ForStatement, { counter: Binding; inclusive: boolean }>;
  /** Same-file functions it calls. */
  readonly callees: Set<Candidate>;
  /** Module-level arrays it writes elements of. */
  readonly writes: Set<Binding>;
  /** Arrays it makes (`const h = new Float64Array(n)`, `new Array(n)`, `[]`): written by element or `push`, read by element or `.length`. */
  readonly localArrays: Set<Binding>;
  /** Is this `for (const v of x)`? */
  readonly overX: (s: TS.ForOfStatement) => boolean;
  /** May the value of e depend on x? */
  readonly isActive: (e: TS.Expression) => boolean;
  /** Is e's value in the reverse sweep what it was in the forward pass? */
  readonly isAvailable: (e: TS.Expression) => boolean;
}

/** Module-level functions and object-literal methods: the candidates, each with a unique stem. */
export function findCandidates(ts: typeof TS, file: TS.SourceFile, bindings: FileBindings): Candidate[] {
  const out: Candidate[] = [];
  const stems = new Set<string>();
  const stemFor = (base: string): string => {
    let stem = base.replace(/[^A-Za-z0-9_$]/g, '_');
    let n = 1;
    while (stems.has(stem)) stem = `${base}_${n++}`;
    stems.add(stem);
    return stem;
  };
  const add = (node: TS.FunctionLikeDeclaration, base: string, reach: string, binding: Binding | undefined): void => {
    if (node.body === undefined || node.asteriskToken !== undefined) return;
    if (node.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return;
    const params: TS.Identifier[] = [];
    for (const p of node.parameters) {
      if (!ts.isIdentifier(p.name) || p.initializer !== undefined || p.dotDotDotToken !== undefined) return;
      if (p.name.text === 'this') return;
      params.push(p.name);
    }
    if (params.length === 0) return;
    let body: TS.Statement[];
    let returned: TS.Expression | undefined;
    if (ts.isBlock(node.body)) {
      body = [...node.body.statements];
      const last = body[body.length - 1];
      if (last !== undefined && ts.isReturnStatement(last) && last.expression !== undefined) {
        returned = last.expression;
        body = body.slice(0, -1);
      }
    } else {
      body = [];
      returned = node.body as TS.Expression;
    }
    out.push({ stem: stemFor(base), node, params, body, returned, reach, binding });
  };
  for (const s of file.statements) {
    if (ts.isFunctionDeclaration(s) && s.name !== undefined) {
      add(s, s.name.text, s.name.text, bindings.resolve(s.name) ?? bindings.all.find((b) => b.declaration === s));
      continue;
    }
    if (!ts.isVariableStatement(s) || !(s.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const d of s.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || d.initializer === undefined) continue;
      const init = skipOuter(ts, d.initializer);
      if (!ts.isObjectLiteralExpression(init)) continue;
      for (const p of init.properties) {
        if (p.name === undefined || !ts.isIdentifier(p.name)) continue;
        const reach = `${d.name.text}.${p.name.text}`;
        const base = `${d.name.text}_${p.name.text}`;
        if (ts.isMethodDeclaration(p)) add(p, base, reach, undefined);
        else if (ts.isPropertyAssignment(p)) {
          const value = skipOuter(ts, p.initializer);
          if (ts.isFunctionExpression(value) || ts.isArrowFunction(value)) add(value, base, reach, undefined);
        }
      }
    }
  }
  return out;
}

/** How a candidate's parameters are used: the first as x (read by index only), and which ones callers pass values depending on x. */
export interface ParameterUse {
  readonly hasX: boolean;
  readonly active: readonly boolean[];
}

/** Is the first parameter read only by index (`p[i]`, `p.length`, `const [a, b] = p`, or passed on first)? */
export function firstParameterIsX(ts: typeof TS, c: Candidate, bindings: FileBindings): boolean {
  const b = bindings.resolve(c.params[0]!);
  if (b === undefined || c.node.body === undefined) return false;
  let indexedOnly = true;
  const visit = (n: TS.Node): void => {
    if (!indexedOnly) return;
    if (ts.isIdentifier(n) && n !== c.params[0] && bindings.resolve(n) === b && !isIndexedUse(ts, n, true)) indexedOnly = false;
    ts.forEachChild(n, visit);
  };
  visit(c.node.body);
  return indexedOnly;
}

/** Where an identifier is used: the node around it once parentheses and type wrappers are left, and that node's parent. */
function useSite(ts: typeof TS, id: TS.Identifier): { n: TS.Node; p: TS.Node | undefined } {
  let n: TS.Node = id;
  while (n.parent !== undefined && (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isNonNullExpression(n.parent))) n = n.parent;
  return { n, p: n.parent };
}

/** An array read (or written) by element, `a[i]`, or its length read, `a.length`. */
function byElementOrLength(ts: typeof TS, n: TS.Node, p: TS.Node | undefined): boolean {
  if (p === undefined) return false;
  return (ts.isElementAccessExpression(p) && p.expression === n) || (ts.isPropertyAccessExpression(p) && p.expression === n && p.name.text === 'length');
}

/** x read by index, by length, destructured into numbers, or (when `passedOn`) handed on as a call's first argument. */
function isIndexedUse(ts: typeof TS, id: TS.Identifier, passedOn: boolean): boolean {
  const { n, p } = useSite(ts, id);
  if (p === undefined) return false;
  if (byElementOrLength(ts, n, p)) return true;
  if (passedOn && ts.isCallExpression(p) && p.arguments[0] === n) return true;
  if (ts.isVariableDeclaration(p) && p.initializer === n && ts.isArrayBindingPattern(p.name)) return true;
  if (ts.isForOfStatement(p) && p.expression === n && p.awaitModifier === undefined) return true;
  return false;
}

/** Checks one candidate against the subset and works out its facts. */
export class SubsetChecker {
  private readonly active = new Set<Binding>();
  private readonly available = new Set<Binding>();
  private readonly canonicalLoops = new Map<TS.ForStatement, { counter: Binding; inclusive: boolean }>();
  private readonly callees = new Set<Candidate>();
  private readonly writes = new Set<Binding>();
  /** Local scalar writes, for the activity fixed point: binding → expressions assigned to it. */
  private readonly assigned = new Map<Binding, TS.Expression[]>();
  private readonly locals = new Set<Binding>();
  private x: Binding | undefined;
  private readonly activeArguments: { callee: Candidate; index: number }[] = [];
  private readonly localArrays = new Set<Binding>();
  /** The first walk collects writes; checks that need activity and availability wait for the second. */
  private collecting = true;

  constructor(
    private readonly ts: typeof TS,
    private readonly bindings: FileBindings,
    private readonly file: TS.SourceFile,
    private readonly byBinding: ReadonlyMap<Binding, Candidate>,
    /** Module-level arrays any candidate writes elements of: their elements may depend on x and change. */
    private readonly fileWrites: ReadonlySet<Binding>,
    /** How each candidate's parameters are used (this one's and its callees'). */
    private readonly uses: ReadonlyMap<Candidate, ParameterUse>,
  ) {}

  check(c: Candidate): FunctionFacts {
    const use = this.uses.get(c)!;
    const x = use.hasX ? this.bindings.resolve(c.params[0]!) : undefined;
    this.x = x;
    c.params.forEach((p, k) => {
      const b = this.bindings.resolve(p);
      if (b === undefined || b.reassigned || b.captured) outside(p, 'a parameter that is written or captured');
      // Parameters keep their values: the reverse sweep is handed the same arguments.
      this.locals.add(b);
      this.available.add(b);
      if (b !== x && use.active[k]) this.active.add(b);
    });
    if (c.node.body !== undefined && this.mentionsThisOrArguments(c.node.body)) outside(c.node, '`this` or `arguments`');
    this.body(c.body);
    if (c.returned !== undefined) this.expression(c.returned);
    this.collecting = false;
    // Activity: a fixed point over the locals' writes.
    for (let changed = true; changed; ) {
      changed = false;
      for (const [b, exprs] of this.assigned) {
        if (this.active.has(b)) continue;
        if (exprs.some((e) => this.isActive(e))) {
          this.active.add(b);
          changed = true;
        }
      }
    }
    // Availability: what is never reassigned and made of available parts (declaration order);
    // canonical loops whose bounds turn out not available run as while loops, and it is worked out again.
    const given = new Set(this.available);
    do {
      for (const b of [...this.available]) if (!given.has(b)) this.available.delete(b);
      for (const [b, exprs] of this.assigned) {
        if (this.available.has(b) || b.reassigned || exprs.length !== 1) continue;
        if (b.kind !== 'const' && b.kind !== 'let') continue;
        if (this.isAvailable(exprs[0]!)) this.available.add(b);
      }
    } while (this.demoteLoops());
    // The second walk: every check, with activity and availability known.
    this.body(c.body);
    if (c.returned !== undefined) this.expression(c.returned);
    return { candidate: c, x, activeArguments: this.activeArguments, localArrays: this.localArrays, active: this.active, available: this.available, canonicalLoops: this.canonicalLoops, callees: this.callees, writes: this.writes, overX: (s) => this.overX(s), isActive: (e) => this.isActive(e), isAvailable: (e) => this.isAvailable(e) };
  }

  private mentionsThisOrArguments(n: TS.Node): boolean {
    const { ts } = this;
    let found = false;
    const visit = (m: TS.Node): void => {
      if (found) return;
      if (m.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(m) && m.text === 'arguments')) found = true;
      else if (ts.isFunctionLike(m) && m !== n) found = true; // closures stay with the tape
      else ts.forEachChild(m, visit);
    };
    ts.forEachChild(n, visit);
    return found;
  }

  private local(id: TS.Identifier): Binding {
    const b = this.bindings.resolve(id);
    if (b === undefined || b.captured) outside(id, 'a global or captured name');
    return b;
  }

  private declare(b: Binding, init: TS.Expression): void {
    this.locals.add(b);
    if (!this.collecting) return;
    const list = this.assigned.get(b) ?? [];
    list.push(init);
    this.assigned.set(b, list);
  }

  /** The function body: statements, among them guard clauses (`if (c) return E;`) at its top level. */
  private body(list: readonly TS.Statement[]): void {
    const guarded = list.some((st) => guardOf(this.ts, st) !== undefined);
    for (const st of list) {
      const returned = guardOf(this.ts, st);
      if (returned === undefined) {
        this.statement(st);
        if (guarded && this.ts.isVariableStatement(st) && st.declarationList.declarations.some((d) => d.initializer !== undefined && isNewArray(this.ts, d.initializer, this.bindings))) outside(st, 'an array made beside a guard clause');
        continue;
      }
      this.condition((st as TS.IfStatement).expression);
      this.expression(returned);
    }
  }

  statements(list: readonly TS.Statement[]): void {
    for (const s of list) this.statement(s);
  }

  private statement(s: TS.Statement): void {
    const { ts } = this;
    if (ts.isBlock(s)) return this.statements(s.statements);
    if (ts.isVariableStatement(s)) return this.declarationList(s.declarationList);
    if (ts.isExpressionStatement(s)) return this.expressionStatement(s.expression);
    if (ts.isIfStatement(s)) {
      this.condition(s.expression);
      this.statement(s.thenStatement);
      if (s.elseStatement) this.statement(s.elseStatement);
      return;
    }
    if (ts.isForStatement(s)) return this.forStatement(s);
    if (ts.isForOfStatement(s)) return this.forOf(s);
    if (ts.isWhileStatement(s) || ts.isDoStatement(s)) {
      this.condition(s.expression);
      this.statement(s.statement);
      return;
    }
    if (ts.isEmptyStatement(s)) return;
    outside(s, 'a statement outside the subset');
  }

  private declarationList(list: TS.VariableDeclarationList): void {
    const { ts } = this;
    if (!(list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) outside(list, '`var`');
    for (const d of list.declarations) {
      if (d.initializer === undefined) {
        // `let y;` then assignments: the binding is made by its writes.
        if (!ts.isIdentifier(d.name) || !(list.flags & ts.NodeFlags.Let)) outside(d, 'a declaration without a value');
        this.locals.add(this.local(d.name));
        continue;
      }
      if (ts.isIdentifier(d.name) && isNewArray(ts, d.initializer, this.bindings)) {
        const b = this.local(d.name);
        if (b.kind !== 'const') outside(d, 'an array in a `let`');
        this.locals.add(b);
        this.localArrays.add(b);
        const made = skipOuter(ts, d.initializer);
        if (ts.isNewExpression(made)) for (const a of made.arguments ?? []) this.length(a);
        continue;
      }
      if (ts.isIdentifier(d.name)) {
        this.declare(this.local(d.name), d.initializer);
        this.expression(d.initializer);
        continue;
      }
      this.pattern(d.name, d.initializer);
    }
  }

  /** `const { a, b: c } = passive` or `const [a, b] = x`: every name is available. */
  private pattern(name: TS.BindingPattern, init: TS.Expression): void {
    const { ts } = this;
    const source = skipOuter(ts, init);
    const fromX = ts.isIdentifier(source) && this.bindings.resolve(source) === this.x;
    if (ts.isArrayBindingPattern(name) && !fromX) outside(name, 'array destructuring of something other than x');
    if (!this.collecting && ts.isObjectBindingPattern(name) && (this.isActive(init) || !this.isAvailable(init))) outside(name, 'destructuring an active or changing value');
    if (!fromX) this.expression(init);
    for (const element of name.elements) {
      if (ts.isOmittedExpression(element)) continue;
      if (!ts.isIdentifier(element.name) || element.initializer !== undefined || element.dotDotDotToken !== undefined) outside(element, 'a nested or defaulted pattern');
      if (ts.isObjectBindingPattern(name) && element.propertyName !== undefined && !ts.isIdentifier(element.propertyName)) outside(element, 'a computed key');
      const b = this.local(element.name);
      if (b.reassigned) outside(element, 'a destructured name that is reassigned');
      this.locals.add(b);
      this.available.add(b);
      if (fromX) this.active.add(b);
    }
  }

  private expressionStatement(e0: TS.Expression): void {
    const { ts } = this;
    const e = skipOuter(ts, e0);
    if (ts.isBinaryExpression(e) && isAssignment(ts, e.operatorToken.kind)) {
      const target = skipOuter(ts, e.left);
      if (ts.isIdentifier(target)) {
        const b = this.local(target);
        if (!this.locals.has(b)) outside(target, 'an assignment to a name of the module');
        this.declare(b, e.operatorToken.kind === ts.SyntaxKind.EqualsToken ? e.right : e);
      } else if (ts.isElementAccessExpression(target)) {
        const array = skipOuter(ts, target.expression);
        if (!ts.isIdentifier(array)) outside(target, 'an element write into something other than a named array');
        const b = this.bindings.resolve(array);
        if (b !== undefined && this.localArrays.has(b)) {
          this.index(target.argumentExpression);
        } else {
          if (b === undefined || b.owner !== this.file || b.kind !== 'const') outside(target, 'an element write into an array that is not a module-level const');
          this.writes.add(b);
          this.index(target.argumentExpression);
        }
      } else outside(target, 'an assignment target outside the subset');
      this.expression(e.right);
      return;
    }
    if ((ts.isPostfixUnaryExpression(e) || ts.isPrefixUnaryExpression(e)) && (e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken)) {
      const target = skipOuter(ts, e.operand);
      if (!ts.isIdentifier(target)) outside(e, 'an increment of something other than a local');
      const b = this.local(target);
      if (!this.locals.has(b)) outside(target, 'an increment of a name of the module');
      this.declare(b, e);
      return;
    }
    if (ts.isCallExpression(e) && this.calleeOf(e) !== undefined) {
      this.expression(e);
      return;
    }
    const pushed = this.pushedArray(e);
    if (pushed !== undefined) {
      this.expression((e as TS.CallExpression).arguments[0]!);
      return;
    }
    outside(e, 'an expression statement outside the subset');
  }

  /** `h.push(v)` on an array the function makes: h's binding. */
  pushedArray(e: TS.Expression): Binding | undefined {
    const { ts } = this;
    if (!ts.isCallExpression(e) || e.arguments.length !== 1 || ts.isSpreadElement(e.arguments[0]!)) return undefined;
    const callee = skipOuter(ts, e.expression);
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'push' || callee.questionDotToken !== undefined) return undefined;
    const array = skipOuter(ts, callee.expression);
    const b = ts.isIdentifier(array) ? this.bindings.resolve(array) : undefined;
    return b !== undefined && this.localArrays.has(b) ? b : undefined;
  }

  /** An array's length when it is made: a number that does not depend on x. */
  private length(e: TS.Expression): void {
    this.expression(e);
    if (!this.collecting && (this.isActive(e) || this.hasCall(e))) outside(e, 'an array length that depends on x');
  }

  private forStatement(s: TS.ForStatement): void {
    if (this.collecting) {
      const canonical = this.canonical(s);
      if (canonical !== undefined) {
        this.canonicalLoops.set(s, canonical);
        this.locals.add(canonical.counter);
        this.available.add(canonical.counter);
      }
    }
    const loop = this.canonicalLoops.get(s);
    if (loop !== undefined) {
      const d = (s.initializer as TS.VariableDeclarationList).declarations[0]!;
      this.expression(d.initializer!);
      this.expression((skipOuter(this.ts, s.condition!) as TS.BinaryExpression).right);
    } else {
      // Any other for loop runs as a while loop: its trip count is pushed, its counter's values where needed.
      const init = s.initializer;
      if (init !== undefined) {
        if (this.ts.isVariableDeclarationList(init)) this.declarationList(init);
        else this.expressionStatement(init);
      }
      if (s.condition === undefined) outside(s, 'a for loop without a condition');
      this.condition(s.condition);
      if (s.incrementor !== undefined) this.expressionStatement(s.incrementor);
    }
    this.statement(s.statement);
  }

  /** `for (let i = A; i < B; i++)` (or `<=`, `i += 1`) whose counter is written nowhere else: its counter and bound kind. */
  private canonical(s: TS.ForStatement): { counter: Binding; inclusive: boolean } | undefined {
    const { ts } = this;
    const init = s.initializer;
    if (init === undefined || !ts.isVariableDeclarationList(init) || !(init.flags & ts.NodeFlags.Let) || init.declarations.length !== 1) return undefined;
    const d = init.declarations[0]!;
    if (!ts.isIdentifier(d.name) || d.initializer === undefined) return undefined;
    const counter = this.bindings.resolve(d.name);
    if (counter === undefined || counter.captured) return undefined;
    const cond = s.condition !== undefined ? skipOuter(ts, s.condition) : undefined;
    if (cond === undefined || !ts.isBinaryExpression(cond)) return undefined;
    const op = cond.operatorToken.kind;
    const left = skipOuter(ts, cond.left);
    if (!ts.isIdentifier(left) || this.bindings.resolve(left) !== counter || (op !== ts.SyntaxKind.LessThanToken && op !== ts.SyntaxKind.LessThanEqualsToken)) return undefined;
    if (!isUnitStep(ts, s.incrementor, counter, this.bindings)) return undefined;
    const steps = counter.writes.filter((w) => w.kind !== 'expression');
    if (counter.writes.length !== 2 || steps.length !== 1 || this.mentions(cond.right, counter)) return undefined;
    return { counter, inclusive: op === ts.SyntaxKind.LessThanEqualsToken };
  }

  /**
   * A canonical loop's bounds must be available; one whose bounds are not (known only once
   * availability is) runs as a while loop instead. True if a loop was demoted.
   */
  private demoteLoops(): boolean {
    let demoted = false;
    for (const [s, loop] of this.canonicalLoops) {
      const d = (s.initializer as TS.VariableDeclarationList).declarations[0]!;
      const bound = (skipOuter(this.ts, s.condition!) as TS.BinaryExpression).right;
      if (this.isAvailable(d.initializer!) && this.isAvailable(bound)) continue;
      this.canonicalLoops.delete(s);
      this.available.delete(loop.counter);
      // Its counter is an ordinary local now, made by its writes.
      this.assigned.set(loop.counter, [d.initializer!, s.incrementor!]);
      demoted = true;
    }
    return demoted;
  }

  private forOf(s: TS.ForOfStatement): void {
    const { ts } = this;
    if (s.awaitModifier !== undefined) outside(s, '`for await`');
    const init = s.initializer;
    if (!ts.isVariableDeclarationList(init) || !(init.flags & ts.NodeFlags.Const) || init.declarations.length !== 1) outside(s, 'a for…of without one `const`');
    const name = init.declarations[0]!.name;
    if (this.overX(s)) {
      // `for (const v of x)`: v is x[k], a value that depends on x and that the reverse reads again.
      if (!ts.isIdentifier(name)) outside(s, 'a pattern over x');
      const b = this.local(name);
      this.locals.add(b);
      this.available.add(b);
      this.active.add(b);
      this.statement(s.statement);
      return;
    }
    if (!this.collecting && (this.isActive(s.expression) || !this.isAvailable(s.expression))) outside(s, 'for…of over values that depend on x or change');
    this.expression(s.expression);
    if (ts.isIdentifier(name)) {
      const b = this.local(name);
      this.locals.add(b);
      this.available.add(b);
    } else {
      if (!ts.isObjectBindingPattern(name) && !ts.isArrayBindingPattern(name)) outside(s, 'a for…of pattern');
      for (const element of name.elements) {
        if (ts.isOmittedExpression(element)) continue;
        if (!ts.isIdentifier(element.name) || element.initializer !== undefined || element.dotDotDotToken !== undefined) outside(element, 'a nested or defaulted pattern');
        if (element.propertyName !== undefined && !ts.isIdentifier(element.propertyName)) outside(element, 'a computed key');
        const b = this.local(element.name);
        this.locals.add(b);
        this.available.add(b);
      }
    }
    this.statement(s.statement);
  }

  /** Is this `for (const v of x)`? */
  overX(s: TS.ForOfStatement): boolean {
    const e = skipOuter(this.ts, s.expression);
    return this.x !== undefined && this.ts.isIdentifier(e) && this.bindings.resolve(e) === this.x;
  }

  private mentions(e: TS.Node, b: Binding): boolean {
    return mentions(this.ts, this.bindings, e, b);
  }

  /** A condition: comparisons and logic over anything in the subset, no calls of functions with an adjoint. */
  private condition(e: TS.Expression): void {
    this.expression(e);
    if (this.hasCall(e)) outside(e, 'a call in a condition');
  }

  private index(e: TS.Expression): void {
    this.expression(e);
    if (!this.collecting && this.isActive(e)) outside(e, 'an index that depends on x');
  }

  hasCall(e: TS.Node): boolean {
    const { ts } = this;
    let found = false;
    const visit = (n: TS.Node): void => {
      if (found) return;
      if (ts.isCallExpression(n) && this.calleeOf(n) !== undefined) found = true;
      else ts.forEachChild(n, visit);
    };
    visit(e);
    return found;
  }

  /** The same-file candidate a call reaches, for `g(x, …)`. */
  calleeOf(call: TS.CallExpression): Candidate | undefined {
    return sameFileCallee(this.ts, this.bindings, this.byBinding, call);
  }

  /** An expression in the subset (recursively); records callees. */
  expression(e0: TS.Expression): void {
    const { ts } = this;
    const e = skipOuter(ts, e0);
    if (ts.isNumericLiteral(e) || ts.isStringLiteral(e) || e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || e.kind === ts.SyntaxKind.NullKeyword) return;
    if (ts.isIdentifier(e)) {
      const b = this.bindings.resolve(e);
      if (b === undefined) {
        if (e.text === 'undefined' || e.text === 'Infinity' || e.text === 'NaN') return;
        outside(e, 'a global');
      }
      if (b === this.x && !isIndexedUse(ts, e, false)) outside(e, 'x used other than by index');
      if (b.kind === 'function' || b.kind === 'class') outside(e, 'a function as a value');
      if (this.localArrays.has(b) && !isElementOrLength(ts, e)) outside(e, 'an array it makes, used other than by element, length or push');
      if (b.owner !== this.file && !this.locals.has(b)) outside(e, 'a name of an enclosing function');
      return;
    }
    if (ts.isElementAccessExpression(e)) {
      if (e.questionDotToken !== undefined) outside(e, '`?.`');
      this.expression(e.expression);
      this.index(e.argumentExpression);
      return;
    }
    if (ts.isPropertyAccessExpression(e)) {
      if (e.questionDotToken !== undefined || !ts.isIdentifier(e.name)) outside(e, '`?.` or a private name');
      const object = skipOuter(ts, e.expression);
      if (ts.isIdentifier(object) && object.text === 'Math' && this.bindings.resolve(object) === undefined) return; // Math.PI
      if (!this.collecting && this.isActive(e.expression)) outside(e, 'a property of a value that depends on x');
      this.expression(e.expression);
      return;
    }
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (isAssignment(ts, op) || op === ts.SyntaxKind.CommaToken || op === ts.SyntaxKind.InKeyword || op === ts.SyntaxKind.InstanceOfKeyword || op === ts.SyntaxKind.QuestionQuestionToken) outside(e, 'an operator outside the subset');
      if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
        if (this.hasCall(e)) outside(e, 'a call under && or ||');
      } else if (!ARITHMETIC.has(op) && !COMPARISON.has(op)) {
        // Bit operations and % are fine on plain numbers only.
        if (!this.collecting && (this.isActive(e.left) || this.isActive(e.right))) outside(e, 'an operator without a derivative here');
      }
      this.expression(e.left);
      this.expression(e.right);
      return;
    }
    if (ts.isPrefixUnaryExpression(e)) {
      const op = e.operator;
      if (op === ts.SyntaxKind.PlusPlusToken || op === ts.SyntaxKind.MinusMinusToken) outside(e, 'an increment inside an expression');
      if (!this.collecting && op === ts.SyntaxKind.TildeToken && this.isActive(e.operand)) outside(e, '~ of an active value');
      this.expression(e.operand);
      return;
    }
    if (ts.isConditionalExpression(e)) {
      this.condition(e.condition);
      if (this.hasCall(e.whenTrue) || this.hasCall(e.whenFalse)) outside(e, 'a call in a branch of ?:');
      this.expression(e.whenTrue);
      this.expression(e.whenFalse);
      return;
    }
    if (ts.isCallExpression(e)) {
      if (e.questionDotToken !== undefined || e.arguments.some((a) => ts.isSpreadElement(a))) outside(e, 'a spread or optional call');
      const math = mathName(ts, e, this.bindings);
      if (math !== undefined) {
        if (UNARY_PARTIALS[math] !== undefined || PIECEWISE_CONSTANT.has(math)) {
          if (e.arguments.length !== 1) outside(e, 'a Math function with other than one argument');
        } else if (BINARY_MATH.has(math)) {
          if (e.arguments.length !== 2) outside(e, 'a Math function with other than two arguments');
        } else outside(e, 'a Math function outside the subset');
        for (const a of e.arguments) this.expression(a);
        return;
      }
      const callee = this.calleeOf(e);
      if (callee === undefined) outside(e, 'a call of a function without an adjoint');
      if (callee.returned === undefined) outside(e, 'a call of a function that returns nothing');
      const args = e.arguments;
      if (args.length !== callee.params.length) outside(e, 'a call with a different number of arguments');
      const calleeUse = this.uses.get(callee)!;
      args.forEach((a, k) => {
        if (calleeUse.hasX && k === 0) {
          const first = skipOuter(ts, a);
          if (this.x === undefined || !ts.isIdentifier(first) || this.bindings.resolve(first) !== this.x) outside(e, 'a call that does not pass x on as x');
          return;
        }
        this.expression(a);
        if (!this.collecting && this.isActive(a)) this.activeArguments.push({ callee, index: k });
      });
      this.callees.add(callee);
      return;
    }
    outside(e, 'an expression outside the subset');
  }

  /** May the value of e depend on x? (After the fixed point: exact for this function.) */
  isActive(e0: TS.Expression): boolean {
    const { ts } = this;
    const e = skipOuter(ts, e0);
    if (ts.isIdentifier(e)) {
      const b = this.bindings.resolve(e);
      return b !== undefined && this.active.has(b);
    }
    if (ts.isElementAccessExpression(e)) {
      const array = skipOuter(ts, e.expression);
      if (!ts.isIdentifier(array)) return false;
      const b = this.bindings.resolve(array);
      return b !== undefined && (b === this.x || this.fileWrites.has(b) || this.localArrays.has(b));
    }
    if (ts.isPropertyAccessExpression(e)) return false;
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (COMPARISON.has(op) || op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) return false;
      return this.isActive(e.left) || this.isActive(e.right);
    }
    if (ts.isPrefixUnaryExpression(e) || ts.isPostfixUnaryExpression(e)) {
      if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return false;
      return this.isActive(e.operand);
    }
    if (ts.isConditionalExpression(e)) return this.isActive(e.whenTrue) || this.isActive(e.whenFalse);
    if (ts.isCallExpression(e)) {
      const math = mathName(ts, e, this.bindings);
      if (math !== undefined) return !PIECEWISE_CONSTANT.has(math) && e.arguments.some((a) => this.isActive(a));
      return true;
    }
    return false;
  }

  /** Is e's value in the reverse sweep what it was in the forward pass? */
  isAvailable(e0: TS.Expression): boolean {
    const { ts } = this;
    const e = skipOuter(ts, e0);
    if (ts.isNumericLiteral(e) || ts.isStringLiteral(e) || e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || e.kind === ts.SyntaxKind.NullKeyword) return true;
    if (ts.isIdentifier(e)) {
      const b = this.bindings.resolve(e);
      if (b === undefined) return e.text === 'undefined' || e.text === 'Infinity' || e.text === 'NaN';
      if (this.localArrays.has(b)) return false;
      if (this.locals.has(b)) return this.available.has(b);
      // Module-level: only the forward pass's element writes change anything while a gradient runs.
      return b.owner === this.file;
    }
    if (ts.isElementAccessExpression(e)) {
      const array = skipOuter(ts, e.expression);
      if (ts.isIdentifier(array)) {
        const b = this.bindings.resolve(array);
        if (b !== undefined && (this.fileWrites.has(b) || this.localArrays.has(b))) return false;
      }
      return this.isAvailable(e.expression) && this.isAvailable(e.argumentExpression) && !this.hasCall(e);
    }
    if (ts.isPropertyAccessExpression(e)) {
      const object = skipOuter(ts, e.expression);
      if (ts.isIdentifier(object) && object.text === 'Math' && this.bindings.resolve(object) === undefined) return true;
      return this.isAvailable(e.expression);
    }
    if (ts.isBinaryExpression(e)) return !isAssignment(ts, e.operatorToken.kind) && this.isAvailable(e.left) && this.isAvailable(e.right);
    if (ts.isPrefixUnaryExpression(e)) return e.operator !== ts.SyntaxKind.PlusPlusToken && e.operator !== ts.SyntaxKind.MinusMinusToken && this.isAvailable(e.operand);
    if (ts.isConditionalExpression(e)) return this.isAvailable(e.condition) && this.isAvailable(e.whenTrue) && this.isAvailable(e.whenFalse);
    if (ts.isCallExpression(e)) return mathName(ts, e, this.bindings) !== undefined && e.arguments.every((a) => this.isAvailable(a));
    return false;
  }
}

const ARITHMETIC_KINDS = ['PlusToken', 'MinusToken', 'AsteriskToken', 'SlashToken', 'AsteriskAsteriskToken'] as const;
const COMPARISON_KINDS = ['LessThanToken', 'LessThanEqualsToken', 'GreaterThanToken', 'GreaterThanEqualsToken', 'EqualsEqualsToken', 'EqualsEqualsEqualsToken', 'ExclamationEqualsToken', 'ExclamationEqualsEqualsToken'] as const;
let ARITHMETIC: ReadonlySet<TS.SyntaxKind> = new Set();
let COMPARISON: ReadonlySet<TS.SyntaxKind> = new Set();

/** Fill the operator sets from the TypeScript module in use (its enum values). */
export function initOperators(ts: typeof TS): void {
  if (ARITHMETIC.size > 0) return;
  ARITHMETIC = new Set(ARITHMETIC_KINDS.map((k) => ts.SyntaxKind[k]));
  COMPARISON = new Set(COMPARISON_KINDS.map((k) => ts.SyntaxKind[k]));
}

export function isArithmetic(op: TS.SyntaxKind): boolean {
  return ARITHMETIC.has(op);
}

export function isAssignment(ts: typeof TS, op: TS.SyntaxKind): boolean {
  return op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment;
}

/** `Math.name(…)` with the global Math: its name. */
export function mathName(ts: typeof TS, call: TS.CallExpression, bindings: FileBindings): string | undefined {
  const callee = skipOuter(ts, call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name)) return undefined;
  const object = skipOuter(ts, callee.expression);
  if (!ts.isIdentifier(object) || object.text !== 'Math' || bindings.resolve(object) !== undefined) return undefined;
  return callee.name.text;
}

function isUnitStep(ts: typeof TS, inc: TS.Expression | undefined, counter: Binding, bindings: FileBindings): boolean {
  if (inc === undefined) return false;
  const e = skipOuter(ts, inc);
  const isCounter = (x: TS.Expression): boolean => {
    const s = skipOuter(ts, x);
    return ts.isIdentifier(s) && bindings.resolve(s) === counter;
  };
  if ((ts.isPostfixUnaryExpression(e) || ts.isPrefixUnaryExpression(e)) && e.operator === ts.SyntaxKind.PlusPlusToken) return isCounter(e.operand);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) {
    const r = skipOuter(ts, e.right);
    return isCounter(e.left) && ts.isNumericLiteral(r) && Number(r.text) === 1;
  }
  return false;
}

/**
 * Module-level arrays the forward passes write: each must be a `const` made by `new
 * Float64Array(…)` or an array literal / `new Array(…)`, not exported, and reached only by
 * element or `.length` anywhere in the file — no alias can read its elements behind the
 * generator's back. The ones that fail.
 */
export function unsafeScratchArrays(ts: typeof TS, file: TS.SourceFile, bindings: FileBindings, written: ReadonlySet<Binding>): Set<Binding> {
  const bad = new Set<Binding>();
  for (const b of written) {
    const d = b.declaration;
    if (!ts.isVariableDeclaration(d) || d.initializer === undefined || !ts.isVariableStatement(d.parent.parent)) {
      bad.add(b);
      continue;
    }
    if (d.parent.parent.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) bad.add(b);
    const init = skipOuter(ts, d.initializer);
    const made = ts.isArrayLiteralExpression(init) || (ts.isNewExpression(init) && ts.isIdentifier(init.expression) && SCRATCH_CONSTRUCTORS.has(init.expression.text) && bindings.resolve(init.expression) === undefined);
    if (!made) bad.add(b);
  }
  const visit = (n: TS.Node): void => {
    if (ts.isIdentifier(n)) {
      const b = bindings.resolve(n);
      if (b !== undefined && written.has(b) && !bad.has(b) && n !== (b.declaration as TS.VariableDeclaration).name) {
        const site = useSite(ts, n);
        if (!byElementOrLength(ts, site.n, site.p)) bad.add(b);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(file);
  return bad;
}

/** Module-level arrays whose elements some candidate assigns. */
export function scratchWrites(ts: typeof TS, file: TS.SourceFile, bindings: FileBindings, candidates: readonly Candidate[]): Set<Binding> {
  const out = new Set<Binding>();
  const visit = (n: TS.Node): void => {
    if (ts.isBinaryExpression(n) && isAssignment(ts, n.operatorToken.kind)) {
      const target = skipOuter(ts, n.left);
      if (ts.isElementAccessExpression(target)) {
        const array = skipOuter(ts, target.expression);
        const b = ts.isIdentifier(array) ? bindings.resolve(array) : undefined;
        if (b !== undefined && b.owner === file) out.add(b);
      }
    }
    ts.forEachChild(n, visit);
  };
  for (const c of candidates) if (c.node.body !== undefined) visit(c.node.body);
  return out;
}

/** `new Float64Array(n)`, `new Float32Array(n)`, `new Array(n)` (one argument) or `[]`, with the global constructors. */
export function isNewArray(ts: typeof TS, e0: TS.Expression, bindings: FileBindings): boolean {
  const e = skipOuter(ts, e0);
  if (ts.isArrayLiteralExpression(e)) return e.elements.length === 0;
  if (!ts.isNewExpression(e) || !ts.isIdentifier(e.expression) || bindings.resolve(e.expression) !== undefined) return false;
  return SCRATCH_CONSTRUCTORS.has(e.expression.text) && (e.arguments?.length ?? 0) === 1 && !ts.isSpreadElement(e.arguments![0]!);
}

/** h[i], h.length, or h.push(…) as a statement. */
function isElementOrLength(ts: typeof TS, id: TS.Identifier): boolean {
  const { n, p } = useSite(ts, id);
  if (byElementOrLength(ts, n, p)) return true;
  return p !== undefined && ts.isPropertyAccessExpression(p) && p.expression === n && p.name.text === 'push' && ts.isCallExpression(p.parent) && p.parent.expression === p && ts.isExpressionStatement(p.parent.parent);
}

/** `if (c) return E;` (or `{ return E; }`) without else: E. */
export function guardOf(ts: typeof TS, s: TS.Statement): TS.Expression | undefined {
  if (!ts.isIfStatement(s) || s.elseStatement !== undefined) return undefined;
  let then = s.thenStatement;
  if (ts.isBlock(then)) {
    if (then.statements.length !== 1) return undefined;
    then = then.statements[0]!;
  }
  return ts.isReturnStatement(then) && then.expression !== undefined ? then.expression : undefined;
}

/** Does `e` refer to binding `b` anywhere? */
export function mentions(ts: typeof TS, bindings: FileBindings, e: TS.Node, b: Binding): boolean {
  let found = false;
  const visit = (n: TS.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n) && bindings.resolve(n) === b) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(e);
  return found;
}

/** The name kept for `b` in `names`, made `prefix` + a number the first time. */
export function nameFor(names: Map<Binding, string>, b: Binding, prefix: string): string {
  let name = names.get(b);
  if (name === undefined) {
    name = `${prefix}${names.size}`;
    names.set(b, name);
  }
  return name;
}

/** The candidate a call `g(…)` reaches by name, if g is one. */
export function sameFileCallee(ts: typeof TS, bindings: FileBindings, byBinding: ReadonlyMap<Binding, Candidate>, call: TS.CallExpression): Candidate | undefined {
  const callee = skipOuter(ts, call.expression);
  if (!ts.isIdentifier(callee)) return undefined;
  const b = bindings.resolve(callee);
  return b === undefined ? undefined : byBinding.get(b);
}
