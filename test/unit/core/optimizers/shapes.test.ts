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

  it('refuses shapes that are not lists of integer dimensions ≥ 1, or do not hold the parameters, naming the entry and what it holds', () => {
    const refuses = (raw: unknown, dim: number, message: string) =>
      assert.throws(
        () => parameterShapes(raw, dim, 'f.shape'),
        (e: unknown) => e instanceof LrLabError && e.code === 'invalidObjective' && e.message === message,
        `${JSON.stringify(raw)}: ${message}`,
      );
    const example = 'e.g. [[8, 4], [8]] for an 8 × 4 matrix followed by a vector of 8';
    refuses('2x3', 6, `f.shape must be a list of block shapes, ${example} (got "2x3")`);
    refuses(NaN, 6, `f.shape must be a list of block shapes, ${example} (got NaN)`);
    refuses([], 6, `f.shape must list at least one block, ${example}`);
    refuses([[2, 0]], 0, `f.shape[0][1] is 0, but a dimension of a block must be an integer ≥ 1, ${example}`);
    refuses([[2, 1.5]], 3, `f.shape[0][1] is 1.5, but a dimension of a block must be an integer ≥ 1, ${example}`);
    refuses([[4], [2, NaN]], 3, `f.shape[1][1] is NaN, but a dimension of a block must be an integer ≥ 1, ${example}`);
    refuses([[-2, 3]], 6, `f.shape[0][0] is -2, but a dimension of a block must be an integer ≥ 1, ${example}`);
    refuses([[2, Infinity]], 6, `f.shape[0][1] is Infinity, but a dimension of a block must be an integer ≥ 1, ${example}`);
    refuses([[2, '3']], 6, `f.shape[0][1] is "3", but a dimension of a block must be an integer ≥ 1, ${example}`);
    // One block written as a plain list: its dimensions are f.shape[k].
    refuses([2, NaN], 6, `f.shape[1] is NaN, but a dimension of a block must be an integer ≥ 1, ${example}`);
    refuses([2, 'x'], 6, `f.shape[1] is "x", but a dimension of a block must be an integer ≥ 1, ${example}`);
    refuses([[2, , 3]], 6, `f.shape[0][1] is undefined, but a dimension of a block must be an integer ≥ 1, ${example}`);
    refuses([[2], { n: NaN }], 3, `f.shape[1] must be a list of integer dimensions ≥ 1, ${example} (got {"n":NaN})`);
    refuses([[2], 'x'], 3, `f.shape[1] must be a list of integer dimensions ≥ 1, ${example} (got "x")`);
    refuses([3, [4]], 7, `f.shape[0] must be a list of integer dimensions ≥ 1, ${example} (got 3)`);
    refuses([[2, 3], [2]], 7, 'f.shape holds 2 × 3 + 2 = 8 numbers, but there are 7 parameters');
    refuses([[1e200, 1e200]], 7, 'f.shape holds 1e+200 × 1e+200 = Infinity numbers, but there are 7 parameters');
  });

  it('puts the error where the objective is written (at(), asked only when something is wrong)', () => {
    const where = { file: '/x/net.ts', line: 12, column: 6 };
    let asked = 0;
    const at = () => (asked++, where);
    assert.deepEqual(parameterShapes([[2, 2]], 4, 'net.shape', at), [[2, 2]]);
    assert.equal(asked, 0);
    for (const raw of [[[2, NaN]], [[2, 2]], 'x']) {
      assert.throws(
        () => parameterShapes(raw, 5, 'net.shape', at),
        (e: unknown) => e instanceof LrLabError && e.location === where && e.format().startsWith('/x/net.ts:12:6: net.shape'),
      );
    }
  });

  it('an optimizer refuses shapes that do not fit its parameters at init and allocate', () => {
    const optimizer = createOptimizer(resolveOptimizerConfig({ type: 'adafactor' }));
    assert.throws(() => optimizer.init(5, [[2, 2]]), /the parameter shape of adafactor holds 2 × 2 = 4 numbers, but there are 5 parameters/);
    assert.throws(() => optimizer.allocate!(5, [[2, 2]]), /holds 2 × 2 = 4 numbers/);
    assert.doesNotThrow(() => checkShapes([[2, 2], [1]], 5, 'x'));
  });
});
