import assert from 'node:assert/strict';
import { LrLabError } from '../../../../src/core/errors';
import { checkShapes, createOptimizer, parameterShapes, resolveOptimizerConfig, shapeSize } from '../../../../src/core/optimizers';

describe('parameter shapes', () => {
  it('reads a list of blocks, or one block given as a plain list of dimensions', () => {
    assert.deepEqual(parameterShapes([[8, 4], [8], [3, 8], [3]], 67, 'mlp.shape'), [[8, 4], [8], [3, 8], [3]]);
    assert.deepEqual(parameterShapes([3, 4], 12, 'w.shape'), [[3, 4]]);
    assert.deepEqual(parameterShapes([[2, 2], []], 5, 'w.shape'), [[2, 2], []], 'an empty shape is a scalar');
    assert.equal(shapeSize([2, 3, 4]), 24);
    assert.equal(shapeSize([]), 1);
  });

  it('refuses shapes that are not lists of integer dimensions ≥ 1, or do not hold the parameters', () => {
    const refuses = (raw: unknown, dim: number, message: RegExp) =>
      assert.throws(
        () => parameterShapes(raw, dim, 'f.shape'),
        (e: unknown) => e instanceof LrLabError && e.code === 'invalidObjective' && message.test(e.message),
      );
    refuses('2x3', 6, /^f\.shape must be a list of block shapes, e\.g\. \[\[8, 4\], \[8\]\] .*\(got "2x3"\)$/);
    refuses([], 6, /^f\.shape must list at least one block/);
    refuses([[2, 0]], 0, /^f\.shape\[0\] must be a list of integer dimensions ≥ 1/);
    refuses([[2, 1.5]], 3, /^f\.shape\[0\] must be a list of integer dimensions ≥ 1/);
    refuses([[2], 'x'], 3, /^f\.shape\[1\] must be a list of integer dimensions ≥ 1/);
    refuses([[2, 3], [2]], 7, /^f\.shape holds 2 × 3 \+ 2 = 8 numbers, but there are 7 parameters$/);
  });

  it('an optimizer refuses shapes that do not fit its parameters at init and allocate', () => {
    const optimizer = createOptimizer(resolveOptimizerConfig({ type: 'adafactor' }));
    assert.throws(() => optimizer.init(5, [[2, 2]]), /the parameter shape of adafactor holds 2 × 2 = 4 numbers, but there are 5 parameters/);
    assert.throws(() => optimizer.allocate!(5, [[2, 2]]), /holds 2 × 2 = 4 numbers/);
    assert.doesNotThrow(() => checkShapes([[2, 2], [1]], 5, 'x'));
  });
});
