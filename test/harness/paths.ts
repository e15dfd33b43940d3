/**
 * Where the harness finds things: the repository, the tools installed by
 * `scripts/harness/install.mjs` (read from its marker file), and the artifacts folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (this file is `test/harness/paths.ts`). */
export const REPO_ROOT = resolve(__dirname, '../..');

/** Screenshots and other files a UI run leaves for a person to look at (gitignored). */
export const ARTIFACTS_DIR = join(REPO_ROOT, 'test/e2e/artifacts');

/** Debian's chromium, installed by the harness installer. */
export const CHROMIUM = '/usr/bin/chromium';

/** What the installer wrote to `<harness dir>/harness.json`. */
export interface HarnessTools {
  readonly node: string;
  readonly codeServer: string;
  readonly codeServerVersion: string;
  /** Node 24's binary; code-server runs on it. */
  readonly nodeBin: string;
  /** code-server's `out/node/entry.js`. */
  readonly codeServerEntry: string;
}

/** `$LRLAB_HARNESS_DIR` or `<repo>/.cache/harness`, as in the installer. */
export function harnessDir(): string {
  return resolve(process.env.LRLAB_HARNESS_DIR || join(REPO_ROOT, '.cache/harness'));
}

/** The installed tools; throws a message that says how to install them when they are missing. */
export function harnessTools(): HarnessTools {
  const marker = join(harnessDir(), 'harness.json');
  let tools: HarnessTools;
  try {
    tools = JSON.parse(readFileSync(marker, 'utf8')) as HarnessTools;
  } catch {
    throw new Error(`The VS Code test harness is not installed (no ${marker}). Run: npm run harness:install`);
  }
  for (const file of [tools.nodeBin, tools.codeServerEntry]) {
    if (!existsSync(file)) throw new Error(`The harness marker names ${file}, which is missing. Run: npm run harness:install -- --force`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing. As root: apt-get install -y --no-install-recommends chromium fonts-liberation`);
  return tools;
}
