/**
 * The ill-conditioned quadratic of ../illConditioned.ts without `grad`: the exact gradient κᵢ xᵢ
 * is recorded from f's loop; the metrics are the same.
 *   lrlab run examples/exact/illConditioned.ts --optimizer sgd --lr 0.0019 --set momentum=0.9 --iterations 500
 */
import * as handWritten from '../illConditioned';

const { x0, f, metrics } = handWritten.illConditioned;
export const illConditioned = { x0, f, metrics };
