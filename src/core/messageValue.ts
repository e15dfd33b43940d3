/**
 * A value as an engine message quotes it ("… (got NaN)", "… (got [1, -Infinity])"): the value's JSON,
 * except that a number is written as JavaScript writes it — NaN, Infinity and -Infinity, at the top
 * and inside a list or an object, where JSON.stringify would write null and blame the wrong value.
 * A long value is cut to 60 characters. undefined reads as `nothing` ('undefined' unless the caller
 * prefers "got nothing"), a function or a symbol as String(v) (cut too), a cycle or a bigint as its type.
 */

// A non-finite number travels through JSON.stringify as a string between two private-use marks,
// whose quotes are then dropped (JSON has no token for NaN or ±Infinity).
const MARK = '\uE000';
const MARKED = new RegExp(`"${MARK}(NaN|-?Infinity)${MARK}"`, 'g');

function keepNonFinite(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? `${MARK}${String(value)}${MARK}` : value;
}

export function messageValue(v: unknown, nothing = 'undefined'): string {
  if (v === undefined) return nothing;
  if (typeof v === 'number') return String(v);
  let json: string | undefined;
  try {
    json = JSON.stringify(v, keepNonFinite);
  } catch {
    return typeof v;
  }
  const s = json === undefined ? String(v) : json.replace(MARKED, '$1');
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
