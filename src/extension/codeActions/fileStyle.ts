/**
 * A file's formatting conventions (line breaks, indentation, quotes), read from its tokens, and
 * the rewrite of generated code (2-space indent, `\n`, single quotes) into them. The rewrite
 * runs on TypeScript's scanner, so it changes only what it means to: the leading whitespace of
 * code lines and comment lines, line breaks, and the quotes of string literals — never text
 * inside a string, a template literal or after a comment's `*`.
 */
import type * as TS from 'typescript';
import { ts } from './typescript';

export interface FileStyle {
  readonly eol: '\n' | '\r\n';
  /** One level of indentation: `'\t'` or N spaces. */
  readonly indent: string;
  readonly quote: "'" | '"';
}

/** What generated code is written in. */
export const GENERATED_STYLE: FileStyle = { eol: '\n', indent: '  ', quote: "'" };

/** One replacement in a text: [start, end) becomes `text`. */
export interface TextChange {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The line break most lines end with (`\n` for a file without one). */
export function detectEol(text: string): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/**
 * Every token of `text`, trivia included, in order. Template literals are followed through
 * their `${…}` parts (a `}` that closes one is scanned again as the template's next part), and
 * a `/` where an expression starts is scanned again as a regular expression.
 */
export function forEachToken(text: string, visit: (kind: TS.SyntaxKind, start: number, end: number) => void): void {
  const t = ts();
  const k = t.SyntaxKind;
  const scanner = t.createScanner(t.ScriptTarget.Latest, false, t.LanguageVariant.Standard, text);
  const braces: ('brace' | 'template')[] = [];
  let previous: TS.SyntaxKind = k.Unknown;
  for (let kind = scanner.scan(); kind !== k.EndOfFileToken; kind = scanner.scan()) {
    if (kind === k.CloseBraceToken && braces[braces.length - 1] === 'template') {
      kind = scanner.reScanTemplateToken(false);
      if (kind === k.TemplateTail) braces.pop();
    } else if (kind === k.CloseBraceToken) {
      braces.pop();
    } else if (kind === k.OpenBraceToken) {
      braces.push('brace');
    } else if (kind === k.TemplateHead) {
      braces.push('template');
    } else if ((kind === k.SlashToken || kind === k.SlashEqualsToken) && !endsOperand(previous)) {
      kind = scanner.reScanSlashToken();
    }
    visit(kind, scanner.getTokenStart(), scanner.getTokenEnd());
    if (!isTrivia(kind)) previous = kind;
  }
}

function isTrivia(kind: TS.SyntaxKind): boolean {
  const k = ts().SyntaxKind;
  return kind === k.WhitespaceTrivia || kind === k.NewLineTrivia || kind === k.SingleLineCommentTrivia || kind === k.MultiLineCommentTrivia || kind === k.ShebangTrivia || kind === k.ConflictMarkerTrivia;
}

/** After these a `/` divides; after anything else it starts a regular expression. */
function endsOperand(kind: TS.SyntaxKind): boolean {
  const k = ts().SyntaxKind;
  return (
    kind === k.Identifier || kind === k.NumericLiteral || kind === k.BigIntLiteral || kind === k.StringLiteral || kind === k.NoSubstitutionTemplateLiteral || kind === k.TemplateTail ||
    kind === k.RegularExpressionLiteral || kind === k.CloseParenToken || kind === k.CloseBracketToken || kind === k.CloseBraceToken || kind === k.PlusPlusToken || kind === k.MinusMinusToken ||
    kind === k.ThisKeyword || kind === k.SuperKeyword || kind === k.TrueKeyword || kind === k.FalseKeyword || kind === k.NullKeyword || kind === k.UndefinedKeyword
  );
}

/**
 * The file's indentation unit: tabs when more code lines start with a tab than with spaces,
 * else the most common increase of leading spaces from one code line to the next (`fallback`
 * when no line is indented). Only lines that start with a token count — comment lines and the
 * inside of template literals do not (a JSDoc's ` *` lines would look like 1-space indents).
 */
export function detectIndent(text: string, fallback = '  '): string {
  const k = ts().SyntaxKind;
  const leading: string[] = [];
  let lineStart = true;
  let ws = '';
  forEachToken(text, (kind, start, end) => {
    if (kind === k.NewLineTrivia) {
      lineStart = true;
      ws = '';
    } else if (kind === k.WhitespaceTrivia && lineStart) {
      ws = text.slice(start, end);
    } else if (lineStart) {
      if (kind !== k.SingleLineCommentTrivia && kind !== k.MultiLineCommentTrivia) leading.push(ws);
      lineStart = false;
    }
  });
  let tabs = 0;
  let spaces = 0;
  const deltas = new Map<number, number>();
  let previous = 0;
  for (const w of leading) {
    if (w.startsWith('\t')) tabs++;
    else if (w.startsWith(' ')) spaces++;
    if (/^ *$/.test(w)) {
      const delta = w.length - previous;
      if (delta > 0 && delta <= 8) deltas.set(delta, (deltas.get(delta) ?? 0) + 1);
      previous = w.length;
    }
  }
  if (tabs > spaces) return '\t';
  let best = 0;
  let bestCount = 0;
  for (const [delta, count] of deltas) if (count > bestCount || (count === bestCount && delta < best)) [best, bestCount] = [delta, count];
  return best > 0 ? ' '.repeat(best) : fallback;
}

/**
 * The quote most string literals use (`'` on a tie or when there are none). Strings that
 * contain a quote character, and JSX attribute values, say nothing about the preference.
 */
export function detectQuote(sf: TS.SourceFile): "'" | '"' {
  const t = ts();
  let single = 0;
  let double = 0;
  const visit = (node: TS.Node): void => {
    if (t.isStringLiteral(node) && !t.isJsxAttribute(node.parent)) {
      const raw = node.getText(sf);
      if (!/['"]/.test(raw.slice(1, -1))) {
        if (raw.startsWith('"')) double++;
        else if (raw.startsWith("'")) single++;
      }
    }
    t.forEachChild(node, visit);
  };
  visit(sf);
  return double > single ? '"' : "'";
}

/** The style of a parsed file; `fallbackIndent` when no line is indented (the editor's setting). */
export function detectStyle(sf: TS.SourceFile, fallbackIndent?: string): FileStyle {
  return { eol: detectEol(sf.text), indent: detectIndent(sf.text, fallbackIndent), quote: detectQuote(sf) };
}

/** `'it\\'s'` → `"it's"`: the same string in the other quotes, escapes kept except the quote's. */
function requote(raw: string, quote: "'" | '"'): string {
  const inner = raw.slice(1, -1);
  let out = '';
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (c === '\\' && i + 1 < inner.length) {
      const next = inner[i + 1]!;
      out += next === "'" || next === '"' ? (next === quote ? `\\${next}` : next) : `\\${next}`;
      i++;
    } else {
      out += c === quote ? `\\${c}` : c;
    }
  }
  return quote + out + quote;
}

/** Leading whitespace of a generated line (levels of `from`, a lone extra space kept: JSDoc's ` *`) in `to` units. */
function reindent(ws: string, from: string, to: string): string {
  if (from === to || !/^ *$/.test(ws)) return ws;
  const levels = Math.floor(ws.length / from.length);
  return to.repeat(levels) + ' '.repeat(ws.length - levels * from.length);
}

/**
 * The changes that turn `text`, written in `from` style (spaces), into `to` style. Sorted, never
 * overlapping, each replacing a non-empty range.
 */
export function styleChanges(text: string, to: FileStyle, from: FileStyle = GENERATED_STYLE): TextChange[] {
  const k = ts().SyntaxKind;
  const changes: TextChange[] = [];
  const push = (start: number, end: number, replacement: string): void => {
    if (text.slice(start, end) !== replacement) changes.push({ start, end, text: replacement });
  };
  /** Line breaks inside a token (comment, template literal): the EOL and, for comments, the next line's indentation. */
  const inner = (start: number, end: number, reindentLines: boolean): void => {
    const tokenText = text.slice(start, end);
    const re = /\r?\n/g;
    for (let m = re.exec(tokenText); m; m = re.exec(tokenText)) {
      const at = start + m.index;
      push(at, at + m[0].length, to.eol);
      if (!reindentLines) continue;
      const wsStart = at + m[0].length;
      const ws = /^[ \t]*/.exec(text.slice(wsStart, end))![0];
      if (ws.length > 0) push(wsStart, wsStart + ws.length, reindent(ws, from.indent, to.indent));
    }
  };
  let atLineStart = true;
  forEachToken(text, (kind, start, end) => {
    if (kind === k.NewLineTrivia) {
      push(start, end, to.eol);
      atLineStart = true;
      return;
    }
    if (kind === k.WhitespaceTrivia && atLineStart) push(start, end, reindent(text.slice(start, end), from.indent, to.indent));
    else if (kind === k.MultiLineCommentTrivia) inner(start, end, true);
    else if (kind === k.StringLiteral) {
      const raw = text.slice(start, end);
      if (raw[0] !== to.quote && (raw[0] === "'" || raw[0] === '"')) push(start, end, requote(raw, to.quote));
    } else if (kind === k.TemplateHead || kind === k.NoSubstitutionTemplateLiteral || kind === k.TemplateMiddle || kind === k.TemplateTail) {
      inner(start, end, false);
    }
    atLineStart = false;
  });
  return changes;
}

/** Apply sorted, non-overlapping changes. */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
  let out = '';
  let at = 0;
  for (const c of [...changes].sort((a, b) => a.start - b.start || a.end - b.end)) {
    out += text.slice(at, c.start) + c.text;
    at = c.end;
  }
  return out + text.slice(at);
}

/** `text` (generated code) in the file's style. */
export function restyle(text: string, to: FileStyle, from: FileStyle = GENERATED_STYLE): string {
  return applyChanges(text, styleChanges(text, to, from));
}

// ------------------------------------------------------------------------ snippets

/** A VS Code snippet read back: plain text, tab stops with their default text, the final cursor. */
type SnippetPart = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'placeholder'; readonly index: number; readonly text: string } | { readonly kind: 'final' };

/** Escape `$`, `}` and `\` for snippet text. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

/**
 * Read the snippets the code generator writes: escaped text (`\$`, `\}`, `\\`), `${n:default}`
 * placeholders without nesting, `$n` tab stops and `$0`. Null for anything else.
 */
export function parseSnippet(snippet: string): SnippetPart[] | null {
  const parts: SnippetPart[] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') parts.push({ kind: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < snippet.length) {
    const c = snippet[i]!;
    if (c === '\\' && i + 1 < snippet.length && '\\$}'.includes(snippet[i + 1]!)) {
      text += snippet[i + 1];
      i += 2;
    } else if (c === '$') {
      const simple = /^\$(\d+)/.exec(snippet.slice(i));
      const braced = /^\$\{(\d+):/.exec(snippet.slice(i));
      if (simple) {
        flush();
        const index = Number(simple[1]);
        parts.push(index === 0 ? { kind: 'final' } : { kind: 'placeholder', index, text: '' });
        i += simple[0].length;
      } else if (braced) {
        flush();
        let value = '';
        let j = i + braced[0].length;
        for (; j < snippet.length && snippet[j] !== '}'; j++) {
          if (snippet[j] === '$') return null; // nested tab stops: not written by the generator
          if (snippet[j] === '\\' && j + 1 < snippet.length && '\\$}'.includes(snippet[j + 1]!)) j++;
          value += snippet[j];
        }
        if (j >= snippet.length) return null;
        parts.push({ kind: 'placeholder', index: Number(braced[1]), text: value });
        i = j + 1;
      } else {
        return null;
      }
    } else if (c === '}') {
      return null;
    } else {
      text += c;
      i++;
    }
  }
  flush();
  return parts;
}

/** The text a snippet inserts (placeholders as their defaults). */
export function snippetText(parts: readonly SnippetPart[]): string {
  return parts.map((p) => (p.kind === 'final' ? '' : p.text)).join('');
}

function renderSnippetParts(parts: readonly SnippetPart[]): string {
  return parts.map((p) => (p.kind === 'text' ? escapeSnippet(p.text) : p.kind === 'final' ? '$0' : `\${${p.index}:${escapeSnippet(p.text)}}`)).join('');
}

/**
 * `snippet` (whose text is `text`) with `changes` to `text` applied: each part's text changes
 * with the changes inside it. Null when the snippet's text is not `text` or a change straddles
 * a placeholder's edge.
 */
export function restyleSnippet(snippet: string, text: string, changes: readonly TextChange[]): string | null {
  const parts = parseSnippet(snippet);
  if (!parts || snippetText(parts) !== text) return null;
  const out: SnippetPart[] = [];
  let at = 0;
  for (const part of parts) {
    if (part.kind === 'final') {
      out.push(part);
      continue;
    }
    const start = at;
    const end = at + part.text.length;
    at = end;
    const inside: TextChange[] = [];
    for (const c of changes) {
      if (c.end <= start || c.start >= end) continue;
      if (c.start < start || c.end > end) return null;
      inside.push({ start: c.start - start, end: c.end - start, text: c.text });
    }
    out.push({ ...part, text: applyChanges(part.text, inside) });
  }
  return renderSnippetParts(out);
}

/** Code and its snippet in the file's style (the snippet null when it cannot follow). */
export function restyleCode(text: string, snippet: string | null, to: FileStyle): { text: string; snippet: string | null } {
  const changes = styleChanges(text, to);
  return { text: applyChanges(text, changes), snippet: snippet === null ? null : restyleSnippet(snippet, text, changes) };
}
