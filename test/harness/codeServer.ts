/**
 * code-server (VS Code's server and web workbench, from npm) as a test fixture: one instance per
 * test run, bound to 127.0.0.1 on a free port, with its own scratch user-data, extensions, HOME,
 * XDG and TMPDIR folders, in its own process group so `stop()` ends everything it started.
 * Installed by `scripts/harness/install.mjs`; see `paths.ts` for where it is found.
 */
import { HANG_BOUND_MS } from './bounds';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { interrupted, registerCleanup } from './cleanup';
import { harnessTools, type HarnessTools } from './paths';
import { groupAlive, signalGroup, sleep, stopGroup } from './processGroup';

/** User settings every instance starts with: no welcome page, telemetry, updates, chat side bar. */
export const DEFAULT_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'git.enabled': false,
};

/** The scratch folders of one instance; everything it writes lands under `root`. */
export interface CodeServerProfile {
  readonly root: string;
  readonly home: string;
  readonly tmp: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly log: string;
  /** The environment code-server (and so the extension host) runs in. */
  readonly env: NodeJS.ProcessEnv;
}

export interface CodeServerOptions {
  /** Start with workspace trust on (default off: `--disable-workspace-trust`). */
  workspaceTrust?: boolean;
  /** Pass `--vscode-option enable-smoke-test-driver`, needed for in-host test runs (the `payload` URL). */
  smokeTestDriver?: boolean;
  /** Extra user settings, over DEFAULT_SETTINGS. */
  settings?: Record<string, unknown>;
  /**
   * VS Code's display language (`--locale`, e.g. `zh-cn`). It takes effect only once a language
   * pack of that language is installed (test/e2e/displayLanguage.ts); until then the workbench,
   * `vscode.env.language` and the extensions' package.nls files stay English.
   */
  locale?: string;
  /** `.vsix` files installed before the server starts. */
  vsix?: readonly string[];
  /** Extra environment variables for the server and its extension hosts. */
  env?: Record<string, string>;
  /** A fixed port instead of a free one. */
  port?: number;
  /** Keep the scratch folder (logs, user data) after `stop()`; also `LRLAB_HARNESS_KEEP=1`. */
  keepScratch?: boolean;
}

export interface CodeServer {
  readonly pid: number;
  readonly port: number;
  /** `127.0.0.1:PORT`, the remote authority of `vscode-remote://` URIs. */
  readonly authority: string;
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  readonly profile: CodeServerProfile;
  /** The workbench URL for a folder, with an optional `payload` (extension development/tests options). */
  workbenchUrl(folder: string, payload?: ReadonlyArray<readonly [string, string]>): string;
  /** `vscode-remote://127.0.0.1:PORT/abs/path` for a path on this machine. */
  remoteUri(absolutePath: string): string;
  /** Settles when the server process ends (its exit code or signal). */
  readonly exited: Promise<number | string>;
  /** The last lines of the server's log. */
  logTail(lines?: number): string;
  /** Stops the whole process group (SIGTERM, then SIGKILL) and removes the scratch folder. */
  stop(options?: { keepScratch?: boolean }): Promise<void>;
}

/** Environment variables of an outer VS Code or Electron that must not leak into the instance. */
const LEAKY_ENV = /^(VSCODE_|ELECTRON_)|^NODE_OPTIONS$/;

/** Creates the scratch folders and the environment for one instance. */
export function createProfile(options: Pick<CodeServerOptions, 'settings' | 'env'> = {}, tools: HarnessTools = harnessTools()): CodeServerProfile {
  const root = mkdtempSync(join(tmpdir(), 'lrlab-code-server-'));
  const home = join(root, 'home');
  const tmp = join(root, 'tmp');
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  for (const dir of [home, tmp, userDataDir, extensionsDir, join(home, '.config'), join(home, '.local/share'), join(home, '.cache'), join(userDataDir, 'User')]) {
    mkdirSync(dir, { recursive: true });
  }
  writeFileSync(join(userDataDir, 'User/settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...options.settings }, null, 2));
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !LEAKY_ENV.test(key)));
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    PATH: `${dirname(tools.nodeBin)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    TMPDIR: tmp,
    // No marketplace: without this the server and the workbench query open-vsx.org.
    EXTENSIONS_GALLERY: '{}',
    NODE_DISABLE_COMPILE_CACHE: '1',
    ...options.env,
  };
  return { root, home, tmp, userDataDir, extensionsDir, log: join(root, 'code-server.log'), env };
}

/** Installs a `.vsix` into the profile's extensions folder with `code-server --install-extension`. */
export function installVsix(vsixPath: string, profile: CodeServerProfile, tools: HarnessTools = harnessTools()): void {
  const result = spawnSync(
    tools.nodeBin,
    [tools.codeServerEntry, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--install-extension', resolve(vsixPath)],
    { env: profile.env, cwd: profile.root, encoding: 'utf8', timeout: 120_000 },
  );
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server --install-extension ${vsixPath} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}):\n${output}`);
  }
}

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Starts an instance and resolves once `/healthz` answers. */
export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const tools = harnessTools();
  const profile = createProfile(options, tools);
  const keepAlways = options.keepScratch === true || process.env.LRLAB_HARNESS_KEEP === '1';
  try {
    for (const vsix of options.vsix ?? []) installVsix(vsix, profile, tools);
  } catch (err) {
    if (!keepAlways) rmSync(profile.root, { recursive: true, force: true });
    throw err;
  }

  const port = options.port ?? (await freePort());
  const authority = `127.0.0.1:${port}`;
  const origin = `http://${authority}`;
  const args = [
    tools.codeServerEntry,
    '--auth', 'none',
    '--bind-addr', authority,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--reconnection-grace-time', '10',
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(options.locale ? ['--locale', options.locale] : []),
  ];
  const logFd = openSync(profile.log, 'a');
  // detached: a process group of its own, so one signal to -pid reaches extension hosts, tsserver, watchers.
  const child = spawn(tools.nodeBin, args, { detached: true, stdio: ['ignore', logFd, logFd], env: profile.env, cwd: profile.root });
  closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start code-server (${tools.nodeBin} ${tools.codeServerEntry})`);
  let exitCode: number | string | undefined;
  const exited = new Promise<number | string>((resolveExit) =>
    child.once('exit', (code, signal) => {
      exitCode = code ?? signal ?? 'unknown';
      resolveExit(exitCode);
    }),
  );

  // One stop for all callers (a test's after hook and a Ctrl+C may race): each awaits the same end.
  let stopping: Promise<void> | undefined;
  const stop = (stopOptions: { keepScratch?: boolean } = {}): Promise<void> =>
    (stopping ??= (async () => {
      await stopGroup(pid);
      unregister();
      if (keepAlways || (stopOptions.keepScratch && !interrupted())) console.error(`[harness] code-server scratch kept: ${profile.root} (log: ${profile.log})`);
      else rmSync(profile.root, { recursive: true, force: true });
    })());
  const unregister = registerCleanup(`code-server ${authority}`, () => stop(), () => signalGroup(pid, 'SIGKILL'));

  const server: CodeServer = {
    pid,
    port,
    authority,
    origin,
    profile,
    exited,
    workbenchUrl(folder, payload) {
      // Slashes left readable in the folder: the URL is printed for people too.
      let url = `${origin}/?folder=${encodeURIComponent(resolve(folder)).replace(/%2F/g, '/')}`;
      if (payload && payload.length > 0) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return url;
    },
    remoteUri: (absolutePath) => `vscode-remote://${authority}${resolve(absolutePath)}`,
    logTail: (lines = 40) => tail(profile.log, lines),
    stop,
  };

  const deadline = Date.now() + HANG_BOUND_MS;
  for (;;) {
    if (exitCode !== undefined) {
      const log = server.logTail();
      await stop({ keepScratch: true });
      throw new Error(`code-server exited (${exitCode}) before it answered on ${origin}/healthz:\n${log}`);
    }
    try {
      const response = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      const log = server.logTail();
      await stop({ keepScratch: true });
      throw new Error(`code-server did not answer on ${origin}/healthz within ${HANG_BOUND_MS / 1000} s:\n${log}`);
    }
    if (!groupAlive(pid) && exitCode === undefined) exitCode = 'gone';
    await sleep(100);
  }
}
