/** Small helpers shared by the optimizer tests. */
import assert from 'node:assert/strict';
import { createOptimizer, resolveOptimizerConfig, type Optimizer } from '../../../../src/core/optimizers';

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

