import assert from 'node:assert/strict';
import { typecheckFile, startTypecheck } from '../../../../src/core/loader/typecheck';
import { fixture, markedLine, requireBuild } from './fixtures';

describe('typecheckFile', function () {
  // Each check parses the libraries' declarations (about a second, more on a busy machine).
  this.timeout(120_000);

  it("reports a type error at its file:line:col with TypeScript's message and code", () => {
    const file = fixture('typeError.ts');
    assert.deepEqual(typecheckFile(file), [
      { code: 'TS2322', message: "Type 'string' is not assignable to type 'number'.", location: { file, line: markedLine(file, 'scale'), column: 7 } },
    ]);
  });

  it('finds nothing in a correct file (the implicit project knows console, Math and the DOM)', () => {
    assert.deepEqual(typecheckFile(fixture('quadraticBowl.ts')), []);
    assert.deepEqual(typecheckFile(fixture('typeError.ts'), { source: 'console.log(Math.PI);\nexport const ok = { x0: [1], f: (x: readonly number[]) => x[0] * x[0] };\n' }), []);
  });

  it('checks unsaved editor text instead of the file on disk', () => {
    const file = fixture('quadraticBowl.ts');
    const problems = typecheckFile(file, { source: 'export const n: number = "one";\n' });
    assert.deepEqual(
      problems.map((p) => [p.code, p.location.line, p.location.column]),
      [['TS2322', 1, 14]],
    );
  });

  it("uses the nearest tsconfig.json whose project includes the file (here strict: an implicit any)", () => {
    const file = fixture('typed/implicitAny.ts');
    const problems = typecheckFile(file);
    assert.deepEqual(
      problems.map((p) => [p.code, p.location.line]),
      [['TS7006', markedLine(file, 'any')]],
    );
    assert.match(problems[0]!.message, /Parameter 'x' implicitly has an 'any' type/);
  });

  it('reports errors in the local files the objective imports, at their own file', () => {
    const problems = typecheckFile(fixture('typed/importsTypeError.ts'));
    const offset = fixture('typed/offset.ts');
    assert.deepEqual(
      problems.map((p) => [p.code, p.location.file, p.location.line]),
      [['TS2322', offset, markedLine(offset, 'null')]],
    );
  });

  it('startTypecheck answers the same from a worker thread', async () => {
    requireBuild();
    const file = fixture('typeError.ts');
    assert.deepEqual(await startTypecheck(file), typecheckFile(file));
  });

  it("words TypeScript's messages in the locale asked for (its lib/zh-cn), English otherwise", async () => {
    requireBuild();
    const file = fixture('typeError.ts');
    const [chinese] = await startTypecheck(file, { locale: 'zh-cn' });
    assert.deepEqual(chinese, { code: 'TS2322', message: '不能将类型“string”分配给类型“number”。', location: { file, line: markedLine(file, 'scale'), column: 7 } });
    const [fallback] = await startTypecheck(file, { locale: 'xx' });
    assert.equal(fallback!.message, "Type 'string' is not assignable to type 'number'.");
  });
});
