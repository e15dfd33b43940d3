/**
 * Writes a function's adjoint as JavaScript: a forward pass (the function's own code, which
 * also pushes onto a stack of doubles what the reverse sweep cannot recompute — partial
 * derivatives of nonlinear operations, branch decisions, indices that change) and a reverse
 * sweep (the statements in reverse order, loops run backwards, each assignment's adjoint
 * handed to its operands). Values the reverse sweep can recompute (available: constants, data,
 * loop counters, x's elements) are recomputed, not pushed. Conventions follow the tape's: a
 * zero adjoint passes nothing on (so an unused operand with an infinite partial contributes 0,
 * not NaN), max/min split a tie evenly, |x|′ is 0 at 0, pow's partials are the runtime's.
 */
import type * as TS from 'typescript';
import type { Binding, FileBindings } from '../bindings';
import { skipOuter } from '../context';
import { BINARY_MATH, guardOf, isArithmetic, isAssignment, mathName, mentions, nameFor, outside, PIECEWISE_CONSTANT, UNARY_PARTIALS, type Candidate, type FunctionFacts, type ParameterUse } from './subset';

/** Names shared by a file's generated code. */
export interface FileNames {
  /** The runtime object. */
  readonly rt: string;
  /** Prefix of every generated name. */
  readonly p: string;
  /** Adjoint array of each module-level scratch array the forward passes write. */
  readonly scratch: ReadonlyMap<Binding, string>;
}

/** An expression compiled for both passes. */
interface Compiled {
  /** Forward code computing the value (and pushing what the reverse sweep needs). */
  readonly fwd: string;
  /** Code recomputing the value in the reverse sweep, when it is available there. */
  readonly avail: string | null;
  readonly active: boolean;
  /** Reverse code: given the adjoint `bar` (a name or literal), pop this expression's pushes and pass the adjoint on. */
  readonly rev: (bar: string, out: string[]) => void;
}

const PASSIVE_REV = (): void => undefined;

export function forwardName(names: FileNames, c: Candidate): string {
  return `${names.p}f_${c.stem}`;
}
export function reverseName(names: FileNames, c: Candidate): string {
  return `${names.p}r_${c.stem}`;
}
/** Where a function's reverse sweep leaves the adjoints of its parameters that depend on x. */
export function parameterAdjoints(names: FileNames, c: Candidate): string {
  return `${names.p}pb_${c.stem}`;
}

export class FunctionEmitter {
  private readonly fwdTemps: string[] = [];
  private readonly revTemps: string[] = [];
  private readonly adjoints = new Map<Binding, string>();
  private readonly callAdjoints: string[] = [];
  /** Adjoints of the arrays the function makes, by binding (allocated at their block's start in the reverse sweep). */
  private readonly arrayAdjoints = new Map<Binding, string>();
  private readonly f: TS.NodeFactory;
  /** Hoisted calls of the statement being compiled: call → its result's temp and adjoint. */
  private calls = new Map<TS.CallExpression, { value: string; adjoint: string }>();
  /** The reverse sweep's parameters: the adjoint of x and of the function's value. */
  private readonly xb: string;
  private readonly rb: string;

  constructor(
    private readonly ts: typeof TS,
    private readonly bindings: FileBindings,
    private readonly facts: FunctionFacts,
    private readonly names: FileNames,
    private readonly calleeOf: (call: TS.CallExpression) => Candidate | undefined,
    private readonly useOf: (c: Candidate) => ParameterUse,
  ) {
    this.f = ts.factory;
    this.xb = `${names.p}xb`;
    this.rb = `${names.p}rb`;
  }

  /** `function P_f_stem(…) {…}` and `function P_r_stem(…, xb, rb) {…}`. */
  emit(): string {
    const c = this.facts.candidate;
    const params = c.params.map((p) => p.text);
    const body = this.level(c.body, []);
    const fwd: string[] = body.fwd;
    const rev: string[] = body.rev;
    // The adjoints of parameters callers pass values depending on x, for the caller to pass on.
    const use = this.useOf(c);
    c.params.forEach((p, k) => {
      if (use.active[k] && !(use.hasX && k === 0)) rev.push(`${parameterAdjoints(this.names, c)}[${k}] = ${this.adjointOf(this.bindings.resolve(p)!)};`);
    });
    const decl = (names: string[], init: string): string => (names.length === 0 ? '' : `let ${names.map((n) => `${n}${init}`).join(', ')};`);
    const adjoints = [...this.adjoints.values(), ...this.callAdjoints];
    return [
      `function ${forwardName(this.names, c)}(${params.join(', ')}) {`,
      decl(this.fwdTemps, ''),
      ...fwd,
      '}',
      `function ${reverseName(this.names, c)}(${[...params, this.xb, this.rb].join(', ')}) {`,
      decl(adjoints, ' = 0'),
      decl([...this.arrayAdjoints.values()], ' = null'),
      decl(this.revTemps, ''),
      ...body.redeclare,
      ...rev,
      '}',
    ].filter((line) => line !== '').join('\n');
  }

  // ------------------------------------------------------------------ statements

  /**
   * The function's body from `statements` on. A guard clause (`if (c) return E;`, at the body's
   * top level) splits it: the statements before it, then `if (c) return E; else { the rest }`.
   * A return leaves the forward pass before any push after it, so each return pushes the
   * decisions of the guards around it itself, the innermost first: the outermost guard's is on
   * top when the reverse sweep starts, and each guard's reverse pops its own.
   */
  private level(statements: readonly TS.Statement[], decisions: readonly string[]): { fwd: string[]; redeclare: string[]; rev: string[] } {
    const g = statements.findIndex((st) => guardOf(this.ts, st) !== undefined);
    const body = this.block(g < 0 ? statements : statements.slice(0, g));
    const fwd = [...body.fwd];
    const rev: string[] = [];
    if (g < 0) {
      const site = this.returnSite(this.facts.candidate.returned, decisions);
      fwd.push(...site.fwd);
      rev.push(...site.rev);
    } else {
      const guard = statements[g] as TS.IfStatement;
      const then = this.returnSite(guardOf(this.ts, guard)!, [this.push('1'), ...decisions]);
      const rest = this.level(statements.slice(g + 1), [this.push('0'), ...decisions]);
      fwd.push(`if (${this.primal(guard.expression)}) {\n${then.fwd.join('\n')}\n} else {\n${rest.fwd.join('\n')}\n}`);
      rev.push(`if (${this.pop()} !== 0) {\n${then.rev.join('\n')}\n} else {\n${[...rest.redeclare, ...rest.rev].join('\n')}\n}`);
    }
    rev.push(...body.revBody);
    return { fwd, redeclare: body.redeclare, rev };
  }

  /** `return E` (E's adjoint is the reverse's `rb`), after the decisions of the guards around it. */
  private returnSite(e: TS.Expression | undefined, decisions: readonly string[]): { fwd: string[]; rev: string[] } {
    const pushes = decisions.map((d) => `${d};`);
    if (e === undefined) return { fwd: [...pushes, 'return;'], rev: [] };
    const hoisted = this.hoist(e);
    const value = this.expr(e);
    const rev: string[] = [];
    value.rev(this.rb, rev);
    rev.push(...hoisted.rev);
    if (decisions.length === 0) return { fwd: [...hoisted.fwd, `return ${value.fwd};`], rev };
    const t = this.fwdTemp();
    return { fwd: [...hoisted.fwd, `${t} = ${value.fwd};`, ...pushes, `return ${t};`], rev };
  }

  /** A block: forward statements; the reverse's re-declarations of available names and its reversed statements. */
  private block(statements: readonly TS.Statement[]): { fwd: string[]; redeclare: string[]; revBody: string[] } {
    const fwd: string[] = [];
    const revs: string[][] = [];
    const redeclare: string[] = [];
    const made: Binding[] = [];
    for (const s of statements) {
      const r = this.statement(s);
      fwd.push(...r.fwd);
      revs.push(r.rev);
      if (this.ts.isVariableStatement(s)) {
        redeclare.push(...this.redeclarations(s.declarationList));
        for (const d of s.declarationList.declarations) {
          const b = this.ts.isIdentifier(d.name) ? this.bindings.resolve(d.name) : undefined;
          if (b !== undefined && this.facts.localArrays.has(b)) made.push(b);
        }
      }
    }
    // The arrays made in this block: their final lengths (on a stack of their own) size their adjoints.
    for (const b of made) fwd.push(`${this.names.p}ls.push(${b.name}.length);`);
    for (let i = made.length - 1; i >= 0; i--) redeclare.push(`${this.arrayAdjoint(made[i]!)} = new Float64Array(${this.names.p}ls.pop());`);
    return { fwd, redeclare, revBody: lastFirst(revs) };
  }

  private blockText(s: TS.Statement): { fwd: string; rev: string } {
    const b = this.block(this.ts.isBlock(s) ? s.statements : [s]);
    return { fwd: `{\n${b.fwd.join('\n')}\n}`, rev: `{\n${[...b.redeclare, ...b.revBody].join('\n')}\n}` };
  }

  /** `const a = …` again at the start of the reverse block, for each declared name that is available. */
  private redeclarations(list: TS.VariableDeclarationList): string[] {
    const out: string[] = [];
    for (const d of list.declarations) {
      const ids = this.namesOf(d.name);
      if (ids.length === 0 || !ids.every((id) => this.facts.available.has(this.bindings.resolve(id)!))) continue;
      out.push(`const ${this.patternText(d.name)} = ${this.primal(d.initializer!)};`);
    }
    return out;
  }

  private namesOf(name: TS.BindingName): TS.Identifier[] {
    if (this.ts.isIdentifier(name)) return [name];
    const out: TS.Identifier[] = [];
    for (const e of name.elements) if (!this.ts.isOmittedExpression(e)) out.push(...this.namesOf(e.name));
    return out;
  }

  private patternText(name: TS.BindingName): string {
    const { ts } = this;
    if (ts.isIdentifier(name)) return name.text;
    if (ts.isArrayBindingPattern(name)) return `[${name.elements.map((e) => (ts.isOmittedExpression(e) ? '' : this.patternText(e.name))).join(', ')}]`;
    return `{ ${name.elements.map((e) => (e.propertyName !== undefined ? `${(e.propertyName as TS.Identifier).text}: ${this.patternText(e.name)}` : this.patternText(e.name))).join(', ')} }`;
  }

  private arrayAdjoint(b: Binding): string {
    return nameFor(this.arrayAdjoints, b, `${this.names.p}h`);
  }

  /** The adjoint array of x, of a module scratch array or of an array the function makes. */
  private adjointArray(b: Binding): string | undefined {
    if (b === this.facts.x) return this.xb;
    if (this.facts.localArrays.has(b)) return this.arrayAdjoint(b);
    return this.names.scratch.get(b);
  }

  private adjointOf(b: Binding): string {
    return nameFor(this.adjoints, b, `${this.names.p}b`);
  }

  private fwdTemp(): string {
    const t = `${this.names.p}t${this.fwdTemps.length}`;
    this.fwdTemps.push(t);
    return t;
  }

  private revTemp(): string {
    const t = `${this.names.p}u${this.revTemps.length}`;
    this.revTemps.push(t);
    return t;
  }

  private push(value: string): string {
    return `${this.names.p}push(${value})`;
  }

  private pop(): string {
    return `${this.names.p}s[--${this.names.p}sp]`;
  }

  /** Pop into a fresh reverse temporary. */
  private popInto(out: string[]): string {
    const t = this.revTemp();
    out.push(`${t} = ${this.pop()};`);
    return t;
  }

  private statement(s: TS.Statement): { fwd: string[]; rev: string[] } {
    const { ts } = this;
    if (ts.isBlock(s)) {
      const b = this.blockText(s);
      return { fwd: [b.fwd], rev: [b.rev] };
    }
    if (ts.isEmptyStatement(s)) return { fwd: [], rev: [] };
    if (ts.isVariableStatement(s)) return this.declarations(s.declarationList);
    if (ts.isExpressionStatement(s)) return this.expressionStatement(s.expression);
    if (ts.isIfStatement(s)) return this.ifStatement(s);
    if (ts.isForStatement(s)) return this.facts.canonicalLoops.has(s) ? this.forStatement(s) : this.counted(s.initializer, s.condition!, s.incrementor, s.statement, false);
    if (ts.isWhileStatement(s)) return this.counted(undefined, s.expression, undefined, s.statement, false);
    if (ts.isDoStatement(s)) return this.counted(undefined, s.expression, undefined, s.statement, true);
    if (ts.isForOfStatement(s)) return this.forOf(s);
    return outside(s, 'a statement outside the subset');
  }

  private declarations(list: TS.VariableDeclarationList): { fwd: string[]; rev: string[] } {
    const { ts } = this;
    const keyword = list.flags & ts.NodeFlags.Const ? 'const' : 'let';
    const fwd: string[] = [];
    const revs: string[][] = [];
    for (const d of list.declarations) {
      const init = d.initializer;
      if (init === undefined) {
        // `let s;`: a fresh binding, whose adjoint starts at 0 (in the reverse sweep: ends there).
        const b = this.bindings.resolve(d.name as TS.Identifier)!;
        fwd.push(`let ${(d.name as TS.Identifier).text};`);
        revs.push(this.facts.active.has(b) ? [`${this.adjointOf(b)} = 0;`] : []);
        continue;
      }
      if (!ts.isIdentifier(d.name)) {
        fwd.push(`${keyword} ${this.patternText(d.name)} = ${this.primal(init)};`);
        // `const [a, b] = x`: each name's adjoint goes to its element of x.
        const rev: string[] = [];
        if (ts.isArrayBindingPattern(d.name)) {
          d.name.elements.forEach((e, k) => {
            if (ts.isOmittedExpression(e)) return;
            const b = this.bindings.resolve(e.name as TS.Identifier)!;
            if (!this.facts.active.has(b)) return;
            const a = this.adjointOf(b);
            rev.push(`${this.xb}[${k}] += ${a}; ${a} = 0;`);
          });
        }
        revs.push(rev);
        continue;
      }
      const b = this.bindings.resolve(d.name)!;
      if (!this.facts.active.has(b) || this.facts.localArrays.has(b)) {
        fwd.push(`${keyword} ${d.name.text} = ${this.primal(init)};`);
        revs.push([]);
        continue;
      }
      const hoisted = this.hoist(init);
      const value = this.expr(init);
      fwd.push(...hoisted.fwd, `${keyword} ${d.name.text} = ${value.fwd};`);
      const a = this.adjointOf(b);
      const rev: string[] = [];
      value.rev(a, rev);
      rev.push(`${a} = 0;`, ...hoisted.rev);
      revs.push(rev);
    }
    return { fwd, rev: lastFirst(revs) };
  }

  private expressionStatement(e0: TS.Expression): { fwd: string[]; rev: string[] } {
    const { ts, f } = this;
    const e = skipOuter(ts, e0);
    if ((ts.isPostfixUnaryExpression(e) || ts.isPrefixUnaryExpression(e)) && (e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken)) {
      // v++ on a local: v + 1 passes v's adjoint through unchanged.
      return { fwd: [`${this.primal(e)};`], rev: [] };
    }
    if (ts.isCallExpression(e) && this.calleeOf(e) === undefined) return this.pushStatement(e);
    if (ts.isCallExpression(e)) {
      const hoisted = this.hoist(e);
      return { fwd: hoisted.fwd, rev: hoisted.rev };
    }
    if (!ts.isBinaryExpression(e) || !isAssignment(ts, e.operatorToken.kind)) return outside(e, 'an expression statement outside the subset');
    const op = e.operatorToken.kind;
    const target = skipOuter(ts, e.left);
    // v op= E is v = v op E.
    const binaryOf: Partial<Record<TS.SyntaxKind, TS.BinaryOperator>> = {
      [ts.SyntaxKind.PlusEqualsToken]: ts.SyntaxKind.PlusToken,
      [ts.SyntaxKind.MinusEqualsToken]: ts.SyntaxKind.MinusToken,
      [ts.SyntaxKind.AsteriskEqualsToken]: ts.SyntaxKind.AsteriskToken,
      [ts.SyntaxKind.SlashEqualsToken]: ts.SyntaxKind.SlashToken,
    };
    let rhs: TS.Expression;
    if (op === ts.SyntaxKind.EqualsToken) rhs = e.right;
    else {
      const binary = binaryOf[op];
      if (binary === undefined) return outside(e, 'a compound assignment outside the subset');
      rhs = f.createBinaryExpression(target, binary, f.createParenthesizedExpression(e.right));
    }
    const hoisted = this.hoist(e.right);
    // A[i] op= g(x): the element is read before the call, which may write it.
    if (op !== ts.SyntaxKind.EqualsToken && hoisted.fwd.length > 0 && !ts.isIdentifier(target)) return outside(e, 'a compound write of an element with a call');
    if (ts.isIdentifier(target)) {
      const b = this.bindings.resolve(target)!;
      if (!this.facts.active.has(b)) return { fwd: [...hoisted.fwd, `${target.text} = ${this.primal(rhs)};`], rev: hoisted.rev };
      const a = this.adjointOf(b);
      const rev: string[] = [];
      // v += E (E without v): v's adjoint goes to E's operands and stays v's.
      if ((op === ts.SyntaxKind.PlusEqualsToken || op === ts.SyntaxKind.MinusEqualsToken) && !this.mentions(e.right, b)) {
        const value = this.expr(e.right);
        value.rev(op === ts.SyntaxKind.PlusEqualsToken ? a : `(-${a})`, rev);
        return { fwd: [...hoisted.fwd, `${target.text} ${op === ts.SyntaxKind.PlusEqualsToken ? '+=' : '-='} ${value.fwd};`], rev: [...rev, ...hoisted.rev] };
      }
      const value = this.expr(rhs);
      const t = this.revTemp();
      rev.push(`${t} = ${a}; ${a} = 0;`);
      value.rev(t, rev);
      return { fwd: [...hoisted.fwd, `${target.text} = ${value.fwd};`], rev: [...rev, ...hoisted.rev] };
    }
    if (ts.isElementAccessExpression(target)) {
      const array = skipOuter(ts, target.expression) as TS.Identifier;
      const b = this.bindings.resolve(array)!;
      const adjoint = b === this.facts.x ? undefined : this.adjointArray(b);
      if (adjoint === undefined) return outside(target, 'a write into an array without an adjoint');
      const value = this.expr(rhs);
      const fwd = [...hoisted.fwd];
      const rev: string[] = [];
      let index: string;
      const t = this.fwdTemp();
      fwd.push(`${t} = ${value.fwd};`);
      if (this.isAvailable(target.argumentExpression)) {
        index = this.primal(target.argumentExpression);
        fwd.push(`${array.text}[${index}] = ${t};`);
      } else {
        const i = this.fwdTemp();
        fwd.push(`${i} = ${this.primal(target.argumentExpression)}; ${this.push(i)}; ${array.text}[${i}] = ${t};`);
        index = this.popInto(rev);
      }
      this.overwritten(adjoint, index, value, rev);
      return { fwd, rev: [...rev, ...hoisted.rev] };
    }
    return outside(target, 'an assignment target outside the subset');
  }

  /** `h.push(E)` is `h[h.length] = E`: the index is pushed (the length changes). */
  private pushStatement(e: TS.CallExpression): { fwd: string[]; rev: string[] } {
    const array = skipOuter(this.ts, (skipOuter(this.ts, e.expression) as TS.PropertyAccessExpression).expression) as TS.Identifier;
    const b = this.bindings.resolve(array);
    if (b === undefined || !this.facts.localArrays.has(b)) return outside(e, 'a call statement outside the subset');
    const hoisted = this.hoist(e.arguments[0]!);
    const value = this.expr(e.arguments[0]!);
    const t = this.fwdTemp();
    const i = this.fwdTemp();
    const fwd = [...hoisted.fwd, `${t} = ${value.fwd}; ${i} = ${array.text}.length; ${this.push(i)}; ${array.text}.push(${t});`];
    const rev: string[] = [];
    const index = this.popInto(rev);
    this.overwritten(this.arrayAdjoint(b), index, value, rev);
    return { fwd, rev: [...rev, ...hoisted.rev] };
  }

  /** The reverse of `a[i] = E`: the element's adjoint goes to E, and the element's old value gets none. */
  private overwritten(adjoint: string, index: string, value: Compiled, rev: string[]): void {
    const bar = this.revTemp();
    rev.push(`${bar} = ${adjoint}[${index}]; ${adjoint}[${index}] = 0;`);
    value.rev(bar, rev);
  }

  private ifStatement(s: TS.IfStatement): { fwd: string[]; rev: string[] } {
    const cond = this.primal(s.expression);
    const then = this.blockText(s.thenStatement);
    const otherwise = s.elseStatement !== undefined ? this.blockText(s.elseStatement) : { fwd: '{}', rev: '{}' };
    if (this.isAvailable(s.expression)) {
      return { fwd: [`if (${cond}) ${then.fwd} else ${otherwise.fwd}`], rev: [`if (${cond}) ${then.rev} else ${otherwise.rev}`] };
    }
    // The branch taken is pushed after the branch's own pushes, so it is popped first.
    const withDecision = (block: string, taken: 0 | 1): string => `{\n${block.slice(1, -1)}\n${this.push(String(taken))};\n}`;
    return {
      fwd: [`if (${cond}) ${withDecision(then.fwd, 1)} else ${withDecision(otherwise.fwd, 0)}`],
      rev: [`if (${this.pop()} !== 0) ${then.rev} else ${otherwise.rev}`],
    };
  }

  private forStatement(s: TS.ForStatement): { fwd: string[]; rev: string[] } {
    const { ts } = this;
    const loop = this.facts.canonicalLoops.get(s);
    if (loop === undefined) return outside(s, 'a loop outside the subset');
    const d = (s.initializer as TS.VariableDeclarationList).declarations[0]!;
    const counter = (d.name as TS.Identifier).text;
    const start = this.primal(d.initializer!);
    const bound = this.primal((skipOuter(ts, s.condition!) as TS.BinaryExpression).right);
    const body = this.blockText(s.statement);
    const fwd: string[] = [];
    // Running the loop backwards from start + count − 1 revisits the same counters only for an integer start.
    const init = skipOuter(ts, d.initializer!);
    if (!(ts.isNumericLiteral(init) && Number.isInteger(Number(init.text)))) fwd.push(`if (!Number.isInteger(${start})) throw ${this.names.rt}.adjointAbort;`);
    const cmp = loop.inclusive ? '<=' : '<';
    fwd.push(`for (let ${counter} = ${start}; ${counter} ${cmp} ${bound}; ${counter}++) ${body.fwd}`);
    const lo = this.revTemp();
    const n = this.revTemp();
    const count = loop.inclusive ? `${bound} >= ${lo} ? Math.floor(${bound} - ${lo}) + 1 : 0` : `${bound} > ${lo} ? Math.ceil(${bound} - ${lo}) : 0`;
    return { fwd, rev: [`${lo} = ${start}; ${n} = ${count};`, `for (let ${counter} = ${lo} + ${n} - 1; ${counter} >= ${lo}; ${counter}--) ${body.rev}`] };
  }

  /**
   * A while loop (or do…while, or a for loop that is not a plain count): the forward pass counts
   * its trips and pushes the count; the reverse runs the update's and the body's reverse that
   * many times. Its variables' values the reverse needs are pushed where they are used.
   */
  private counted(init: TS.ForInitializer | undefined, cond: TS.Expression, update: TS.Expression | undefined, body: TS.Statement, doWhile: boolean): { fwd: string[]; rev: string[] } {
    const { ts } = this;
    const empty = { fwd: [] as string[], rev: [] as string[] };
    const start = init === undefined ? empty : ts.isVariableDeclarationList(init) ? this.declarations(init) : this.expressionStatement(init);
    const step = update === undefined ? empty : this.expressionStatement(update);
    const inner = this.blockText(body);
    const trips = this.fwdTemp();
    const test = this.primal(cond);
    const loop = `{\n${inner.fwd.slice(1, -1)}\n${step.fwd.join('\n')}\n${trips}++;\n}`;
    const fwd = [`{\n${start.fwd.join('\n')}\n${trips} = 0;\n${doWhile ? `do ${loop} while (${test});` : `while (${test}) ${loop}`}\n${this.push(trips)};\n}`];
    const k = this.revTemp();
    const redeclare = init !== undefined && ts.isVariableDeclarationList(init) ? this.redeclarations(init) : [];
    const rev = [`{\n${redeclare.join('\n')}\nfor (${k} = ${this.pop()}; ${k} > 0; ${k}--) {\n${step.rev.join('\n')}\n${inner.rev}\n}\n${start.rev.join('\n')}\n}`];
    return { fwd, rev };
  }

  private forOf(s: TS.ForOfStatement): { fwd: string[]; rev: string[] } {
    const list = s.initializer as TS.VariableDeclarationList;
    const pattern = this.patternText(list.declarations[0]!.name);
    const items = this.primal(s.expression);
    const body = this.blockText(s.statement);
    const arr = this.revTemp();
    const k = `${this.names.p}k${this.revTemps.length}`;
    if (this.facts.overX(s)) {
      // v = x[k]: its adjoint goes to x's k-th component when the iteration's reverse is done.
      const v = this.adjointOf(this.bindings.resolve(list.declarations[0]!.name as TS.Identifier)!);
      return {
        fwd: [`for (const ${pattern} of ${items}) ${body.fwd}`],
        rev: [`for (let ${k} = ${items}.length - 1; ${k} >= 0; ${k}--) {\nconst ${pattern} = ${items}[${k}];\n${body.rev.slice(1, -1)}\n${this.xb}[${k}] += ${v}; ${v} = 0;\n}`],
      };
    }
    return {
      fwd: [`if (!Array.isArray(${items})) throw ${this.names.rt}.adjointAbort;`, `for (const ${pattern} of ${items}) ${body.fwd}`],
      rev: [`${arr} = ${items};`, `for (let ${k} = ${arr}.length - 1; ${k} >= 0; ${k}--) {\nconst ${pattern} = ${arr}[${k}];\n${body.rev.slice(1, -1)}\n}`],
    };
  }

  // ------------------------------------------------------------------ calls

  /**
   * Calls of functions with an adjoint inside `e` run before the statement (their results in
   * temporaries); their reverse sweeps run after the statement's. Hoisting moves nothing that
   * a call could change: no element of a scratch array may be read before a call in `e`.
   */
  private hoist(e: TS.Expression): { fwd: string[]; rev: string[] } {
    const { ts } = this;
    const fwd: string[] = [];
    const revs: string[] = [];
    let readScratch = false;
    const visit = (n: TS.Node): void => {
      if (ts.isCallExpression(n)) {
        const callee = this.calleeOf(n);
        if (callee !== undefined) {
          // Calls in the arguments run first; a read in the arguments comes before this call either way.
          const before = readScratch;
          n.arguments.forEach(visit);
          if (before) outside(n, 'a call after a read of an array it may write');
          fwd.push(...this.hoistedCall(n, callee, revs));
          return;
        }
      }
      if (ts.isElementAccessExpression(n)) {
        const array = skipOuter(ts, n.expression);
        if (ts.isIdentifier(array) && this.names.scratch.has(this.bindings.resolve(array)!)) {
          ts.forEachChild(n, visit);
          readScratch = true;
          return;
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(e);
    return { fwd, rev: revs };
  }

  /**
   * One call: its arguments evaluated (and, where the reverse sweep cannot recompute them, kept
   * in temporaries pushed after the call returns, so they are popped before its reverse sweep
   * runs), the forward pass called; the reverse: the callee's sweep with the same arguments,
   * then the adjoints it left for its parameters passed on to the arguments, last one first.
   */
  private hoistedCall(n: TS.CallExpression, callee: Candidate, revs: string[]): string[] {
    const use = this.useOf(callee);
    const value = this.fwdTemp();
    const adjoint = `${this.names.p}c${this.callAdjoints.length}`;
    this.callAdjoints.push(adjoint);
    const fwdArgs: string[] = [];
    const kept: { k: number; temp: string }[] = [];
    const compiled: (Compiled | null)[] = [];
    const pre: string[] = [];
    n.arguments.forEach((a, k) => {
      if (use.hasX && k === 0) {
        fwdArgs.push(this.primal(a));
        compiled.push(null);
        return;
      }
      const c = this.expr(a);
      compiled.push(c);
      if (c.avail !== null) fwdArgs.push(c.fwd);
      else {
        const t = this.fwdTemp();
        pre.push(`${t} = ${c.fwd};`);
        fwdArgs.push(t);
        kept.push({ k, temp: t });
      }
    });
    const fwd = [...pre, `${value} = ${forwardName(this.names, callee)}(${fwdArgs.join(', ')});`, ...kept.map(({ temp }) => `${this.push(temp)};`)];
    const rev: string[] = [];
    const revArgs = compiled.map((c, k) => (c === null ? this.primal(n.arguments[k]!) : (c.avail ?? '')));
    for (let j = kept.length - 1; j >= 0; j--) revArgs[kept[j]!.k] = this.popInto(rev);
    rev.push(`${reverseName(this.names, callee)}(${[...revArgs, this.xb, adjoint].join(', ')}); ${adjoint} = 0;`);
    const passed: { c: Compiled; bar: string }[] = [];
    compiled.forEach((c, k) => {
      if (c === null || !c.active || !use.active[k]) return;
      const bar = this.revTemp();
      rev.push(`${bar} = ${parameterAdjoints(this.names, callee)}[${k}];`);
      passed.push({ c, bar });
    });
    for (let j = passed.length - 1; j >= 0; j--) passed[j]!.c.rev(passed[j]!.bar, rev);
    revs.unshift(rev.join('\n'));
    this.calls.set(n, { value, adjoint });
    return fwd;
  }

  // ------------------------------------------------------------------ expressions

  private mentions(e: TS.Node, b: Binding): boolean {
    return mentions(this.ts, this.bindings, e, b);
  }

  private isActive(e: TS.Expression): boolean {
    return this.facts.isActive(e);
  }

  private isAvailable(e: TS.Expression): boolean {
    return this.facts.isAvailable(e);
  }

  /** The expression as plain JavaScript (types stripped), calls of functions with an adjoint as their hoisted results. */
  primal(e0: TS.Expression): string {
    const { ts } = this;
    const e = skipOuter(ts, e0);
    if (ts.isNumericLiteral(e)) return e.text;
    if (ts.isStringLiteral(e)) return JSON.stringify(e.text);
    if (e.kind === ts.SyntaxKind.TrueKeyword) return 'true';
    if (e.kind === ts.SyntaxKind.FalseKeyword) return 'false';
    if (e.kind === ts.SyntaxKind.NullKeyword) return 'null';
    if (ts.isIdentifier(e)) return e.text;
    if (ts.isElementAccessExpression(e)) return `${this.primal(e.expression)}[${this.primal(e.argumentExpression)}]`;
    if (ts.isPropertyAccessExpression(e)) return `${this.primal(e.expression)}.${e.name.text}`;
    if (ts.isBinaryExpression(e)) return `(${this.primal(e.left)} ${ts.tokenToString(e.operatorToken.kind)} ${this.primal(e.right)})`;
    if (ts.isPrefixUnaryExpression(e)) return `(${ts.tokenToString(e.operator)}${this.primal(e.operand)})`;
    if (ts.isPostfixUnaryExpression(e)) return `${this.primal(e.operand)}${ts.tokenToString(e.operator)}`;
    if (ts.isConditionalExpression(e)) return `(${this.primal(e.condition)} ? ${this.primal(e.whenTrue)} : ${this.primal(e.whenFalse)})`;
    if (ts.isNewExpression(e) && ts.isIdentifier(e.expression)) return `new ${e.expression.text}(${(e.arguments ?? []).map((a) => this.primal(a)).join(', ')})`;
    if (ts.isArrayLiteralExpression(e) && e.elements.length === 0) return '[]';
    if (ts.isCallExpression(e)) {
      const hoisted = this.calls.get(e);
      if (hoisted !== undefined) return hoisted.value;
      return `${this.primal(e.expression)}(${e.arguments.map((a) => this.primal(a)).join(', ')})`;
    }
    return outside(e, 'an expression outside the subset');
  }

  /** Guarded product for an adjoint: a zero adjoint passes nothing on. */
  private scaled(bar: string, partial: string, out: string[]): string {
    if (partial === '1') return bar;
    const t = this.revTemp();
    out.push(`${t} = ${bar} === 0 ? 0 : ${bar} * (${partial});`);
    return t;
  }

  private passive(e: TS.Expression): Compiled {
    const code = this.primal(e);
    return { fwd: code, avail: this.isAvailable(e) ? code : null, active: false, rev: PASSIVE_REV };
  }

  /** Compile an expression for both passes. */
  expr(e0: TS.Expression): Compiled {
    const { ts } = this;
    const e = skipOuter(ts, e0);
    if (!this.isActive(e)) return this.passive(e);
    if (ts.isIdentifier(e)) {
      const b = this.bindings.resolve(e)!;
      const a = this.adjointOf(b);
      return { fwd: e.text, avail: this.facts.available.has(b) ? e.text : null, active: true, rev: (bar, out) => void out.push(`${a} += ${bar};`) };
    }
    if (ts.isCallExpression(e)) {
      const hoisted = this.calls.get(e);
      if (hoisted !== undefined) return { fwd: hoisted.value, avail: null, active: true, rev: (bar, out) => void out.push(`${hoisted.adjoint} += ${bar};`) };
      return this.mathCall(e);
    }
    if (ts.isElementAccessExpression(e)) return this.element(e);
    if (ts.isPrefixUnaryExpression(e)) {
      const a = this.expr(e.operand);
      if (e.operator === ts.SyntaxKind.PlusToken) return { ...a, fwd: `(+${a.fwd})`, avail: a.avail === null ? null : `(+${a.avail})` };
      if (e.operator !== ts.SyntaxKind.MinusToken) return outside(e, 'a unary operator outside the subset');
      return { fwd: `(-${a.fwd})`, avail: a.avail === null ? null : `(-${a.avail})`, active: true, rev: (bar, out) => a.rev(`(-${bar})`, out) };
    }
    if (ts.isConditionalExpression(e)) return this.conditional(e);
    if (ts.isBinaryExpression(e) && isArithmetic(e.operatorToken.kind)) return this.binary(e.operatorToken.kind, e.left, e.right);
    return outside(e, 'an active expression outside the subset');
  }

  private element(e: TS.ElementAccessExpression): Compiled {
    const { ts } = this;
    const array = skipOuter(ts, e.expression) as TS.Identifier;
    const b = this.bindings.resolve(array)!;
    const adjoint = this.adjointArray(b);
    if (adjoint === undefined) return outside(e, 'an active element of an array without an adjoint');
    const arrayText = array.text;
    if (this.isAvailable(e.argumentExpression)) {
      const index = this.primal(e.argumentExpression);
      const code = `${arrayText}[${index}]`;
      return { fwd: code, avail: b === this.facts.x ? code : null, active: true, rev: (bar, out) => void out.push(`${adjoint}[${index}] += ${bar};`) };
    }
    const i = this.fwdTemp();
    return {
      fwd: `${arrayText}[(${i} = ${this.primal(e.argumentExpression)}, ${this.push(i)}, ${i})]`,
      avail: null,
      active: true,
      rev: (bar, out) => {
        const index = this.popInto(out);
        out.push(`${adjoint}[${index}] += ${bar};`);
      },
    };
  }

  private conditional(e: TS.ConditionalExpression): Compiled {
    const cond = this.primal(e.condition);
    const a = this.expr(e.whenTrue);
    const b = this.expr(e.whenFalse);
    const avail = a.avail !== null && b.avail !== null && this.isAvailable(e.condition) ? `(${cond} ? ${a.avail} : ${b.avail})` : null;
    const branches = (bar: string, out: string[], test: string): void => {
      const yes: string[] = [];
      const no: string[] = [];
      a.rev(bar, yes);
      b.rev(bar, no);
      out.push(`if (${test}) {\n${yes.join('\n')}\n} else {\n${no.join('\n')}\n}`);
    };
    if (this.isAvailable(e.condition)) return { fwd: `(${cond} ? ${a.fwd} : ${b.fwd})`, avail, active: true, rev: (bar, out) => branches(bar, out, cond) };
    const t = this.fwdTemp();
    return {
      fwd: `(${cond} ? (${t} = ${a.fwd}, ${this.push('1')}, ${t}) : (${t} = ${b.fwd}, ${this.push('0')}, ${t}))`,
      avail: null,
      active: true,
      rev: (bar, out) => branches(bar, out, `${this.pop()} !== 0`),
    };
  }

  private binary(op: TS.SyntaxKind, left: TS.Expression, right: TS.Expression): Compiled {
    const { ts } = this;
    const a = this.expr(left);
    const b = this.expr(right);
    const sym = ts.tokenToString(op)!;
    const availBoth = a.avail !== null && b.avail !== null ? `(${a.avail} ${sym} ${b.avail})` : null;
    if (op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.MinusToken) {
      return {
        fwd: `(${a.fwd} ${sym} ${b.fwd})`,
        avail: availBoth,
        active: true,
        rev: (bar, out) => {
          b.rev(op === ts.SyntaxKind.MinusToken ? `(-${bar})` : bar, out);
          a.rev(bar, out);
        },
      };
    }
    if (op === ts.SyntaxKind.AsteriskToken) {
      // ∂(a·b)/∂a = b, ∂(a·b)/∂b = a: each value recomputed when available, else pushed.
      const pushA = b.active && a.avail === null;
      const pushB = a.active && b.avail === null;
      const pass = (va: string, vb: string, bar: string, out: string[]): void => {
        if (b.active) b.rev(this.scaled(bar, va, out), out);
        if (a.active) a.rev(this.scaled(bar, vb, out), out);
      };
      if (!pushA && !pushB) return { fwd: `(${a.fwd} * ${b.fwd})`, avail: availBoth, active: true, rev: (bar, out) => pass(a.avail ?? '', b.avail ?? '', bar, out) };
      const ta = this.fwdTemp();
      const tb = this.fwdTemp();
      const pushes = [...(pushA ? [this.push(ta)] : []), ...(pushB ? [this.push(tb)] : [])];
      return {
        fwd: `(${ta} = ${a.fwd}, ${tb} = ${b.fwd}, ${pushes.join(', ')}, ${ta} * ${tb})`,
        avail: availBoth,
        active: true,
        rev: (bar, out) => {
          const vb = pushB ? this.popInto(out) : (b.avail ?? '');
          const va = pushA ? this.popInto(out) : (a.avail ?? '');
          pass(va, vb, bar, out);
        },
      };
    }
    // Division and powers: the partials are computed in the forward pass and pushed.
    const ta = this.fwdTemp();
    const tb = this.fwdTemp();
    const tr = this.fwdTemp();
    const partials: string[] = [];
    if (op === ts.SyntaxKind.SlashToken) {
      if (a.active) partials.push(`1 / ${tb}`);
      if (b.active) partials.push(`-${tr} / ${tb}`);
    } else {
      if (a.active) partials.push(`${this.names.rt}.powBase(${ta}, ${tb})`);
      if (b.active) partials.push(`${this.names.rt}.powExponent(${ta}, ${tb}, ${tr})`);
    }
    return this.withPartials(`(${ta} = ${a.fwd}, ${tb} = ${b.fwd}, ${tr} = ${ta} ${sym} ${tb}`, tr, partials, [a, b].filter((o) => o.active));
  }

  /** Forward: `prefix, push(p1), …, result)`; reverse: pop the partials, scale, pass on (last operand first). */
  private withPartials(prefix: string, result: string, partials: string[], operands: Compiled[]): Compiled {
    const pushes = partials.map((p) => this.push(p));
    return {
      fwd: `${prefix}${pushes.length > 0 ? `, ${pushes.join(', ')}` : ''}, ${result})`,
      avail: null,
      active: true,
      rev: (bar, out) => {
        const popped: string[] = [];
        for (let k = partials.length - 1; k >= 0; k--) popped[k] = this.popInto(out);
        for (let k = operands.length - 1; k >= 0; k--) operands[k]!.rev(this.scaled(bar, popped[k]!, out), out);
      },
    };
  }

  private mathCall(e: TS.CallExpression): Compiled {
    const { ts } = this;
    const name = mathName(ts, e, this.bindings);
    if (name === undefined || PIECEWISE_CONSTANT.has(name)) return outside(e, 'a call outside the subset');
    const partial = UNARY_PARTIALS[name];
    if (partial !== undefined) {
      const a = this.expr(e.arguments[0]!);
      const tx = this.fwdTemp();
      const tr = this.fwdTemp();
      if (partial === '1') return { fwd: `Math.${name}(${a.fwd})`, avail: null, active: true, rev: (bar, out) => a.rev(bar, out) };
      const p = partial.replace(/\bx\b/g, tx).replace(/\br\b/g, tr);
      return this.withPartials(`(${tx} = ${a.fwd}, ${tr} = Math.${name}(${tx})`, tr, [p], [a]);
    }
    if (!BINARY_MATH.has(name)) return outside(e, 'a Math function outside the subset');
    const a = this.expr(e.arguments[0]!);
    const b = this.expr(e.arguments[1]!);
    const ta = this.fwdTemp();
    const tb = this.fwdTemp();
    const tr = this.fwdTemp();
    const rt = this.names.rt;
    const prefix = `(${ta} = ${a.fwd}, ${tb} = ${b.fwd}, ${tr} = Math.${name}(${ta}, ${tb})`;
    const pa: Record<string, string> = {
      pow: `${rt}.powBase(${ta}, ${tb})`,
      atan2: `${tb} / (${tb} * ${tb} + ${ta} * ${ta})`,
      max: `${rt}.selectPartial(${tr}, ${ta}, ${tb})`,
      min: `${rt}.selectPartial(${tr}, ${ta}, ${tb})`,
      hypot: `${tr} === 0 || ${tr} === Infinity ? 0 : ${ta} / ${tr}`,
    };
    const pb: Record<string, string> = {
      pow: `${rt}.powExponent(${ta}, ${tb}, ${tr})`,
      atan2: `-${ta} / (${tb} * ${tb} + ${ta} * ${ta})`,
      max: `${rt}.selectPartial(${tr}, ${tb}, ${ta})`,
      min: `${rt}.selectPartial(${tr}, ${tb}, ${ta})`,
      hypot: `${tr} === 0 || ${tr} === Infinity ? 0 : ${tb} / ${tr}`,
    };
    const partials: string[] = [];
    if (a.active) partials.push(pa[name]!);
    if (b.active) partials.push(pb[name]!);
    return this.withPartials(prefix, tr, partials, [a, b].filter((o) => o.active));
  }
}

/** The statements' reverse sweeps, the last statement's first. */
function lastFirst(revs: readonly string[][]): string[] {
  const out: string[] = [];
  for (let i = revs.length - 1; i >= 0; i--) out.push(...revs[i]!);
  return out;
}
