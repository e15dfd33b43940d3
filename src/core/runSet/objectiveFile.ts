/**
 * Where a run set's objective file is and whether it is the same file: the path is relative to
 * the workspace folder the set was saved from; a set saved at the workspace root finds it
 * beside itself, one saved deeper finds it from an ancestor directory. The content hash says
 * whether the runs will reproduce exactly.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The workspace-relative form of `file` (forward slashes), or its absolute path when outside `root`. */
export function relativeObjectivePath(root: string, file: string): string {
  const relative = path.relative(root, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}

/**
 * The objective file of a run set at `runSetFile`: `relative` resolved against the run set's
 * directory and each of its ancestors, then `fallbackRoots` (the workspace folders, the working
 * directory); the first that exists. null when none does.
 */
export function locateObjectiveFile(runSetFile: string, relative: string, fallbackRoots: readonly string[] = []): string | null {
  if (path.isAbsolute(relative)) return existsSync(relative) ? relative : null;
  const tried = new Set<string>();
  for (let dir = path.dirname(path.resolve(runSetFile)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, ...relative.split('/'));
    tried.add(candidate);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  for (const root of fallbackRoots) {
    const candidate = path.join(root, ...relative.split('/'));
    if (!tried.has(candidate) && existsSync(candidate)) return candidate;
  }
  return null;
}

/** Whether the file at `file` (or `text`, an editor's unsaved text) still has the content hash `expected`. */
export function sameContent(expected: string, file: string, text?: string): boolean {
  return sha256(text ?? readFileSync(file)) === expected;
}
