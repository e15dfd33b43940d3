/** Shared by the code-action unit tests: fixture files and their `// MARK: name` lines. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceAnalysis } from '../../../../src/extension/codeActions/source';

export const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures', 'codeActions');

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function analyze(name: string, text = fixtureText(name)): SourceAnalysis {
  return new SourceAnalysis(text, join(FIXTURES, name));
}

/** [start, end) offsets of the line that carries `MARK: mark` (the marker must be on exactly one line). */
export function markedLine(text: string, mark: string): { start: number; end: number } {
  const lines = text.split('\n');
  const hits = lines.map((l, i) => [l, i] as const).filter(([l]) => new RegExp(`MARK: ${mark.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}(\\s|\\*|$)`).test(l));
  if (hits.length !== 1) throw new Error(`MARK: ${mark} is on ${hits.length} lines`);
  const index = hits[0]![1];
  const start = lines.slice(0, index).reduce((n, l) => n + l.length + 1, 0);
  return { start, end: start + lines[index]!.length };
}

/** Every `MARK:` name in the text, in order. */
export function marks(text: string): string[] {
  return [...text.matchAll(/MARK: ([\w-]+)/g)].map((m) => m[1]!);
}
