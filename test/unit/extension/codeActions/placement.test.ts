/** Where "Insert schedule" / "Insert optimizer" put a run's code for a cursor (placement.ts). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolveScheduleConfig } from '../../../../src/core/schedules';
import { runScheduleInsertion } from '../../../../src/extension/codeActions/fromRun';
import { insertionPlace } from '../../../../src/extension/codeActions/placement';
import { SourceAnalysis } from '../../../../src/extension/codeActions/source';
import { typeErrors } from './evaluate';

const FILE = [
  '/**', // 0: a file header, apart from what follows
  ' * Header.',
  ' */',
  '',
  "import { readFileSync } from 'node:fs';", // 4
  '',
  '/** Documents f. */', // 6: attached to f
  'export function f(x: number[]): number {',
  '  const s = x[0]! * x[0]!;',
  '',
  '  return s;',
  '}', // 11
  '',
  'export const data = {', // 13
  '  a: 1,',
  '};',
  '// a trailing remark', // 16: after the last statement
  '',
].join('\n');

/** The offset of line `line` (0-based), column `column`. */
const at = (text: string, line: number, column = 0): number => text.split('\n').slice(0, line).reduce((n, l) => n + l.length + 1, 0) + column;
/** The line (0-based) an insertion place is on, and whether it goes below it. */
const placed = (line: number, column = 0) => {
  const place = insertionPlace(new SourceAnalysis(FILE, 'placed.ts'), at(FILE, line, column));
  return { line: FILE.slice(0, place.offset).split('\n').length - 1, separate: place.separate };
};

describe('codeActions/placement: where a run’s code goes for a cursor', () => {
  it('inside a file header (a comment that stands apart): below the comment', () => {
    assert.deepEqual(placed(0), { line: 2, separate: true });
    assert.deepEqual(placed(1, 3), { line: 2, separate: true });
  });

  it('inside a statement, or the doc comment attached to it: below the statement', () => {
    assert.deepEqual(placed(6, 4), { line: 11, separate: true });
    assert.deepEqual(placed(8, 10), { line: 11, separate: true });
    assert.deepEqual(placed(9), { line: 11, separate: true }, 'a blank line inside a function body is still inside it');
    assert.deepEqual(placed(14), { line: 15, separate: true }, 'not in an object literal');
    assert.deepEqual(placed(4, 5), { line: 4, separate: true });
  });

  it('on a blank line between statements: there; in a comment after the last statement: below it', () => {
    const blank = insertionPlace(new SourceAnalysis(FILE, 'placed.ts'), at(FILE, 12));
    assert.deepEqual(blank, { offset: at(FILE, 12), separate: false });
    assert.deepEqual(placed(5), { line: 5, separate: false });
    assert.deepEqual(placed(16, 3), { line: 16, separate: true });
  });

  it('the walkthrough’s case: examples/quadratic.ts with the cursor on its first line gets a schedule that compiles', () => {
    const text = readFileSync('examples/quadratic.ts', 'utf8');
    const source = new SourceAnalysis(text, 'quadratic.ts');
    const place = insertionPlace(source, 0);
    const schedule = resolveScheduleConfig({ type: 'cosine' }, { baseLr: 0.4, totalSteps: 200 });
    const run = { label: 'sgd lr=0.4 · cosine', objective: { name: 'quadratic', label: 'quadratic.ts' }, startedAt: Date.UTC(2026, 11, 7), schedule, lr: 0.4 };
    const insertion = runScheduleInsertion(source, run, place.separate);
    const edited = text.slice(0, place.offset) + insertion.text + text.slice(place.offset);
    assert.ok(text.slice(0, place.offset).trimEnd().endsWith('*/'), 'below the header comment');
    // The example indexes arrays as plain code does (noUncheckedIndexedAccess finds those): the insertion adds no error.
    const errors = (file: string) => typeErrors({ 'quadratic.ts': file }).filter((e) => !/is declared but/.test(e));
    assert.deepEqual(errors(edited), errors(text));
  });
});
