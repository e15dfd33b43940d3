import assert from 'node:assert/strict';
import { messageValue } from '../../../src/core/messageValue';

describe('messageValue: a value as an engine message quotes it', () => {
  it('writes NaN, Infinity and -Infinity as such, at the top and inside lists and objects (JSON would write null)', () => {
    assert.equal(messageValue(NaN), 'NaN');
    assert.equal(messageValue(Infinity), 'Infinity');
    assert.equal(messageValue(-Infinity), '-Infinity');
    assert.equal(messageValue([1, NaN, -Infinity]), '[1,NaN,-Infinity]');
    assert.equal(messageValue({ lr: Infinity, betas: [0.9, NaN] }), '{"lr":Infinity,"betas":[0.9,NaN]}');
    assert.equal(messageValue(Float64Array.of(2, NaN)), '{"0":2,"1":NaN}');
    assert.equal(messageValue(null), 'null');
  });

  it('keeps what JSON writes otherwise: strings quoted (a string "NaN" stays a string), finite numbers as JavaScript writes them', () => {
    assert.equal(messageValue('NaN'), '"NaN"');
    assert.equal(messageValue(['Infinity']), '["Infinity"]');
    assert.equal(messageValue(-1e-8), '-1e-8');
    assert.equal(messageValue(true), 'true');
  });

  it('cuts a long value to 60 characters; undefined, a symbol, a cycle and a bigint have words of their own', () => {
    assert.equal(messageValue('x'.repeat(100)), `"${'x'.repeat(56)}...`);
    assert.equal(messageValue(new Array(40).fill(NaN)).length, 60);
    assert.equal(messageValue(undefined), 'undefined');
    assert.equal(messageValue(undefined, 'nothing'), 'nothing');
    assert.equal(messageValue(Symbol('s')), 'Symbol(s)');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    assert.equal(messageValue(cycle), 'object');
    assert.equal(messageValue(1n), 'bigint');
  });
});
