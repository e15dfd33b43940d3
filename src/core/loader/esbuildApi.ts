/**
 * Which esbuild the loader bundles with: the native one (`esbuild`, whose platform binary
 * `@esbuild/<platform>` runs as a service process) when it starts, else `esbuild-wasm` (the same
 * compiler built to WebAssembly, run by Node) — for a .vsix or an install without the binary of
 * this machine. The wasm one is ~60× slower to start and ~66× slower per bundle (measured in
 * `npm run bench`, cold start suite), so it is only the fallback; docs/ARCHITECTURE.md says why.
 *
 * The choice is made once per process, on the first use, by starting the native service with an
 * empty transform: a missing package, a binary of another platform or one the OS refuses all fail
 * there. `LRLAB_BUNDLER=native|wasm` forces one (`native`: no fallback).
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import type * as childProcess from 'node:child_process';

export type EsbuildApi = typeof import('esbuild');

export interface Bundler {
  readonly kind: 'native' | 'wasm';
  readonly api: EsbuildApi;
  readonly version: string;
  /** Why the native bundler was not used, when `kind` is 'wasm'. */
  readonly fallbackReason?: string;
}

/** The environment variable that forces a bundler. */
export const BUNDLER_ENV = 'LRLAB_BUNDLER';

let chosen: Promise<Bundler> | undefined;
const fallbackListeners = new Set<(bundler: Bundler) => void>();

/** Be told once when this process falls back to esbuild-wasm (the CLI prints a note, the extension logs it). */
export function onBundlerFallback(listener: (bundler: Bundler) => void): { dispose(): void } {
  fallbackListeners.add(listener);
  return { dispose: () => fallbackListeners.delete(listener) };
}

/** The bundler of this process (chosen on the first call). */
export function bundler(): Promise<Bundler> {
  chosen ??= choose();
  return chosen;
}

async function choose(): Promise<Bundler> {
  const forced = process.env[BUNDLER_ENV];
  if (forced === 'wasm') return wasm(`${BUNDLER_ENV}=wasm`, false);
  let reason: string;
  try {
    const api = require('esbuild') as EsbuildApi;
    // Starts the service: throws when the platform's package is missing, rejects when its binary cannot run.
    await api.transform('', {});
    return { kind: 'native', api, version: api.version };
  } catch (e) {
    reason = firstLine(e);
    if (forced === 'native') throw new Error(`esbuild's native binary could not start (${reason}) and ${BUNDLER_ENV}=native allows no fallback`);
  }
  return wasm(reason, true);
}

let warming: Promise<unknown> | undefined;

/**
 * Start the bundler ahead of the first bundle, in the background: the choice (the native
 * service's start) and, for esbuild-wasm, its service — a Node process that compiles the 14 MB
 * esbuild.wasm and starts Go's runtime, ~0.5 s that a first run would otherwise wait for. The
 * extension calls it when a file with an objective is shown (its ▶ Run lens appears), so the
 * first run after VS Code starts finds the service up. Idempotent; a failure is left for the
 * first bundle to report.
 */
export function warmBundler(): void {
  warming ??= bundler()
    // A small bundle, not just a transform: the resolver, linker and printer run once too (esbuild-wasm's code is compiled as it is first called).
    .then((chosenBundler) => (chosenBundler.kind === 'wasm' ? chosenBundler.api.build({ stdin: { contents: 'export const warm: number = 1;', loader: 'ts' }, bundle: true, write: false, logLevel: 'silent' }) : undefined))
    .catch(() => undefined);
}

function wasm(reason: string, isFallback: boolean): Bundler {
  let api: EsbuildApi;
  try {
    api = loadEsbuildWasm();
  } catch (e) {
    throw new Error(`esbuild could not start: the native binary failed (${reason}) and esbuild-wasm could not be loaded (${firstLine(e)})`);
  }
  const chosenWasm: Bundler = { kind: 'wasm', api, version: api.version, fallbackReason: reason };
  if (isFallback) for (const listener of fallbackListeners) listener(chosenWasm);
  return chosenWasm;
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.trim().split('\n')[0]!.trim();
}

/**
 * V8 flags for esbuild-wasm's service process: its WebAssembly runs on Liftoff, V8's baseline
 * compiler, and is never recompiled with TurboFan. By default V8 compiles each function with
 * Liftoff when it is first called, then recompiles the hot ones with TurboFan on background
 * threads; for esbuild's Go code that is ~0.7 s of CPU during the first bundle of a process and
 * ~3 s more over the bundles after it, and it buys nothing measurable: once tiered up, a bundle
 * takes as long as on Liftoff (npm run bench, cold start suite; docs/ARCHITECTURE.md, "Packaging").
 * Plain V8 flags (not testing ones), present from Node 20's V8 to Node 24's.
 */
export const WASM_SERVICE_V8_FLAGS = '--no-wasm-tier-up --no-wasm-dynamic-tiering';

/**
 * What the service process runs instead of `node bin/esbuild …`: `node -e LAUNCHER bin/esbuild …`
 * (with `-e`, process.argv[1] is bin/esbuild, as esbuild-wasm's script expects). The flags are
 * set from inside, before esbuild.wasm is compiled, rather than on the command line: a V8 that
 * no longer knew one would refuse to start with it there, and only ignores it here.
 */
const SERVICE_LAUNCHER = `require('node:v8').setFlagsFromString('${WASM_SERVICE_V8_FLAGS}');require(process.argv[1]);`;

/**
 * esbuild-wasm's Node API starts its service as `node bin/esbuild` from the PATH. Inside VS Code
 * there may be no `node` on the PATH (the extension host is VS Code's own runtime), so its module
 * is loaded with a `child_process` whose spawn runs this process's own executable as Node instead
 * (`ELECTRON_RUN_AS_NODE` makes VS Code's executable behave as Node; plain Node ignores it), and
 * through SERVICE_LAUNCHER, which sets the service's V8 flags.
 */
function loadEsbuildWasm(): EsbuildApi {
  const main = require.resolve('esbuild-wasm');
  const requireFromMain = createRequire(main);
  const real = requireFromMain('child_process') as typeof childProcess;
  const spawn = ((command: string, args: readonly string[], options: childProcess.SpawnOptions) =>
    real.spawn(command === 'node' ? process.execPath : command, command === 'node' ? ['-e', SERVICE_LAUNCHER, ...args] : args, {
      ...options,
      env: { ...process.env, ...options.env, ELECTRON_RUN_AS_NODE: '1' },
    })) as typeof real.spawn;
  const shimmed = { ...real, spawn };
  const module = { exports: {} as EsbuildApi };
  const source = readFileSync(main, 'utf8');
  // The module's own file name and folder: esbuild-wasm finds bin/esbuild and esbuild.wasm from them.
  const factory = new Function('require', 'module', 'exports', '__filename', '__dirname', source) as (...args: unknown[]) => void;
  factory((id: string) => (id === 'child_process' || id === 'node:child_process' ? shimmed : requireFromMain(id)), module, module.exports, main, path.dirname(main));
  return module.exports;
}

/** For tests: forget the choice, so the next call chooses again. */
export function resetBundlerForTests(): void {
  chosen = undefined;
  warming = undefined;
}
