/**
 * Where the panel's "Insert schedule" / "Insert optimizer" put their code for a cursor: at the
 * top level, never inside a comment or a statement. The declarations they insert (a comment, a
 * function, a const) would otherwise close a doc comment early or land in a class body or an
 * object literal — the walkthrough's file opens with its cursor on the `/**` of its header.
 *
 *  - the cursor on a blank line between top-level statements: there;
 *  - in a comment that stands apart (a blank line after it, like a file header): below it;
 *  - in a statement, or in the doc comment attached to one: below that statement;
 *  - elsewhere (a line of its own between statements): below the cursor's line.
 * Below a line, the code is separated from it by a blank line.
 */
import type * as TS from 'typescript';
import type { SourceAnalysis } from './source';
import { ts } from './typescript';

export interface InsertionPlace {
  /** Offset the code goes at: the cursor (on a blank line) or the end of the line it goes below. */
  readonly offset: number;
  /** The code goes below a line with text: start it with a blank line. */
  readonly separate: boolean;
}

export function insertionPlace(source: SourceAnalysis, cursor: number): InsertionPlace {
  const { sf, text } = source;
  const t = ts();
  const below = (offset: number): InsertionPlace => ({ offset: source.lineEnd(offset), separate: true });
  const lineOf = (offset: number): number => sf.getLineAndCharacterOfPosition(offset).line;
  const cursorLine = lineOf(cursor);
  // The statements and, last, the end of the file (whose leading comments trail the last statement).
  const anchors: readonly TS.Node[] = [...sf.statements, sf.endOfFileToken];
  for (const anchor of anchors) {
    const start = anchor.getStart(sf);
    const isStatement = anchor.kind !== t.SyntaxKind.EndOfFileToken;
    if (isStatement && lineOf(start) <= cursorLine && cursorLine <= lineOf(anchor.getEnd())) return below(anchor.getEnd());
    for (const comment of t.getLeadingCommentRanges(text, anchor.getFullStart()) ?? []) {
      if (cursorLine < lineOf(comment.pos) || cursorLine > lineOf(comment.end)) continue;
      // A comment followed by a blank line stands apart; one right above its statement documents it.
      const apart = !isStatement || /\n[ \t]*\r?\n/.test(text.slice(comment.end, start));
      return below(apart ? comment.end : anchor.getEnd());
    }
  }
  return source.isBlankLine(cursor) ? { offset: cursor, separate: false } : below(cursor);
}
