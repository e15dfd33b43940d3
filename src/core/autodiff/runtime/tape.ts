/**
 * The tape of reverse-mode differentiation: every operation on a value that depends on the
 * parameters becomes a node (its primal value lives in the node's `Dual`), and every operand
 * of it an edge (child node, ∂node/∂child). One reverse sweep over the edges, newest node
 * first, accumulates adjoints and gives the whole gradient.
 *
 * Storage is preallocated and reused across evaluations: the edges are typed arrays that
 * double when full, and each node has one pooled `Dual` object for its slot, so the tape
 * allocates nothing in the steady state (V8 may still box a plain double passed to a runtime
 * call it does not inline: docs/ARCHITECTURE.md, exact gradients). A `Dual` belongs to the evaluation (generation)
 * that recorded it: one from an earlier generation is read as the constant it held then.
 * Pooled objects are reused by the next evaluation, which would change what an old reference
 * reads; so a Dual the objective stored somewhere that can outlive the evaluation (an array,
 * an object, a variable a closure sees) is *pinned*: its slot gets a fresh object at the next
 * `begin`, and the old one keeps its value and generation for good.
 */
import { Dual } from './dual';
import { state } from './state';

const INITIAL_NODES = 1 << 12;

export class Tape {
  /** Nodes recorded (parameters first). */
  n = 0;
  /** Edges recorded. */
  e = 0;
  /** Parameters of this evaluation (the first `dim` nodes). */
  dim = 0;
  /** One Dual per node slot. */
  pool: Dual[] = [];
  /** ends[k + 1] is one past node k's last edge; its edges start at ends[k]. */
  ends = new Int32Array(INITIAL_NODES + 1);
  /** Edge j: the operand's node … */
  child = new Int32Array(2 * INITIAL_NODES);
  /** … and ∂node/∂operand. */
  partial = new Float64Array(2 * INITIAL_NODES);
  /** Adjoints of the reverse sweep. */
  adj = new Float64Array(INITIAL_NODES);
  /** pinned[k] = 1: slot k's Dual may be referenced after this evaluation. */
  pinned = new Uint8Array(INITIAL_NODES);
  /** The accumulation session that made node k (see arithmetic.ts, acc), 0 for other nodes. */
  session = new Float64Array(INITIAL_NODES);
  /** The last accumulation session handed out (sessions are never reused). */
  sessions = 0;
  /** The parameters' Duals as the objective received them (its `x`), and their values. */
  leaves: readonly unknown[] = [];
  params = new Float64Array(64);
  /**
   * True until something may have written into `leaves` during this evaluation (a store through
   * the runtime into it, a built-in or foreign call handed it, a write the transform leaves to
   * plain JavaScript — `touch`): while true, element i of `leaves` is parameter i's Dual without
   * looking (dot.ts reads the parameters straight from `params`).
   */
  leavesIntact = true;
  /** Slots pinned during this evaluation. */
  private pinnedSlots: number[] = [];

  constructor() {
    this.fillPool(INITIAL_NODES);
  }

  /** Node capacity. */
  get capacity(): number {
    return this.adj.length;
  }

  private fillPool(to: number): void {
    const pool = this.pool;
    for (let k = pool.length; k < to; k++) pool.push(new Dual(k));
  }

  /** Make room for at least one more node (called when n reached the capacity). */
  growNodes(): void {
    const capacity = this.adj.length * 2;
    const ends = new Int32Array(capacity + 1);
    ends.set(this.ends);
    this.ends = ends;
    this.adj = new Float64Array(capacity);
    const pinned = new Uint8Array(capacity);
    pinned.set(this.pinned);
    this.pinned = pinned;
    const session = new Float64Array(capacity);
    session.set(this.session);
    this.session = session;
    this.fillPool(capacity);
  }

  /** Make room for at least `extra` more edges. */
  growEdges(extra: number): void {
    let capacity = this.child.length * 2;
    while (capacity < this.e + extra) capacity *= 2;
    const child = new Int32Array(capacity);
    child.set(this.child);
    this.child = child;
    const partial = new Float64Array(capacity);
    partial.set(this.partial);
    this.partial = partial;
  }

  /**
   * Start an evaluation at `x`: a new generation, an empty tape, and `dim` parameter nodes
   * whose Duals are written into `leaves` (reused across evaluations).
   */
  begin(x: ArrayLike<number>, leaves: unknown[]): void {
    this.releasePinned();
    state.gen++;
    const dim = x.length;
    while (this.adj.length < dim + 1) this.growNodes();
    if (this.params.length < dim) this.params = new Float64Array(Math.max(dim, 2 * this.params.length));
    const params = this.params;
    const pool = this.pool;
    const gen = state.gen;
    const ends = this.ends;
    ends[0] = 0;
    for (let i = 0; i < dim; i++) {
      const d = pool[i]!;
      const value = x[i]!;
      d.v = value;
      params[i] = value;
      d.g = gen;
      ends[i + 1] = 0;
      leaves[i] = d;
    }
    leaves.length = dim;
    this.leaves = leaves;
    this.leavesIntact = true;
    this.n = dim;
    this.e = 0;
    this.dim = dim;
  }

  /** Whether `leaves` still holds exactly the parameters' Duals of this evaluation. */
  leavesUnchanged(): boolean {
    const leaves = this.leaves;
    const dim = this.dim;
    if (leaves.length !== dim) return false;
    const pool = this.pool;
    for (let i = 0; i < dim; i++) if (leaves[i] !== pool[i]) return false;
    return true;
  }

  /** End the evaluation: its Duals become constants (a new generation). */
  end(): void {
    state.gen++;
  }

  /** Give pinned slots fresh Duals, so the old ones keep what they held. */
  private releasePinned(): void {
    const slots = this.pinnedSlots;
    if (slots.length === 0) return;
    const pool = this.pool;
    const pinned = this.pinned;
    for (let s = 0; s < slots.length; s++) {
      const k = slots[s]!;
      pool[k] = new Dual(k);
      pinned[k] = 0;
    }
    slots.length = 0;
  }

  /** Keep Dual `d` (of this generation) valid after the evaluation. */
  pin(d: Dual): void {
    const k = d.i;
    if (this.pinned[k] === 0) {
      this.pinned[k] = 1;
      this.pinnedSlots.push(k);
    }
  }

  /**
   * The gradient of node `output` with respect to the parameters, written into `out`
   * (length dim). Adjoints of 0 are not propagated, so an operand with an infinite partial
   * whose result is not used contributes 0, not NaN.
   */
  backward(output: number, out: { [i: number]: number; length: number }): void {
    const dim = this.dim;
    const adj = this.adj;
    adj.fill(0, 0, Math.max(output + 1, dim));
    adj[output] = 1;
    const ends = this.ends;
    const child = this.child;
    const partial = this.partial;
    // Nodes in reverse order of recording: a node's adjoint is complete before its edges pass
    // it on to its operands (recorded earlier). Nodes made after the output are skipped.
    let end = ends[output + 1]!;
    for (let k = output; k >= dim; k--) {
      const start = ends[k]!;
      const g = adj[k]!;
      if (g !== 0) {
        // Two edges per turn (in order, so the sums are the same bit for bit): half the loop
        // overhead, and the two scatter-adds overlap.
        let j = start;
        for (; j + 1 < end; j += 2) {
          const c0 = child[j]!;
          const c1 = child[j + 1]!;
          const p0 = partial[j]! * g;
          const p1 = partial[j + 1]! * g;
          adj[c0] += p0;
          adj[c1] += p1;
        }
        if (j < end) adj[child[j]!] += partial[j]! * g;
      }
      end = start;
    }
    copyPrefix(adj, out, dim);
  }
}

/**
 * out[0..count) = from[0..count). Its own function: inside backward, this loop runs only after
 * the sweep, so code V8 compiled on-stack during the sweep of the first calls had no type
 * feedback for it and was thrown away at the end of every call (a deoptimization loop).
 */
function copyPrefix(from: Float64Array, out: { [i: number]: number }, count: number): void {
  for (let i = 0; i < count; i++) out[i] = from[i]!;
}

/** The one tape of this thread: transformed code and the runtime's operations record on it. */
export const tape = new Tape();
