/**
 * Linear regression by mini-batch SGD (../linearRegression.ts) without `grad`: the exact gradient
 * of the mean squared error over each batch is recorded from f (through its helper predict).
 *   lrlab run examples/exact/linearRegression.ts --optimizer sgd --lr 0.1
 */
import * as handWritten from '../linearRegression';

const { x0, data, batchSize, f, metrics } = handWritten.linearRegression;
export const linearRegression = { x0, data, batchSize, f, metrics };
