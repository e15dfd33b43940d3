/**
 * TypeScript's compiler API, loaded on first use: it is large, and the extension bundle keeps
 * it external (`require`d from node_modules) so activation does not pay for it.
 */
import type * as TS from 'typescript';

let typescript: typeof TS | undefined;

export function ts(): typeof TS {
  typescript ??= require('typescript') as typeof TS;
  return typescript;
}

/** Parse only (no program, no type checker), with parent pointers. `.tsx` files parse as TSX. */
export function parseSource(text: string, fileName: string): TS.SourceFile {
  const t = ts();
  const kind = /\.[cm]?tsx$/i.test(fileName) ? t.ScriptKind.TSX : t.ScriptKind.TS;
  return t.createSourceFile(fileName, text, t.ScriptTarget.Latest, true, kind);
}
