/**
 * A list of numbers as a person types it, read the same wherever one is typed: lrlab's point
 * flags (`--x0 -1.2,1`, `--at`) and its other list flags, and a plain function's `@x0` tag.
 * Each entry is a JavaScript number literal (`-1.2`, `1e-3`, `.5`) and must be finite (and an
 * integer where the list asks for integers: the panel's sweep seeds); a problem
 * names the list (`owner`), the entry (counted from 1, of how many), what it holds and why, and
 * shows `example` — as data (EngineText), for the CLI, the host and the worker to word.
 */
import type { EngineText } from './engineText';

export type NumberListReading = { readonly values: number[]; readonly problem: null } | { readonly values: null; readonly problem: EngineText };

/** The numbers of `entries` (the list's text without its brackets: `-1.2, 1`), comma-separated. */
export function readNumberList(entries: string, owner: string, example: string, integers = false): NumberListReading {
  const parts = entries.split(',').map((s) => s.trim());
  if (parts.length === 1 && parts[0] === '') return { values: null, problem: { id: 'numberListEmpty', args: [owner, example] } };
  const values: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const entry = i + 1;
    if (part === '') return { values: null, problem: { id: 'numberListEntryEmpty', args: [owner, entry, parts.length, example] } };
    const value = Number(part);
    // NaN, ±Infinity and 1e999 are numbers, not finite ones; `abc` is no number at all.
    if (!Number.isFinite(value)) {
      const id = Number.isNaN(value) && !/^[+-]?NaN$/.test(part) ? 'numberListEntryNotNumber' : 'numberListEntryNotFinite';
      return { values: null, problem: { id, args: [owner, entry, parts.length, JSON.stringify(part), example] } };
    }
    if (integers && !Number.isInteger(value)) return { values: null, problem: { id: 'numberListEntryNotInteger', args: [owner, entry, parts.length, JSON.stringify(part), example] } };
    values.push(value);
  }
  return { values, problem: null };
}
