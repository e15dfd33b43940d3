import assert from 'node:assert/strict';
import fc from 'fast-check';
import { numberLiteral, valueLiteral } from '../../../../src/core/codegen/literal';
import { escapeSnippetText } from '../../../../src/core/codegen/pieces';
import { stringLiteral } from '../../../../src/core/codegen/literal';
import { isLrLabError } from '../../../../src/core/errors';
import { parseSnippet } from './harness';

describe('literals', function () {
  it('numberLiteral reads back as exactly the same double, for any double', function () {
    fc.assert(
      fc.property(fc.double(), (v) => {
        assert.ok(Object.is(Number(eval(numberLiteral(v))), v), `${v} → ${numberLiteral(v)}`);
      }),
      { numRuns: 5000 },
    );
    for (const v of [5e-324, -5e-324, Number.MAX_VALUE, Number.MIN_VALUE, 1 / 3, 0.1 + 0.2, -0, 2 ** 53 + 2, 1e21, 123e-20]) {
      assert.ok(Object.is(eval(numberLiteral(v)), v), String(v));
    }
  });

  it('numberLiteral uses the exponent form only where shorter (integers: by two characters or more)', function () {
    const cases: [number, string][] = [
      [0.001, '1e-3'],
      [1e-8, '1e-8'],
      [0.01, '0.01'],
      [0.1, '0.1'],
      [2000, '2000'],
      [10000, '1e4'],
      [1e21, '1e21'],
      [1 / 3, '0.3333333333333333'],
      [-0.0005, '-5e-4'],
      [-0, '-0'],
      [Infinity, 'Infinity'],
    ];
    for (const [v, text] of cases) assert.equal(numberLiteral(v), text, String(v));
  });

  it('valueLiteral: booleans, enum strings in single quotes, arrays; anything else is an error naming the option', function () {
    assert.equal(valueLiteral(true, 'x'), 'true');
    assert.equal(valueLiteral('cos', 'x'), "'cos'");
    assert.equal(valueLiteral([50, 75.5, 1e5], 'x'), '[50, 75.5, 1e5]');
    assert.equal(valueLiteral([], 'x'), '[]');
    assert.throws(
      () => valueLiteral({ a: 1 }, 'schedule.foo'),
      (e: unknown) => isLrLabError(e) && /schedule\.foo cannot be written as a TypeScript literal/.test(e.message),
    );
  });

  it('stringLiteral round-trips any string', function () {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        assert.equal(eval(stringLiteral(s)), s);
      }),
      { numRuns: 2000 },
    );
  });

  it('escapeSnippetText: VS Code reads any text back unchanged', function () {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('$', '}', '{', '\\', 'a', '1', ':', '|', ',', '\n') }), (s) => {
        assert.equal(parseSnippet(`${escapeSnippetText(s)}$0`).text, s);
      }),
      { numRuns: 2000 },
    );
  });
});
