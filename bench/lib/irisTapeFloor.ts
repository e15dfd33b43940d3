/**
 * The floor of any scalar tape on the iris MLP: the very tape LR Lab's runtime records for
 * examples/exact/mlpIris.ts (the same nodes, edges, partials and order — so the same gradient,
 * bit for bit), written straight into a Tape's typed arrays by code that knows the network, and
 * swept backwards by the runtime's own `Tape.backward`. No transformed code, no runtime call, no
 * Dual: what recording one node per operation costs when recording itself costs nothing more
 * than the stores. The gradientCost suite sets it beside PyTorch to show where a faster exact
 * gradient has to come from (docs/ARCHITECTURE.md, exact gradients).
 *
 * Per flower, as the runtime records it (runtime/dot.ts, activation.ts, arithmetic.ts):
 *  - 8 hidden units: one node each, edges (b1ₕ, 1) then (W1ₕⱼ, featureⱼ), every partial then
 *    scaled by tanh′ (tanhInPlace);
 *  - 3 logits: one node each, edges (b2_c, 1) then per hidden unit (W2_ch, hiddenₕ) and
 *    (hiddenₕ, W2_ch);
 *  - log-sum-exp: exp(logit_c − max) nodes with edges (logit_c, e) and (max, −e), each later
 *    one absorbing the running sum (edge 1, accTemp), the last rewritten into log of the sum
 *    (logInPlace: partials × 1/sum); then max + that (add);
 *  - the flower's loss, forward − logit[species] (sub), absorbing the running total (accTemp);
 * and the mean at the end (div by the flower count).
 */
import type { Tape } from '../../src/core/autodiff/runtime/tape';
import { mlpIris } from '../../examples/mlpIris';

export interface IrisFlower {
  readonly features: readonly number[];
  readonly species: number;
}

// The network's sizes as the example declares them (its `shape`: W1, b1, W2, b2), x laid out in that order.
const [[HIDDEN, INPUTS], , [CLASSES]] = mlpIris.shape as unknown as [[number, number], [number], [number, number]];
const W1 = 0;
const B1 = W1 + HIDDEN * INPUTS;
const W2 = B1 + HIDDEN;
const B2 = W2 + CLASSES * HIDDEN;
/** Nodes and edges one flower adds (16 and 104; the first flower's total has no earlier sum). */
const NODES_PER_FLOWER = HIDDEN + CLASSES + CLASSES + 2;
const EDGES_PER_FLOWER = HIDDEN * (1 + INPUTS) + CLASSES * (1 + 2 * HIDDEN) + (2 + 3 + 3) + 2 + 3;

let values = new Float64Array(1 << 12);
const hiddenNodes = new Int32Array(HIDDEN);
const logitNodes = new Int32Array(CLASSES);

/** Records the mean loss of `flowers` at x on `tape`, sweeps it into `out` (67), returns the loss. */
export function irisTapeFloorGradient(tape: Tape, x: Float64Array, leaves: unknown[], flowers: readonly IrisFlower[], out: Float64Array): number {
  tape.begin(x, leaves);
  const count = flowers.length;
  const nodesNeeded = tape.dim + NODES_PER_FLOWER * count + 1;
  while (tape.capacity < nodesNeeded + 1) tape.growNodes();
  if (tape.child.length < EDGES_PER_FLOWER * count + 1) tape.growEdges(EDGES_PER_FLOWER * count + 1);
  if (values.length < nodesNeeded) values = new Float64Array(2 * nodesNeeded);
  const v = values;
  const ends = tape.ends;
  const child = tape.child;
  const partial = tape.partial;
  let n = tape.dim;
  let e = 0;
  let totalNode = -1;
  let total = 0;
  for (let f = 0; f < count; f++) {
    const { features, species } = flowers[f]!;
    for (let h = 0; h < HIDDEN; h++) {
      const first = e;
      let z = x[B1 + h]!;
      child[e] = B1 + h;
      partial[e++] = 1;
      for (let j = 0; j < INPUTS; j++) {
        const feature = features[j]!;
        child[e] = W1 + h * INPUTS + j;
        partial[e++] = feature;
        z += x[W1 + h * INPUTS + j]! * feature;
      }
      const t = Math.tanh(z);
      const slope = 1 - t * t;
      for (let q = first; q < e; q++) partial[q]! *= slope;
      v[n] = t;
      ends[n + 1] = e;
      hiddenNodes[h] = n++;
    }
    let maxLogit = -Infinity;
    let maxNode = -1;
    for (let c = 0; c < CLASSES; c++) {
      let z = x[B2 + c]!;
      child[e] = B2 + c;
      partial[e++] = 1;
      for (let h = 0; h < HIDDEN; h++) {
        const w = x[W2 + c * HIDDEN + h]!;
        const unit = hiddenNodes[h]!;
        const activation = v[unit]!;
        child[e] = W2 + c * HIDDEN + h;
        partial[e++] = activation;
        child[e] = unit;
        partial[e++] = w;
        z += w * activation;
      }
      v[n] = z;
      ends[n + 1] = e;
      logitNodes[c] = n++;
      if (z > maxLogit) {
        maxLogit = z;
        maxNode = n - 1;
      }
    }
    let sumNode = -1;
    let sum = 0;
    for (let c = 0; c < CLASSES; c++) {
      const r = Math.exp(v[logitNodes[c]!]! - maxLogit);
      child[e] = logitNodes[c]!;
      partial[e++] = r;
      child[e] = maxNode;
      partial[e++] = -r;
      if (sumNode >= 0) {
        child[e] = sumNode;
        partial[e++] = 1;
      }
      sum = sum + r;
      v[n] = sum;
      ends[n + 1] = e;
      sumNode = n++;
    }
    const logStart = ends[sumNode]!;
    for (let q = logStart; q < e; q++) partial[q]! *= 1 / sum;
    const logSum = Math.log(sum);
    v[sumNode] = logSum;
    const forward = maxLogit + logSum;
    child[e] = maxNode;
    partial[e++] = 1;
    child[e] = sumNode;
    partial[e++] = 1;
    v[n] = forward;
    ends[n + 1] = e;
    const forwardNode = n++;
    const picked = logitNodes[species]!;
    child[e] = forwardNode;
    partial[e++] = 1;
    child[e] = picked;
    partial[e++] = -1;
    if (totalNode >= 0) {
      child[e] = totalNode;
      partial[e++] = 1;
    }
    total = total + (forward - v[picked]!);
    v[n] = total;
    ends[n + 1] = e;
    totalNode = n++;
  }
  child[e] = totalNode;
  partial[e++] = 1 / count;
  const mean = total / count;
  v[n] = mean;
  ends[n + 1] = e;
  tape.n = n + 1;
  tape.e = e;
  tape.backward(n, out);
  return mean;
}
