/**
 * The `@x0` JSDoc tag of a plain-function objective: its starting point, written as a list
 * of numbers, e.g. `@x0 [-1.2, 1]` (brackets optional: `@x0 -1.2, 1`).
 */
import { engineText } from '../../shared/engineText';
import { readNumberList } from '../../shared/numberList';

export type X0TagResult = { readonly x0: number[]; readonly problem: null } | { readonly x0: null; readonly problem: string };

/**
 * Parse the text after `@x0` on export `name`. Read as lrlab's --x0 is (src/shared/numberList.ts): each
 * entry a finite JavaScript number literal; anything else — an empty list, a name, a trailing
 * comma — is a problem, in the reader's language, that names the tag, the entry and what it holds.
 */
export function parseX0Tag(text: string, name: string): X0TagResult {
  const trimmed = text.trim();
  const bracketed = /^\[([^\]]*)\]/.exec(trimmed);
  const body = bracketed ? bracketed[1]! : trimmed.split(/\r?\n/)[0]!;
  const read = readNumberList(body, `${name} @x0`, '@x0 [-1.2, 1]');
  return read.problem === null ? { x0: read.values, problem: null } : { x0: null, problem: engineText(read.problem) };
}
