#!/usr/bin/env node
// Packages the extension as a .vsix (`npm run package`): a production build (minified bundles),
// then `vsce package` WITH its runtime dependencies (esbuild's native binary and typescript stay
// external to the bundles), trimmed by .vscodeignore. Writes out/lrlab.vsix by default.
//
// Usage: node scripts/harness/package.mjs [--out FILE] [--no-build]
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_VSIX = join(repoRoot, 'out/lrlab.vsix');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`);
}

/** Builds (unless `build` is false) and packages; returns the .vsix path and its size in bytes. */
export function packageExtension({ out = DEFAULT_VSIX, build = true } = {}) {
  const t0 = performance.now();
  if (build) run(process.execPath, [join(repoRoot, 'scripts/build.mjs'), '--production']);
  mkdirSync(dirname(out), { recursive: true });
  run(process.execPath, [join(repoRoot, 'node_modules/@vscode/vsce/vsce'), 'package', '--out', out]);
  const bytes = statSync(out).size;
  console.log(`[package] ${out}: ${(bytes / 1024 / 1024).toFixed(2)} MiB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { vsix: out, bytes };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'no-build': { type: 'boolean', default: false } } });
  try {
    packageExtension({ out: values.out ? resolve(values.out) : DEFAULT_VSIX, build: !values['no-build'] });
  } catch (err) {
    console.error(`[package] ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
