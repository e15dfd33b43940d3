/**
 * Recording a node with one, two or three operands. These are small on purpose: V8 inlines
 * them into the operations, so the primal value and the partials stay unboxed doubles from
 * the arithmetic to the tape (a double passed to a call V8 does not inline is boxed, which is
 * an allocation per operation).
 */
import { Dual } from './dual';
import { state } from './state';
import { tape } from './tape';

/** A new node of value v (the tape's newest), with no edges yet: rec1/rec2/rec3 and edge1/edge2 give it its operands. */
function node(v: number): Dual {
  const t = tape;
  const k = t.n;
  if (k === t.adj.length) t.growNodes();
  t.ends[k + 1] = t.e;
  t.n = k + 1;
  const d = t.pool[k]!;
  d.v = v;
  d.g = state.gen;
  return d;
}

/** Add the edge (operand a, ∂/∂a = da) to node k, the newest node of the tape. */
export function edge1(k: number, a: number, da: number): void {
  const t = tape;
  const j = t.e;
  if (j + 1 > t.child.length) t.growEdges(1);
  t.child[j] = a;
  t.partial[j] = da;
  t.e = j + 1;
  t.ends[k + 1] = j + 1;
}

/** Add two edges to node k, the newest node of the tape. */
export function edge2(k: number, a: number, da: number, b: number, db: number): void {
  const t = tape;
  const j = t.e;
  if (j + 2 > t.child.length) t.growEdges(2);
  const child = t.child;
  const partial = t.partial;
  child[j] = a;
  partial[j] = da;
  child[j + 1] = b;
  partial[j + 1] = db;
  t.e = j + 2;
  t.ends[k + 1] = j + 2;
}

export function rec1(v: number, a: number, da: number): Dual {
  const d = node(v);
  edge1(d.i, a, da);
  return d;
}

export function rec2(v: number, a: number, da: number, b: number, db: number): Dual {
  const d = node(v);
  edge2(d.i, a, da, b, db);
  return d;
}

export function rec3(v: number, a: number, da: number, b: number, db: number, c: number, dc: number): Dual {
  const d = node(v);
  edge2(d.i, a, da, b, db);
  edge1(d.i, c, dc);
  return d;
}

/** A node with `count` operands given in `children`/`partials` (hypot, max of many). */
export function recN(v: number, children: ArrayLike<number>, partials: ArrayLike<number>, count: number): Dual {
  const t = tape;
  const k = t.n;
  if (k === t.adj.length) t.growNodes();
  const j = t.e;
  if (j + count > t.child.length) t.growEdges(count);
  for (let m = 0; m < count; m++) {
    t.child[j + m] = children[m]!;
    t.partial[j + m] = partials[m]!;
  }
  t.e = j + count;
  t.ends[k + 1] = j + count;
  t.n = k + 1;
  const d = t.pool[k]!;
  d.v = v;
  d.g = state.gen;
  return d;
}

/** True for a Dual of the running evaluation (a node to record against). */
export function live(a: unknown): a is Dual {
  return a instanceof Dual && a.g === state.gen;
}

/** A Dual of an earlier evaluation as the number it held; anything else as it is. */
export function constant(a: unknown): unknown {
  return a instanceof Dual && a.g !== state.gen ? a.v : a;
}

/** True for a Dual of an earlier evaluation. */
export function stale(a: unknown): boolean {
  return a instanceof Dual && a.g !== state.gen;
}
