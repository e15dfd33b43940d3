/**
 * extractKernels and emitKernels: what is lifted (exported kernels, the types and helpers they
 * need, JSDoc, parameters), what cannot be (imports, top-level constants), and renames that
 * touch references but never property names.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emitKernels, NameAllocator } from '../../../../src/core/codegen/emitKernels';
import { extractKernels, kernelSourcePaths, type ExtractedKernel } from '../../../../src/core/codegen/extract';
import { kernelSources } from '../../../../src/core/codegen/kernelSources.generated';
import type { KernelTable } from '../../../../src/core/codegen/types';
import { isLrLabError } from '../../../../src/core/errors';
import { compileDiagnostics, evaluateModule } from './harness';

const root = join(__dirname, '..', '..', '..', '..');

const tableOf = (kernels: readonly ExtractedKernel[]): KernelTable => Object.fromEntries(kernels.map(({ name, ...k }) => [name, k]));

/** A schedule file with a local helper, a type, and names that also appear as property names. */
const SYNTHETIC = `import type { ScheduleDefinition } from './types';

/** A box. */
export interface Box {
  readonly cosineHelper: number;
}

/** Doubles. */
function cosineHelper(v: number): number {
  return 2 * v;
}

/**
 * The kernel.
 */
export function cosineLr(t: number, box: Box): number {
  const o = { cosineHelper: 1 };
  return cosineHelper(t) + box.cosineHelper + o.cosineHelper;
}

export const cosineDefinition = {} as ScheduleDefinition;
`;

describe('extractKernels', function () {
  it('lifts every exported kernel of the engine with its JSDoc; optimizer files give Options, State, init and step', function () {
    const extraction = extractKernels(kernelSourcePaths().map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') })));
    const names = extraction.kernels.map((k) => k.name);
    for (const name of ['cosineLr', 'oneCycleLr', 'cyclicLr', 'warmupLr', 'lossBasedLr', 'gradientBasedLr', 'PlateauState', 'plateauInitialState', 'plateauReport', 'sequentialIndex']) {
      assert.ok(names.includes(name), name);
    }
    for (const name of ['AdamOptions', 'AdamState', 'adamInit', 'adamStep', 'NadamOptions', 'nadamStep']) assert.ok(names.includes(name), name);
    // Registry and builder helpers are not kernels.
    for (const name of ['configOf', 'stepSchedule', 'createSchedule', 'defaultMilestones', 'evenMilestones']) assert.ok(!names.includes(name), name);
    const cosine = extraction.kernels.find((k) => k.name === 'cosineLr')!;
    assert.match(cosine.text, /^\/\*\*\n \* `cosine` \(torch\.optim\.lr_scheduler\.CosineAnnealingLR\), closed form:/);
    assert.equal(cosine.text.slice(cosine.declarationStart, cosine.declarationStart + 18), 'function cosineLr(');
    assert.deepEqual(
      cosine.params.map((p) => `${p.name}: ${p.type}`),
      ['t: number', 'baseLr: number', 'tMax: number', 'etaMin: number'],
    );
    const report = extraction.kernels.find((k) => k.name === 'plateauReport')!;
    assert.deepEqual(report.dependencies, ['PlateauState']);
    assert.ok(names.indexOf('PlateauState') < names.indexOf('plateauReport'));
    assert.match(extraction.definitionDocs.adam!, /^\/\*\*\n \* `adam` — Adam \(and AMSGrad\)/);
  });

  it('takes the types and file-local helpers a kernel uses; references exclude property names', function () {
    const { kernels } = extractKernels([{ path: 'src/core/schedules/cosine.ts', text: SYNTHETIC }]);
    assert.deepEqual(
      kernels.map((k) => [k.name, k.kind, k.exported]),
      [
        ['Box', 'interface', true],
        ['cosineHelper', 'function', false],
        ['cosineLr', 'function', true],
      ],
    );
    const kernel = kernels[2]!;
    assert.deepEqual(kernel.dependencies, ['Box', 'cosineHelper']);
    assert.deepEqual(
      kernel.references.map(([name, at]) => [name, kernel.text.slice(at, at + name.length), kernel.text.slice(at - 1, at)]),
      [
        ['cosineLr', 'cosineLr', ' '],
        ['Box', 'Box', ' '],
        ['cosineHelper', 'cosineHelper', ' '],
      ],
    );
  });

  it('refuses a kernel that uses an import or a top-level constant, naming both', function () {
    const usesImport = `import { clamp } from '../util';\nexport function stepLr(t: number): number {\n  return clamp(t);\n}\n`;
    assert.throws(
      () => extractKernels([{ path: 'src/core/schedules/step.ts', text: usesImport }]),
      (e: unknown) => isLrLabError(e) && /stepLr in src\/core\/schedules\/step\.ts uses the import clamp/.test(e.message),
    );
    const usesConstant = `const SCALE = 2;\nexport function stepLr(t: number): number {\n  return SCALE * t;\n}\n`;
    assert.throws(
      () => extractKernels([{ path: 'src/core/schedules/step.ts', text: usesConstant }]),
      (e: unknown) => isLrLabError(e) && /uses the top-level SCALE/.test(e.message),
    );
    assert.throws(
      () => extractKernels([{ path: 'src/core/schedules/registry.ts', text: '' }]),
      (e: unknown) => isLrLabError(e) && /neither a schedule file/.test(e.message),
    );
    assert.throws(
      () => extractKernels([{ path: 'src/core/optimizers/adam.ts', text: 'export interface AdamOptions {}\n' }]),
      (e: unknown) => isLrLabError(e) && /has no top-level AdamState/.test(e.message),
    );
  });
});

describe('emitKernels', function () {
  const table = tableOf(extractKernels([{ path: 'src/core/schedules/cosine.ts', text: SYNTHETIC }]).kernels);

  it('renames colliding kernels and every reference to them, but no property names; the result runs', function () {
    const emitted = emitKernels(table, ['cosineLr'], new NameAllocator(new Set(['cosineHelper', 'Box', 'cosineLr'])), { exported: false });
    assert.deepEqual(emitted.declared, ['Box2', 'cosineHelper2', 'cosineLr2']);
    assert.match(emitted.text, /interface Box2 \{\n {2}readonly cosineHelper: number;\n\}/);
    assert.match(emitted.text, /function cosineLr2\(t: number, box: Box2\): number \{\n {2}const o = \{ cosineHelper: 1 \};\n {2}return cosineHelper2\(t\) \+ box\.cosineHelper \+ o\.cosineHelper;/);
    const user = 'const cosineHelper = "mine";\ninterface Box { other: string }\nfunction cosineLr(): void {}\n';
    const text = `${user}\n${emitted.text}\nexport const value = cosineLr2(3, { cosineHelper: 4 });\n`;
    assert.deepEqual(compileDiagnostics(new Map([['user.ts', text]])), []);
    assert.equal(evaluateModule(text).value, 2 * 3 + 4 + 1);
  });

  it('keeps counting up past taken suffixes, and can put `export` back', function () {
    const emitted = emitKernels(table, ['cosineLr'], new NameAllocator(new Set(['cosineLr', 'cosineLr2'])), { exported: true });
    assert.deepEqual(emitted.declared, ['Box', 'cosineHelper', 'cosineLr3']);
    assert.match(emitted.text, /\/\*\* A box\. \*\/\nexport interface Box \{/);
    assert.match(emitted.text, /\/\*\*\n \* The kernel\.\n \*\/\nexport function cosineLr3\(/);
  });

  it('reuses a kernel the file already declares identically (comments, export and spacing aside)', function () {
    const existing = new Map([['cosineLr', 'export  function cosineLr(t: number, b: number): number { return t; }']]);
    const plain = kernelSources.cosineLr.text.slice(kernelSources.cosineLr.declarationStart);
    const same = new Map([['cosineLr', `/** mine */\nexport ${plain.replace(/\n\s*/g, '\n    ')}`]]);
    const reserved = new NameAllocator(new Set(['cosineLr']));
    assert.deepEqual(emitKernels(kernelSources, ['cosineLr'], reserved, { exported: false, existingDeclarations: existing }).declared, ['cosineLr2']);
    const reused = emitKernels(kernelSources, ['cosineLr'], new NameAllocator(new Set(['cosineLr'])), { exported: false, existingDeclarations: same });
    assert.deepEqual(reused.declared, []);
    assert.equal(reused.text, '');
    assert.equal(reused.names.get('cosineLr'), 'cosineLr');
  });
});
