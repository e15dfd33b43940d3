import assert from 'node:assert/strict';
import { discoverObjectives } from '../../../../src/core/loader';
import { planChanges, planGradientCheck, planX0Tag } from '../../../../src/extension/codeActions/editPlan';
import { applyChanges, parseSnippet, snippetText } from '../../../../src/extension/codeActions/fileStyle';
import { SourceAnalysis } from '../../../../src/extension/codeActions/source';
import { evaluate, typeErrors } from './evaluate';
import { analyze, fixtureText } from './helpers';

type Check = (x?: ArrayLike<number>, tolerance?: number) => { worstIndex: number; analytic: number; numeric: number; relError: number; ok: boolean };

function insertedOnly(original: string, result: string, offset: number, text: string): void {
  assert.equal(result, original.slice(0, offset) + text + original.slice(offset));
}

describe('codeActions/editPlan: gradient checks (objectives.ts)', () => {
  const original = fixtureText('objectives.ts');
  const source = analyze('objectives.ts', original);

  it('bowl (object with grad and x0): the check goes after its statement, one blank line around it, and passes', () => {
    const plan = planGradientCheck(source, 'bowl');
    assert.ok(plan);
    assert.equal(plan.functionName, 'checkBowlGradient');
    const bowlEnd = original.indexOf('};\nexport const seen') + 2;
    assert.equal(plan.insertion.offset, bowlEnd);
    assert.ok(plan.insertion.text.startsWith('\n\n/**\n'));
    assert.ok(plan.insertion.text.endsWith('}\n'), 'a line break before the next statement…');
    const result = applyChanges(original, planChanges(plan));
    insertedOnly(original, result, plan.insertion.offset, plan.insertion.text);
    assert.ok(result.includes('}\n\nexport const seen = 1;'), '…and a blank line');
    assert.ok(result.includes('  x: ArrayLike<number> = bowl.x0,'), 'x defaults to the object’s x0');
    const exports = evaluate(result);
    const check = exports.checkBowlGradient as Check;
    assert.equal(check().ok, true);
    assert.equal(check([0.3, -0.7]).ok, true);
    assert.deepEqual(typeErrors({ 'objectives.ts': result }), []);
    // The objective list is unchanged: the check is not an objective.
    assert.deepEqual(
      discoverObjectives(result, 'objectives.ts').map((o) => o.name),
      source.objectives.map((o) => o.name),
    );
  });

  it('noStart (grad, no x0): the check takes x, after the statement and its trailing comment', () => {
    const plan = planGradientCheck(source, 'noStart');
    assert.ok(plan);
    const commentEnd = original.indexOf('// no x0: the check needs a point') + '// no x0: the check needs a point'.length;
    assert.equal(plan.insertion.offset, commentEnd);
    const result = applyChanges(original, planChanges(plan));
    assert.ok(result.includes('  x: ArrayLike<number>,\n'), 'no default point');
    const check = evaluate(result).checkNoStartGradient as Check;
    assert.equal(check([2.5]).ok, true);
  });

  it('a wrong gradient fails the inserted check', () => {
    const broken = original.replace('6 * x[1]!', '5 * x[1]!');
    const plan = planGradientCheck(new SourceAnalysis(broken, 'objectives.ts'), 'bowl')!;
    const result = (evaluate(applyChanges(broken, planChanges(plan))).checkBowlGradient as Check)();
    assert.equal(result.ok, false);
    assert.equal(result.worstIndex, 1);
  });

  it('plain functions and unknown names get no gradient check', () => {
    assert.equal(planGradientCheck(source, 'untagged'), null);
    assert.equal(planGradientCheck(source, 'nothing'), null);
  });

  it('the snippet inserts the same text, with the tolerance as a tab stop', () => {
    const plan = planGradientCheck(source, 'bowl')!;
    const parts = parseSnippet(plan.insertion.snippet!);
    assert.ok(parts);
    assert.equal(snippetText(parts), plan.insertion.text);
    assert.ok(parts.some((p) => p.kind === 'placeholder' && p.text === '1e-6'));
    assert.ok(plan.insertion.snippet!.includes('$0'));
  });

  it('an objective exported under another name (`export { bowlLocal as bowl }`): the check calls the local name', () => {
    const text = 'const bowlLocal = {\n  x0: [2],\n  f: (x: number[]) => x[0]! ** 2,\n  grad: (x: number[]) => [2 * x[0]!],\n};\nexport { bowlLocal as bowl };\n';
    const plan = planGradientCheck(new SourceAnalysis(text, 'renamed.ts'), 'bowl')!;
    assert.equal(plan.functionName, 'checkBowlLocalGradient');
    assert.equal(plan.insertion.offset, text.indexOf('};') + 2);
    const result = applyChanges(text, planChanges(plan));
    assert.equal((evaluate(result).checkBowlLocalGradient as Check)().ok, true);
  });

  it('a file whose statement is last and has no final line break', () => {
    const text = 'export const q = { x0: [1], f: (x: number[]) => x[0]! ** 2, grad: (x: number[]) => [2 * x[0]!] };';
    const plan = planGradientCheck(new SourceAnalysis(text, 'q.ts'), 'q')!;
    assert.equal(plan.insertion.offset, text.length);
    const result = applyChanges(text, planChanges(plan));
    assert.ok(result.startsWith(`${text}\n\n/**`));
    assert.ok(result.endsWith('}'), 'no line break added at the end');
  });
});

describe('codeActions/editPlan: @x0 tags (objectives.ts)', () => {
  const original = fixtureText('objectives.ts');

  const cases: [name: string, dimension: number, known: boolean, expected: string][] = [
    ['untagged', 3, true, '/** @x0 [0, 0, 0] */\nexport function untagged(x: number[]): number {'],
    ['oneLineDoc', 2, true, '/** One line of doc. @x0 [0, 0] */\nexport function oneLineDoc('],
    ['arrow', 2, true, '/**\n * Several lines\n * of doc.\n * @x0 [0, 0]\n */\nexport const arrow'],
    ['endsOnText', 1, false, '/**\n * Ends on its text line. \n * @x0 [0]\n */\nexport function endsOnText('],
  ];
  for (const [name, dimension, known, expected] of cases) {
    it(`${name}: ${known ? `${dimension} zeros (read from the code)` : 'one placeholder zero'}; discovery then reads the tag`, () => {
      const source = analyze('objectives.ts', original);
      const plan = planX0Tag(source, name);
      assert.ok(plan);
      assert.deepEqual([plan.dimension, plan.dimensionKnown], [dimension, known]);
      const result = applyChanges(original, planChanges(plan));
      insertedOnly(original, result, plan.insertion.offset, plan.insertion.text);
      assert.ok(result.includes(expected), result.slice(plan.insertion.offset - 80, plan.insertion.offset + 120));
      const found = discoverObjectives(result, 'objectives.ts').find((o) => o.name === name);
      assert.deepEqual(found?.x0, Array.from({ length: dimension }, () => 0));
      assert.equal(found?.x0Problem, null);
      const parts = parseSnippet(plan.insertion.snippet!);
      assert.ok(parts);
      assert.equal(snippetText(parts), plan.insertion.text);
      assert.deepEqual(
        parts.filter((p) => p.kind === 'placeholder').map((p) => (p as { text: string }).text),
        [Array.from({ length: dimension }, () => '0').join(', ')],
      );
    });
  }

  it('object objectives and unknown names get no @x0 fix', () => {
    const source = analyze('objectives.ts', original);
    assert.equal(planX0Tag(source, 'bowl'), null);
    assert.equal(planX0Tag(source, 'nothing'), null);
  });

  it('CRLF files get CRLF tag lines', () => {
    const text = '/**\r\n * Doc.\r\n */\r\nexport function f(x: number[]): number {\r\n  return x[0]!;\r\n}\r\n';
    const plan = planX0Tag(new SourceAnalysis(text, 'f.ts'), 'f')!;
    const result = applyChanges(text, planChanges(plan));
    assert.equal(result, '/**\r\n * Doc.\r\n * @x0 [0]\r\n */\r\nexport function f(x: number[]): number {\r\n  return x[0]!;\r\n}\r\n');
  });
});
