/**
 * The kernels are what the generated code snippets lift into a user's file, so each must be
 * self-contained: its source text, evaluated in an empty scope (no imports, no module
 * constants, only its parameters, locals and globals like Math), computes the same values.
 */
import assert from 'node:assert/strict';
import * as kernels from '../../../../src/core/schedules';

type Kernel = (...args: never[]) => unknown;

/** Each kernel with a few argument lists that reach its branches. */
const CALLS: ReadonlyArray<readonly [string, Kernel, readonly unknown[][]]> = [
  ['constantLr', kernels.constantLr, [[0.1]]],
  ['stepLr', kernels.stepLr, [[7, 0.1, 3, 0.5]]],
  ['multiStepLr', kernels.multiStepLr, [[6, 0.1, [2, 5, 9], 0.3]]],
  ['exponentialLr', kernels.exponentialLr, [[4, 0.1, 0.9]]],
  ['linearLr', kernels.linearLr, [[2, 0.1, 0.25, 1, 5], [9, 0.1, 0.25, 1, 5]]],
  ['polynomialLr', kernels.polynomialLr, [[2, 0.1, 5, 2]]],
  ['cosineLr', kernels.cosineLr, [[3, 0.1, 10, 0.01]]],
  ['cosineWarmRestartsLr', kernels.cosineWarmRestartsLr, [[13, 0.1, 3, 1, 0], [13, 0.1, 3, 2, 0.01]]],
  [
    'oneCycleLr',
    kernels.oneCycleLr,
    [
      [3, 1, 20, 0.3, 'cos', 25, 1e4, false],
      [15, 1, 20, 0.3, 'linear', 25, 1e4, false],
      [9, 1, 20, 0.3, 'cos', 25, 1e4, true],
      [99, 1, 20, 0.3, 'cos', 25, 1e4, true],
    ],
  ],
  ['cyclicLr', kernels.cyclicLr, [[3, 0.01, 0.1, 4, 2, 'triangular', 1], [11, 0.01, 0.1, 4, 2, 'triangular2', 1], [5, 0.01, 0.1, 4, 2, 'expRange', 0.9]]],
  ['inverseTimeLr', kernels.inverseTimeLr, [[5, 0.1, 0.5, 2, false], [5, 0.1, 0.5, 2, true]]],
  ['warmupLr', kernels.warmupLr, [[2, 0.1, 5, 0.1]]],
  ['lossBasedLr', kernels.lossBasedLr, [[0.1, 1, 3], [0.1, 1, -3]]],
  ['gradientBasedLr', kernels.gradientBasedLr, [[0.1, 2, 0.5]]],
  ['sequentialIndex', kernels.sequentialIndex, [[7, [3, 7, 9]]]],
  ['plateauInitialState', kernels.plateauInitialState, [[0.1, 'min'], [0.1, 'max']]],
];

/** Re-create a function from its source text in a scope with no module bindings. */
function lift(fn: Kernel): Kernel {
  return new Function(`"use strict"; return (${fn.toString()});`)() as Kernel;
}

describe('schedule kernels are self-contained', () => {
  for (const [name, fn, argLists] of CALLS) {
    it(`${name} works when lifted out of its module`, () => {
      const lifted = lift(fn);
      for (const args of argLists) assert.deepEqual(lifted(...(args as never[])), fn(...(args as never[])), `${name}(${JSON.stringify(args)})`);
    });
  }

  it('plateauReport works when lifted out of its module', () => {
    const lifted = lift(kernels.plateauReport as Kernel) as typeof kernels.plateauReport;
    const a = kernels.plateauInitialState(1, 'min');
    const b = kernels.plateauInitialState(1, 'min');
    for (const m of [3, 2, 2, 2, 2, 2]) {
      kernels.plateauReport(a, m, 'min', 0.5, 1, 1e-4, 'rel', 1, 0, 1e-8);
      lifted(b, m, 'min', 0.5, 1, 1e-4, 'rel', 1, 0, 1e-8);
    }
    assert.deepEqual(b, a);
    assert.equal(a.lr, 0.5);
  });

  it('a kernel that used a module binding would fail when lifted (the check can fail)', () => {
    const helper = (x: number) => x * 2;
    const leaky = (t: number) => helper(t);
    assert.throws(() => lift(leaky as Kernel)(...([1] as never[])), ReferenceError);
  });
});
