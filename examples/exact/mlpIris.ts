/**
 * The iris MLP (../mlpIris.ts, 67 parameters) without its hand-written backpropagation: LR Lab
 * records the exact gradient of f — through the forward pass's loops, the tanh units, the
 * module-level Float64Array scratch space and the log-sum-exp — in one evaluation per step,
 * instead of the 2 × 67 evaluations finite differences would take.
 *   lrlab run examples/exact/mlpIris.ts --optimizer adam --lr 0.01 --iterations 500
 */
import * as handWritten from '../mlpIris';

const { x0, data, batchSize, f, metrics } = handWritten.mlpIris;
export const mlpIris = { x0, data, batchSize, f, metrics };
