/**
 * The `@x0` JSDoc tag of a plain-function objective: its starting point, written as a list
 * of numbers, e.g. `@x0 [-1.2, 1]` (brackets optional: `@x0 -1.2, 1`).
 */

export type X0TagResult = { readonly x0: number[]; readonly problem: null } | { readonly x0: null; readonly problem: string };

/**
 * Parse the text after `@x0`. Each entry is a JavaScript number literal (`-1.2`, `1e-3`,
 * `.5`); anything else — an empty list, a name, a trailing comma — is a problem that says
 * what was found.
 */
export function parseX0Tag(text: string): X0TagResult {
  const trimmed = text.trim();
  const bracketed = /^\[([^\]]*)\]/.exec(trimmed);
  const body = bracketed ? bracketed[1]! : trimmed.split(/\r?\n/)[0]!;
  const entries = body.split(',').map((s) => s.trim());
  if (entries.length === 1 && entries[0] === '') return { x0: null, problem: `the @x0 tag has no numbers (write e.g. @x0 [-1.2, 1])` };
  const x0: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const value = entry === '' ? NaN : Number(entry);
    if (!Number.isFinite(value)) {
      return { x0: null, problem: `the @x0 tag's entry ${i} is ${entry === '' ? 'empty' : JSON.stringify(entry)}, not a finite number (write e.g. @x0 [-1.2, 1])` };
    }
    x0.push(value);
  }
  return { x0, problem: null };
}
