/** A place in the user's file (an error's origin), shown as a link that opens it. */
import * as l10n from '@vscode/l10n';
import type { SourceLocation, WebviewToHost } from '../src/shared/protocol';

export type Location = SourceLocation;

/** "file.ts:12:5": the file's base name and the position. */
export function locationText(location: Location): string {
  const base = location.file.split(/[\\/]/).pop() || location.file;
  return `${base}:${location.line}${location.column ? `:${location.column}` : ''}`;
}

/** A link's tooltip: "Open /path/file.ts:12". */
export function openText(location: Location): string {
  return l10n.t('Open {0}', `${location.file}:${location.line}`);
}

/** A link's accessible name: "Open file.ts:12:5 in the editor". */
export function openInEditorText(location: Location): string {
  return l10n.t('Open {0} in the editor', locationText(location));
}

/** The message that asks the host to open `location` in the editor (line and column ≥ 1, whole). */
export function revealMessage(location: Location): WebviewToHost {
  return { type: 'reveal', file: location.file, line: Math.max(1, Math.trunc(location.line)), ...(location.column ? { column: Math.max(1, Math.trunc(location.column)) } : {}) };
}
