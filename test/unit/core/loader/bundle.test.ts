import assert from 'node:assert/strict';
import { bundleObjectiveFile, CompileError } from '../../../../src/core/loader/bundle';
import { fixture, markedLine } from './fixtures';

async function compileErrorOf(promise: Promise<unknown>): Promise<CompileError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof CompileError, `expected a CompileError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the bundle to fail');
}

describe('bundleObjectiveFile', () => {
  it('bundleObjectiveFile inlines local imports into one CommonJS script with a source map of both files', async () => {
    const bundle = await bundleObjectiveFile(fixture('withLocalImport.ts'));
    assert.equal(bundle.file, fixture('withLocalImport.ts'));
    assert.match(bundle.code, /module\.exports/);
    assert.match(bundle.code, /function squaredDistance/);
    assert.doesNotMatch(bundle.code, /require\(["']\.\/lib\/shift/);
    const map = JSON.parse(bundle.map) as { sources: string[] };
    assert.deepEqual(map.sources.sort(), ['lib/shift.ts', 'withLocalImport.ts']);
    assert.equal(bundle.sourceRoot, fixture(''));
  });

  it('bundleObjectiveFile leaves Node built-ins as require calls', async () => {
    const bundle = await bundleObjectiveFile(fixture('x.ts'), { source: 'import { cpus } from "node:os";\nexport const o = { x0: [cpus().length], f: (x: number[]) => x[0] };' });
    assert.match(bundle.code, /require\("node:os"\)/);
  });

  it('bundleObjectiveFile bundles unsaved text given as source, resolving imports next to the file', async () => {
    const bundle = await bundleObjectiveFile(fixture('unsaved.ts'), { source: 'import { center } from "./lib/shift";\nexport const c = { x0: center, f: (x: number[]) => x[0] };' });
    assert.match(bundle.code, /center = \[2, -1\]/);
    assert.ok((JSON.parse(bundle.map) as { sources: string[] }).sources.includes('unsaved.ts'));
  });

  it('bundleObjectiveFile reports a syntax error as compileError at its 1-based line and column', async () => {
    const file = fixture('syntaxError.ts');
    const e = await compileErrorOf(bundleObjectiveFile(file));
    assert.equal(e.code, 'compileError');
    assert.equal(e.message, 'Unexpected "*"');
    // Line 3 is `  f: (x: number[]) => x[0] +* 2,`: the `*` is at column 29.
    assert.deepEqual(e.location, { file, line: markedLine(file, 'syntax'), column: 29 });
  });

  it('bundleObjectiveFile keeps every error (one diagnostic each)', async () => {
    const file = fixture('twoBadImports.ts');
    const e = await compileErrorOf(bundleObjectiveFile(file));
    assert.deepEqual(
      e.errors.map((x) => [x.code, x.message, x.location?.line, x.location?.column]),
      [
        ['compileError', 'Could not resolve "./notThere"', markedLine(file, 'firstImport'), 25],
        ['compileError', 'Could not resolve "./notThereEither"', markedLine(file, 'secondImport'), 29],
      ],
    );
    assert.equal(e.location?.line, markedLine(file, 'firstImport'));
  });

  it('bundleObjectiveFile counts columns in UTF-16 units after non-ASCII text', async () => {
    const e = await compileErrorOf(bundleObjectiveFile(fixture('unicode.ts'), { source: 'export const σ = "ä∑"; let y = ;' }));
    // `export const σ = "ä∑"; let y = ;` — the `;` after `= ` is the 32nd UTF-16 unit.
    assert.deepEqual([e.location?.line, e.location?.column], [1, 32]);
    assert.equal(e.location?.file, fixture('unicode.ts'));
  });
});
