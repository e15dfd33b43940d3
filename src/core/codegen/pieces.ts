/**
 * Generated code as a list of pieces: plain text, and the values a user would tune
 * (placeholders). One list renders both as TypeScript text and as a VS Code snippet whose
 * placeholders are tab stops, so the two can never differ except for the tab stops.
 */

/** A value the snippet offers as a tab stop. Placeholders with the same key share one tab stop. */
export interface Placeholder {
  readonly key: string;
  /** The value as TypeScript text, e.g. `0.01` or `'cos'`. */
  readonly text: string;
}

export type Piece = string | Placeholder;
export type Pieces = readonly Piece[];

export function placeholder(key: string, text: string): Placeholder {
  return { key, text };
}

/** Concatenate text, placeholders and piece lists. */
export function pieces(...parts: readonly (string | Placeholder | Pieces)[]): Piece[] {
  const out: Piece[] = [];
  for (const part of parts) {
    if (typeof part === 'string' || !Array.isArray(part)) out.push(part as Piece);
    else out.push(...(part as Pieces));
  }
  return out;
}

/** `items` separated by `separator`. */
export function joinPieces(items: readonly Pieces[], separator: string): Piece[] {
  const out: Piece[] = [];
  items.forEach((item, i) => {
    if (i > 0) out.push(separator);
    out.push(...item);
  });
  return out;
}

/** The TypeScript text: placeholders as their values. */
export function renderText(list: Pieces): string {
  return list.map((p) => (typeof p === 'string' ? p : p.text)).join('');
}

/** Escape `$`, `}` and `\` so VS Code's snippet parser reads them as plain text. */
export function escapeSnippetText(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

/**
 * The VS Code snippet: placeholders become `${n:value}`, numbered from 1 in order of first
 * appearance (the same key gets the same number, so VS Code edits all its places at once),
 * everything else escaped, and `$0` (the final cursor) at the end.
 */
export function renderSnippet(list: Pieces): string {
  const numbers = new Map<string, number>();
  let out = '';
  for (const p of list) {
    if (typeof p === 'string') {
      out += escapeSnippetText(p);
      continue;
    }
    let n = numbers.get(p.key);
    if (n === undefined) {
      n = numbers.size + 1;
      numbers.set(p.key, n);
    }
    out += `\${${n}:${escapeSnippetText(p.text)}}`;
  }
  return `${out}$0`;
}
