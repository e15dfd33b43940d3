import assert from 'node:assert/strict';
import { parseX0Tag } from '../../../../src/core/loader/x0Tag';

describe('parseX0Tag', () => {
  it('parseX0Tag reads a bracketed list of number literals', () => {
    assert.deepEqual(parseX0Tag('[-1.2, 1]', 'f'), { x0: [-1.2, 1], problem: null });
    assert.deepEqual(parseX0Tag('  [1e-3, .5, +2, 0x10]  trailing words', 'f'), { x0: [0.001, 0.5, 2, 16], problem: null });
  });

  it('parseX0Tag reads a list without brackets up to the end of the line', () => {
    assert.deepEqual(parseX0Tag('3, -4\nmore text', 'f'), { x0: [3, -4], problem: null });
  });

  it('parseX0Tag names the export, the entry (from 1, of how many), what it holds and why — as lrlab --x0 does', () => {
    assert.deepEqual(parseX0Tag('[1, a]', 'rosen'), { x0: null, problem: 'rosen @x0: entry 2 of 2, "a", is not a number; write e.g. @x0 [-1.2, 1]' });
    assert.equal(parseX0Tag('[1, Infinity]', 'f').problem, 'f @x0: entry 2 of 2, "Infinity", is not a finite number; write e.g. @x0 [-1.2, 1]');
    assert.equal(parseX0Tag('[NaN, 1, 2]', 'f').problem, 'f @x0: entry 1 of 3, "NaN", is not a finite number; write e.g. @x0 [-1.2, 1]');
    assert.equal(parseX0Tag('[1, ]', 'f').problem, 'f @x0: entry 2 of 2 is empty; write e.g. @x0 [-1.2, 1]');
  });

  it('parseX0Tag says so when the tag has no numbers', () => {
    assert.equal(parseX0Tag('', 'f').problem, 'f @x0 has no numbers; write e.g. @x0 [-1.2, 1]');
    assert.equal(parseX0Tag('[]', 'f').problem, 'f @x0 has no numbers; write e.g. @x0 [-1.2, 1]');
  });
});
