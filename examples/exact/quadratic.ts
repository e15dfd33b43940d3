/**
 * The quadratic bowl ½ (x − c)ᵀ A (x − c) of ../quadratic.ts without `grad`: LR Lab records the
 * exact gradient A (x − c) through f and its helper (curvatureTimesOffset).
 *   lrlab run examples/exact/quadratic.ts --optimizer sgd --lr 0.4
 */
import * as handWritten from '../quadratic';

export const quadratic = { x0: handWritten.quadratic.x0, f: handWritten.quadratic.f };
