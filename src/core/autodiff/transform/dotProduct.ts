/**
 * Dot-product loops: `for (let j = INIT; j < BOUND; j++) z += A[IA] * B[IB];` (or `-=`,
 * `z = z ± …`) whose accumulation was fused (instrument.ts, accumulations) and whose bounds
 * and indices are integer arithmetic (+ − × of variables and integer literals) with the
 * indices affine in j. Such a loop becomes one runtime call that walks both arrays itself
 * (runtime/dot.ts), instead of three runtime calls per term — the inner loops of a dense
 * layer, which is most of a small network's recording time.
 *
 * The call is guarded at run time: every variable in the bounds and indices must hold an
 * integer of at most 21 bits (`__lrad.int`), so the indices the call computes (offset +
 * stride × j) are exactly those the loop would have computed; otherwise the loop runs as it
 * is (instrumented as usual). Element reads happen in the loop's order through the same
 * `get` as the loop's; nothing but z is assigned, so skipping j's own updates is unseen.
 */
import type * as TS from 'typescript';
import type { FileBindings } from './bindings';
import { skipOuter } from './context';

/** Integers the guard admits: |v| ≤ 2^21, so products of two and their sums stay exact. */
const LEAF_BITS = 21;
/** Every intermediate of the index arithmetic must fit here to be computed exactly. */
const EXACT_BITS = 52;

export interface DotLoop {
  /** The accumulated variable. */
  readonly target: string;
  readonly subtract: boolean;
  readonly a: TS.Identifier;
  readonly b: TS.Identifier;
  /** Index expressions with j replaced by 0 and by 1 (offset; offset + stride). */
  readonly a0: TS.Expression;
  readonly a1: TS.Expression;
  readonly b0: TS.Expression;
  readonly b1: TS.Expression;
  readonly init: TS.Expression;
  readonly bound: TS.Expression;
  /** Variables the guard checks (those not proved small integers at transform time). */
  readonly variables: string[];
}

interface Shape {
  /** Bits of the largest magnitude the expression can reach. */
  readonly bits: number;
  /** Degree in j (0 or 1 for what is accepted). */
  readonly degree: number;
}

/**
 * The dot loop `loop` is, given its one body statement's accumulation parts; null when it is
 * not one (any other form keeps the per-term calls).
 */
export function dotLoop(
  ts: typeof TS,
  bindings: FileBindings,
  loop: TS.ForStatement,
  parts: { target: TS.Identifier; product: TS.BinaryExpression; subtract: boolean },
): DotLoop | null {
  const K = ts.SyntaxKind;
  const init = loop.initializer;
  if (init === undefined || !ts.isVariableDeclarationList(init) || (init.flags & ts.NodeFlags.Let) === 0 || init.declarations.length !== 1) return null;
  const declaration = init.declarations[0]!;
  if (!ts.isIdentifier(declaration.name) || declaration.initializer === undefined) return null;
  const j = declaration.name.text;
  const condition = loop.condition && skipOuter(ts, loop.condition);
  if (condition === undefined || !ts.isBinaryExpression(condition) || condition.operatorToken.kind !== K.LessThanToken) return null;
  const left = skipOuter(ts, condition.left);
  if (!ts.isIdentifier(left) || left.text !== j || !isIncrement(ts, loop.incrementor, j)) return null;
  const target = parts.target.text;
  const variables = new Map<string, TS.Identifier>();
  const start = shape(ts, declaration.initializer, j, null, variables);
  const end = shape(ts, condition.right, j, null, variables);
  if (start === null || end === null || start.degree !== 0 || end.degree !== 0) return null;
  const jBits = Math.max(start.bits, end.bits);
  const factor = (e: TS.Expression): { array: TS.Identifier; index: TS.Expression } | null => {
    const x = skipOuter(ts, e);
    if (!ts.isElementAccessExpression(x) || x.questionDotToken !== undefined) return null;
    const array = skipOuter(ts, x.expression);
    if (!ts.isIdentifier(array) || array.text === j || array.text === target) return null;
    const s = shape(ts, x.argumentExpression, j, jBits, variables);
    return s === null || s.degree > 1 ? null : { array, index: x.argumentExpression };
  };
  const a = factor(parts.product.left);
  const b = factor(parts.product.right);
  if (a === null || b === null || variables.has(target)) return null;
  const f = ts.factory;
  return {
    target,
    subtract: parts.subtract,
    a: f.createIdentifier(a.array.text),
    b: f.createIdentifier(b.array.text),
    a0: rebuild(ts, a.index, j, 0),
    a1: rebuild(ts, a.index, j, 1),
    b0: rebuild(ts, b.index, j, 0),
    b1: rebuild(ts, b.index, j, 1),
    init: rebuild(ts, declaration.initializer, j, 0),
    bound: rebuild(ts, condition.right, j, 0),
    variables: [...variables].filter(([, id]) => !provedSmallInteger(ts, bindings, id, 0)).map(([name]) => name),
  };
}

/**
 * Whether `id` always holds an integer below 2^21 in magnitude, proved from the source so that
 * the guard need not check it: a `const` whose initializer is integer arithmetic (+ − ×) of
 * literals and such constants, or the counter of `for (let v = START; v < END; v++)` with
 * START and END such, which nothing else assigns and no closure sees.
 */
function provedSmallInteger(ts: typeof TS, bindings: FileBindings, id: TS.Identifier, depth: number): boolean {
  const b = bindings.resolve(id);
  if (b === undefined || depth > 8 || !ts.isVariableDeclaration(b.declaration) || b.declaration.initializer === undefined) return false;
  const value = (e: TS.Expression): number | null => constantInteger(ts, bindings, e, depth + 1);
  if (b.kind === 'const') return small(value(b.declaration.initializer));
  const loop = b.declaration.parent.parent;
  if (b.kind !== 'let' || b.captured || !ts.isForStatement(loop) || b.writes.length !== 2 || b.writes[1]!.kind !== 'step' || !isIncrement(ts, loop.incrementor, id.text)) return false;
  const condition = loop.condition && skipOuter(ts, loop.condition);
  if (condition === undefined || !ts.isBinaryExpression(condition) || condition.operatorToken.kind !== ts.SyntaxKind.LessThanToken) return false;
  const left = skipOuter(ts, condition.left);
  return ts.isIdentifier(left) && bindings.resolve(left) === b && small(value(b.declaration.initializer)) && small(value(condition.right));
}

function small(v: number | null): boolean {
  return v !== null && Number.isInteger(v) && Math.abs(v) < 2 ** LEAF_BITS;
}

/** The value of integer arithmetic on literals and proved constants, or null. */
function constantInteger(ts: typeof TS, bindings: FileBindings, e: TS.Expression, depth: number): number | null {
  const K = ts.SyntaxKind;
  const x = skipOuter(ts, e);
  if (ts.isNumericLiteral(x)) return Number(x.text);
  if (ts.isIdentifier(x)) {
    const b = bindings.resolve(x);
    if (b === undefined || b.kind !== 'const' || depth > 8 || !ts.isVariableDeclaration(b.declaration) || b.declaration.initializer === undefined) return null;
    return constantInteger(ts, bindings, b.declaration.initializer, depth + 1);
  }
  if (ts.isPrefixUnaryExpression(x) && x.operator === K.MinusToken) {
    const v = constantInteger(ts, bindings, x.operand, depth);
    return v === null ? null : -v;
  }
  if (!ts.isBinaryExpression(x)) return null;
  const l = constantInteger(ts, bindings, x.left, depth);
  const r = constantInteger(ts, bindings, x.right, depth);
  if (l === null || r === null) return null;
  const op = x.operatorToken.kind;
  const v = op === K.PlusToken ? l + r : op === K.MinusToken ? l - r : op === K.AsteriskToken ? l * r : null;
  return v !== null && Number.isSafeInteger(v) ? v : null;
}

function isIncrement(ts: typeof TS, e: TS.Expression | undefined, j: string): boolean {
  if (e === undefined) return false;
  const x = skipOuter(ts, e);
  const K = ts.SyntaxKind;
  const isJ = (n: TS.Expression): boolean => ts.isIdentifier(n) && n.text === j;
  if ((ts.isPostfixUnaryExpression(x) || ts.isPrefixUnaryExpression(x)) && x.operator === K.PlusPlusToken) return isJ(x.operand);
  return ts.isBinaryExpression(x) && x.operatorToken.kind === K.PlusEqualsToken && isJ(x.left) && ts.isNumericLiteral(x.right) && x.right.text === '1';
}

/**
 * Bits and degree in j of integer arithmetic on variables and literals; null for anything
 * else (calls, property reads, assignments, non-integer literals, j where `jBits` is null).
 */
function shape(ts: typeof TS, e: TS.Expression, j: string, jBits: number | null, variables: Map<string, TS.Identifier>): Shape | null {
  const K = ts.SyntaxKind;
  const x = skipOuter(ts, e);
  if (ts.isNumericLiteral(x)) {
    const v = Number(x.text);
    return Number.isInteger(v) && v < 2 ** LEAF_BITS ? { bits: LEAF_BITS, degree: 0 } : null;
  }
  if (ts.isIdentifier(x)) {
    if (x.text === j) return jBits === null ? null : { bits: jBits, degree: 1 };
    variables.set(x.text, x);
    return { bits: LEAF_BITS, degree: 0 };
  }
  if (ts.isPrefixUnaryExpression(x) && x.operator === K.MinusToken) return shape(ts, x.operand, j, jBits, variables);
  if (!ts.isBinaryExpression(x)) return null;
  const op = x.operatorToken.kind;
  if (op !== K.PlusToken && op !== K.MinusToken && op !== K.AsteriskToken) return null;
  const l = shape(ts, x.left, j, jBits, variables);
  const r = shape(ts, x.right, j, jBits, variables);
  if (l === null || r === null) return null;
  const s = op === K.AsteriskToken ? { bits: l.bits + r.bits, degree: l.degree + r.degree } : { bits: Math.max(l.bits, r.bits) + 1, degree: Math.max(l.degree, r.degree) };
  return s.bits > EXACT_BITS ? null : s;
}

/** A fresh copy of an expression accepted by `shape`, with j replaced by the literal `value`. */
function rebuild(ts: typeof TS, e: TS.Expression, j: string, value: number): TS.Expression {
  const f = ts.factory;
  const x = skipOuter(ts, e);
  if (ts.isNumericLiteral(x)) return f.createNumericLiteral(x.text);
  if (ts.isIdentifier(x)) return x.text === j ? f.createNumericLiteral(value) : f.createIdentifier(x.text);
  if (ts.isPrefixUnaryExpression(x)) return f.createPrefixUnaryExpression(x.operator, f.createParenthesizedExpression(rebuild(ts, x.operand, j, value)));
  const b = x as TS.BinaryExpression;
  return f.createParenthesizedExpression(f.createBinaryExpression(rebuild(ts, b.left, j, value), b.operatorToken.kind as TS.BinaryOperator, rebuild(ts, b.right, j, value)));
}
