/** A place in the user's file (an error's origin), shown as a link that opens it. */
import type { SourceLocation, WebviewToHost } from '../src/shared/protocol';

export type Location = SourceLocation;

/** "file.ts:12:5": the file's base name and the position. */
export function locationText(location: Location): string {
  const base = location.file.split(/[\\/]/).pop() || location.file;
  return `${base}:${location.line}${location.column ? `:${location.column}` : ''}`;
}

/** The message that asks the host to open `location` in the editor (line and column ≥ 1, whole). */
export function revealMessage(location: Location): WebviewToHost {
  return { type: 'reveal', file: location.file, line: Math.max(1, Math.trunc(location.line)), ...(location.column ? { column: Math.max(1, Math.trunc(location.column)) } : {}) };
}
