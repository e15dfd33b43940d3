/**
 * A small expression tree for generated lr code: atoms (a call, a literal) and conditionals
 * (`test ? then : else`), rendered either inline (inside an argument list) or laid out over
 * lines, Prettier style, where the wrapper returns it.
 */
import { pieces, type Piece, type Pieces, type Placeholder } from './pieces';

export type Expr = { readonly kind: 'atom'; readonly pieces: Pieces } | { readonly kind: 'cond'; readonly test: Pieces; readonly then: Expr; readonly otherwise: Expr };

export const atom = (...parts: readonly (string | Placeholder | Pieces)[]): Expr => ({ kind: 'atom', pieces: pieces(...parts) });
export const cond = (test: Pieces, then: Expr, otherwise: Expr): Expr => ({ kind: 'cond', test, then, otherwise });

/** On one line; a conditional in parentheses, so it reads as one argument. */
export function inline(expr: Expr): Piece[] {
  if (expr.kind === 'atom') return [...expr.pieces];
  return pieces('(', expr.test, ' ? ', inline(expr.then), ' : ', inline(expr.otherwise), ')');
}

/**
 * Over lines, for `return <expr>;` at `indent` spaces: each branch of a conditional on its own
 * line, two spaces deeper; an `else` that is itself a conditional continues the chain.
 */
export function layout(expr: Expr, indent: number): Piece[] {
  if (expr.kind === 'atom') return [...expr.pieces];
  const pad = ' '.repeat(indent + 2);
  return pieces(expr.test, `\n${pad}? `, layout(expr.then, indent + 2), `\n${pad}: `, layout(expr.otherwise, indent + 2));
}
