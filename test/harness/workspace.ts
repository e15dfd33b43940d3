/**
 * The folder a test run opens: a fresh temporary copy of `examples/` plus the test fixtures
 * (`test/fixtures/` and the suite's own fixtures under `fixtures/`), so tests may edit and save
 * files without touching the repository. Removed when the run ends.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interrupted, registerCleanup } from './cleanup';
import { REPO_ROOT } from './paths';

export interface TestWorkspace {
  /** The folder to open. */
  readonly path: string;
  /** Removes it (unless kept). */
  dispose(options?: { keep?: boolean }): void;
}

/**
 * Copies `examples/` to a new temporary folder, and each of `fixtureDirs` (relative to the repo,
 * default `test/fixtures`) that exists into its `fixtures/` subfolder.
 */
export function createTestWorkspace(fixtureDirs: readonly string[] = ['test/fixtures']): TestWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'lrlab-workspace-'));
  const path = join(root, 'workspace');
  cpSync(join(REPO_ROOT, 'examples'), path, { recursive: true });
  for (const dir of fixtureDirs) {
    const source = join(REPO_ROOT, dir);
    if (existsSync(source)) cpSync(source, join(path, 'fixtures'), { recursive: true });
  }
  let disposed = false;
  const dispose = (options: { keep?: boolean } = {}): void => {
    if (disposed) return;
    disposed = true;
    unregister();
    if ((options.keep && !interrupted()) || process.env.LRLAB_HARNESS_KEEP === '1') console.error(`[harness] workspace kept: ${path}`);
    else rmSync(root, { recursive: true, force: true });
  };
  const remove = () => rmSync(root, { recursive: true, force: true });
  const unregister = registerCleanup(`workspace ${path}`, async () => remove(), remove);
  return { path, dispose };
}
