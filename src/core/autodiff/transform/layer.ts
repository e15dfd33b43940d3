/**
 * Dense-layer loops: a counting loop whose body is exactly
 *
 *   let z = C[IC];                                      // or a numeric literal
 *   for (let j = J0; j < J1; j++) z += A[IA] * B[IB];   // a dot loop (dotProduct.ts), or -=
 *   OUT[IO] = Math.tanh(z);                             // exp, log, sqrt, or z itself
 *
 * with the bounds integer arithmetic without o (the outer counter), and every index affine in
 * o (and j): one runtime call for the whole layer (runtime/layer.ts), which records exactly
 * what the loop's per-output calls would. The call answers false when the arrays are not the
 * shape it takes, having done nothing; the loop then runs as instrumented. Like the dot
 * loop's, the call is guarded: every variable in the bounds and indices must hold an integer
 * of at most 21 bits, unless proved such at transform time.
 *
 * Nothing but z, j and OUT's element is assigned in such a loop, and z is the body's own
 * `let`, so no later code sees that the call evaluates the arrays and bounds once.
 */
import type * as TS from 'typescript';
import type { FileBindings } from './bindings';
import { skipOuter } from './context';
import { countingLoop, LEAF_BITS, provedSmallInteger, rebuild, shape, type DotLoop } from './dotProduct';

/** The activation of the store, as runtime/layer.ts numbers them (ACTIVATION_*). */
const ACTIVATION_CODES: ReadonlyMap<string, number> = new Map([
  ['tanh', 1],
  ['exp', 2],
  ['log', 3],
  ['sqrt', 4],
]);

/** The arguments of `__lrad.layer(…)` after the guard's variables. */
export interface LayerLoop {
  readonly args: TS.Expression[];
  /** Variables the guard checks (those not proved small integers at transform time). */
  readonly variables: string[];
}

/**
 * The layer loop `loop` is, given its middle statement's dot loop `dot` (null when that is not
 * one); null when it is not one.
 */
export function layerLoop(ts: typeof TS, bindings: FileBindings, loop: TS.ForStatement, inner: TS.ForStatement, dot: DotLoop): LayerLoop | null {
  const counting = countingLoop(ts, loop);
  const body = loop.statement;
  if (counting === null || !ts.isBlock(body) || body.statements.length !== 3 || body.statements[1] !== inner) return null;
  const o = counting.counter;
  const j = dot.source.counter;
  const z = dot.target;
  if (j === o || z === o) return null;
  // Variables of the expressions inside the dot loop (j among them) and of those outside it,
  // where j and z would name other bindings than the loop's: those are not taken.
  const variables = new Map<string, TS.Identifier>();
  const outside = new Map<string, TS.Identifier>();
  // Degree ≤ `most` in o (o a 21-bit integer, as the dot loop's analysis assumed).
  const inO = (e: TS.Expression, most: number, into = outside): boolean => {
    const s = shape(ts, e, o, LEAF_BITS, into);
    return s !== null && s.degree <= most;
  };
  const named = (e: TS.Expression): TS.Identifier | null => {
    const x = skipOuter(ts, e);
    return ts.isIdentifier(x) && x.text !== o && x.text !== z && x.text !== j ? x : null;
  };
  // The loop's bounds, the dot loop's bounds (without o) and its indices (affine in o).
  if (!inO(counting.start, 0) || !inO(counting.end, 0) || !inO(dot.source.start, 0, variables) || !inO(dot.source.end, 0, variables) || !inO(dot.source.a, 1, variables) || !inO(dot.source.b, 1, variables)) return null;
  // let z = C[IC] | number
  const first = body.statements[0]!;
  if (!ts.isVariableStatement(first) || (first.declarationList.flags & ts.NodeFlags.Let) === 0 || first.declarationList.declarations.length !== 1) return null;
  const declaration = first.declarationList.declarations[0]!;
  if (!ts.isIdentifier(declaration.name) || declaration.name.text !== z || declaration.initializer === undefined) return null;
  const zBinding = bindings.resolve(declaration.name);
  if (zBinding === undefined || zBinding.captured) return null;
  const f = ts.factory;
  const init = skipOuter(ts, declaration.initializer);
  let bias: TS.Expression[];
  if (ts.isNumericLiteral(init)) bias = [f.createNull(), f.createNumericLiteral(init.text), f.createNumericLiteral(init.text)];
  else {
    const read = elementOf(ts, init, named);
    if (read === null || !inO(read.index, 1)) return null;
    bias = [read.array, rebuild(ts, read.index, o, 0), rebuild(ts, read.index, o, 1)];
  }
  // OUT[IO] = z | Math.f(z)
  const last = body.statements[2]!;
  if (!ts.isExpressionStatement(last)) return null;
  const store = skipOuter(ts, last.expression);
  if (!ts.isBinaryExpression(store) || store.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return null;
  const out = elementOf(ts, store.left, named);
  if (out === null || !inO(out.index, 1)) return null;
  const activation = activationOf(ts, bindings, store.right, zBinding);
  if (activation === null) return null;
  if (outside.has(j) || outside.has(z)) return null;
  for (const [name, id] of outside) variables.set(name, id);
  const corner = (e: TS.Expression, vo: number, vj: number): TS.Expression => rebuild(ts, rebuild(ts, e, o, vo), j, vj);
  const corners = (e: TS.Expression): TS.Expression[] => [corner(e, 0, 0), corner(e, 1, 0), corner(e, 0, 1), corner(e, 1, 1)];
  variables.delete(j);
  variables.delete(o);
  return {
    args: [
      out.array,
      rebuild(ts, out.index, o, 0),
      rebuild(ts, out.index, o, 1),
      ...bias,
      dot.a,
      ...corners(dot.source.a),
      dot.b,
      ...corners(dot.source.b),
      rebuild(ts, counting.start, o, 0),
      rebuild(ts, counting.end, o, 0),
      dot.init,
      dot.bound,
      dot.subtract ? f.createTrue() : f.createFalse(),
      f.createNumericLiteral(activation),
    ],
    variables: [...variables].filter(([, id]) => !provedSmallInteger(ts, bindings, id, 0)).map(([name]) => name),
  };
}

/** `ARRAY[INDEX]` with ARRAY an identifier `named` accepts: a fresh identifier and the index as written. */
function elementOf(ts: typeof TS, e: TS.Expression, named: (e: TS.Expression) => TS.Identifier | null): { array: TS.Identifier; index: TS.Expression } | null {
  const x = skipOuter(ts, e);
  if (!ts.isElementAccessExpression(x) || x.questionDotToken !== undefined) return null;
  const array = named(x.expression);
  return array === null ? null : { array: ts.factory.createIdentifier(array.text), index: x.argumentExpression };
}

/** 0 for `z` itself, the code of `Math.f(z)` for an activation f, null for anything else. */
function activationOf(ts: typeof TS, bindings: FileBindings, e: TS.Expression, z: NonNullable<ReturnType<FileBindings['resolve']>>): number | null {
  const isZ = (n: TS.Expression): boolean => {
    const x = skipOuter(ts, n);
    return ts.isIdentifier(x) && bindings.resolve(x) === z;
  };
  const x = skipOuter(ts, e);
  if (isZ(x)) return 0;
  if (!ts.isCallExpression(x) || x.arguments.length !== 1 || !isZ(x.arguments[0]!)) return null;
  const callee = skipOuter(ts, x.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression) || callee.expression.text !== 'Math' || bindings.resolve(callee.expression) !== undefined) return null;
  return ACTIVATION_CODES.get(callee.name.text) ?? null;
}
