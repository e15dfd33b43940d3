import assert from 'node:assert/strict';
import { parseX0Tag } from '../../../../src/core/loader/x0Tag';

describe('parseX0Tag', () => {
  it('parseX0Tag reads a bracketed list of number literals', () => {
    assert.deepEqual(parseX0Tag('[-1.2, 1]'), { x0: [-1.2, 1], problem: null });
    assert.deepEqual(parseX0Tag('  [1e-3, .5, +2, 0x10]  trailing words'), { x0: [0.001, 0.5, 2, 16], problem: null });
  });

  it('parseX0Tag reads a list without brackets up to the end of the line', () => {
    assert.deepEqual(parseX0Tag('3, -4\nmore text'), { x0: [3, -4], problem: null });
  });

  it('parseX0Tag names the entry that is not a finite number', () => {
    const r = parseX0Tag('[1, a]');
    assert.equal(r.x0, null);
    assert.match(r.problem!, /entry 1 is "a"/);
    assert.match(parseX0Tag('[1, Infinity]').problem!, /entry 1 is "Infinity"/);
    assert.match(parseX0Tag('[1, ]').problem!, /entry 1 is empty/);
  });

  it('parseX0Tag says so when the tag has no numbers', () => {
    assert.match(parseX0Tag('').problem!, /no numbers/);
    assert.match(parseX0Tag('[]').problem!, /no numbers/);
  });
});
