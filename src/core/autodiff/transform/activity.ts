/**
 * Which expressions can never be a Dual, decided statically and soundly, so the transform can
 * leave them as plain JavaScript (loop counters, index arithmetic, sizes, flags). A binding is
 * passive when everything ever assigned to it is passive: a fixed point over the file's
 * bindings, starting from "all passive" and removing any binding with a write that is not.
 * Module-level bindings are only written at load time (passively) unless a function writes
 * them; parameters, imports, `catch` and `for…of` bindings can hold anything.
 *
 * Being wrong in the "passive" direction would be unsound for comparisons and truth tests,
 * so anything unsure (a call, an element, a property, an unknown global) is not passive.
 */
import type * as TS from 'typescript';
import type { Binding, FileBindings, Write } from './bindings';

/** Global names whose values are never Duals (unresolved identifiers are globals). */
const PASSIVE_GLOBALS = new Set(['undefined', 'NaN', 'Infinity', 'Math', 'Number', 'Object', 'Array', 'JSON', 'console', 'String', 'Boolean', 'Symbol', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Date', 'Error', 'TypeError', 'RangeError', 'Float64Array', 'Float32Array', 'Int32Array', 'Uint32Array', 'Int16Array', 'Uint16Array', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'ArrayBuffer', 'Promise', 'Reflect', 'globalThis', 'process', 'require', 'module', 'exports', 'parseFloat', 'parseInt', 'isNaN', 'isFinite']);

/** Math functions whose runtime versions always return plain numbers. */
const PLAIN_MATH = new Set(['floor', 'ceil', 'round', 'trunc', 'sign', 'clz32', 'imul', 'random']);
/** Number/global predicates: booleans. */
const PREDICATES = new Set(['isFinite', 'isNaN', 'isInteger', 'isSafeInteger', 'isArray']);

export class Activity {
  private readonly passiveBindings = new Set<Binding>();

  constructor(
    private readonly ts: typeof TS,
    private readonly bindings: FileBindings,
    private readonly file: TS.SourceFile,
  ) {
    const candidates = bindings.all.filter((b) => this.mayBePassive(b));
    for (const b of candidates) this.passiveBindings.add(b);
    for (let changed = true; changed; ) {
      changed = false;
      for (const b of candidates) {
        if (!this.passiveBindings.has(b)) continue;
        if (!this.relevantWrites(b).every((w) => this.passiveWrite(w))) {
          this.passiveBindings.delete(b);
          changed = true;
        }
      }
    }
  }

  private mayBePassive(b: Binding): boolean {
    return b.kind === 'var' || b.kind === 'let' || b.kind === 'const' || b.kind === 'forIn' || b.kind === 'function' || b.kind === 'class' || b.kind === 'enum' || b.kind === 'namespace';
  }

  /** Writes that can happen while a gradient is recorded: for module bindings, those made inside functions. */
  private relevantWrites(b: Binding): readonly Write[] {
    if (b.kind === 'function' || b.kind === 'class' || b.kind === 'enum' || b.kind === 'namespace') return [];
    if (b.owner === this.file) {
      if (b.kind === 'const') return [];
      return b.writes.filter((w) => w.kind !== 'expression' || !this.atModuleLevel(w.expression));
    }
    return b.writes;
  }

  private atModuleLevel(e: TS.Node): boolean {
    const ts = this.ts;
    for (let n: TS.Node | undefined = e.parent; n !== undefined; n = n.parent) {
      if (ts.isFunctionLike(n) || ts.isClassStaticBlockDeclaration(n) || ts.isPropertyDeclaration(n)) return false;
      if (ts.isSourceFile(n)) return true;
    }
    return false;
  }

  private passiveWrite(w: Write): boolean {
    switch (w.kind) {
      case 'expression':
        return this.passive(w.expression);
      case 'compound':
        return this.passive(w.expression);
      case 'step':
        return true;
      case 'unknown':
        return false;
    }
  }

  /** The binding never holds a Dual. */
  isPassiveBinding(b: Binding | undefined): boolean {
    return b !== undefined && this.passiveBindings.has(b);
  }

  /** `e` never evaluates to a Dual (its parts may still need the transform). */
  passive(e: TS.Expression): boolean {
    const ts = this.ts;
    const K = ts.SyntaxKind;
    switch (e.kind) {
      case K.NumericLiteral:
      case K.BigIntLiteral:
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral:
      case K.TemplateExpression:
      case K.RegularExpressionLiteral:
      case K.TrueKeyword:
      case K.FalseKeyword:
      case K.NullKeyword:
      case K.TypeOfExpression:
      case K.VoidExpression:
      case K.DeleteExpression:
      case K.ObjectLiteralExpression:
      case K.ArrayLiteralExpression:
      case K.FunctionExpression:
      case K.ArrowFunction:
      case K.ClassExpression:
      case K.NewExpression:
        return true;
      case K.Identifier: {
        const b = this.bindings.resolve(e as TS.Identifier);
        if (b === undefined) return PASSIVE_GLOBALS.has((e as TS.Identifier).text);
        return this.passiveBindings.has(b);
      }
      case K.ParenthesizedExpression:
      case K.AsExpression:
      case K.SatisfiesExpression:
      case K.NonNullExpression:
      case K.TypeAssertionExpression:
        return this.passive((e as TS.ParenthesizedExpression).expression);
      case K.PrefixUnaryExpression: {
        const u = e as TS.PrefixUnaryExpression;
        if (u.operator === K.ExclamationToken) return true;
        return this.passive(u.operand);
      }
      case K.PostfixUnaryExpression:
        return this.passive((e as TS.PostfixUnaryExpression).operand);
      case K.ConditionalExpression: {
        const c = e as TS.ConditionalExpression;
        return this.passive(c.whenTrue) && this.passive(c.whenFalse);
      }
      case K.BinaryExpression:
        return this.passiveBinary(e as TS.BinaryExpression);
      case K.PropertyAccessExpression: {
        // Math.PI, Number.EPSILON and the like.
        const p = e as TS.PropertyAccessExpression;
        return ts.isIdentifier(p.expression) && (p.expression.text === 'Math' || p.expression.text === 'Number') && this.bindings.resolve(p.expression) === undefined;
      }
      case K.CallExpression: {
        const c = e as TS.CallExpression;
        const callee = c.expression;
        if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && this.bindings.resolve(callee.expression) === undefined) {
          const owner = callee.expression.text;
          const name = callee.name.text;
          if (owner === 'Math') return PLAIN_MATH.has(name);
          if (owner === 'Number' || owner === 'Array') return PREDICATES.has(name);
        }
        if (ts.isIdentifier(callee) && this.bindings.resolve(callee) === undefined) return callee.text === 'isNaN' || callee.text === 'isFinite';
        return false;
      }
      default:
        return false;
    }
  }

  private passiveBinary(b: TS.BinaryExpression): boolean {
    const K = this.ts.SyntaxKind;
    const op = b.operatorToken.kind;
    switch (op) {
      case K.LessThanToken:
      case K.GreaterThanToken:
      case K.LessThanEqualsToken:
      case K.GreaterThanEqualsToken:
      case K.EqualsEqualsToken:
      case K.EqualsEqualsEqualsToken:
      case K.ExclamationEqualsToken:
      case K.ExclamationEqualsEqualsToken:
      case K.InstanceOfKeyword:
      case K.InKeyword:
        return true;
      case K.CommaToken:
      case K.EqualsToken:
        return this.passive(b.right);
      default:
        return this.passive(b.left) && this.passive(b.right);
    }
  }
}
