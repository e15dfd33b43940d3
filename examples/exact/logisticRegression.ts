/**
 * Logistic regression on iris (../logisticRegression.ts) without `grad`: the exact gradient of
 * the mean binary cross-entropy, recorded through its max/log1p/abs formulation (at the kink of
 * max(z, 0) the derivative is split as PyTorch splits it, so the smooth loss keeps its true
 * derivative σ(z) − y).
 *   lrlab run examples/exact/logisticRegression.ts --optimizer sgd --lr 1 --iterations 500
 */
import * as handWritten from '../logisticRegression';

const { x0, data, f, metrics } = handWritten.logisticRegression;
export const logisticRegression = { x0, data, f, metrics };
