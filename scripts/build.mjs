// Builds every bundle LR Lab ships. One esbuild call per runtime:
//   dist/cli.js       — the `lrlab` command (Node, CommonJS)
//   dist/worker.js    — the worker thread that runs a user's objective (Node, CommonJS)
//   dist/typecheck.js — the worker thread that type-checks it for `lrlab run` (Node, CommonJS)
//   dist/extension.js — the VS Code extension host side (Node, CommonJS; `vscode` external)
//   dist/webview.js — the plot panel (browser)
//   dist/accel.wasm — the optimizers' SIMD steps, assembled from src/core/optimizers/accel/kernels.wat
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Runtime dependencies that stay `require`d from node_modules: esbuild has a native binary
 *  (esbuild-wasm, its fallback, a WebAssembly file and a service script it finds beside itself),
 *  typescript is large and loaded lazily only where its compiler API is needed. */
const nodeExternals = ['esbuild', 'esbuild-wasm', 'typescript', 'vscode'];

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  minify: production,
  external: nodeExternals,
  logLevel: 'warning',
};

const targets = [
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { worker: 'src/core/loader/worker/main.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { typecheck: 'src/core/loader/typecheckWorker.ts' }, outdir: 'dist' },
  // The plot panel: a browser bundle (chart.js included, nothing from a CDN).
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    sourcemap: 'linked',
    minify: production,
    logLevel: 'warning',
    entryPoints: { webview: 'webview/main.ts' },
    outdir: 'dist',
  },
].filter((t) => Object.values(t.entryPoints).every((entry) => existsSync(entry)));

/** Assembles the WebAssembly text of the accelerated optimizer steps with wabt (WebAssembly's own toolkit, from npm). */
async function buildWasm() {
  const source = 'src/core/optimizers/accel/kernels.wat';
  const wabt = await (await import('wabt')).default();
  const module = wabt.parseWat(source, readFileSync(source, 'utf8'), { simd: true, threads: true });
  const bytes = module.toBinary({}).buffer;
  module.destroy();
  // wabt.js's own validator ignores the feature flags (it rejects shared memory); V8's is the one that counts.
  if (!WebAssembly.validate(bytes)) throw new Error(`${source}: the assembled module does not validate`);
  mkdirSync('dist', { recursive: true });
  writeFileSync('dist/accel.wasm', bytes);
}

await buildWasm();
if (watch) {
  for (const t of targets) await (await esbuild.context(t)).watch();
  console.log('esbuild: watching', targets.length, 'bundles');
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
}
