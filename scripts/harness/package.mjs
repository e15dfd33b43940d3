#!/usr/bin/env node
// Packages the extension (`npm run package`): one production build, then one .vsix per target.
//
// esbuild bundles the user's file at run time with a native binary of the machine's platform, so
// a .vsix is made per VS Code target (`vsce package --target`), each carrying its own
// `@esbuild/<platform>` binary, plus a universal one that bundles with esbuild-wasm (for any
// other machine; slower — see docs/ARCHITECTURE.md, "Packaging"). Each target is packaged from a
// staging folder out/stage/<target>/ holding only what ships: package.json (its dependencies
// those of the target) and its translations (package.nls*.json, l10n/), README/CHANGELOG/LICENSE,
// dist/ (no source maps, no CLI), media/,
// snippets/, and the runtime dependencies trimmed to what is loaded (typescript's compiler and
// lib .d.ts files; esbuild's API and the target's binary, or esbuild-wasm). Binaries of other
// platforms come from the npm registry (`npm pack`, cached in .cache/esbuild-platforms/) and are
// checked against the integrity pinned in package-lock.json. A vsce warning fails the packaging.
//
// Usage: node scripts/harness/package.mjs [--target T | --all] [--out FILE] [--no-build]
//   (no target: this machine's) → out/lrlab-<target>.vsix
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * VS Code's targets and the esbuild package each needs (Alpine's musl runs esbuild's Linux
 * binaries: they are static Go executables). `universal`: no --target, esbuild-wasm.
 */
export const TARGETS = {
  'win32-x64': { esbuild: '@esbuild/win32-x64', binary: 'esbuild.exe' },
  'win32-arm64': { esbuild: '@esbuild/win32-arm64', binary: 'esbuild.exe' },
  'linux-x64': { esbuild: '@esbuild/linux-x64', binary: 'bin/esbuild' },
  'linux-arm64': { esbuild: '@esbuild/linux-arm64', binary: 'bin/esbuild' },
  'linux-armhf': { esbuild: '@esbuild/linux-arm', binary: 'bin/esbuild' },
  'alpine-x64': { esbuild: '@esbuild/linux-x64', binary: 'bin/esbuild' },
  'alpine-arm64': { esbuild: '@esbuild/linux-arm64', binary: 'bin/esbuild' },
  'darwin-x64': { esbuild: '@esbuild/darwin-x64', binary: 'bin/esbuild' },
  'darwin-arm64': { esbuild: '@esbuild/darwin-arm64', binary: 'bin/esbuild' },
  universal: { wasm: true },
};

export const vsixPath = (target) => join(repoRoot, 'out', `lrlab-${target}.vsix`);

/** This machine's VS Code target (Alpine told apart by its musl C library). */
export function hostTarget() {
  const os = platform();
  const cpu = arch() === 'arm' ? 'armhf' : arch();
  const musl = os === 'linux' && !process.report?.getReport?.().header?.glibcVersionRuntime;
  const target = `${musl ? 'alpine' : os}-${cpu}`;
  return target in TARGETS ? target : 'universal';
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8', ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`}): ${(r.stderr || r.stdout || '').trim().split('\n').slice(-5).join(' ')}`);
  return r;
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** `from` → `to`, only the listed files (relative to both), creating folders. */
function copyFiles(from, to, files) {
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(from, file), join(to, file), { preserveTimestamps: true });
  }
}

/** The pinned version and integrity of a package in package-lock.json. */
function locked(name) {
  const entry = readJson(join(repoRoot, 'package-lock.json')).packages?.[`node_modules/${name}`];
  if (!entry?.version || !entry.integrity) throw new Error(`package-lock.json pins no version and integrity for ${name}`);
  return { version: entry.version, integrity: entry.integrity };
}

/** Checks the sha512 integrity of a file (npm's `sha512-<base64>` form). */
function checkIntegrity(file, integrity) {
  const [algorithm, expected] = integrity.split('-', 2);
  const actual = createHash(algorithm).update(readFileSync(file)).digest('base64');
  if (actual !== expected) throw new Error(`${file}: ${algorithm} ${actual} does not match package-lock.json's ${expected}`);
}

/**
 * The folder of an esbuild platform package at the version package-lock.json pins: the installed
 * one when it is this machine's, else the registry's tarball (cached, integrity checked), unpacked.
 */
function esbuildPlatformPackage(name) {
  const { version, integrity } = locked(name);
  const installed = join(repoRoot, 'node_modules', name);
  if (existsSync(join(installed, 'package.json')) && readJson(join(installed, 'package.json')).version === version) return installed;
  const cache = join(repoRoot, '.cache', 'esbuild-platforms');
  const base = `${name.replace('@', '').replace('/', '-')}-${version}`;
  const tarball = join(cache, `${base}.tgz`);
  const unpacked = join(cache, base);
  if (!existsSync(tarball)) {
    mkdirSync(cache, { recursive: true });
    const packed = JSON.parse(run(npm, ['pack', `${name}@${version}`, '--pack-destination', cache, '--json', '--silent'], { cwd: cache }).stdout)[0];
    if (join(cache, packed.filename) !== tarball) cpSync(join(cache, packed.filename), tarball);
  }
  checkIntegrity(tarball, integrity);
  if (!existsSync(join(unpacked, 'package.json'))) {
    rmSync(unpacked, { recursive: true, force: true });
    mkdirSync(unpacked, { recursive: true });
    run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
  }
  return unpacked;
}

/** What of the repository ships, beside node_modules (.vscodeignore trims again inside the stage). */
function stageSources(stage) {
  const dist = readdirSync(join(repoRoot, 'dist')).filter((f) => (f.endsWith('.js') || f.endsWith('.wasm')) && f !== 'cli.js').map((f) => `dist/${f}`);
  // media/ with its subfolders (the walkthrough's pages), files only.
  const media = readdirSync(join(repoRoot, 'media'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(repoRoot, join(entry.parentPath ?? entry.path, entry.name)).split(sep).join('/'));
  // The manifest's translations (package.nls*.json) and the host's and page's (l10n/).
  const nls = readdirSync(repoRoot).filter((f) => /^package\.nls(\.[\w-]+)?\.json$/.test(f));
  const l10n = readdirSync(join(repoRoot, 'l10n')).filter((f) => f.endsWith('.json')).map((f) => `l10n/${f}`);
  // The example the walkthrough opens (lrlab.openExample copies it into the workspace).
  const examples = ['examples/quadratic.ts'];
  copyFiles(repoRoot, stage, ['README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'snippets/typescript.code-snippets', ...nls, ...l10n, ...dist, ...media, ...examples]);
}

/** The runtime dependencies of a target, trimmed to what runs. */
function stageDependencies(stage, spec) {
  const modules = join(repoRoot, 'node_modules');
  const to = join(stage, 'node_modules');
  const typescriptLibs = readdirSync(join(modules, 'typescript/lib')).filter((f) => /^lib\..*\.d\.ts$/.test(f)).map((f) => `typescript/lib/${f}`);
  copyFiles(modules, to, ['typescript/package.json', 'typescript/lib/typescript.js', 'typescript/LICENSE.txt', 'typescript/ThirdPartyNoticeText.txt', ...typescriptLibs]);
  if (spec.wasm) {
    copyFiles(modules, to, ['esbuild-wasm/package.json', 'esbuild-wasm/LICENSE.md', 'esbuild-wasm/lib/main.js', 'esbuild-wasm/bin/esbuild', 'esbuild-wasm/esbuild.wasm', 'esbuild-wasm/wasm_exec.js', 'esbuild-wasm/wasm_exec_node.js']);
    return { 'esbuild-wasm': readJson(join(modules, 'esbuild-wasm/package.json')).version, typescript: readJson(join(modules, 'typescript/package.json')).version };
  }
  copyFiles(modules, to, ['esbuild/package.json', 'esbuild/lib/main.js', 'esbuild/LICENSE.md']);
  copyFiles(esbuildPlatformPackage(spec.esbuild), join(to, spec.esbuild), ['package.json', spec.binary]);
  return { esbuild: readJson(join(modules, 'esbuild/package.json')).version, typescript: readJson(join(modules, 'typescript/package.json')).version };
}

/** package.json as shipped: the target's dependencies, no development fields. */
function stageManifest(stage, dependencies) {
  const { devDependencies: _dev, scripts: _scripts, ...manifest } = readJson(join(repoRoot, 'package.json'));
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify({ ...manifest, dependencies }, null, 2)}\n`);
}

/** Stages and packages one target; returns its .vsix path, size and the seconds it took. */
export function packageTarget(target, { out = vsixPath(target) } = {}) {
  const spec = TARGETS[target];
  if (!spec) throw new Error(`unknown target "${target}" (targets: ${Object.keys(TARGETS).join(', ')})`);
  const t0 = performance.now();
  const stage = join(repoRoot, 'out', 'stage', target);
  rmSync(stage, { recursive: true, force: true });
  stageSources(stage);
  stageManifest(stage, stageDependencies(stage, spec));
  mkdirSync(dirname(out), { recursive: true });
  const args = [join(repoRoot, 'node_modules/@vscode/vsce/vsce'), 'package', '--out', out, ...(spec.wasm ? [] : ['--target', target])];
  const r = run(process.execPath, args, { cwd: stage });
  const printed = `${r.stdout}\n${r.stderr}`;
  // vsce's warnings (a missing field, a relative image, an unknown file) are errors here.
  const warnings = printed.split('\n').filter((line) => /\bWARNING\b/.test(line));
  if (warnings.length > 0) throw new Error(`vsce warned while packaging ${target}:\n${warnings.join('\n')}`);
  const bytes = statSync(out).size;
  const seconds = (performance.now() - t0) / 1000;
  console.log(`[package] ${target}: ${out} ${(bytes / 1024 / 1024).toFixed(2)} MiB in ${seconds.toFixed(1)} s`);
  return { target, vsix: out, bytes, seconds };
}

/** Builds (unless `build` is false) and packages `targets` (default: this machine's). */
export function packageExtension({ out, build = true, targets = [hostTarget()] } = {}) {
  const t0 = performance.now();
  if (build) run(process.execPath, [join(repoRoot, 'scripts/build.mjs'), '--production'], { stdio: 'inherit' });
  if (out !== undefined && targets.length !== 1) throw new Error('--out names one file: give one --target');
  const results = targets.map((target) => packageTarget(target, out !== undefined ? { out } : {}));
  console.log(`[package] ${results.length} package(s) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // The first one's path and size (one target is the common case: npm start, e2e, bench).
  return { vsix: results[0].vsix, bytes: results[0].bytes, results };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, target: { type: 'string', multiple: true }, all: { type: 'boolean', default: false }, 'no-build': { type: 'boolean', default: false } } });
  try {
    const targets = values.all ? Object.keys(TARGETS) : (values.target ?? [hostTarget()]);
    packageExtension({ ...(values.out ? { out: resolve(values.out) } : {}), build: !values['no-build'], targets });
  } catch (err) {
    console.error(`[package] ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
