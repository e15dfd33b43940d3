/** Paths as the user typed them: relative to the working directory when inside it. */
import * as path from 'node:path';
import { formatLocated, type SerializedError, type SourceLocation } from '../../core/errors';

export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

export function displayLocation(location: SourceLocation | undefined, cwd: string): SourceLocation | undefined {
  return location ? { ...location, file: displayPath(location.file, cwd) } : undefined;
}

/** `file:line:col: message` with the file shown relative to `cwd`. */
export function formatError(error: Pick<SerializedError, 'message' | 'location'>, cwd: string, message = error.message): string {
  return formatLocated(message, displayLocation(error.location, cwd));
}
