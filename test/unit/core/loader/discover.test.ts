import assert from 'node:assert/strict';
import { discoverObjectives, readX0Tag } from '../../../../src/core/loader/discover';

const names = (source: string): string[] => discoverObjectives(source, 'objectives.ts').map((o) => o.name);

describe('discoverObjectives', () => {
  it('discoverObjectives finds both forms with their line, column and offsets', () => {
    const source = [
      '/** @x0 [-1.2, 1] */', // 1
      'export function sphere(x: number[]): number {', // 2
      '  return x[0] * x[0];', // 3
      '}', // 4
      '', // 5
      '  export const rosenbrock = {', // 6
      '  x0: [-1.2, 1],', // 7
      '  f: (x: readonly number[]) => x[0],', // 8
      '};', // 9
    ].join('\n');
    const [sphere, rosenbrock] = discoverObjectives(source, 'a.ts');
    assert.deepEqual(sphere, {
      name: 'sphere',
      form: 'function',
      line: 2,
      column: 1,
      start: source.indexOf('export function'),
      end: source.indexOf('}\n') + 1,
      x0: [-1.2, 1],
      x0Problem: null,
      hasGrad: false,
      hasData: false,
      hasMetrics: false,
    });
    assert.equal(rosenbrock!.name, 'rosenbrock');
    assert.equal(rosenbrock!.form, 'object');
    assert.equal(rosenbrock!.line, 6);
    assert.equal(rosenbrock!.column, 3);
    assert.equal(rosenbrock!.start, source.indexOf('export const'));
    assert.equal(rosenbrock!.end, source.length);
    assert.deepEqual(rosenbrock!.x0, [-1.2, 1]);
  });

  it('discoverObjectives accepts every number-array parameter type and a number or absent return type', () => {
    const types = ['number[]', 'readonly number[]', 'ReadonlyArray<number>', 'Array<number>', 'Float64Array', 'ArrayLike<number>', '(number[])'];
    const source = types.map((t, i) => `export function f${i}(x: ${t}) { return 1; }`).join('\n') + '\nexport const g = (x: number[]): number => 1;\nexport const h = function (x: number[]) { return 2; };';
    assert.deepEqual(names(source), [...types.map((_, i) => `f${i}`), 'g', 'h']);
  });

  it('discoverObjectives skips decoys: two required parameters, other types, non-exported, in comments and strings', () => {
    const source = `
      export function dot(a: number[], b: number[]): number { return 0; }
      export function named(x: string[]): number { return 0; }
      export function untyped(x) { return 0; }
      export function vector(x: number[]): number[] { return x; }
      export function optionalOnly(x?: number[]): number { return 0; }
      export function noParams(): number { return 0; }
      export let mutable = (x: number[]) => 1;
      export const notObjective = { g: 1, x0: [1] };
      export const number = 3;
      export declare function declared(x: number[]): number;
      export class Model { f(x: number[]) { return 1; } }
      function hidden(x: number[]): number { return 1; }
      const alsoHidden = { x0: [1], f: (x: number[]) => 1 };
      // export function inComment(x: number[]): number { return 1; }
      /* export const inBlock = { f: (x: number[]) => 1 }; */
      const text = "export function inString(x: number[]): number { return 1; }";
      const template = \`export const inTemplate = { f: (x: number[]) => 1 };\`;
      export function withOptional(x: number[], scale = 2, label?: string): number { return scale; }
    `;
    assert.deepEqual(names(source), ['withOptional']);
  });

  it('discoverObjectives reads the object form: literal x0, grad, data, metrics, wrapped initializers', () => {
    const source = `
      export const a = { x0: [1, -2, +3.5, 1e-3], f(x: number[]) { return 1; }, grad: (x: number[]) => x, metrics: () => ({}) };
      export const b = ({ x0: Array.from({ length: 3 }, () => 0), f: (x: number[], batch: number[]) => 1, data: [1, 2], batchSize: 1 }) satisfies object;
      export const c = { 'f': (x: number[]) => 1, x0: [1, 'two'] } as const;
    `;
    const [a, b, c] = discoverObjectives(source, 'objects.ts');
    assert.deepEqual([a!.x0, a!.hasGrad, a!.hasData, a!.hasMetrics], [[1, -2, 3.5, 0.001], true, false, true]);
    assert.deepEqual([b!.x0, b!.hasGrad, b!.hasData, b!.hasMetrics], [null, false, true, false]);
    assert.deepEqual([c!.name, c!.x0], ['c', null]);
  });

  it('discoverObjectives names a default export "default" and follows export { local as name }', () => {
    const source = `
      const bowl = { x0: [1], f: (x: number[]) => x[0] * x[0] };
      /** @x0 [2] */
      function line(x: number[]): number { return x[0]; }
      export { bowl as renamedBowl, line };
      export default function (x: number[]): number { return 0; }
    `;
    const found = discoverObjectives(source, 'exports.ts');
    assert.deepEqual(found.map((o) => [o.name, o.form, o.line]), [
      ['renamedBowl', 'object', 2],
      ['line', 'function', 4],
      ['default', 'function', 6],
    ]);
    assert.deepEqual(found[1]!.x0, [2]);
  });

  it('discoverObjectives reads @x0 on arrow functions and reports an unreadable tag', () => {
    const source = `
      /**
       * Sum of squares.
       * @x0 [1, 2, 3]
       */
      export const good = (x: readonly number[]) => 1;
      /** @x0 [1, two] */
      export function bad(x: number[]): number { return 1; }
      export function none(x: number[]): number { return 1; }
    `;
    const [good, bad, none] = discoverObjectives(source, 'tags.ts');
    assert.deepEqual(good!.x0, [1, 2, 3]);
    assert.equal(bad!.x0, null);
    assert.equal(bad!.x0Problem, 'bad @x0: entry 2 of 2, "two", is not a number; write e.g. @x0 [-1.2, 1]');
    assert.deepEqual([none!.x0, none!.x0Problem], [null, null]);
  });

  it('discoverObjectives parses .tsx and files with type errors (no type checking)', () => {
    assert.deepEqual(discoverObjectives('export const v: string = 1;\nexport function f(x: number[]): number { return "s"; }', 'a.tsx').map((o) => o.name), ['f']);
  });
});

describe('readX0Tag', () => {
  it('readX0Tag finds the tag of an export whatever its parameter types', () => {
    const source = '/** @x0 [5, 6] */\nexport function loose(x): number { return 0; }\nexport function plain(x: number[]) { return 0; }';
    assert.deepEqual(readX0Tag(source, 'a.ts', 'loose'), { x0: [5, 6], problem: null, line: 2 });
    assert.deepEqual(readX0Tag(source, 'a.ts', 'plain'), { x0: null, problem: null, line: 3 });
    assert.equal(readX0Tag(source, 'a.ts', 'absent'), null);
  });
});
