/**
 * Option values printed as TypeScript literals that evaluate to exactly the same value, so
 * generated code computes bit for bit what the engine computes.
 */
import { LrLabError } from '../errors';

/**
 * A number literal that parses back to exactly `v`. `String(v)` is already the shortest
 * round-trip decimal of a double; the exponent form (`1e-3`, `1e4`) is used instead when it
 * is shorter, and for integers only when it saves at least two characters (so step counts
 * like 2000 stay as written, while 10000 becomes 1e4). −0 prints as `-0`. NaN and ±Infinity
 * print as `NaN`, `Infinity`, `-Infinity` (valid TypeScript expressions).
 */
export function numberLiteral(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (Object.is(v, -0)) return '-0';
  const plain = String(v);
  const exponent = v.toExponential().replace('e+', 'e');
  const saving = Number.isInteger(v) && !plain.includes('e') ? 2 : 1;
  const best = plain.length - exponent.length >= saving && Number(exponent) === v ? exponent : plain;
  return best;
}

/** A single-quoted string literal. */
export function stringLiteral(s: string): string {
  const escaped = s.replace(/[\\'\n\r\t\u0000-\u001f\u2028\u2029]/g, (c) => {
    if (c === '\\' || c === "'") return `\\${c}`;
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `'${escaped}'`;
}

/**
 * The TypeScript literal of an option value: a number (see numberLiteral), a boolean, a
 * string (enum options), null (an option's PyTorch `None`), or an array of those. `what` names the value in the error for
 * anything else.
 */
export function valueLiteral(v: unknown, what: string): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return numberLiteral(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return stringLiteral(v);
  if (Array.isArray(v)) return `[${v.map((x, i) => valueLiteral(x, `${what}[${i}]`)).join(', ')}]`;
  throw new LrLabError('invalidConfig', `${what} cannot be written as a TypeScript literal (got ${typeof v === 'object' ? JSON.stringify(v) : String(v)})`);
}
