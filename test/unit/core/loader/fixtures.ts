/** Paths of the sample user files in test/fixtures, the built worker, and marked lines. */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.join(__dirname, '..', '..', '..', '..');
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures');

export function fixture(name: string): string {
  return path.join(fixturesDir, name);
}

/** The built worker (the loader's tests run the real thing: `npm run build` first). */
export const workerPath = path.join(repoRoot, 'dist', 'worker.js');

export function requireBuild(): void {
  if (!existsSync(workerPath)) throw new Error(`${workerPath} is missing: run npm run build before these tests`);
}

/** 1-based line of the `// MARK: name` comment in a fixture. */
export function markedLine(file: string, name: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(`// MARK: ${name}`));
  if (index < 0) throw new Error(`no "// MARK: ${name}" in ${file}`);
  return index + 1;
}
