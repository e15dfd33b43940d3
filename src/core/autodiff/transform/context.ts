/**
 * What the parts of the transform share: the factory, the file's bindings and activity, and
 * how to write a call to the runtime (`__lrad.name(…)`) that maps back to the user's code.
 */
import type * as TS from 'typescript';
import type { Activity } from './activity';
import type { Binding, FileBindings } from './bindings';

export interface TransformContext {
  readonly ts: typeof TS;
  readonly f: TS.NodeFactory;
  readonly file: TS.SourceFile;
  readonly bindings: FileBindings;
  readonly activity: Activity;
  /** Identifier of the runtime object in the emitted code. */
  readonly runtimeName: string;
}

/** State of one function body being instrumented: its temporaries. */
export class FunctionState {
  readonly temps: TS.Identifier[] = [];

  constructor(
    readonly context: TransformContext,
    /** The function-like node (or source file, for module-level initializers). */
    readonly owner: TS.Node,
    /** How deep in functions this one is (module-level functions are 1). */
    readonly depth: number,
  ) {}

  /** A fresh temporary, declared at the top of the body's recording branch. */
  temp(): TS.Identifier {
    const id = this.context.f.createIdentifier(`${this.context.runtimeName}_t${this.temps.length}`);
    this.temps.push(id);
    return id;
  }

  /** `let t0, t1, …;` for the temporaries used, or nothing. */
  tempDeclarations(): TS.Statement[] {
    const f = this.context.f;
    if (this.temps.length === 0) return [];
    return [f.createVariableStatement(undefined, f.createVariableDeclarationList(this.temps.map((t) => f.createVariableDeclaration(t)), this.context.ts.NodeFlags.Let))];
  }

  /** The binding `id` refers to, when it is written from this function: must the value be pinned? */
  needsPin(binding: Binding | undefined): boolean {
    return binding === undefined || binding.owner !== this.owner || binding.captured;
  }
}

/** `__lrad.name(args)`, positioned at `at` for the source map. */
export function runtimeCall(c: TransformContext, name: string, args: readonly TS.Expression[], at?: TS.Node): TS.CallExpression {
  const f = c.f;
  const call = f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier(c.runtimeName), name), undefined, args);
  return at !== undefined && at.pos >= 0 ? c.ts.setTextRange(call, at) : call;
}

/** `__lrad.s.on`: true while a gradient is recorded. */
export function recordingFlag(c: TransformContext): TS.Expression {
  const f = c.f;
  return f.createPropertyAccessExpression(f.createPropertyAccessExpression(f.createIdentifier(c.runtimeName), 's'), 'on');
}

/** Strip parentheses and type-only wrappers (as, satisfies, !, <T>). */
export function skipOuter(ts: typeof TS, e: TS.Expression): TS.Expression {
  let x = e;
  while (ts.isParenthesizedExpression(x) || ts.isAsExpression(x) || ts.isNonNullExpression(x) || ts.isSatisfiesExpression(x) || ts.isTypeAssertionExpression(x)) x = x.expression;
  return x;
}

/** A side-effect-free expression that may be evaluated twice (an identifier, `this`, a literal). */
export function isSimple(ts: typeof TS, e: TS.Expression): boolean {
  const x = skipOuter(ts, e);
  return ts.isIdentifier(x) || x.kind === ts.SyntaxKind.ThisKeyword || ts.isNumericLiteral(x) || ts.isStringLiteral(x);
}
