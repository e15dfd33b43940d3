#!/usr/bin/env node
// `npm start`: LR Lab in a local VS Code (code-server, bound to 127.0.0.1) with examples/ open, to
// try the real product in a browser. Packages the extension and installs the .vsix (default), or
// with --dev loads the freshly built repository as the extension under development (rebuild, then
// "Developer: Reload Window"). The repository's examples/ open trusted, any other folder with
// workspace trust on, as for a user (scripts/startTrust.mjs says why and how). Runs until Ctrl+C,
// then stops everything it started.
//
// Usage: npm start [-- --dev [--extension DIR]] [-- --vsix FILE] [-- --port 8080] [-- --folder DIR] [-- --restricted]
//   --vsix FILE      install this .vsix instead of packaging the repository
//   --extension DIR  with --dev: the extension folder to load (default: the repository, built first)
//   --restricted     keep workspace trust on for examples/ too
// Run through `node --import tsx` (the npm script does): it reuses the TypeScript test harness.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { packageExtension } from './harness/package.mjs';
import { startTrust } from './startTrust.mjs';

// The harness is CommonJS TypeScript: `require` it, so this file and the harness share one instance
// of its cleanup registry (an ESM `import` of the same file would load a second copy).
const require = createRequire(import.meta.url);
const { interrupted, runCleanups } = require('../test/harness/cleanup.ts');
const { startCodeServer } = require('../test/harness/codeServer.ts');

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function step(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${[cmd, ...args].join(' ')} failed (exit ${r.status ?? r.signal})`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      dev: { type: 'boolean', default: false },
      port: { type: 'string' },
      folder: { type: 'string' },
      vsix: { type: 'string' },
      extension: { type: 'string' },
      restricted: { type: 'boolean', default: false },
    },
  });
  const folder = resolve(values.folder ?? join(repoRoot, 'examples'));
  const trust = startTrust(folder, repoRoot, { restricted: values.restricted });

  // The harness (Node 24 + code-server, chromium not needed here): a no-op when already installed.
  step(process.execPath, [join(repoRoot, 'scripts/harness/install.mjs'), '--skip-apt']);

  const extension = resolve(values.extension ?? repoRoot);
  let vsix;
  if (values.dev) {
    if (extension === repoRoot) step(process.execPath, [join(repoRoot, 'scripts/build.mjs')]);
  } else {
    vsix = values.vsix ? resolve(values.vsix) : packageExtension().vsix;
  }

  const server = await startCodeServer({
    workspaceTrust: trust.workspaceTrust,
    // The development path reaches the workbench through the `payload` URL parameter, which
    // code-server only reads with the smoke-test driver on.
    smokeTestDriver: values.dev,
    ...(vsix ? { vsix: [vsix] } : {}),
    ...(values.port ? { port: Number(values.port) } : {}),
  });
  const url = values.dev ? server.workbenchUrl(folder, [['extensionDevelopmentPath', server.remoteUri(extension)]]) : server.workbenchUrl(folder);
  console.log(`\nLR Lab is running in code-server ${values.dev ? '(extension under development: rebuild, then "Developer: Reload Window")' : `(${vsix})`}.`);
  console.log(trust.note);
  console.log(`Open: ${url}`);
  console.log(`Logs: ${server.profile.log}\nCtrl+C stops it.\n`);

  const how = await server.exited;
  if (interrupted()) return new Promise(() => {}); // Ctrl+C: the harness stops everything and exits
  console.error(`code-server stopped by itself (${how}); last lines of its log:\n${server.logTail(30)}`);
  await server.stop({ keepScratch: true });
  return 1;
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error(`[start] ${err instanceof Error ? err.message : err}`);
    await runCleanups();
    process.exit(1);
  },
);
