/** Small helpers shared by the optimizer tests. */
import assert from 'node:assert/strict';
import { createOptimizer, resolveOptimizerConfig, type Optimizer, type OptimizerState } from '../../../../src/core/optimizers';

/** A configured optimizer from a raw config (validated and defaulted). */
export function optimizerFor(raw: object): Optimizer {
  return createOptimizer(resolveOptimizerConfig(raw));
}

/**
 * |actual − expected| ≤ rel·|expected| + abs for every entry; the message names `what`, the
 * index, the expected and the actual value.
 */
export function assertCloseArray(actual: ArrayLike<number>, expected: readonly number[], rel: number, abs: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    assert.ok(Math.abs(a - e) <= rel * Math.abs(e) + abs, `${what}, index ${i}: expected ${e}, actual ${a} (difference ${a - e})`);
  }
}

/** Run `steps` steps from `x0` with the given gradients and lrs; returns params after each step. */
export function runSteps(optimizer: Optimizer, x: Float64Array, state: OptimizerState, grads: readonly (readonly number[])[], lrs: readonly number[]): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < grads.length; k++) {
    optimizer.step(x, Float64Array.from(grads[k]!), state, lrs[k]!);
    out.push(Array.from(x));
  }
  return out;
}
